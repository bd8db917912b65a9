"""What a sync of a Teamwork.com connection extracts, in the words the checks use too.

- Projects is read through API v3 only (its sideloads, filters and 500-record pages; no v1 or
  v2 reader). A connection whose form says v1 is read through v3 (the checks warn); one that
  says v2 is refused by the checks and by the sync alike: v2 serves only an undocumented
  ``time.json`` (reference B1) and cannot read tasks.
- Desk is read through API v2 whatever the form's (optional) version says.
- Spaces is verified by the checks but not extracted: its pages are knowledge-base activity,
  which the model has no table for yet. A sync of a Spaces connection is refused, saying so.
"""

from __future__ import annotations

from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.errors import ConfigError

SPACES = (
    "a Spaces connection is verified but not extracted: ticketlake sync reads nothing from it "
    "(its pages are knowledge-base activity, which the model has no table for yet)"
)
SPACES_FIX = (
    "To extract the site's tickets, connect its Desk or Projects as another connection "
    "(`ticketlake connect teamwork --api-type desk ...`); this one stays verified."
)
V2 = (
    "Projects v2 serves only an undocumented time.json and cannot read tasks; ticketlake reads "
    "Projects through v3 only: choose v3 (a sync refuses v2)"
)
V1 = (
    "Projects v1 chosen, but ticketlake reads Projects through v3 only (v1 lacks the sideloads "
    "and filters it uses): a sync reads v3; choose v3 so the connection says what is read"
)
V1_IMPACT = "a sync reads Projects through v3 whatever the form says"


def choose_v3(name: str) -> str:
    """The fix for a Projects version other than v3."""
    return f"Choose API version v3: `ticketlake connections edit {name} --set api_version=v3`."


def refusal(settings: TeamworkSettings) -> ConfigError | None:
    """Why a sync of this connection reads nothing, or None when it extracts."""
    if settings.api_type == "spaces":
        return ConfigError(f"connection {settings.name!r}: {SPACES}", fix=SPACES_FIX)
    if settings.api_type == "projects" and settings.api_version == "v2":
        return ConfigError(f"connection {settings.name!r}: {V2}", fix=choose_v3(settings.name))
    return None
