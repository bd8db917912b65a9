"""Named scenarios: one per way the seed-003 connection form can be filled in wrong.

A scenario is site state, not a switch in the endpoints: it sets the site up so that one entry
of the form (``Site.form``) no longer fits, and the endpoints react the way Teamwork.com does
(reference B-D). ``healthy`` is a site the form describes.
"""

from __future__ import annotations

from ticketlake.sim.scenario import Scenario as GenericScenario
from ticketlake.sim.teamwork.config import SimConfig
from ticketlake.sim.teamwork.setup import MEMBER, SPACE_BASE, Site, healthy_site

Scenario = GenericScenario[Site]
FORM = "Set up a connection"
APP = "How to retrieve the client ID and client secret"
AUTHORIZE = "Save and authorize"


def _wrong_site(site: Site, config: SimConfig) -> None:
    site.name = f"{site.name}corp"


def _wrong_region(site: Site, config: SimConfig) -> None:
    site.region = "eu"


def _wrong_key(site: Site, config: SimConfig) -> None:
    site.keys = {f"{config.api_key}-regenerated": 0}


def _restricted(site: Site, config: SimConfig) -> None:
    site.keys = {config.api_key: MEMBER}
    site.admin_only_projects = True


def _wrong_secret(site: Site, config: SimConfig) -> None:
    site.app.client_secret = f"{config.oauth_client_secret}-reset"
    site.form.auth_type = "oauth2"


def _redirect(site: Site, config: SimConfig) -> None:
    site.app.redirect_uris = ("https://integrator.example.com/connection/oauth2callback",)
    site.form.auth_type = "oauth2"


def _expired(site: Site, config: SimConfig) -> None:
    site.app.code_age = site.app.code_seconds + 60
    site.form.auth_type = "oauth2"


def _no_desk(site: Site, config: SimConfig) -> None:
    site.desk_enabled = False
    site.form.api_type, site.form.api_version = "desk", "v2"


def _version(site: Site, config: SimConfig) -> None:
    site.form.api_version = "v2"


def _space(site: Site, config: SimConfig) -> None:
    # seed 003's Spaces section offers only an OAuth 2.0 client: no auth type, no API key
    site.form.api_type, site.form.api_version = "spaces", "v2"
    site.form.auth_type = "oauth2"
    site.form.space_id = SPACE_BASE + 900


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("healthy", "-", "the site the form describes", "every read works",
             lambda site, config: None),
    Scenario("wrong_site_name", f"{FORM}: Site name", "the site is '<site>corp', the form "
             "says '<site>'", "every call to the form's site -> 401 (a nonexistent site)",
             _wrong_site),
    Scenario("wrong_region", f"{FORM}: Region", "the site is on the EU host, the form says "
             "US", "the US host -> 401 (or a redirect, reading wrong_region); the EU host works",
             _wrong_region),
    Scenario("wrong_api_key", f"{FORM}: API key", "the user regenerated the key; the form "
             "holds the old one", "every call -> 401 on an existing site", _wrong_key),
    Scenario("restricted_user", f"{FORM}: API key", "the key is a member's who is on some "
             "projects only, not an administrator's", "me.json isAdmin false; projects, tasks, "
             "time and comments hold only that member's projects", _restricted),
    Scenario("wrong_client_secret", f"{APP}, step 8", "the app's secret was reset; the form "
             "holds the old one", "sign-in works; token.json -> 401", _wrong_secret),
    Scenario("redirect_uri_mismatch", f"{APP}, step 5", "the app was registered with another "
             "redirect URL", "the launchpad login page refuses the redirect_uri (400)",
             _redirect),
    Scenario("expired_code", f"{AUTHORIZE}, step 2", "the consent page was left open: the code "
             "is older than 15 minutes when it arrives", "token.json -> 400 code expired",
             _expired),
    Scenario("desk_not_enabled", f"{FORM}: API type", "the form chose Desk; the site has no "
             "Desk", "every /desk/ call -> 403 (reading desk_disabled_status); token.json "
             "deskEnabled false", _no_desk),
    Scenario("wrong_api_version", f"{FORM}: API version", "the form chose Projects v2",
             "/projects/api/v2/ serves only the undocumented time.json; tasks, projects... "
             "-> 404", _version),
    Scenario("wrong_space_id", f"{FORM}: Space ID", "the form's space ID is no space of the "
             "site", "/spaces/api/v1/spaces/{id}.json -> 404; the site's spaces are listed",
             _space),
)}  # fmt: skip


def make_site(config: SimConfig) -> Site:
    """The healthy site changed as the config's scenario says."""
    if config.scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {config.scenario!r}; see --list-scenarios")
    site = healthy_site(config)
    SCENARIOS[config.scenario].apply(site, config)
    return site
