"""``make demo``'s closing words: what it printed must work when pasted from any folder."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer

from ticketlake.cli import connect
from ticketlake.demo import SOURCES, next_steps


def test_next_steps_name_absolute_paths_even_from_relative_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = next_steps(
        Path("build/demo-home"), Path("build/demo-report.html"), Path(".venv/bin/ticketlake")
    )
    [export] = [line.strip() for line in lines if line.strip().startswith("export ")]
    assert export == f"export TICKETLAKE_HOME={tmp_path / 'build' / 'demo-home'}"
    assert f"report      {tmp_path / 'build' / 'demo-report.html'}" in lines[0]
    commands = [shlex.split(line) for line in lines if "ticketlake " in line]
    assert {Path(c[0]) for c in commands} == {tmp_path / ".venv" / "bin" / "ticketlake"}
    [export_cmd] = [c for c in commands if c[1] == "export"]
    assert Path(export_cmd[export_cmd.index("--out") + 1]).is_absolute()


def test_paths_with_spaces_are_quoted_for_the_shell(tmp_path: Path) -> None:
    home = tmp_path / "my demo" / "home"
    lines = next_steps(home, tmp_path / "my demo" / "r.html", tmp_path / "bin" / "ticketlake")
    [export] = [line.strip() for line in lines if line.strip().startswith("export ")]
    assert shlex.split(export) == ["export", f"TICKETLAKE_HOME={home}"]


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_each_demo_source_connects_with_flags_its_command_has(source: str) -> None:
    command = typer.main.get_command(connect.app).commands[source]  # type: ignore[attr-defined]
    known = {opt for param in command.params for opt in param.opts}
    args = SOURCES[source].connect_args("http://127.0.0.1:8760")
    assert args[:4] == ["connect", source, "--name", "demo"]
    flags = [a for a in args[4:] if a.startswith("--")]
    assert set(flags) <= known, set(flags) - known
    # the simulator's own URL, never a real tenant's
    assert any(a.startswith("http://127.0.0.1:8760/") for a in args)


def test_the_demo_names_the_simulator_it_ran_in_what_to_try_next(tmp_path: Path) -> None:
    lines = next_steps(tmp_path, tmp_path / "r.html", tmp_path / "ticketlake", "autotask")
    assert lines[-1].endswith("sim autotask --list-scenarios")
