"""The commands a fix names are real: fields of the source's own spec, the connection named."""

from __future__ import annotations

import pytest

from ticketlake.checks.commands import edit_secrets, edit_set, named, recheck
from ticketlake.connectors.autotask.spec import SPEC


def test_commands_name_the_connection_once_it_is_known() -> None:
    text = f"run {edit_set(SPEC, 'zone_url=')} then {recheck('--evidence')}"
    assert named(text, "msp-1") == (
        "run `ticketlake connections edit msp-1 --set zone_url=` "
        "then `ticketlake check msp-1 --evidence`"
    )
    assert named(edit_secrets(SPEC, "api_secret"), "msp-1") == (
        "`ticketlake connections edit msp-1 --secret api_secret`"
    )


def test_a_field_the_spec_lacks_is_refused_where_the_fix_is_written() -> None:
    with pytest.raises(ValueError, match="app_id is not a field of Autotask connections"):
        edit_set(SPEC, "app_id=31")
