"""Resources, contacts and companies (reference A5, A6).

Resources have no modified date: every sync reads them whole (a few pages even for a large
MSP). Contacts are read by ``lastModifiedDate`` and companies by ``lastActivityDate``; their
picklist UDFs show their labels.
"""

from __future__ import annotations

from typing import Any

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_directory as mapping
from ticketlake.connectors.autotask.api import Page
from ticketlake.connectors.autotask.streams.query import QueryStream
from ticketlake.connectors.base import StreamContext


class PeopleStream(QueryStream):
    """people: the resources (technicians, API users), read whole."""

    name = "people"
    tables = ("people",)
    entity = ep.RESOURCES

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """Resources as people."""
        read_at = self.tenant.server_time()
        return {"people": mapping.resources(page.items, connection=ctx.connection, read_at=read_at)}


class ContactsStream(QueryStream):
    """people: the companies' contacts (who raise tickets)."""

    name = "contacts"
    tables = ("people",)
    entity = ep.CONTACTS
    date_field = "lastModifiedDate"
    _udfs: dict[str, dict[str, str]] | None = None

    async def before(self, ctx: StreamContext) -> None:
        """The contacts' picklist UDFs."""
        self._udfs = await self.tenant.udf_labels(ep.CONTACTS)

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """Contacts as people."""
        table = mapping.contacts(page.items, connection=ctx.connection, udfs=self._udfs or {},
                                 read_at=self.tenant.server_time())  # fmt: skip
        return {"people": table}


class AccountsStream(QueryStream):
    """accounts: the companies."""

    name = "accounts"
    tables = ("accounts",)
    entity = ep.COMPANIES
    date_field = "lastActivityDate"
    _udfs: dict[str, dict[str, str]] | None = None

    async def before(self, ctx: StreamContext) -> None:
        """The companies' picklist UDFs."""
        self._udfs = await self.tenant.udf_labels(ep.COMPANIES)

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """Companies as accounts."""
        table = mapping.accounts(page.items, connection=ctx.connection, udfs=self._udfs or {},
                                 read_at=self.tenant.server_time())  # fmt: skip
        return {"accounts": table}
