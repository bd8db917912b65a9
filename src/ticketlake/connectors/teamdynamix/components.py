"""The objects whose custom attributes ticketlake reads, and what reading them costs.

Seed 000 asks for custom attributes "on tickets, users, and reference objects". TeamDynamix
defines them per ``CustomAttributeComponent`` (reference §6) and lists each component's
definitions with one ``GET api/attributes/custom?componentId=`` call. The values come only with
an object read on its own:

- people: ``people/search`` leaves ``Attributes`` out ("To retrieve such information, you must
  load a user individually", seed 004), so one ``GET people/{uid}`` per person;
- accounts: "The Attributes property will not be included" in ``GET api/accounts`` (reference
  §6), so one ``GET accounts/{id}`` per account;
- locations: the reference does not say whether ``GET api/locations`` includes them, so one
  ``GET locations/{id}`` per location, which is right either way.

Tickets are read by the ticket details (``streams/details.py``); the other components TDX has
(assets, configuration items, services, projects ...) belong to data areas the seed leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.connectors.teamdynamix import endpoints as ep

TICKET, ACCOUNT, PERSON, LOCATION = 9, 14, 31, 71


@dataclass(frozen=True)
class Component:
    """A kind of object with custom attributes, besides tickets."""

    id: int
    """Its ``CustomAttributeComponent``."""
    kind: str
    """``attribute_defs.component``: person, account, location."""
    plural: str
    """How the user-facing text counts them."""
    table: str
    """The canonical table its objects live in."""
    owner: str
    """The stream that writes those rows (their attributes wait for it)."""
    endpoint: str
    """The call that reads one object with its ``Attributes``."""
    id_field: str
    """The object's identity in TDX shapes."""

    @property
    def key(self) -> str:
        """The budget key of ``endpoint``."""
        return f"GET {self.endpoint}"


OBJECTS: tuple[Component, ...] = (
    Component(PERSON, "person", "people", "people", "people", ep.PERSON, "UID"),
    Component(ACCOUNT, "account", "accounts", "accounts", "reference", ep.ACCOUNT, "ID"),
    Component(LOCATION, "location", "locations", "locations", "reference", ep.LOCATION, "ID"),
)


def definitions_query(component: int, app_id: int) -> dict[str, int]:
    """The parameters of ``GET api/attributes/custom`` for one component: ticket attributes
    belong to the ticketing application; people, accounts and locations are org-level
    (``appId`` 0, as in the real sample of reference/samples, psclient, component 63)."""
    return {
        "componentId": component,
        "associatedTypeId": 0,
        "appId": app_id if component == TICKET else 0,
    }
