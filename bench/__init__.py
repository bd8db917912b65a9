"""Benchmarks with peers, measured side by side in one run (`make bench`)."""
