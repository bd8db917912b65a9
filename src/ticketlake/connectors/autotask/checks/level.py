"""Who the API user is: its security level and license, as its ``Resources`` record and the
picklists of ``Resources/entityInformation/fields`` name them.

REST exposes no permission list, so what a level may do is inferred: its name (the system
level "API User (system) (API-only)" may read and change everything, reference A2), its
license type (REST requires the API User license, A2) and, per entity,
``entityInformation``'s ``userAccessFor*`` (``access.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SYSTEM_LEVEL = "API User (system)"
"""The name every system API level starts with (A2: "API User (system) (API-only)" and
"API User (system) Can't Read Costs (API-only)")."""
API_ONLY_MARK = "(api-only)"
API_LICENSE_WORD = "api"


def picklist_label(fields: Sequence[Mapping[str, Any]], name: str, value: object) -> str | None:
    """The label of ``value`` in field ``name``'s picklist (values are strings, reference
    A7, so they are compared as text); None when the field, its picklist or the value is
    missing."""
    if value is None:
        return None
    for found in fields:
        if str(found.get("name", "")).lower() != name.lower():
            continue
        for pick in found.get("picklistValues") or ():
            if isinstance(pick, Mapping) and str(pick.get("value")) == str(value):
                label = pick.get("label")
                return str(label) if label else None
    return None


@dataclass(frozen=True)
class UserLevel:
    """The API user's security level and license type, by name where the picklists say."""

    level: str | None
    level_id: object
    license: str | None
    license_id: object

    @property
    def api_only(self) -> bool | None:
        """True when the license or the level's name says API-only, False when what is known
        says otherwise, None when neither is known."""
        signs = []
        if self.license is not None:
            signs.append(API_LICENSE_WORD in self.license.lower())
        if self.level is not None:
            signs.append(API_ONLY_MARK in self.level.lower())
        return any(signs) if signs else None

    @property
    def system(self) -> bool:
        """Whether it is one of Autotask's system API levels (full access), not a copy."""
        return self.level is not None and self.level.startswith(SYSTEM_LEVEL)

    def describe(self) -> str:
        """``the security level Technician and a Professional license``."""
        level = (
            f"the security level {self.level}"
            if self.level
            else (f"security level {self.level_id} (its name not readable)")
        )
        if not self.license:
            return f"{level} and license type {self.license_id} (its name not readable)"
        article = "an" if self.license[:1].lower() in "aeiou" else "a"
        return f"{level} and {article} {self.license} license"


def user_level(resource: Mapping[str, Any], fields: Sequence[Mapping[str, Any]]) -> UserLevel:
    """The level and license of ``resource`` (a ``ResourceModel``), named by ``fields``."""
    level_id, license_id = resource.get("userType"), resource.get("licenseType")
    return UserLevel(
        picklist_label(fields, "userType", level_id),
        level_id,
        picklist_label(fields, "licenseType", license_id),
        license_id,
    )
