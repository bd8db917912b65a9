"""What the catalog hands back besides connections: summaries, reports, runs, audit entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What an audit entry records."""

    CREATED = "created"
    CHANGED = "changed"
    TESTED = "tested"
    SYNCED = "synced"
    REMOVED = "removed"
    SECRET_USED = "secret_used"  # noqa: S105 - an action name, not a password
    KEY_ROTATED = "key_rotated"
    PROVISIONED = "provisioned"
    """A write to a source's tenant by ``ticketlake provision`` (the admin key's, audited)."""


@dataclass(frozen=True)
class AuditEntry:
    """Who did what to which connection, when. ``detail`` never holds a secret value."""

    at: datetime
    actor: str
    action: Action
    connection: str | None
    """The connection's name at the time (kept after the connection is removed)."""
    detail: str


@dataclass(frozen=True)
class ConnectionSummary:
    """A row of ``connections list``."""

    name: str
    source: str
    created_at: datetime
    updated_at: datetime
    last_check_at: datetime | None
    last_check_ok: bool | None


@dataclass(frozen=True)
class StoredReport:
    """A saved verification report (the JSON of a ``CheckReport``)."""

    at: datetime
    ok: bool
    report: dict[str, Any]


@dataclass(frozen=True)
class SyncRun:
    """The summary of one sync of one connection (the web dashboard lists these)."""

    id: int
    connection: str
    status: str
    """``running``, ``ok``, ``failed`` or ``interrupted`` (stopped on purpose, or its process
    is gone; the rows it committed are kept and the next sync resumes from them)."""
    started_at: datetime
    finished_at: datetime | None = None
    rows: int = 0
    calls: int = 0
    throttled: int = 0
    errors: int = 0
    detail: dict[str, Any] = field(default_factory=dict)
    holder: str | None = None
    """While running: who runs it (``cli:alice (pid 4242 on host box)``)."""
    heartbeat_at: datetime | None = None
    """The last heartbeat of its process (live progress is as of then)."""
    progress: dict[str, Any] | None = None
    """Live progress, refreshed by every heartbeat (shape: ``ticketlake.sync.progress``); the
    last one once the run ended."""


@dataclass(frozen=True)
class Rotation:
    """The outcome of a master-key rotation."""

    rewrapped: int
    old_key_id: str
    new_key_id: str
    key_location: str
    """Where the new key is: the key file's path, or the variable to copy it from."""
