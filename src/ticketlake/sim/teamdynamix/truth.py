"""Ground truth: everything the tenant holds, as JSON lines in TDX shapes
(written by ``ticketlake.sim.truthfile``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ticketlake.sim.teamdynamix import catalog, render_ref, surveys
from ticketlake.sim.teamdynamix.catalog import ACCOUNT_NAMES, BUILDINGS, STATUSES
from ticketlake.sim.teamdynamix.config import SURVEY_REPORT_ID, TICKET_REPORT_ID
from ticketlake.sim.teamdynamix.render_parts import feed_json, task_json, time_json
from ticketlake.sim.teamdynamix.render_ticket import ticket_json
from ticketlake.sim.teamdynamix.render_user import user_json
from ticketlake.sim.teamdynamix.wire import fmt_ms
from ticketlake.sim.truthfile import write_truth

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.lifecycle import Life
    from ticketlake.sim.teamdynamix.tenant import Tenant
    from ticketlake.sim.teamdynamix.world import World


def _tickets(t: Tenant) -> Iterator[dict[str, Any]]:
    for i in range(t.index.count):
        yield ticket_json(t.world, t.life(i), t.data_now_ms, full=True)


def _per_item(
    t: Tenant, count: Callable[[Life], int], render: Callable[[World, Life, int], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """``render(world, life, k)`` for each of the ``count(life)`` items of every ticket."""
    for i in range(t.index.count):
        life = t.life(i)
        for k in range(count(life)):
            yield render(t.world, life, k)


def _feed(t: Tenant) -> Iterator[dict[str, Any]]:
    return _per_item(t, lambda life: len(life.events), feed_json)


def _tasks(t: Tenant) -> Iterator[dict[str, Any]]:
    return _per_item(t, lambda life: len(life.tasks), task_json)


def _time(t: Tenant) -> Iterator[dict[str, Any]]:
    for i in range(t.index.count):
        life = t.life(i)
        for k, x in enumerate(life.work):
            if not x.deleted:
                yield time_json(t.world, life, k)


def _history(t: Tenant) -> Iterator[dict[str, Any]]:
    for i in range(t.index.count):
        life = t.life(i)
        for ms, frm, to in life.history:
            yield {"TicketID": life.p.id, "Date": fmt_ms(ms), "FromStatusID": STATUSES[frm].id,
                   "ToStatusID": STATUSES[to].id}  # fmt: skip


def _members(t: Tenant) -> Iterator[dict[str, Any]]:
    for gid, members in t.world.directory.members.items():
        for m in members.values():
            yield {"GroupID": gid, "UID": m.uid, "IsPrimary": m.is_primary,
                   "IsManager": m.is_manager, "IsNotified": m.is_notified}  # fmt: skip


_SOURCES: dict[str, Callable[[Tenant], Iterator[dict[str, Any]]]] = {
    "tickets": _tickets,
    "ticket_feed": _feed,
    "ticket_tasks": _tasks,
    "time_entries": _time,
    "status_history": _history,
    "people": lambda t: (user_json(t.world, p) for p in t.world.directory.people),
    "groups": lambda t: iter(render_ref.groups(t.world)),
    "group_members": _members,
    "statuses": lambda t: iter(render_ref.statuses(t.world)),
    "types": lambda t: iter(render_ref.types(t.world)),
    "priorities": lambda t: iter(render_ref.factors(catalog.PRIORITIES)),
    "impacts": lambda t: iter(render_ref.factors(catalog.IMPACTS)),
    "urgencies": lambda t: iter(render_ref.factors(catalog.URGENCIES)),
    "sources": lambda t: iter(render_ref.sources()),
    "forms": lambda t: iter(render_ref.forms(t.world)),
    "attributes": lambda t: iter(render_ref.attribute_defs()),
    "person_attributes": lambda t: iter(render_ref.attribute_defs(catalog.PERSON_COMPONENT)),
    "account_attributes": lambda t: iter(render_ref.attribute_defs(catalog.ACCOUNT_COMPONENT)),
    "location_attributes": lambda t: iter(render_ref.attribute_defs(catalog.LOCATION_COMPONENT)),
    "accounts": lambda t: (render_ref.account(k, full=True) for k in range(len(ACCOUNT_NAMES))),
    "locations": lambda t: (render_ref.location(k, full=True) for k in range(len(BUILDINGS))),
    "time_types": lambda t: iter(render_ref.time_types()),
    "survey_responses": lambda t: (row for _, row in surveys.responses(t.world, t.index.count)),
}
NAMES = tuple(_SOURCES)


def iter_truth(t: Tenant, name: str) -> Iterator[dict[str, Any]]:
    """Every object of kind ``name`` (one of ``NAMES``)."""
    if name not in _SOURCES:
        raise KeyError(f"unknown truth file {name!r}; one of {', '.join(NAMES)}")
    return _SOURCES[name](t)


def dump(t: Tenant, folder: Path) -> Path:
    """Write every truth file and the manifest into ``folder``."""
    cfg = t.config
    manifest = {
        "source": "teamdynamix", "seed": cfg.seed, "tickets": cfg.tickets,
        "scenario": cfg.scenario, "as_of": fmt_ms(t.world.as_of_ms),
        "data_now": fmt_ms(t.data_now_ms), "app_id": t.app_id, "time_zone": cfg.time_zone,
        "report_id": TICKET_REPORT_ID, "survey_report_id": SURVEY_REPORT_ID,
    }  # fmt: skip
    return write_truth(folder, NAMES, lambda name: iter_truth(t, name), manifest)
