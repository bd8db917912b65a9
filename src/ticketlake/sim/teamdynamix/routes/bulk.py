"""``api/people/bulk/*`` (seed 001): key-based admin accounts only, 1 call per 120 s.

Body shapes are not in the seed; our reading: a bare array of UIDs for the per-user switches
(applydesktop, changeactivestatus, changesecurityrole), an object with ``UserUIDs`` and the
change for the others. Only full users (TypeID 1) are changed; other UIDs are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access, writes
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call, Fields
from ticketlake.sim.teamdynamix.people import Membership, Person
from ticketlake.sim.teamdynamix.routing import Op


def _people(call: Call, uids: Any) -> list[Person]:
    if not isinstance(uids, list):
        raise ApiError(400, "A list of user UIDs is required.")
    found = (call.world.directory.get(str(u)) for u in uids)
    return [p for p in found if p is not None and p.type_id == 1]


def _bulk(change: Callable[[Call, Person, Fields], None], *, bare: bool) -> Callable[[Call], Any]:
    async def handler(call: Call) -> Response:
        access.require_key_admin(call.user)
        uids = call.body.raw if bare else (call.body.get("UserUIDs") or call.body.get("UIDs"))
        people = _people(call, uids)
        for person in people:
            change(call, person, call.body)
        skipped = (len(uids) if isinstance(uids, list) else 0) - len(people)
        return json_response({"Message": f"{len(people)} user(s) updated, {skipped} skipped."})

    handler.__doc__ = change.__doc__
    return handler


def _desktop(call: Call, p: Person, body: Fields) -> None:
    """Apply a desktop template."""
    p.desktop_template_id = call.int_param("templateId")


def _active(call: Call, p: Person, body: Fields) -> None:
    """Set the active status."""
    p.is_active = bool(call.query.bool_value("isActive"))


def _role(call: Call, p: Person, body: Fields) -> None:
    """Change the global security role."""
    writes.set_role(p, call.params["securityRoleId"], call.world.roles)


def _accounts(call: Call, p: Person, body: Fields) -> None:
    """Add Accts/Depts (optionally replacing the others)."""
    ids = body.int_list("AccountIDs") or []
    p.account_ids = ids if body.bool_value("ReplaceExistingAccounts") else [*p.account_ids, *ids]


def _apps(call: Call, p: Person, body: Fields) -> None:
    """Add standard applications (optionally replacing the others)."""
    names = [str(n) for n in body.get("ApplicationNames") or []]
    keep = [] if body.bool_value("ReplaceExistingApplications") else p.applications
    p.applications = list(dict.fromkeys([*keep, *names]))


def _org_apps(call: Call, p: Person, body: Fields) -> None:
    """Add organizational applications (optionally replacing the others)."""
    new = writes.org_apps(body.get("OrgApplications"), call.world.roles)
    if body.bool_value("ReplaceExistingOrgApplications"):
        p.org_apps = new
    else:
        p.org_apps = [*[a for a in p.org_apps if a[0] not in {n[0] for n in new}], *new]


def _groups(call: Call, p: Person, body: Fields) -> None:
    """Add group memberships (optionally removing the others)."""
    d = call.world.directory
    ids = body.int_list("GroupIDs") or []
    if body.bool_value("RemoveOtherGroups"):
        for gid, _ in d.groups_of(p.uid):
            if gid not in ids:
                writes.leave_group(d, p, gid)
    for gid in ids:
        if gid in d.members and p.uid not in d.members[gid]:
            writes.join_group(d, p, gid, Membership(p.uid))


OPS = [
    Op("POST", "api/people/bulk/applydesktop/{templateId}", _bulk(_desktop, bare=True),
       write=True),
    Op("POST", "api/people/bulk/changeactivestatus", _bulk(_active, bare=True), write=True),
    Op("POST", "api/people/bulk/changesecurityrole/{securityRoleId}", _bulk(_role, bare=True),
       write=True),
    Op("POST", "api/people/bulk/changeacctdepts", _bulk(_accounts, bare=False), write=True),
    Op("POST", "api/people/bulk/changeapplications", _bulk(_apps, bare=False), write=True),
    Op("POST", "api/people/bulk/changeorgapplications", _bulk(_org_apps, bare=False),
       write=True),
    Op("POST", "api/people/bulk/managegroups", _bulk(_groups, bare=False), write=True),
]  # fmt: skip
