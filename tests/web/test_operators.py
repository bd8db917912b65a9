from __future__ import annotations

import pytest

from ticketlake.errors import ValidationError
from ticketlake.web.database import Database, first
from ticketlake.web.operators import Operators

from .clock import ManualClock


@pytest.fixture
def operators(db: Database) -> Operators:
    return Operators(db, ManualClock())


def test_added_operator_authenticates_with_their_password_only(operators: Operators) -> None:
    operators.add("alice", "correct horse battery")
    assert operators.authenticate("alice", "correct horse battery")
    assert not operators.authenticate("alice", "wrong horse battery")
    assert not operators.authenticate("bob", "correct horse battery")


def test_password_is_stored_as_an_argon2id_hash(operators: Operators) -> None:
    operators.add("alice", "correct horse battery")
    db = Database()
    with db.transaction() as tx:
        row = first(tx, "SELECT password_hash FROM web_operators WHERE name = 'alice'")
    assert row is not None
    assert str(row[0]).startswith("$argon2id$")
    assert "correct horse battery" not in str(row[0])


def test_duplicate_name_and_short_password_are_field_errors(operators: Operators) -> None:
    operators.add("alice", "correct horse battery")
    with pytest.raises(ValidationError) as dup:
        operators.add("alice", "another long password")
    assert set(dup.value.errors) == {"name"}
    with pytest.raises(ValidationError) as weak:
        operators.add("bob", "short")
    assert set(weak.value.errors) == {"password"}


def test_removed_operator_cannot_log_in(operators: Operators) -> None:
    operators.add("alice", "correct horse battery")
    assert operators.remove("alice")
    assert not operators.authenticate("alice", "correct horse battery")
    assert operators.names() == []
