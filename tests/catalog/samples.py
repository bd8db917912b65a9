"""Sample submissions shared by the catalog tests."""

from __future__ import annotations

from ticketlake.connectors.fieldcheck import Submission, validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import spec_for

PUBLIC = NetworkPolicy(resolver=lambda host, port: ["93.184.216.34"])
PASSWORD = "correct-horse-battery-staple-41"


def tdx_values(**over: object) -> dict[str, object]:
    """A valid TeamDynamix submission (password mode)."""
    values: dict[str, object] = {
        "base_url": "https://acme.teamdynamix.com/TDWebApi",
        "app_id": "627",
        "username": "cioanalytics",
        "password": PASSWORD,
        "timezone": "America/Chicago",
    }
    values.update(over)
    return values


def tdx_submission(**over: object) -> Submission:
    """The validated form of ``tdx_values``."""
    return validate(spec_for("teamdynamix"), tdx_values(**over), policy=PUBLIC)
