"""What an Autotask answer means, read from its body as much as from its status.

Autotask's status codes mislead (reference A2, A9, A12): 500 for an unknown user name, a bad
integration code or a missing permission, 401 for a bad secret, and the status of a thread or
threshold refusal is UNCONFIRMED (the simulator plays 429, 500 or anything else). So the
transport reads an answer by its words first:

- a thread refusal ("Thread Threshold Exceeded ... thread threshold of 3 threads") means too
  many calls at once, whatever its status: the call is retried after a backoff, and this
  client makes one call fewer at once on that entity (another client of the same API user
  holds threads);
- any other refusal that speaks of the threshold or a suspension, and any 429, means the tenant
  is too busy: the tenant's budget pauses and reads the tenant's usage again before the next
  call (``transport/rolling.py``);
- a 500 carrying Autotask's ``{"errors": [...]}`` is an answer, not an outage (a bad query, a
  permission, a credential): retrying it only spends the tenant's budget;
- everything else by its status, as for any source.
"""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from ticketlake.errors import AuthError, SourceError
from ticketlake.transport.retry import Verdict, classify

THREAD_WORDS = "thread threshold"
BUSY_WORDS = ("threshold", "suspend")


def messages(content: bytes) -> list[str]:
    """The messages of an error body: ``{"errors": [...]}`` or .NET's ``{"Message": ...}``."""
    try:
        body: Any = orjson.loads(content)
    except orjson.JSONDecodeError:
        return []
    if not isinstance(body, dict):
        return []
    found = body.get("errors")
    if isinstance(found, list):
        return [str(m) for m in found]
    message = body.get("Message") or body.get("message")
    return [str(message)] if message else []


def verdict(response: httpx.Response) -> Verdict:
    """What the transport does next with an Autotask answer."""
    status = response.status_code
    if 200 <= status < 300:
        return Verdict.OK
    said = " ".join(messages(response.content)).lower()
    if THREAD_WORDS in said:
        return Verdict.CROWDED
    if status == 429 or any(word in said for word in BUSY_WORDS):
        return Verdict.THROTTLED
    if status >= 500 and _has_errors(response.content):
        return Verdict.FATAL
    return classify(status)


def _has_errors(content: bytes) -> bool:
    try:
        body: Any = orjson.loads(content)
    except orjson.JSONDecodeError:
        return False
    return isinstance(body, dict) and isinstance(body.get("errors"), list)


def refusal(exc: SourceError, message: str, fix: str) -> AuthError:
    """A refused call, said as what Autotask's answer means for the credentials (its status
    does not say it: reference A2), keeping the call and the excerpt."""
    return AuthError(
        message,
        method=exc.method,
        endpoint=exc.endpoint,
        status=exc.status,
        excerpt=exc.excerpt,
        fix=fix,
    )
