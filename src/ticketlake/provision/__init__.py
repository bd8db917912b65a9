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
    PlanChanged,
    Result,
    Wiring,
    admin_transport,
    apply_and_check,
    apply_and_save,
    plan,
    read_plan,
    save_admin_key,
)

__all__ = [
    "AdminKey",
    "Plan",
    "PlanChanged",
    "Result",
    "Step",
    "Target",
    "Wiring",
    "admin_transport",
    "apply_and_check",
    "apply_and_save",
    "make_plan",
    "plan",
    "read_plan",
    "save_admin_key",
]
