"""Teamwork.com (Projects, Desk, Spaces): connection spec now; the connector comes later."""
