"""Seed 003, the Teamwork.com connection panel, as the checks cite it.

Its numbered lists are parts (``checks.guide.Guide``): the panel's settings (part 1, in the
order the form asks for them), how to retrieve the API key (2), the client ID and secret (3)
and the space ID (4), and Save and authorize (5). Step 305 is "How to retrieve the client ID
and client secret, step 5".
"""

from __future__ import annotations

from ticketlake.checks.guide import Guide

API_TYPE, API_VERSION, REGION, SITE_NAME, AUTH_TYPE, API_KEY, CLIENT, USER_ID, SPACE_ID = range(
    101, 110
)
KEY_STEPS = 202
REDIRECT_STEP, CLIENT_ID_STEP, CLIENT_SECRET_STEP = 305, 307, 308
SIGN_IN, ACCEPT = 501, 502

GUIDE = Guide(
    title="Teamwork.com connection form (seed 003)",
    parts={
        1: "Set up a connection",
        2: "How to retrieve the API key",
        3: "How to retrieve the client ID and client secret",
        4: "How to retrieve the space ID",
        5: "Save and authorize",
    },
    steps={
        101: "API type (Projects, Desk or Spaces)",
        102: "API version",
        103: "Region (US: yourcompany.teamwork.com; EU: yourcompany.eu.teamwork.com)",
        104: "Site name (celigo for https://celigo.teamwork.com)",
        105: "Auth type (Basic or OAuth 2.0)",
        106: "API key",
        107: "OAuth 2.0 client (client ID and client secret)",
        108: "User ID (Spaces v0)",
        109: "Space ID (Spaces v2)",
        201: "Sign in to your Teamwork.com account",
        202: "Navigate to Profile, Edit my details, API and mobile",
        203: "Click Show your token",
        204: "Copy the API key",
        301: "Sign in to your Teamwork.com developer account",
        302: "Click Create your first app",
        303: "Enter a Name",
        304: "Select a Product",
        305: "Enter ticketlake's redirect URL",
        306: "Click Create app",
        307: "Copy the Client ID",
        308: "Copy the Client secret",
        401: "Sign in to your Teamwork.com account",
        402: "Navigate to Other apps, Teamwork spaces",
        403: "Click Create a space",
        404: "Click Add",
        405: "Copy the Space ID",
        501: "Click Save and authorize to sign in with Teamwork.com",
        502: "After signing in, review the permissions and click Accept",
    },
    rate_limit_fix=(
        "Teamwork's limits are per account, shared by every integration and user of the site "
        "(Projects 150 a minute up to the Grow plan): pause the others or wait a minute, then "
        "run `ticketlake check {connection}` again."
    ),
)
