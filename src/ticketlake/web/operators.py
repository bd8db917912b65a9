"""Operator accounts: the people who invite customers and run syncs (``ticketlake users``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ticketlake.errors import ValidationError
from ticketlake.web.database import Database, first
from ticketlake.web.passwords import hash_password, password_problem, verify_password

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class Operators:
    """Create, list, remove and authenticate operators."""

    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self._db = db
        self._clock = clock

    def add(self, name: str, password: str) -> None:
        """Create an operator; ``ValidationError`` for a bad name, weak password or duplicate."""
        errors: dict[str, str] = {}
        if not NAME_PATTERN.match(name):
            errors["name"] = "use letters, digits and . _ @ - (at most 64 characters)"
        problem = password_problem(password)
        if problem:
            errors["password"] = problem
        if errors:
            raise ValidationError(errors)
        digest = hash_password(password)
        with self._db.transaction() as tx:
            if first(tx, "SELECT 1 FROM web_operators WHERE name = ?", [name]):
                raise ValidationError({"name": f"an operator named {name!r} already exists"})
            tx.execute(
                "INSERT INTO web_operators (name, password_hash, created_at) VALUES (?, ?, ?)",
                [name, digest, self._clock()],
            )

    def set_password(self, name: str, password: str) -> None:
        """Replace an operator's password (``ValidationError`` when weak or unknown)."""
        problem = password_problem(password)
        if problem:
            raise ValidationError({"password": problem})
        with self._db.transaction() as tx:
            changed = tx.rows(
                "UPDATE web_operators SET password_hash = ? WHERE name = ? RETURNING name",
                [hash_password(password), name],
            )
        if not changed:
            raise ValidationError({"name": f"no operator named {name!r}"})

    def remove(self, name: str) -> bool:
        """Delete an operator and end their sessions; False when there was none."""
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_sessions WHERE kind = 'operator' AND subject = ?", [name])
            return bool(tx.rows("DELETE FROM web_operators WHERE name = ? RETURNING name", [name]))

    def names(self) -> list[str]:
        """Every operator's name, sorted."""
        with self._db.transaction() as tx:
            return [str(r[0]) for r in tx.rows("SELECT name FROM web_operators ORDER BY name")]

    def exists(self, name: str) -> bool:
        """Whether an operator has this name."""
        with self._db.transaction() as tx:
            return first(tx, "SELECT 1 FROM web_operators WHERE name = ?", [name]) is not None

    def authenticate(self, name: str, password: str) -> bool:
        """True when the operator exists and the password matches."""
        with self._db.transaction() as tx:
            row = first(tx, "SELECT password_hash FROM web_operators WHERE name = ?", [name])
        return verify_password(str(row[0]) if row else None, password)
