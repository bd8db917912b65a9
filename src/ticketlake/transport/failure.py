"""What a failed call becomes: the typed error a person can act on.

Each error names the endpoint, the method, the status and a redacted excerpt of the body.
401 is ambiguous at TDX ("the user lacks permission" or "the token expired"): after the
transport logged in again and still got 401, it is a permission problem; on a login call, or
with no way to log in, it is a credential problem.
"""

from __future__ import annotations

from ticketlake.errors import AuthError, NotFound, PermissionDenied, RateLimited, SourceError

_CREDENTIALS_FIX = "check the service account's credentials (username/password or BEID/key)"
_PERMISSION_FIX = "grant the service account the permission this call needs"


def error_for_status(
    status: int,
    *,
    method: str,
    endpoint: str,
    excerpt: str,
    login: bool = False,
    refreshed: bool = False,
    attempts: int = 1,
    pace: tuple[str, str] | None = None,
) -> SourceError:
    """The error for a final non-2xx answer.

    ``login``: the call was an authentication call (sent without a token); ``refreshed``: the
    transport already logged in again for this call; ``attempts``: sends made in all;
    ``pace``: why the client and server clocks disagree, and its fix, when they do
    (``timescale.mismatch``): then 429s come from that, not from another client.
    """
    kind, message, fix = _meaning(status, login=login, refreshed=refreshed, attempts=attempts)
    if status == 429 and pace is not None:
        message, fix = f"{message}: {pace[0]}", pace[1]
    return kind(message, method=method, endpoint=endpoint, status=status, excerpt=excerpt, fix=fix)


def _meaning(
    status: int, *, login: bool, refreshed: bool, attempts: int
) -> tuple[type[SourceError], str, str | None]:
    if status in (401, 403) and login:
        return AuthError, "the source refused the credentials", _CREDENTIALS_FIX
    if status == 401 and refreshed:
        message = "still unauthorized after logging in again: the account may not make this call"
        return PermissionDenied, message, _PERMISSION_FIX
    if status == 401:
        return AuthError, "the source asked for authentication", _CREDENTIALS_FIX
    if status == 403:
        return PermissionDenied, "the account may not make this call", _PERMISSION_FIX
    if status == 404:
        return NotFound, "the source has no such resource", None
    if status == 429:
        message = f"still rate limited after {attempts} attempts"
        return RateLimited, message, "another client may be spending this budget"
    if status >= 500 and attempts > 1:
        return SourceError, f"the source failed {attempts} times in a row", None
    if status >= 500:
        return SourceError, "the source answered with a server error", None
    return SourceError, "the source rejected the call", None


def error_for_exception(
    exc: Exception, *, method: str, endpoint: str, detail: str, attempts: int
) -> SourceError:
    """The error for a call whose last attempt never got an answer (timeout, dropped link)."""
    kind = "timed out" if "Timeout" in type(exc).__name__ else "lost the connection"
    return SourceError(
        f"the call {kind} {attempts} times in a row ({type(exc).__name__}: {detail})",
        method=method,
        endpoint=endpoint,
        fix="check the network path to the source; the sync resumes where it stopped",
    )
