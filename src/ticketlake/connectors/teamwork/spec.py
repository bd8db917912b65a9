"""The Teamwork.com connection spec: every setting of the Teamwork.com connection form.

Which fields apply depends on the API type (Projects, Desk, Spaces), its version and the auth
type, as on the form. Our readings where the form is silent or flattened:

- Spaces has an API version too (v0 or v2): the form asks for a user ID "if API version is v0"
  and a space ID "if API version is v2" under Spaces.
- The form asks for a site name only under Desk, but every Teamwork base URL is
  ``https://{site}.teamwork.com`` (or ``.eu.teamwork.com``), and without the OAuth browser
  flow's ``installation.apiEndPoint`` we need it for every API type; region likewise.
- Desk's auth type is not on the form; Desk accepts an API key (as a Bearer token) and the App
  Login Flow, so both are offered. Spaces offers OAuth 2.0 only, as on the form: the reference
  knows Spaces through the App Login Flow guide and one tap that sends a Bearer API key (B2,
  [SING]), but the form gives Spaces no API key, so neither do we (the connector and the
  checks refuse one too).
- The API version is the customer's; what is read does not follow it: Projects through v3
  (v1 read through v3 with a warning, v2 refused), Desk through v2 (``coverage.py``).
- The form's "OAuth 2.0 client" is a stored client ID and client secret: two fields here.
- ``site_url`` and ``launchpad_url`` are ours, not the form's: optional overrides of the hosts
  region and site name imply (a simulated site on 127.0.0.1).
"""

from __future__ import annotations

from ticketlake.connectors.spec import Choice, ConnectionSpec, Field, Format, Kind, when

GUIDE = "Teamwork.com connection form"

_SPACES = when("api_type", "spaces")

SPEC = ConnectionSpec(
    source="teamwork",
    title="Teamwork.com",
    guide=GUIDE,
    fields=(
        Field(
            "api_type",
            "API type",
            Kind.CHOICE,
            help="projects: projects, tasks, milestones, time tracking and users. desk: "
            "helpdesk tickets, inboxes and conversations. spaces: documentation and "
            "knowledge bases.",
            step="API type",
            choices=(
                Choice("projects", "Projects"),
                Choice("desk", "Desk"),
                Choice("spaces", "Spaces"),
            ),
            binds_secrets=True,
        ),
        Field(
            "api_version",
            "API version",
            Kind.CHOICE,
            help="Your account's API version: v1, v2 or v3 for Projects (ticketlake reads "
            "Projects through v3: choose v3; v1 is read through v3, v2 is refused); v0 or v2 "
            "for Desk (optional there; read through v2) and Spaces.",
            step="API version",
            required_when=(when("api_type", "projects", "spaces"),),
            choices=(
                Choice("v1", "v1", (when("api_type", "projects"),)),
                Choice("v2", "v2"),
                Choice("v3", "v3", (when("api_type", "projects"),)),
                Choice("v0", "v0", (when("api_type", "desk", "spaces"),)),
            ),
        ),
        Field(
            "region",
            "Region",
            Kind.CHOICE,
            help="us if your account URL is https://yourcompany.teamwork.com; eu if it is "
            "https://yourcompany.eu.teamwork.com.",
            step="Region",
            choices=(Choice("us", "US"), Choice("eu", "EU")),
            binds_secrets=True,
        ),
        Field(
            "site_name",
            "Site name",
            Kind.TEXT,
            help="The first part of your account URL: for https://celigo.teamwork.com it is "
            "celigo.",
            step="Site name",
            format=Format.SUBDOMAIN,
            binds_secrets=True,
            placeholder="yourcompany",
        ),
        Field(
            "auth_type",
            "Auth type",
            Kind.CHOICE,
            help="basic: your personal API key. oauth2: an OAuth 2.0 app's client ID and "
            "secret (Teamwork recommends OAuth 2.0 for integrations).",
            step="Auth type",
            choices=(
                Choice("basic", "Basic (API key)", (when("api_type", "projects", "desk"),)),
                Choice("oauth2", "OAuth 2.0"),
            ),
            binds_secrets=True,
        ),
        Field(
            "api_key",
            "API key",
            Kind.SECRET,
            help="Profile > Edit my details > API and mobile > Show your token. Stored "
            "encrypted; you re-enter it whenever you edit the connection.",
            step="How to retrieve the API key, steps 1-4",
            when=(when("auth_type", "basic"),),
        ),
        Field(
            "oauth_client_id",
            "OAuth 2.0 client ID",
            Kind.TEXT,
            help="The Client ID of the app you created in Teamwork.com's developer portal.",
            step="How to retrieve the client ID and client secret, step 7",
            when=(when("auth_type", "oauth2"),),
            binds_secrets=True,
        ),
        Field(
            "oauth_client_secret",
            "OAuth 2.0 client secret",
            Kind.SECRET,
            help="The Client secret of that app. Stored encrypted; never displayed.",
            step="How to retrieve the client ID and client secret, step 8",
            when=(when("auth_type", "oauth2"),),
        ),
        Field(
            "user_id",
            "User ID",
            Kind.INT,
            help="Your Teamwork user ID: for https://celigo.teamwork.com/app/people/123456/ it "
            "is 123456.",
            step="User ID",
            when=(_SPACES, when("api_version", "v0")),
            minimum=1,
        ),
        Field(
            "space_id",
            "Space ID",
            Kind.TEXT,
            help="Other apps > Teamwork spaces > the space > copy its Space ID.",
            step="How to retrieve the space ID, steps 1-5",
            when=(_SPACES, when("api_version", "v2")),
        ),
        Field(
            "site_url",
            "Site URL override (optional)",
            Kind.URL,
            help="Leave empty: the site is https://{site name}.teamwork.com (or "
            ".eu.teamwork.com). Set it only to reach another host, e.g. a simulated site "
            "(http://127.0.0.1:PORT/us/acme, with --allow-insecure-localhost).",
            required=False,
            binds_secrets=True,
            placeholder="https://yourcompany.teamwork.com",
        ),
        Field(
            "launchpad_url",
            "Launchpad URL override (optional)",
            Kind.URL,
            help="Leave empty for Teamwork's central launchpad, https://www.teamwork.com, "
            "where OAuth 2.0 sign-in happens. A simulated site gives its own.",
            required=False,
            when=(when("auth_type", "oauth2"),),
            binds_secrets=True,
            placeholder="https://www.teamwork.com",
        ),
    ),
    # "Save and authorize" stores these (oauth.TOKEN_SECRET, ENDPOINT_FIELD, REDIRECT_FIELD,
    # REFUSAL_FIELD): a name, version or space change keeps them, a sign-in field drops them
    signed_in=("access_token", "api_endpoint", "oauth_redirect_uri", "oauth_refusal"),
)
