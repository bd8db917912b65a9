"""A small in-memory TeamDynamix for unit tests of the streams and the engine (httpx.MockTransport).

Not the simulator: it has only what the streams read, with the reference's shapes and paging
rules (search without paging, MaxResults default 300; the application-wide feed newest first,
DateFrom exclusive, DateTo inclusive, NextDateTo). It records every request.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt

NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z
DAY = 86400.0
STATUSES = [
    {"ID": 1, "Name": "New", "StatusClass": 1, "Order": 1.0, "IsActive": True},
    {"ID": 2, "Name": "In Process", "StatusClass": 2, "Order": 2.0, "IsActive": True},
    {"ID": 3, "Name": "Resolved", "StatusClass": 3, "Order": 3.0, "IsActive": True},
]


def stamp(t: float) -> str:
    moment = datetime.fromtimestamp(t, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse(text: str | None) -> float | None:
    return datetime.fromisoformat(text).timestamp() if text else None


@dataclass
class FakeTdx:
    tickets: int = 120
    seed: int = 3
    feed_forbidden: bool = False
    time_forbidden: bool = False
    report_max: int = 0
    """The report's own MaxResults (0: all rows)."""
    restricted: set[int] = field(default_factory=set)
    """Tickets the account may not read one by one (their GET and feed answer 403)."""
    requests: list[tuple[str, str]] = field(default_factory=list)
    data: dict[int, dict[str, Any]] = field(default_factory=dict)
    feed: list[dict[str, Any]] = field(default_factory=list)
    time: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        for i in range(1, self.tickets + 1):
            created = NOW - rng.random() * 200 * DAY
            self.data[1000 + i] = self._ticket(1000 + i, created, created + rng.random() * DAY, rng)
            for k in range(rng.randint(1, 3)):
                self._entry(1000 + i, created + k * 3600, rng)
            local = stamp(created)[:19]  # time entries' system dates come without a zone
            self.time.append({"TimeID": 5000 + i, "Component": 9, "TicketID": 1000 + i,
                              "ItemID": 1000 + i, "Uid": "u-1", "Minutes": 30.0,
                              "TimeDate": stamp(created)[:10] + "T00:00:00Z",
                              "CreatedDate": local, "ModifiedDate": local,
                              "StatusDate": local})  # fmt: skip

    def _ticket(
        self, tid: int, created: float, modified: float, rng: random.Random
    ) -> dict[str, Any]:
        status = rng.choice(STATUSES)
        return {
            "ID": tid, "AppID": 627, "Title": f"Ticket {tid}", "Classification": 46,
            "ClassificationName": "Service Request", "StatusID": status["ID"],
            "StatusName": status["Name"], "StatusClass": status["StatusClass"],
            "CreatedDate": stamp(created), "ModifiedDate": stamp(modified),
            "SlaID": 7 if tid % 2 else 0, "SlaName": "Standard" if tid % 2 else "None",
            "Description": f"<p>Body of {tid}</p>",
            "Attributes": [{"ID": 11, "Name": "Tier", "Value": "3", "ValueText": "Tier 2"}],
        }  # fmt: skip

    def _entry(self, tid: int, at: float, rng: random.Random) -> None:
        self.feed.append({"ID": 900000 + len(self.feed), "ItemID": tid, "ItemType": 9,
                          "CreatedDate": stamp(at), "LastUpdatedDate": stamp(at),
                          "UpdateType": 1, "Body": f"comment {rng.random():.3f}",
                          "CreatedUid": "u-1", "IsPrivate": False})  # fmt: skip

    def touch(self, tid: int, at: float, status: int) -> None:
        """A status change: ModifiedDate bump and a feed entry."""
        t = self.data[tid]
        old = t["StatusName"]
        new = STATUSES[status - 1]
        t |= {"StatusID": new["ID"], "StatusName": new["Name"], "StatusClass": new["StatusClass"],
              "ModifiedDate": stamp(at)}  # fmt: skip
        body = f'Changed Status from "{old}" to "{new["Name"]}".'
        self.feed.append({"ID": 900000 + len(self.feed), "ItemID": tid, "ItemType": 9,
                          "CreatedDate": stamp(at), "LastUpdatedDate": stamp(at), "UpdateType": 2,
                          "Body": body, "CreatedUid": "u-1", "IsPrivate": False})  # fmt: skip

    # HTTP ------------------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def calls(self, method: str, suffix: str) -> int:
        return sum(1 for m, p in self.requests if m == method and p.endswith(suffix))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/TDWebApi/")
        self.requests.append((request.method, path))
        body = json.loads(request.content) if request.content else None
        if path == "api/auth":
            if body.get("password") != "pw":
                return httpx.Response(401, json={"Message": "Invalid username or password."})
            token = jwt.encode({"exp": int(NOW + 10 * DAY), "nbf": int(NOW)}, "k" * 32)
            return httpx.Response(200, text=token)
        answer = self._route(request.method, path, dict(request.url.params), body)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)

    def _route(self, method: str, path: str, q: dict[str, str], body: Any) -> Any:
        parts = path.split("/")
        if path == "api/627/tickets/search":
            return self._search(body)
        if path == "api/627/tickets/feed":
            if self.feed_forbidden:
                return httpx.Response(403, json={"Message": "forbidden"})
            return self._app_feed(q)
        one = len(parts) >= 4 and parts[2] == "tickets" and parts[3].isdigit()
        if one and int(parts[3]) in self.restricted:
            return httpx.Response(403, json={"Message": "Access denied to this ticket."})
        if len(parts) == 4 and parts[2] == "tickets" and parts[3].isdigit():
            return self.data[int(parts[3])]
        if len(parts) == 5 and parts[4] == "feed":
            return [e for e in self.feed if e["ItemID"] == int(parts[3])]
        if path == "api/627/tickets/statuses":
            return STATUSES
        if path.startswith("api/627/tickets/"):
            return [{"ID": 1, "Name": parts[3].title(), "IsActive": True}]
        if path == "api/time/search":
            if self.time_forbidden:
                return httpx.Response(403, json={"Message": "no TDTimeExpense access"})
            lo, hi = parse(body.get("EntryDateFrom")), parse(body.get("EntryDateTo"))
            found = [t for t in self.time if (lo is None or parse(t["TimeDate"]) >= lo)
                     and (hi is None or parse(t["TimeDate"]) <= hi)]  # fmt: skip
            return found[: body.get("MaxResults") or None]
        if path == "api/people/search":
            return [{"UID": "u-1", "FullName": "Ann Tech", "IsActive": True}]
        if path == "api/groups/search":
            return [{"ID": 4, "Name": "Service Desk", "IsActive": True}]
        if path == "api/groups/4/members":
            return [{"UID": "u-1", "IsPrimary": True, "IsManager": False}]
        if path == "api/reports/77":  # a Report Builder report of ticket IDs and one attribute
            rows = [{"TicketID": t, "11": "3"} for t in sorted(self.data)][: self.report_max]
            columns = [{"ColumnName": "TicketID", "HeaderText": "ID"},
                       {"ColumnName": "11", "HeaderText": "Tier"}]  # fmt: skip
            return {"ID": 77, "MaxResults": self.report_max, "DisplayedColumns": columns,
                    "DataRows": rows}  # fmt: skip
        if path == "api/attributes/custom":  # the ticket attribute; no other component's
            tier = {"ID": 11, "Name": "Tier", "Choices": [{"ID": 3, "Name": "Tier 2"}]}
            return [tier] if q.get("componentId") == "9" else []
        if path in ("api/accounts", "api/locations", "api/time/types"):
            return [{"ID": 1, "Name": "Main", "IsActive": True}]
        return httpx.Response(404, json={"Message": f"no route {path}"})

    def _search(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        lo, hi = parse(body.get("ModifiedDateFrom")), parse(body.get("ModifiedDateTo"))
        limit = body.get("MaxResults", 300)
        found = [
            {k: v for k, v in t.items() if k not in ("Description", "Attributes")}
            for t in self.data.values()
            if (lo is None or parse(t["ModifiedDate"]) >= lo)  # type: ignore[operator]
            and (hi is None or parse(t["ModifiedDate"]) <= hi)  # type: ignore[operator]
        ]
        return found[:limit] if limit else found

    def _app_feed(self, q: dict[str, str]) -> dict[str, Any]:
        lo, hi = parse(q.get("DateFrom")), parse(q.get("DateTo"))
        count = int(q.get("ReturnCount", 25))
        match = sorted(
            (e for e in self.feed
             if (lo is None or parse(e["LastUpdatedDate"]) > lo)  # type: ignore[operator]
             and (hi is None or parse(e["LastUpdatedDate"]) <= hi)),  # type: ignore[operator]
            key=lambda e: e["LastUpdatedDate"], reverse=True,
        )  # fmt: skip
        nxt = match[count]["LastUpdatedDate"] if len(match) > count else None
        return {"Entries": match[:count], "NextDateTo": nxt, "AsOfDate": stamp(NOW)}
