"""The Autotask connection spec, with help text from Autotask's API-user setup.

The API user comes from the setup's two parts: a security level copied from
"API User (system) (API-only)" and a new API user with that level, its generated user name and
secret, and its API Tracking Identifier. The zone is normally discovered
(``ZoneInformation?user=``); ``zone_url`` only overrides that discovery.
"""

from __future__ import annotations

from ticketlake.connectors.spec import ConnectionSpec, Field, Format, Kind

GUIDE = "Autotask API user setup"

SECURITY_LEVEL = "Setup connection to Autotask, steps 4-15 (copy API User (system) (API-only))"
CREDENTIALS = "Creating a new API user, step 4 (generate a user name and password)"
TRACKING = "Creating a new API user, step 5 (API Tracking Identifier)"

SPEC = ConnectionSpec(
    source="autotask",
    title="Autotask",
    guide=GUIDE,
    fields=(
        Field(
            "api_username",
            "API user name",
            Kind.TEXT,
            help="The user name generated for the API user (it looks like an e-mail address; "
            "the zone lookup is done with it).",
            step=CREDENTIALS,
            format=Format.EMAIL,
            binds_secrets=True,
            placeholder="abc123def@example.com",
        ),
        Field(
            "api_secret",
            "API user secret",
            Kind.SECRET,
            help="The password generated for the API user. Stored encrypted; never displayed.",
            step=CREDENTIALS,
        ),
        Field(
            "api_tracking_identifier",
            "API tracking identifier",
            Kind.SECRET,
            help="The API Tracking Identifier of the API user (an Integration Vendor's, or the "
            "one Autotask generates for Custom (Internal Integration)). Sent on every call as "
            "ApiIntegrationCode, so it is kept like a secret.",
            step=TRACKING,
        ),
        Field(
            "zone_url",
            "Zone override (optional)",
            Kind.URL,
            help="Leave empty: the zone is discovered from the user name. Set it only to pin a "
            "zone, e.g. https://webservices5.autotask.net/ATServicesRest.",
            required=False,
            url_paths=("/ATServicesRest",),
            binds_secrets=True,
            placeholder="https://webservices5.autotask.net/ATServicesRest",
        ),
    ),
)
