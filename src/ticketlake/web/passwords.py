"""Operator passwords: argon2id hashes, verified in constant work whether or not the user exists."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
# Verifying against this when the operator does not exist keeps the response time the same,
# so a login form cannot be used to learn which operator names exist.
_DUMMY_HASH = _HASHER.hash("ticketlake-no-such-operator")

MIN_LENGTH = 12


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; safe to store)."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; always does the full argon2 work."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why ``password`` is not acceptable for an operator, or ``None`` when it is."""
    if len(password) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters"
    if password.strip() != password:
        return "no leading or trailing spaces"
    return None
