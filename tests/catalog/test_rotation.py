"""Master-key rotation: every data key re-wrapped, every secret still readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketlake.catalog import Action, Catalog, open_catalog
from ticketlake.errors import VaultError
from ticketlake.vault import KeySource, encode_key, generate_key
from ticketlake.vault.keys import MASTER_KEY_ENV, NEW_MASTER_KEY_ENV

from .samples import PASSWORD, tdx_submission


def key_ids(catalog: Catalog) -> set[str]:
    with catalog.db.transaction() as tx:
        return {r[0] for r in tx.rows("SELECT key_id FROM catalog_secrets")}


def test_secrets_survive_rotation_under_a_new_key(catalog: Catalog, ticketlake_home: Path) -> None:
    catalog.create("one", tdx_submission())
    catalog.create("two", tdx_submission(password="second-password"))
    old_file = (ticketlake_home / "master.key").read_text()
    result = catalog.rotate_key(actor="test:ops")
    assert result.rewrapped == 2
    assert key_ids(catalog) == {result.new_key_id} != {result.old_key_id}
    assert (ticketlake_home / "master.key").read_text() != old_file
    assert not (ticketlake_home / "master.key.next").exists()
    assert catalog.get("one").secret("password").reveal() == PASSWORD
    assert catalog.get("two").secret("password").reveal() == "second-password"


def test_rotation_is_audited_without_key_material(catalog: Catalog, ticketlake_home: Path) -> None:
    catalog.create("one", tdx_submission())
    result = catalog.rotate_key(actor="test:ops")
    entry = catalog.audit_log()[0]
    assert (entry.action, entry.actor, entry.connection) == (Action.KEY_ROTATED, "test:ops", None)
    assert entry.detail == f"re-wrapped 1 data keys: {result.old_key_id} -> {result.new_key_id}"
    assert (ticketlake_home / "master.key").read_text().strip() not in entry.detail


def test_old_key_no_longer_opens_after_rotation(
    ticketlake_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_catalog() as cat:
        cat.create("one", tdx_submission())
        old = (ticketlake_home / "master.key").read_text()
        cat.rotate_key()
        monkeypatch.setenv(MASTER_KEY_ENV, old.strip())
        with pytest.raises(VaultError, match="wrong master key"):
            cat.get("one").secret("password")


def test_rotation_cut_short_before_the_rename_leaves_secrets_readable(
    ticketlake_home: Path,
) -> None:
    with open_catalog() as cat:
        cat.create("one", tdx_submission())
        keys = KeySource(ticketlake_home)
        with cat.db.transaction() as tx:
            cat._secrets.rotate(tx)  # committed, but the key file was never renamed
        assert keys.pending_file.exists()
        assert cat.get("one").secret("password").reveal() == PASSWORD
        cat.rotate_key()  # resumes with the staged key, then finishes
        assert not keys.pending_file.exists()
        assert cat.get("one").secret("password").reveal() == PASSWORD


def test_environment_key_rotates_to_the_new_variable(
    ticketlake_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = generate_key("old"), generate_key("new")
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(old))
    with open_catalog() as cat:
        cat.create("one", tdx_submission())
        monkeypatch.setenv(NEW_MASTER_KEY_ENV, encode_key(new))
        result = cat.rotate_key()
        assert (result.new_key_id, result.key_location) == (new.key_id, NEW_MASTER_KEY_ENV)
        monkeypatch.setenv(MASTER_KEY_ENV, encode_key(new))
        monkeypatch.delenv(NEW_MASTER_KEY_ENV)
        assert cat.get("one").secret("password").reveal() == PASSWORD
