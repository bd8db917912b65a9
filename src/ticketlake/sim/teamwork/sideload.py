"""``include=`` for v3: the related records of a page, keyed by type and then by ID (as a
string), as ``included`` carries them (B4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork import render_projects as rp

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant

Record = dict[str, Any]


def _ids(record: Record, kind: str) -> Iterable[int]:
    """The IDs of ``kind`` a record refers to."""
    for value in record.values():
        if isinstance(value, dict) and value.get("type") == kind:
            yield value["id"]
        elif isinstance(value, list):
            yield from (v["id"] for v in value if isinstance(v, dict) and v.get("type") == kind)
    if kind == "users":
        for key in ("createdBy", "updatedBy", "postedBy", "ownerId", "completedBy"):
            if isinstance(record.get(key), int):
                yield record[key]
    if kind == "projects" and isinstance(record.get("projectId"), int):
        yield record["projectId"]
    if kind == "companies" and isinstance(record.get("companyId"), int):
        yield record["companyId"]


def _renderer(t: Tenant, kind: str) -> Callable[[int], Record | None] | None:
    d = t.world.directory

    def project(i: int) -> Record | None:
        k = d.project_index(i)
        return None if k is None else rp.project_json(d, k)

    def tasklist(i: int) -> Record | None:
        where = d.tasklist_index(i)
        return None if where is None else rp.tasklist_json(d, *where)

    def user(i: int) -> Record | None:
        k = d.person_index(i)
        return None if k is None else rp.person_json(d, k)

    def company(i: int) -> Record | None:
        k = i - d.company_id(0)
        return rp.company_json(d, k) if 0 <= k < d.companies else None

    def tag(i: int) -> Record | None:
        k = next((n for n, tg in enumerate(catalog.TAGS) if tg[0] == i), None)
        return None if k is None else rp.tag_json(k)

    def task(i: int) -> Record | None:
        k = t.world.task_index(i)
        return None if k is None else rp.task_json(d, t.task(k))

    table: dict[str, Callable[[int], Record | None]] = {
        "projects": project, "tasklists": tasklist, "users": user, "people": user,
        "companies": company, "tags": tag, "tasks": task}  # fmt: skip
    return table.get(kind)


def sideload(t: Tenant, records: list[Record], asked: set[str]) -> dict[str, dict[str, Record]]:
    """``included`` for the asked types the page's records refer to."""
    out: dict[str, dict[str, Record]] = {}
    for kind in sorted(asked):
        render = _renderer(t, kind)
        if render is None:
            continue
        ref_kind = "users" if kind == "people" else kind
        ids = sorted(
            {i for r in records for i in _ids(r, ref_kind) if i is not None}
            | (_list_projects(t, records) if kind == "projects" else set())
        )
        found = {str(i): rec for i in ids if (rec := render(i)) is not None}
        out[kind] = found
    return out


def _list_projects(t: Tenant, records: list[Record]) -> set[int]:
    """The projects of the task lists records sit in (a task names its list, not its project)."""
    d = t.world.directory
    lists = {i for r in records for i in _ids(r, "tasklists")}
    return {d.projects[w[0]].id for i in lists if (w := d.tasklist_index(i)) is not None}
