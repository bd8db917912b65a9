"""The onboarding CLI harness: a local Typer root, fake DNS, and a secret scan of every output.

Every secret any onboarding CLI test submits is listed in ``SUBMITTED_SECRETS``; after each
command the harness asserts none of them appears in stdout or stderr (also with whitespace
removed, so a secret wrapped across table lines would still be caught).
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

SUBMITTED_SECRETS = (
    "tdx-Passw0rd-first",
    "tdx-Passw0rd-second",
    "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01",
    "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50",
    "tw-api-key-0123456789",
    "tw-client-secret-abcdef",
    "at-secret-zyxwv",
    "at-tracking-ID-27CHARSXXXXXX",
)


class OnboardingCLI:
    """Runs ``connect``, ``connections`` and ``vault`` commands as a user would."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from ticketlake.cli import connect, connections, vault

        self.root = typer.Typer()
        self.root.add_typer(connect.app, name="connect")
        self.root.add_typer(connections.app, name="connections")
        self.root.add_typer(vault.app, name="vault")
        self.dns: dict[str, list[str]] = {"acme.teamdynamix.com": ["93.184.216.34"]}
        self.tty = False
        self._monkeypatch = monkeypatch
        monkeypatch.setattr("ticketlake.connectors.netguard.system_resolver", self._resolve)
        monkeypatch.setattr("ticketlake.cli.spec_options.stdin_is_tty", lambda: self.tty)

    def _resolve(self, host: str, port: int) -> list[str]:
        if host not in self.dns:
            raise OSError(-2, "Name or service not known")
        return self.dns[host]

    def __call__(
        self, *args: str, input: str | None = None, env: Mapping[str, str] | None = None
    ) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            self.root, list(args), input=input, env={"COLUMNS": "200", **(env or {})}
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        text = result.stdout + result.stderr
        squeezed = "".join(text.split())
        for secret in SUBMITTED_SECRETS:
            assert secret not in squeezed, f"a secret was printed by {args}"
        return result


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> OnboardingCLI:
    """The onboarding commands, with fake DNS and no terminal unless ``cli.tty = True``."""
    return OnboardingCLI(monkeypatch)
