"""Autotask PSA: connection spec now; checks, streams and mapping come with the connector."""
