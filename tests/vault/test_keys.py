"""Master keys: format, sources, file permissions, rotation files."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from ticketlake.errors import VaultError
from ticketlake.vault import KeySource, encode_key, generate_key, parse_key
from ticketlake.vault.keys import MASTER_KEY_ENV, NEW_MASTER_KEY_ENV


def test_key_parses_from_standard_and_urlsafe_base64() -> None:
    raw = bytes(range(250, 256)) + os.urandom(26)
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).decode()
    assert parse_key(std, "x").material == parse_key(url, "x").material == raw


def test_key_of_the_wrong_length_is_refused_without_echoing_it() -> None:
    text = base64.b64encode(b"short-key-material").decode()
    with pytest.raises(VaultError, match="18 bytes, not 32") as info:
        parse_key(text, MASTER_KEY_ENV)
    assert text not in str(info.value)


def test_key_that_is_not_base64_is_refused() -> None:
    with pytest.raises(VaultError, match="not valid base64"):
        parse_key("this is not base64!!", MASTER_KEY_ENV)


def test_key_id_is_stable_and_does_not_reveal_the_key() -> None:
    key = generate_key("x")
    again = parse_key(encode_key(key), "y")
    assert key.key_id == again.key_id
    assert key.key_id not in encode_key(key)
    assert encode_key(key) not in repr(key)


def test_key_file_is_created_with_mode_0600(ticketlake_home: Path) -> None:
    source = KeySource(ticketlake_home)
    ring = source.keyring(create=True)
    mode = stat.S_IMODE(source.key_file.stat().st_mode)
    assert mode == 0o600
    assert source.keyring(create=False).current.key_id == ring.current.key_id


def test_missing_key_file_is_a_clear_error_when_not_allowed_to_create(
    ticketlake_home: Path,
) -> None:
    with pytest.raises(VaultError, match="no master key") as info:
        KeySource(ticketlake_home).keyring(create=False)
    assert info.value.fix is not None
    assert "master.key" in info.value.fix


def test_key_file_readable_by_others_is_refused(ticketlake_home: Path) -> None:
    source = KeySource(ticketlake_home)
    source.keyring(create=True)
    source.key_file.chmod(0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        source.keyring(create=False)


def test_environment_key_wins_over_the_file(
    ticketlake_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = KeySource(ticketlake_home)
    source.keyring(create=True)
    env_key = generate_key("env")
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(env_key))
    assert source.keyring(create=False).current.key_id == env_key.key_id
    assert source.describe() == MASTER_KEY_ENV


def test_file_rotation_stages_the_next_key_then_replaces_the_current(
    ticketlake_home: Path,
) -> None:
    source = KeySource(ticketlake_home)
    old = source.keyring(create=True).current
    new = source.next_key()
    assert stat.S_IMODE(source.pending_file.stat().st_mode) == 0o600
    assert source.keyring(create=False).find(new.key_id) is not None  # both on the ring
    source.finish_rotation()
    ring = source.keyring(create=False)
    assert ring.current.key_id == new.key_id
    assert ring.find(old.key_id) is None
    assert not source.pending_file.exists()


def test_interrupted_rotation_resumes_with_the_same_next_key(ticketlake_home: Path) -> None:
    source = KeySource(ticketlake_home)
    source.keyring(create=True)
    assert source.next_key().key_id == source.next_key().key_id


def test_environment_rotation_needs_the_new_key_variable(
    ticketlake_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(generate_key("env")))
    with pytest.raises(VaultError, match=NEW_MASTER_KEY_ENV):
        KeySource(ticketlake_home).next_key()
