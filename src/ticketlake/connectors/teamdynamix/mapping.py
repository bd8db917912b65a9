"""TeamDynamix objects to canonical tables: pure, columnar functions, lists of dicts in,
``pa.Table`` out (model columns and types, ready for ``Store.write``).

Rules every function follows (reference §0, §7): zero ids, ``"None"``/``""`` names and the empty
GUID become NULL; ``0001-01-01`` sentinel dates become NULL; zone-less timestamps are in the
tenant's time zone ``tz``; ``raw`` is the source object as JSON text. Each output column is
built in one pass over the rows plus vectorised Arrow kernels (see ``mapping_columns``), because
local work must never be the bottleneck of a sync.
"""

from ticketlake.connectors.teamdynamix.mapping_activity import events, tasks, time_entries
from ticketlake.connectors.teamdynamix.mapping_directory import (
    accounts,
    attribute_defs,
    group_members,
    groups,
    locations,
    people,
    ref_values,
)
from ticketlake.connectors.teamdynamix.mapping_reports import has_description, report_details
from ticketlake.connectors.teamdynamix.mapping_tickets import Lookups, slas, tickets

__all__ = [
    "Lookups",
    "accounts",
    "attribute_defs",
    "events",
    "group_members",
    "groups",
    "has_description",
    "locations",
    "people",
    "ref_values",
    "report_details",
    "slas",
    "tasks",
    "tickets",
    "time_entries",
]
