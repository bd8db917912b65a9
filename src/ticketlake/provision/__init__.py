"""Provisioning: setting up a source's integration account through its admin API, with a plan
first and least privilege proven after (``ticketlake provision teamdynamix``).

Writes go through provisioning's own allow-list (``provision.endpoints``); the read-only
allow-lists of sync and check are untouched and keep refusing every write.
"""

from ticketlake.provision.plan import Plan, make_plan
from ticketlake.provision.step import Step
from ticketlake.provision.target import Target
from ticketlake.provision.teamdynamix import (
    AdminKey,
    Result,
    Wiring,
    admin_transport,
    apply_and_check,
    plan,
)

__all__ = [
    "AdminKey",
    "Plan",
    "Result",
    "Step",
    "Target",
    "Wiring",
    "admin_transport",
    "apply_and_check",
    "make_plan",
    "plan",
]
