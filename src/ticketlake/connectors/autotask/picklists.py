"""Autotask's picklists and UDF choices, read from ``entityInformation/fields`` and
``…/userDefinedFields`` (reference A7), and what the mapping looks up in them.

A picklist value is a *string* (``"value": "5"``) while records carry it as a number
(``"status": 5``); values are kept as integers here so records find their labels. A status has
no class in Autotask: ``status_class`` reads it from the label (and Complete is always 5).
Picklist UDFs carry the value on records (``"Root Cause": "2"``); their labels come from the
UDF definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPLETE = 5
"""The Complete status: a system value every Autotask tenant has."""
_CLASS_WORDS = (
    ("cancel", "cancelled"),
    ("complete", "completed"),
    ("closed", "completed"),
    ("resolved", "completed"),
    ("done", "completed"),
    ("waiting", "on_hold"),
    ("on hold", "on_hold"),
    ("hold", "on_hold"),
    ("pending", "on_hold"),
    ("new", "new"),
)
"""Words of a status label and the class they mean, first match wins (our reading: Autotask
statuses have no class of their own)."""


@dataclass(frozen=True)
class Choice:
    """One picklist value."""

    value: int
    label: str
    sort_order: float | None = None
    active: bool | None = None
    parent: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


def choices(field_info: Mapping[str, Any]) -> list[Choice]:
    """The picklist values of one field description (none when it is not a picklist)."""
    found = []
    for v in field_info.get("picklistValues") or []:
        if not isinstance(v, Mapping):
            continue
        value, parent = _int(v.get("value")), _int(v.get("parentValue"))
        if value is None:
            continue
        order = v.get("sortOrder")
        active = v.get("isActive")
        found.append(
            Choice(
                value,
                str(v.get("label") or ""),
                float(order) if isinstance(order, int | float) else None,
                active if isinstance(active, bool) else None,
                parent,
                v,
            )
        )
    return found


def by_field(fields: Iterable[Mapping[str, Any]]) -> dict[str, list[Choice]]:
    """Field name -> its picklist values, for every picklist field of an entity."""
    return {str(f.get("name")): choices(f) for f in fields if f.get("isPickList")}


def labels(fields: Iterable[Mapping[str, Any]]) -> dict[str, dict[int, str]]:
    """Field name -> value -> label."""
    return {name: {c.value: c.label for c in cs} for name, cs in by_field(fields).items()}


def status_class(value: int, label: str) -> str:
    """The canonical class of an Autotask status (``new``, ``in_process``, ``on_hold``,
    ``completed``, ``cancelled``), from its value and label."""
    if value == COMPLETE:
        return "completed"
    words = label.lower()
    return next((cls for word, cls in _CLASS_WORDS if word in words), "in_process")


def udf_labels(udfs: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """UDF name -> its picklist values (as text, as records carry them) -> labels."""
    found: dict[str, dict[str, str]] = {}
    for u in udfs:
        if u.get("isPickList"):
            found[str(u.get("name"))] = {str(c.value): c.label for c in choices(u)}
    return found


def udf_values(
    pairs: object, picklists: Mapping[str, Mapping[str, str]]
) -> dict[str, object] | None:
    """A record's ``userDefinedFields`` (``[{"name", "value"}]``; ``{}`` from some tenants) as
    name -> display value: a picklist UDF's label, any other UDF's value as sent."""
    if isinstance(pairs, Mapping):
        pairs = [{"name": k, "value": v} for k, v in pairs.items()]
    if not isinstance(pairs, list):
        return None
    shown: dict[str, object] = {}
    for pair in pairs:
        if not isinstance(pair, Mapping) or pair.get("name") is None:
            continue
        name, value = str(pair["name"]), pair.get("value")
        listed = picklists.get(name)
        if listed is not None and value is not None:
            value = listed.get(str(value), value)
        shown[name] = value
    return shown


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None
