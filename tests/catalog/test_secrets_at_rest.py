"""Secrets in the catalog: encrypted at rest, bound to their row, opened only by their key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.errors import VaultError
from ticketlake.vault import encode_key, generate_key
from ticketlake.vault.keys import MASTER_KEY_ENV

from .samples import PASSWORD, tdx_submission

BEID = "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01"
KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"


def admin_submission():  # type: ignore[no-untyped-def]
    return tdx_submission(
        auth_mode="admin", username=None, password=None, beid=BEID, web_services_key=KEY
    )


def test_catalog_files_do_not_contain_any_secret(ticketlake_home: Path) -> None:
    with open_catalog() as cat:
        cat.create("acme", tdx_submission())
        cat.create("admin", admin_submission())
        cat.get("acme").secret("password")
    stored = b"".join(p.read_bytes() for p in ticketlake_home.glob("catalog.db*"))
    assert b"acme.teamdynamix.com" in stored  # the settings are there: we read the right file
    for secret in (PASSWORD, BEID, KEY, BEID.replace("-", "")):
        assert secret.encode() not in stored
        assert secret.encode("utf-16-le") not in stored


def test_stored_rows_do_not_contain_the_secret(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    with catalog.db.transaction() as tx:
        rows = tx.rows("SELECT ciphertext, wrapped_key, key_id FROM catalog_secrets")
    blob = b"".join(bytes(r[0]) + bytes(r[1]) + str(r[2]).encode() for r in rows)
    assert len(rows) == 1
    assert PASSWORD.encode() not in blob


def test_ciphertexts_swapped_between_rows_do_not_decrypt(catalog: Catalog) -> None:
    catalog.create("one", tdx_submission())
    catalog.create("two", tdx_submission(password="another-password-2"))
    one, two = catalog.get("one").id, catalog.get("two").id
    with catalog.db.transaction() as tx:
        a = tx.rows(
            "SELECT ciphertext, wrapped_key FROM catalog_secrets WHERE connection_id = ?", [one]
        )[0]
        b = tx.rows(
            "SELECT ciphertext, wrapped_key FROM catalog_secrets WHERE connection_id = ?", [two]
        )[0]
        swap = "UPDATE catalog_secrets SET ciphertext = ?, wrapped_key = ? WHERE connection_id = ?"
        tx.execute(swap, [b[0], b[1], one])
        tx.execute(swap, [a[0], a[1], two])
    for name in ("one", "two"):
        with pytest.raises(VaultError, match="belongs to another connection or field"):
            catalog.get(name).secret("password")


def test_wrong_master_key_is_a_clear_error(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog.create("acme", tdx_submission())
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(generate_key("env")))
    with pytest.raises(VaultError, match="wrong master key") as info:
        catalog.get("acme").secret("password")
    assert PASSWORD not in str(info.value)


def test_wrong_master_key_cannot_start_a_second_generation_of_secrets(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog.create("acme", tdx_submission())
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(generate_key("env")))
    with pytest.raises(VaultError, match="wrong master key"):
        catalog.create("other", tdx_submission())
    assert not catalog.exists("other")


def test_missing_key_file_beside_stored_secrets_is_a_clear_error(
    ticketlake_home: Path,
) -> None:
    with open_catalog() as cat:
        cat.create("acme", tdx_submission())
        (ticketlake_home / "master.key").unlink()
        with pytest.raises(
            VaultError, match="holds 1 encrypted secrets but there is no master key"
        ):
            cat.get("acme").secret("password")
        with pytest.raises(VaultError, match="no master key"):
            cat.create("other", tdx_submission())
    assert not (ticketlake_home / "master.key").exists()  # never silently replaced


def test_master_key_from_the_environment_writes_no_key_file(
    ticketlake_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MASTER_KEY_ENV, encode_key(generate_key("env")))
    with open_catalog() as cat:
        cat.create("acme", tdx_submission())
        assert cat.get("acme").secret("password").reveal() == PASSWORD
    assert not (ticketlake_home / "master.key").exists()
