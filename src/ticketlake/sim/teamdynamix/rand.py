"""The TeamDynamix tenant's kinds of random stream (the functions are ``ticketlake.sim.rand``).

Keying streams per object is what lets a ticket be generated on demand, in any order, and
always come out the same.
"""

from __future__ import annotations

from ticketlake.sim.rand import below, cumulative, guid, key, one, pick, stream

__all__ = ["below", "cumulative", "guid", "key", "one", "pick", "stream"]

# Kinds of stream; numbers so the hash needs no string handling.
TICKET = 1
PERSON = 3
TIME = 4
TASK = 5
CATALOG = 6
TOUCH = 7
REPLY = 8
OBJECT_ATTRS = 9
SURVEY = 10
