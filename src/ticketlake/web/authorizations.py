"""Authorizations with Teamwork.com under way: sent to the launchpad, not yet back.

Each is held in this server's memory by its ``state`` for as long as Teamwork's code lives
(15 minutes), and taken (once) when the customer comes back. The customer's session cookie is
``SameSite=Strict`` and so does not come with a redirect from Teamwork; the ``state`` finds the
invite instead, and a ``SameSite=Lax`` cookie set when the customer left ties the return to
the browser that left (a code pasted into another browser's callback is never exchanged).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from ticketlake.connectors.teamwork.oauth import CODE_SECONDS, Pending

AUTHORIZE_COOKIE = "tl_oauth"
CALLBACK_PATH = "/connect/oauth/callback"
"""Where Teamwork sends the customer back: the redirect URL registered in the app."""


def callback_url(base_url: str) -> str:
    """The exact redirect URL to register in the Teamwork app (seed 003, step 5)."""
    return base_url.rstrip("/") + CALLBACK_PATH


@dataclass(frozen=True)
class Authorization:
    """One customer sent to the launchpad."""

    invite_id: str
    pending: Pending
    binding: str
    """The value of the browser's ``tl_oauth`` cookie."""
    expires_at: float

    def same_browser(self, cookie: str | None) -> bool:
        """Whether the browser that came back is the one that left."""
        return bool(cookie) and hmac.compare_digest(self.binding, cookie or "")


class Authorizations:
    """Authorizations awaiting the customer's return, by ``state``; one per invite."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._by_state: dict[str, Authorization] = {}

    def put(self, invite_id: str, pending: Pending) -> Authorization:
        """Hold ``pending`` (replacing the invite's earlier one)."""
        for state, held in list(self._by_state.items()):
            if held.invite_id == invite_id or held.expires_at <= self._clock():
                del self._by_state[state]
        held = Authorization(
            invite_id, pending, secrets.token_urlsafe(24), self._clock() + CODE_SECONDS
        )
        self._by_state[pending.state] = held
        return held

    def take(self, state: str) -> Authorization | None:
        """The authorization ``state`` names, once, unless it expired."""
        held = self._by_state.pop(state, None)
        if held is None or held.expires_at <= self._clock():
            return None
        return held
