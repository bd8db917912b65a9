"""An Autotask connection as the connector reads it, built from ``ConnectionSettings``.

Field names follow the Autotask connection spec: ``api_username``, the secrets ``api_secret``
and ``api_tracking_identifier`` (sent as ``ApiIntegrationCode``), the optional ``zone_url``
(a pinned zone: no discovery) and ``discovery_url`` (where the zone is looked up; Autotask's
bootstrap host by default), and ``budget_share`` (the percentage of the tenant's hourly
threshold a sync may use, 50 by default).
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret

SOURCE = "autotask"
BOOTSTRAP = "https://webservices2.autotask.net/ATServicesRest/"
"""Autotask's bootstrap host (reference A1: the host clients discover zones from)."""
DEFAULT_SHARE = 50


@dataclass(frozen=True)
class AutotaskSettings:
    """Everything the Autotask connector needs to reach and read one tenant."""

    name: str
    username: str
    secret: Secret
    integration_code: Secret
    discovery_url: str = BOOTSTRAP
    """The REST root zone information is asked from, ending in ``/ATServicesRest/``."""
    zone_url: str | None = None
    """A pinned zone's REST root (no discovery), ending in ``/ATServicesRest/``."""
    share: float = DEFAULT_SHARE / 100
    """The fraction of the tenant's hourly threshold a sync may use."""

    @classmethod
    def from_connection(cls, conn: ConnectionSettings) -> AutotaskSettings:
        """Read and check a connection; a ``ConfigError`` names what is missing or wrong."""
        secret = conn.secret("api_secret")
        code = conn.secret("api_tracking_identifier")
        if secret is None or code is None:
            missing = "api_secret" if secret is None else "api_tracking_identifier"
            raise ConfigError(
                f"connection {conn.name!r} has no {missing}",
                fix=f"`ticketlake connections edit {conn.name} --secret {missing}`",
            )
        zone = conn.value("zone_url")
        return cls(
            name=conn.name,
            username=str(conn.require("api_username")).strip(),
            secret=secret,
            integration_code=code,
            discovery_url=rest_root(str(conn.value("discovery_url", BOOTSTRAP))),
            zone_url=rest_root(str(zone)) if zone else None,
            share=_share(conn),
        )


def rest_root(url: str) -> str:
    """``…/ATServicesRest``, ``…/ATServicesRest/`` and ``…/ATServicesRest/V1.0`` all become
    ``…/ATServicesRest/`` (the REST root zone information names)."""
    text = url.strip().rstrip("/")
    if text.lower().endswith("/v1.0"):
        text = text[: -len("/V1.0")]
    if not text.startswith(("http://", "https://")):
        raise ConfigError(
            f"{url!r} is not an http(s) URL", fix="https://webservices2.autotask.net/ATServicesRest"
        )
    return text + "/"


def _share(conn: ConnectionSettings) -> float:
    raw = conn.value("budget_share", DEFAULT_SHARE)
    try:
        percent = float(raw)
    except (TypeError, ValueError):
        percent = -1.0
    if not 0 < percent <= 100:
        raise ConfigError(
            f"budget_share must be a percentage from 1 to 100, not {raw}",
            fix=f"`ticketlake connections edit {conn.name} --set budget_share=50`",
        )
    return percent / 100
