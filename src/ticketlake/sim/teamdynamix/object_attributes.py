"""Custom attribute values of people, accounts and locations (components 31, 14 and 71).

People draw theirs from their own random stream, keyed by their reference ID, so adding the
attributes changed nothing else in the tenant; accounts and locations, fixed like the rest of
the catalog, follow their position in it. Every attribute of the component is listed on the
object, unset ones with ``Value`` and ``ValueText`` empty, as on a full ticket.
"""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import rand, roles
from ticketlake.sim.teamdynamix.catalog import (
    ACCOUNT_ATTRIBUTES,
    CAMPUS,
    DIVISION,
    LOCATION_ATTRIBUTES,
    PERSON_ATTRIBUTES,
    SUPPORT_TIER,
    VIP,
    ZONE,
    Attribute,
    Building,
)
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.render_parts import attribute_json

Value = tuple[str, str]
"""(Value, ValueText) of one attribute: the choice ID and its label, or the text twice."""
UNSET: Value = ("", "")
SERVICE_ACCOUNT = 9


def _choice(attribute: Attribute, k: int) -> Value:
    if k < 0:
        return UNSET
    choice_id, label = attribute.choices[k]
    return str(choice_id), label


def _text(text: str) -> Value:
    return (text, text) if text else UNSET


def person_values(seed: int, p: Person) -> list[Value]:
    """A person's values in ``PERSON_ATTRIBUTES`` order: technicians have a support tier,
    staff an employee ID and (rarely) the VIP flag; service accounts have none."""
    if p.key_admin or p.type_id == SERVICE_ACCOUNT:
        return [UNSET] * len(PERSON_ATTRIBUTES)
    rng = rand.stream(seed, rand.OBJECT_ATTRS, p.ref_id)
    staff = p.type_id == 1
    return [
        _choice(PERSON_ATTRIBUTES[CAMPUS], rand.below(rng, 4) if rng.random() < 0.9 else -1),
        _choice(
            PERSON_ATTRIBUTES[SUPPORT_TIER],
            rand.below(rng, 3) if roles.TD_NEXT in p.applications else -1,
        ),
        _choice(PERSON_ATTRIBUTES[VIP], (0 if rng.random() < 0.04 else 1) if staff else -1),
        _text(f"E{p.ref_id:07d}" if staff and p.is_employee else ""),
    ]


def account_values(k: int) -> list[Value]:
    """Account ``k`` of the catalog: its division, and a cost center for most."""
    return [
        _choice(ACCOUNT_ATTRIBUTES[DIVISION], (k * 3) % 4),
        _text("" if k % 5 == 4 else f"CC-{4100 + k * 7}"),
    ]


def location_values(k: int, building: Building) -> list[Value]:
    """Building ``k`` of the catalog: its campus zone, and a network closet for most."""
    if "Medical" in building.name:
        where = 2
    elif building.city != "Ann Arbor":
        where = 3
    else:
        where = k % 2
    return [
        _choice(LOCATION_ATTRIBUTES[ZONE], where),
        _text("" if k % 4 == 3 else f"IDF-{building.id % 100:02d}"),
    ]


def attributes_json(
    definitions: tuple[Attribute, ...], values: list[Value]
) -> list[dict[str, Any]]:
    """An object's ``Attributes[]``: each definition with the object's value."""
    return [
        attribute_json(a, value, text) for a, (value, text) in zip(definitions, values, strict=True)
    ]


def person_attributes(seed: int, p: Person) -> list[dict[str, Any]]:
    """A full ``User``'s ``Attributes[]``."""
    return attributes_json(PERSON_ATTRIBUTES, person_values(seed, p))
