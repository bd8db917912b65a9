"""Getting in: the OAuth authorization (client ID, redirect URL, client secret, Accept) and
the site, region and credentials.

Teamwork answers a site that does not exist with 401, like a wrong API key (reference B4,
[W6W]): the two cannot be told apart from the API, so the check says both and how to tell
(the other region's host is tried with the same key: a site there means the region is wrong).
"""

from __future__ import annotations

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed
from ticketlake.connectors.teamwork import oauth
from ticketlake.connectors.teamwork.checks import guide as g
from ticketlake.connectors.teamwork.checks.context import CheckContext, other_region
from ticketlake.connectors.teamwork.endpoints import v3
from ticketlake.connectors.teamwork.oauth import Refusal
from ticketlake.connectors.teamwork.settings import SPACES_OAUTH
from ticketlake.errors import ConfigError

ME = v3("me")
AGAIN = "press Save and authorize again (or run `ticketlake authorize {connection}`)"
KEY_FIX = (
    "Copy the API key again (Profile, Edit my details, API and mobile, Show your token) and "
    "enter it: `ticketlake connections edit {connection} --secret api_key`."
)
SITE_FIX = (
    "Check the site name: it is the first part of the address you sign in at (celigo for "
    "https://celigo.teamwork.com); open that address: if Teamwork does not know the site, set "
    "the right name with `ticketlake connections edit {connection} --set site_name=NAME`; if "
    "it shows your site, the API key is wrong: " + KEY_FIX
)
REGION_FIX = (
    "Set the region your site is in: "
    "`ticketlake connections edit {connection} --set region={region}`."
)
REFUSALS: dict[str, tuple[str, str, int]] = {
    Refusal.REDIRECT: (
        "the launchpad refused the redirect URL: the app in Teamwork is "
        "registered with another one",
        "In the app (Teamwork developer portal), "
        "set the redirect URL to exactly {redirect}, then " + AGAIN + ".",
        g.REDIRECT_STEP,
    ),
    Refusal.APP: (
        "the launchpad knows no app with this client ID",
        "Copy the app's Client ID "
        "again and enter it (`ticketlake connections edit {connection} --set "
        "oauth_client_id=ID`), then " + AGAIN + ".",
        g.CLIENT_ID_STEP,
    ),
    Refusal.CLIENT: (
        "the token call was refused (HTTP 401): the client secret is not the app's",
        "Copy the app's Client secret again (reset, it is a new one) and "
        "enter it (`ticketlake connections edit {connection} --secret "
        "oauth_client_secret`), then " + AGAIN + ".",
        g.CLIENT_SECRET_STEP,
    ),
    Refusal.EXPIRED: (
        "the code Teamwork sent back had expired (codes are valid 15 minutes)",
        "Sign in and press Accept within 15 minutes: " + AGAIN + ".",
        g.ACCEPT,
    ),
    Refusal.CANCELLED: (
        "Cancel was pressed on Teamwork's permissions page",
        AGAIN[0].upper() + AGAIN[1:] + " and press Accept.",
        g.ACCEPT,
    ),
    Refusal.STATE: (
        "the answer did not belong to the authorization started here",
        AGAIN[0].upper() + AGAIN[1:] + " in the same browser.",
        g.SIGN_IN,
    ),
    Refusal.ENDPOINT: (
        "the launchpad, token endpoint or apiEndPoint is no Teamwork host "
        "the network guard accepts: no secret was sent there",
        "Clear launchpad_url and site_url (`ticketlake connections edit "
        "{connection} --set launchpad_url= --set site_url=`), then " + AGAIN + ".",
        g.SIGN_IN,
    ),
}


async def check_authorization(ctx: CheckContext) -> Outcome:
    """OAuth 2.0: a token is stored, or the last authorization's refusal, explained."""
    refusal = ctx.settings.value(oauth.REFUSAL_FIELD)
    redirect = ctx.settings.value(oauth.REDIRECT_FIELD) or "the one ticketlake shows"
    if refusal:
        said, fix, step = REFUSALS.get(
            refusal,
            (
                f"the authorization failed ({refusal})",
                AGAIN[0].upper() + AGAIN[1:] + ".",
                g.SIGN_IN,
            ),
        )
        return failed(said, fix.replace("{redirect}", str(redirect)), step)
    if ctx.settings.secret(oauth.TOKEN_SECRET) is None:
        return failed(
            "not authorized yet: no token is stored",
            AGAIN[0].upper() + AGAIN[1:] + ", sign in and press Accept.",
            g.SIGN_IN,
        )
    return passed(f"a token is stored (redirect URL {redirect})")


async def check_sign_in(ctx: CheckContext) -> Outcome:
    """``me.json`` on the site: the site name, region and credentials together."""
    try:
        root = ctx.root()
    except ConfigError as exc:
        return failed(exc.message, exc.fix or SITE_FIX, _step_of(exc))
    ctx.found.root = root
    answer = await ctx.read(lambda api: api.me())
    if answer.status == 200:
        ctx.found.me = dict(answer.body or {})
        who = ctx.found.me.get("email") or "the key's user"
        return passed(f"signed in at {root} as {who}")
    if answer.status is None:
        return failed(
            f"no answer from {root}",
            "Let this machine reach Teamwork.com over HTTPS, then run " + recheck() + ".",
            None,
        )
    if answer.status != 401:
        return failed(f"{ME} answered HTTP {answer.status}", SITE_FIX, g.SITE_NAME)
    if ctx.oauth:
        return failed(
            "the stored token no longer works (HTTP 401)",
            "Authorize again: " + AGAIN + ".",
            g.SIGN_IN,
        )
    return await _elsewhere(ctx, root)


def _step_of(exc: ConfigError) -> int:
    """The form's setting a connection the connector cannot read names."""
    if exc.message == SPACES_OAUTH:
        return g.AUTH_TYPE
    return g.KEY_STEPS if "API key" in exc.message else g.SITE_NAME


async def _elsewhere(ctx: CheckContext, root: str) -> Outcome:
    there = other_region(root)
    if there is not None and (await ctx.read(lambda api: api.me(), there)).status == 200:
        region = "us" if ctx.settings.value("region") == "eu" else "eu"
        return failed(
            f"no site {ctx.settings.value('site_name')} in the region chosen "
            f"({root} -> 401), but the key is accepted at {there}: the site is in "
            f"the {region.upper()} region",
            REGION_FIX.replace("{region}", region),
            g.REGION,
        )
    return failed(
        f"Teamwork answered 401 at {root} (and in the other region): the site name "
        "or the API key is wrong (Teamwork answers a site that does not exist with "
        "401 too)",
        SITE_FIX,
        g.SITE_NAME,
    )
