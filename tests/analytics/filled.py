"""Fill a real store (ticketlake.store) with the hand-made or synthetic desk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import typer

from ticketlake.model import Record
from ticketlake.records import Batch, QueryResult
from ticketlake.store import open_store
from ticketlake.store.base import Store


class BatchInserter:
    """The ``insert(table, rows)`` the desk loaders call, as store batches."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def insert(self, table: str, rows: Sequence[Record]) -> None:
        if rows:
            self.store.write(Batch(str(rows[0]["connection"]), rows={table: list(rows)}))


def fill_default_store(*desks: ModuleType) -> None:
    """Write each desk module (``desk``, ``synthetic``) into the configured default store."""
    store = open_store()
    try:
        for desk in desks:
            desk.load(BatchInserter(store))
    finally:
        store.close()


def rows_as_dicts(result: QueryResult) -> list[dict[str, Any]]:
    """Query rows as dicts keyed by column name."""
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def local_cli(register: Callable[[typer.Typer], None], *desks: ModuleType) -> typer.Typer:
    """A Typer root with one command group registered, over a store filled with ``desks``."""
    app = typer.Typer()
    register(app)
    app.command("noop", hidden=True)(lambda: None)  # two commands: subcommand-style parsing
    fill_default_store(*desks)
    return app
