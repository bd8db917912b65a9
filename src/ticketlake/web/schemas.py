"""The JSON API's shapes (published in ``/api/openapi.json``). None of them can hold a secret:
a connection says which secret fields are stored, never their values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from ticketlake.catalog import Connection, StoredReport, SyncRun
from ticketlake.catalog.submission import NAME, NAME_RULE
from ticketlake.checks import CheckReport, CheckResult
from ticketlake.checks.verdict import Verdict, judge_report
from ticketlake.connectors.spec import ConnectionSpec
from ticketlake.web.checkruns import CheckRun
from ticketlake.web.invites import Invite
from ticketlake.web.views import stored

Scalar = str | int | bool | float | None


def epoch(seconds: float) -> datetime:
    """An epoch time as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


class Problem(BaseModel):
    """An error: a message, and field-level messages for a rejected submission."""

    detail: str
    errors: dict[str, str] = Field(default_factory=dict)


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` declaring these error statuses with the ``Problem`` shape."""
    return {code: {"model": Problem} for code in codes}


class EvidenceOut(BaseModel):
    method: str
    path: str
    status: int | None
    excerpt: str
    elapsed_ms: float | None


class CheckOut(BaseModel):
    id: str
    title: str
    status: Literal["pass", "warn", "fail", "skipped"]
    summary: str
    evidence: list[EvidenceOut]
    remediation: str
    step: str
    impact: str = Field(description="What the outcome means for the data a sync brings")

    @classmethod
    def of(cls, r: CheckResult) -> CheckOut:
        return cls.model_validate(r.to_dict())


class CheckRunOut(BaseModel):
    """A verification in progress or finished; ``checks`` grows as checks complete."""

    id: str
    connection: str
    done: bool
    ok: bool
    verdict: Verdict = Field(description="passed, passed_with_warnings, failed, not_verified")
    headline: str
    next_step: str = Field(description="What to do now (empty when there is nothing to do)")
    consequences: list[str] = Field(description="What each warning means for the data")
    error: str
    note: str
    checks: list[CheckOut]

    @classmethod
    def of(cls, run: CheckRun, after: int = 0) -> CheckRunOut:
        judged = run.judgement
        return cls(
            id=run.id,
            connection=run.connection,
            done=run.done,
            ok=run.ok,
            verdict=judged.verdict,
            headline=judged.headline,
            next_step=run.next_step,
            consequences=list(judged.consequences),
            error=run.error,
            note=run.note,
            checks=[CheckOut.of(r) for r in run.results[after:]],
        )


class ReportOut(BaseModel):
    ok: bool
    verdict: Verdict = Field(description="passed, passed_with_warnings, failed, not_verified")
    headline: str
    consequences: list[str] = Field(description="What each warning means for the data")
    available: bool
    note: str
    tested_at: datetime
    checks: list[CheckOut]
    preview: dict[str, Any]

    @classmethod
    def of(cls, stored: StoredReport) -> ReportOut:
        report = CheckReport.from_dict(stored.report)
        judged = judge_report(report)
        return cls(
            ok=report.ok,
            verdict=judged.verdict,
            headline=judged.headline,
            consequences=list(judged.consequences),
            available=report.available,
            note=report.note,
            tested_at=stored.at,
            checks=[CheckOut.of(c) for c in report.checks],
            preview=dict(report.preview),
        )


class SyncRunOut(BaseModel):
    id: int
    status: Literal["running", "ok", "failed"]
    started_at: datetime
    finished_at: datetime | None
    duration_seconds: float | None
    rows: int = Field(
        description="rows the run inserted or updated (a ticket two streams fill counts twice)"
    )
    calls: int
    throttled: int = Field(description="HTTP 429 answers received")
    errors: int
    stored: dict[str, int] = Field(
        default_factory=dict,
        description="table -> rows the store held for the connection when the run ended",
    )
    progress: dict[str, Any] | None = Field(
        default=None,
        description="the run's live progress as of its last heartbeat (while running; the "
        "last one after): rows, calls, 429s and ETA, overall and per stream (version 1 of "
        "the shape documented in ticketlake.sync.progress)",
    )

    @classmethod
    def of(cls, run: SyncRun) -> SyncRunOut:
        finished = run.finished_at
        status: Literal["running", "ok", "failed"] = (
            "ok" if run.status == "ok" else "failed" if run.status == "failed" else "running"
        )
        return cls(
            id=run.id,
            status=status,
            started_at=run.started_at,
            finished_at=finished,
            duration_seconds=(finished - run.started_at).total_seconds() if finished else None,
            rows=run.rows,
            calls=run.calls,
            throttled=run.throttled,
            errors=run.errors,
            stored=found.tables if (found := stored([run])) else {},
            progress=run.progress,
        )


class InviteOut(BaseModel):
    id: str
    source: str
    connection: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    state: Literal["pending", "claimed", "expired", "revoked"]
    provision: bool = Field(description="offers to set up the account with the admin key")

    @classmethod
    def of(cls, invite: Invite, now: float) -> InviteOut:
        return cls(
            id=invite.id,
            source=invite.source,
            connection=invite.connection,
            created_by=invite.created_by,
            created_at=epoch(invite.created_at),
            expires_at=epoch(invite.expires_at),
            state=invite.state(now),
            provision=invite.provision,
        )


class InviteCreated(BaseModel):
    """A new invite; ``link`` is shown this once (only its hash is stored)."""

    invite: InviteOut
    link: str


SourceName = Literal["teamdynamix", "autotask", "teamwork"]


class InviteIn(BaseModel):
    source: SourceName
    connection: str = Field(
        pattern=NAME.pattern, max_length=63, description=f"the connection's name: {NAME_RULE}"
    )
    hours: float = Field(default=168, ge=1, le=720)
    existing: bool = Field(
        default=False,
        description="confirm an invite for a connection that exists: its holder can change "
        "that connection's settings and secrets (without it, such an invite is refused, 409)",
    )
    provision: bool = Field(
        default=False,
        description="offer 'let ticketlake set up the account': the customer's admin enters "
        "the tenant's admin key once, sees the plan and approves it (TeamDynamix only)",
    )


class ConnectionOut(BaseModel):
    name: str
    source: str
    values: dict[str, Scalar]
    stored_secrets: list[str] = Field(description="names of secret fields with a stored value")

    @classmethod
    def of(cls, conn: Connection) -> ConnectionOut:
        return cls(
            name=conn.name,
            source=conn.source,
            values=dict(conn.settings),
            stored_secrets=sorted(conn.secret_fields),
        )


class ConnectionDetail(ConnectionOut):
    syncing: bool
    last_report: ReportOut | None
    sync_runs: list[SyncRunOut]
    invites: list[InviteOut]


class SyncStarted(BaseModel):
    started: bool
    detail: str


class ConnectionIn(BaseModel):
    """A customer's submission: plain settings and (write-only) secrets."""

    values: dict[str, str | int | bool | None] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict)


class FieldOut(BaseModel):
    name: str
    label: str
    kind: str
    required: bool
    secret: bool
    help: str
    step: str | None
    choices: list[str]
    when: list[dict[str, list[str] | str]]


class FormOut(BaseModel):
    source: str
    title: str
    fields: list[FieldOut]


class InviteSession(BaseModel):
    """What a customer's browser may see: its invite, its connection, its form."""

    invite: InviteOut
    connection: ConnectionOut | None
    form: FormOut


def form_out(spec: ConnectionSpec) -> FormOut:
    """A spec as the API publishes it."""
    return FormOut(
        source=spec.source,
        title=spec.title,
        fields=[
            FieldOut(
                name=f.name,
                label=f.label,
                kind=f.kind.value,
                required=f.required and not f.required_when,
                secret=f.secret,
                help=f.help,
                step=f.step,
                choices=[c.value for c in f.choices],
                when=[{"field": w.field, "values": list(w.values)} for w in f.when],
            )
            for f in spec.fields
        ],
    )
