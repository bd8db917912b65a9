"""A TeamDynamix connection as the connector reads it, built from ``ConnectionSettings``.

Field names follow the TeamDynamix connection spec: ``base_url`` (…/TDWebApi or …/SBTDWebApi),
``app_id``, ``auth_mode`` (``password`` or ``admin``; inferred from the secrets given when
absent), ``username`` + ``password`` or ``beid`` + ``web_services_key``, ``timezone``,
``report_id`` (a Report Builder report whose rows carry every ticket's custom attributes),
``survey_report_id`` (a Report Builder report over satisfaction survey responses),
``ticket_tasks`` and ``time_entries`` (in scope or not), ``time_reconcile_days`` (every how
many days a sync re-reads all time entries).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret

SOURCE = "teamdynamix"
PASSWORD, ADMIN = "password", "admin"


@dataclass(frozen=True)
class TdxSettings:
    """Everything the TeamDynamix connector needs to reach and read one tenant."""

    name: str
    base_url: str
    """The Web API root, ending in ``/`` (``https://host/TDWebApi/``)."""
    app_id: int
    auth_mode: str
    username: str | None
    password: Secret | None
    beid: Secret | None
    web_services_key: Secret | None
    time_zone: ZoneInfo
    report_id: int | None = None
    survey_report_id: int | None = None
    ticket_tasks: bool = False
    time_entries: bool = True
    time_reconcile_days: int = 7
    """Every how many days a sync re-reads every time entry (0: never)."""
    bulk_feed: bool | None = None
    """What the last check found about the application-wide feed (``feed_verdict``)."""

    @classmethod
    def from_connection(cls, conn: ConnectionSettings) -> TdxSettings:
        """Read and check a connection; a ``ConfigError`` names what is missing."""
        mode = conn.value("auth_mode") or (ADMIN if conn.secret("web_services_key") else PASSWORD)
        settings = cls(
            name=conn.name,
            base_url=normalize_base_url(str(conn.require("base_url"))),
            app_id=_int(conn, "app_id"),
            auth_mode=str(mode),
            username=conn.value("username"),
            password=conn.secret("password"),
            beid=conn.secret("beid") or _as_secret(conn.value("beid")),
            web_services_key=conn.secret("web_services_key"),
            time_zone=_zone(str(conn.value("timezone") or conn.value("time_zone", "UTC"))),
            report_id=_optional_int(conn, "report_id"),
            survey_report_id=_optional_int(conn, "survey_report_id"),
            ticket_tasks=_bool(conn.value("ticket_tasks", False)),
            time_entries=_bool(conn.value("time_entries", True)),
            time_reconcile_days=_int_or(conn, "time_reconcile_days", 7),
            bulk_feed=feed_verdict(conn.checked),
        )
        settings._check_auth()
        return settings

    def _check_auth(self) -> None:
        if self.auth_mode == PASSWORD and not (self.username and self.password):
            raise ConfigError(
                f"connection {self.name!r}: password login needs username and password",
                fix="give --username and --password (or TICKETLAKE_PASSWORD)",
            )
        if self.auth_mode == ADMIN and not (self.beid and self.web_services_key):
            raise ConfigError(
                f"connection {self.name!r}: admin login needs BEID and WebServicesKey",
                fix="give --beid and --web-services-key",
            )
        if self.auth_mode not in (PASSWORD, ADMIN):
            raise ConfigError(f"unknown auth mode {self.auth_mode!r}", fix="password or admin")


def normalize_base_url(url: str) -> str:
    """``https://h/TDWebApi``, ``…/TDWebApi/`` and ``…/TDWebApi/api`` all become ``…/TDWebApi/``."""
    url = url.strip().rstrip("/")
    if url.lower().endswith("/api"):
        url = url[: -len("/api")]
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"base URL {url!r} is not http(s)", fix="https://HOST/TDWebApi")
    return url + "/"


def _int(conn: ConnectionSettings, key: str) -> int:
    raw = conn.require(key)
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{key} must be a whole number, got {raw!r}") from None


def _optional_int(conn: ConnectionSettings, key: str) -> int | None:
    return _int(conn, key) if conn.value(key) is not None else None


def _int_or(conn: ConnectionSettings, key: str, default: int) -> int:
    found = _optional_int(conn, key)
    return default if found is None else found


def _bool(raw: object) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return bool(raw)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r}", fix="an IANA name, e.g. America/New_York"
        ) from None


def _as_secret(raw: object) -> Secret | None:
    return Secret(str(raw)) if raw else None


def feed_verdict(report: Mapping[str, Any]) -> bool | None:
    """Whether a stored check report lets the sync read the application-wide feed.

    ``True``: the bulk feed agreed with the per-ticket feeds; ``False``: it disagreed or was
    refused (read per ticket); ``None``: the report holds no verdict (the check did not run).
    """
    feed = (report.get("preview") or {}).get("feed")
    if isinstance(feed, Mapping) and isinstance(feed.get("bulk"), bool):
        return bool(feed["bulk"])
    return None
