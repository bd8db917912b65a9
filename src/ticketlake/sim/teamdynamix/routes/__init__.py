"""The API methods the simulated tenant serves, one module per TDX section."""

from __future__ import annotations

from ticketlake.sim.teamdynamix.routing import Op


def all_ops() -> list[Op]:
    """Every op of every section."""
    from ticketlake.sim.teamdynamix.routes import (
        auth,
        bulk,
        groups,
        people,
        people_writes,
        reference,
        reports,
        securityroles,
        tickets,
        time,
    )

    modules = (
        auth,
        tickets,
        reference,
        time,
        people,
        groups,
        reports,
        people_writes,
        bulk,
        securityroles,
    )
    return [op for module in modules for op in module.OPS]
