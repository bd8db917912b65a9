"""Envelope encryption: a secret opens only for its own row, with its own master key."""

from __future__ import annotations

import dataclasses

import pytest

from ticketlake.errors import VaultError
from ticketlake.secret import Secret
from ticketlake.vault import Keyring, Sealed, Vault, generate_key

LABEL = "connection 'acme' field 'password'"


@pytest.fixture
def vault() -> Vault:
    return Vault(Keyring(generate_key("test")))


def test_sealed_secret_opens_to_the_same_value(vault: Vault) -> None:
    sealed = vault.seal(Secret("hunter2"), "conn-1", "password")
    assert vault.open(sealed, "conn-1", "password", label=LABEL) == Secret("hunter2")


def test_ciphertext_does_not_contain_the_plaintext(vault: Vault) -> None:
    sealed = vault.seal(Secret("hunter2-hunter2"), "conn-1", "password")
    assert b"hunter2" not in sealed.ciphertext + sealed.wrapped_key
    assert "hunter2" not in repr(sealed)


def test_each_seal_uses_a_fresh_data_key_and_nonce(vault: Vault) -> None:
    a = vault.seal(Secret("same"), "conn-1", "password")
    b = vault.seal(Secret("same"), "conn-1", "password")
    assert a.ciphertext != b.ciphertext
    assert a.wrapped_key != b.wrapped_key


@pytest.mark.parametrize(("conn", "field"), [("conn-2", "password"), ("conn-1", "beid")])
def test_sealed_secret_moved_to_another_row_does_not_open(
    vault: Vault, conn: str, field: str
) -> None:
    sealed = vault.seal(Secret("hunter2"), "conn-1", "password")
    with pytest.raises(VaultError, match="belongs to another connection or field"):
        vault.open(sealed, conn, field, label=LABEL)


def test_ciphertext_swapped_under_another_rows_data_key_does_not_open(vault: Vault) -> None:
    mine = vault.seal(Secret("hunter2"), "conn-1", "password")
    theirs = vault.seal(Secret("other"), "conn-2", "password")
    spliced = dataclasses.replace(theirs, ciphertext=mine.ciphertext)
    with pytest.raises(VaultError, match="does not decrypt"):
        vault.open(spliced, "conn-2", "password", label=LABEL)


def test_altered_ciphertext_is_detected(vault: Vault) -> None:
    sealed = vault.seal(Secret("hunter2"), "conn-1", "password")
    flipped = bytes([sealed.ciphertext[-1] ^ 1])
    broken = Sealed(sealed.ciphertext[:-1] + flipped, sealed.wrapped_key, sealed.key_id)
    with pytest.raises(VaultError, match="altered") as info:
        vault.open(broken, "conn-1", "password", label=LABEL)
    assert "`ticketlake connections edit NAME --secret password`" in str(info.value.fix)


def test_wrong_master_key_is_reported_as_such_naming_both_key_ids(vault: Vault) -> None:
    sealed = vault.seal(Secret("hunter2"), "conn-1", "password")
    other = Vault(Keyring(generate_key("TICKETLAKE_MASTER_KEY")))
    with pytest.raises(VaultError) as info:
        other.open(sealed, "conn-1", "password", label=LABEL)
    message = str(info.value)
    assert "wrong master key" in message
    assert sealed.key_id in message
    assert other.key_id in message


def test_rewrap_moves_the_data_key_to_the_new_master_key(vault: Vault) -> None:
    sealed = vault.seal(Secret("hunter2"), "conn-1", "password")
    new_key = generate_key("new")
    rewrapped = vault.rewrap(sealed, "conn-1", "password", new_key, label=LABEL)
    assert rewrapped.key_id == new_key.key_id != sealed.key_id
    assert rewrapped.ciphertext == sealed.ciphertext
    opened = Vault(Keyring(new_key)).open(rewrapped, "conn-1", "password", label=LABEL)
    assert opened == Secret("hunter2")


def test_unicode_secrets_round_trip(vault: Vault) -> None:
    sealed = vault.seal(Secret("pässwörd-密码"), "c", "f")
    assert vault.open(sealed, "c", "f", label=LABEL).reveal() == "pässwörd-密码"
