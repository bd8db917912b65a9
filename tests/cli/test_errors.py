"""Errors print as one plain message and its fix, never read as Rich markup: messages quote
names, SQL and a tenant's answers, which may hold ``[brackets]``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ticketlake.cli import main, sync


@pytest.mark.parametrize(
    ("entry", "argv", "said"),
    [
        (
            main.main,
            ["ticketlake", "report", "[red]x"],
            "no tickets stored for connection '[red]x'",
        ),
        (sync.main, ["sync", "[/]"], "no connection named '[/]'"),
    ],
)
def test_an_error_quoting_brackets_prints_them_as_they_are(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    entry: Callable[[], None],
    argv: list[str],
    said: str,
) -> None:
    monkeypatch.setattr("sys.argv", argv)
    with pytest.raises(SystemExit) as exit_:
        entry()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"error: {said}" in " ".join(err.split())
    assert "Traceback" not in err
