"""The first check guards everything after it: a base URL that may no longer receive
credentials, answers nothing, or is not a TDX Web API stops the run before any login."""

from __future__ import annotations

import asyncio

import httpx
import jwt

from ticketlake.checks import CheckOptions, CheckReport, CheckStatus
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamdynamix.checks import run_settings
from ticketlake.connectors.teamdynamix.spec import step
from ticketlake.secret import Secret
from ticketlake.transport import FakeClock
from ticketlake.transport.clock import FAKE_EPOCH

PASSWORD = "access-Passw0rd-3"


def checks(
    handler: httpx.MockTransport, *, url: str, network: NetworkPolicy | None = None
) -> CheckReport:
    values = {"base_url": url, "app_id": 627, "username": "svc"}
    conn = ConnectionSettings("t", "teamdynamix", values, {"password": Secret(PASSWORD)})
    options = CheckOptions(http_transport=handler, clock=FakeClock())
    return asyncio.run(run_settings(conn, options, lambda r: None, network=network))


def only_base_url_failed(report: CheckReport) -> str:
    first, *rest = report.checks
    assert (first.id, first.status, first.step) == ("base-url", CheckStatus.FAIL, step(5))
    assert {c.status for c in rest} <= {CheckStatus.SKIPPED, CheckStatus.PASS}
    assert report.preview["available"] is False
    assert report.preview["reason"].startswith("not estimated: Authentication")
    return first.summary


def test_a_url_that_no_longer_passes_the_network_guard_gets_no_call() -> None:
    sent: list[httpx.Request] = []
    handler = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(401))
    report = checks(handler, url="http://127.0.0.1/TDWebApi", network=NetworkPolicy())
    summary = only_base_url_failed(report)
    assert summary.startswith("credentials will not be sent there: the URL must use https://")
    assert sent == []


def test_a_path_without_a_web_api_fails_the_base_url() -> None:
    handler = httpx.MockTransport(lambda r: httpx.Response(404, text="<html>Not Found</html>"))
    summary = only_base_url_failed(checks(handler, url="https://tdx.example.edu/TDWebApi"))
    assert summary == "no Web API at this path (HTTP 404)"


def test_a_host_that_does_not_answer_fails_the_base_url() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    report = checks(httpx.MockTransport(refuse), url="https://tdx.example.edu/TDWebApi")
    summary = only_base_url_failed(report)
    assert summary.startswith("no answer from the base URL")
    assert report.checks[0].evidence[0].status is None


def tenant_with_user(user: dict[str, object]) -> httpx.MockTransport:
    """Answers the probe, the login and getuser; refuses everything else."""

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/TDWebApi/")
        if path == "api/auth":
            token = jwt.encode({"nbf": int(FAKE_EPOCH), "exp": int(FAKE_EPOCH) + 86400}, "k" * 32)
            return httpx.Response(200, text=token)
        if path == "api/auth/getuser" and "authorization" in request.headers:
            return httpx.Response(200, json=user)
        return httpx.Response(401, json={"Message": "Authorization has been denied."})

    return httpx.MockTransport(handle)


SERVICE = {"UID": "u-1", "UserName": "svc", "IsActive": True, "TypeID": 9, "IsEmployee": False,
           "AuthenticationProviderID": 0}  # fmt: skip


def identity(user: dict[str, object]) -> tuple[CheckStatus, str, str]:
    report = checks(tenant_with_user(user), url="https://tdx.example.edu/TDWebApi")
    found = next(c for c in report.checks if c.id == "identity")
    return found.status, found.summary, found.step


def test_a_dedicated_active_service_account_passes_identity() -> None:
    assert identity(SERVICE)[:2] == (CheckStatus.PASS, "svc: active service account")


def test_an_inactive_account_fails_identity_with_step_3() -> None:
    assert identity(SERVICE | {"IsActive": False}) == (
        CheckStatus.FAIL, "svc is inactive", step(3))  # fmt: skip


def test_an_sso_linked_account_whose_password_login_worked_is_not_failed() -> None:
    # Reference §1: an SSO account can use the API once it has a TeamDynamix password; the
    # login just worked, so it has one. Only an SSO-only account fails, at the login.
    status, summary, _ = identity(SERVICE | {"AuthenticationProviderID": 2})
    assert status is CheckStatus.PASS
    assert "its TeamDynamix password works for the API" in summary


def test_a_persons_sso_account_warns_that_it_is_a_persons() -> None:
    person = SERVICE | {"AuthenticationProviderID": 2, "TypeID": 1, "IsEmployee": True}
    status, summary, cited = identity(person)
    assert (status, cited) == (CheckStatus.WARN, step(3))
    assert (
        summary == "svc looks like a person's account, signing in through single sign-on, "
        "not a service account"
    )


def test_a_persons_own_account_warns() -> None:
    status, summary, cited = identity(SERVICE | {"TypeID": 1, "IsEmployee": True})
    assert (status, cited) == (CheckStatus.WARN, step(3))
    assert "a person's account" in summary
