"""The site-side state a scenario sets up, and the connection form the customer fills in.

``Site`` is what Teamwork.com holds (the site's name and region, whose API key is which, what
is enabled, the OAuth app as registered); ``Form`` is what the customer typed into the seed-003
panel. Healthy, they agree; each scenario makes one entry of the form wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ticketlake.sim.teamwork.config import CODE_SECONDS, SimConfig

ADMIN, MEMBER = 0, 1
"""Person indexes: the site owner (an administrator) and a member who is on some projects."""
SPACE_BASE = 7_001
PERSON_BASE = 238_101
"""The first person's ID (the site owner's)."""


@dataclass
class App:
    """The OAuth app registered at ``https://{site}.teamwork.com/developer``."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...] | None = None
    """The registered redirect URL; ``None``: the simulator accepts whichever the client
    sends first and holds it to that one afterwards (healthy)."""
    code_age: float = 0.0
    """Seconds a code has already lived when the redirect carries it (a consent page left
    open: ``expired_code``)."""
    code_seconds: float = CODE_SECONDS


@dataclass
class Form:
    """The seed-003 connection panel as the customer filled it in."""

    api_type: str
    api_version: str
    region: str
    site: str
    auth_type: str
    api_key: str
    client_id: str
    client_secret: str
    space_id: int
    user_id: int


@dataclass
class Site:
    """The Teamwork.com site the simulator plays."""

    name: str
    region: str
    keys: dict[str, int]
    """API key -> person index."""
    app: App
    desk_enabled: bool = True
    spaces: int = 3
    admin_only_projects: bool = False
    """The key's user is not on every project (``restricted_user``)."""
    form: Form = field(default=None)  # type: ignore[assignment]

    @property
    def space_ids(self) -> list[int]:
        """The IDs of the site's spaces."""
        return [SPACE_BASE + k for k in range(self.spaces)]


def healthy_site(config: SimConfig) -> Site:
    """The site seed 003's form describes, with the OAuth app registered as instructed."""
    site = Site(config.site.lower(), "us", {config.api_key: ADMIN},
                App(config.oauth_client_id, config.oauth_client_secret))  # fmt: skip
    site.form = Form("projects", "v3", "us", config.site, "basic", config.api_key,
                     config.oauth_client_id, config.oauth_client_secret, SPACE_BASE,
                     PERSON_BASE)  # fmt: skip
    return site
