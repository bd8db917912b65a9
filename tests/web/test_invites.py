from __future__ import annotations

import pytest

from ticketlake.web.database import Database
from ticketlake.web.invites import InviteRefused, Invites

from .clock import ManualClock


@pytest.fixture
def invites(db: Database, clock: ManualClock) -> Invites:
    return Invites(db, clock)


def test_invite_is_bound_to_its_source_and_connection(invites: Invites) -> None:
    token, invite = invites.create("teamdynamix", "acme", "alice", ttl=3600)
    claimed = invites.claim(token)
    assert (claimed.id, claimed.source, claimed.connection) == (invite.id, "teamdynamix", "acme")


def test_invite_can_be_claimed_once(invites: Invites) -> None:
    token, _ = invites.create("teamdynamix", "acme", "alice", ttl=3600)
    invites.claim(token)
    with pytest.raises(InviteRefused) as refused:
        invites.claim(token)
    assert refused.value.state == "claimed"


def test_expired_invite_is_refused(invites: Invites, clock: ManualClock) -> None:
    token, _ = invites.create("teamdynamix", "acme", "alice", ttl=3600)
    clock.advance(3600)
    with pytest.raises(InviteRefused) as refused:
        invites.claim(token)
    assert refused.value.state == "expired"


def test_revoked_invite_is_refused(invites: Invites) -> None:
    token, invite = invites.create("teamdynamix", "acme", "alice", ttl=3600)
    assert invites.revoke(invite.id)
    with pytest.raises(InviteRefused) as refused:
        invites.claim(token)
    assert refused.value.state == "revoked"


def test_unknown_token_is_refused(invites: Invites) -> None:
    with pytest.raises(InviteRefused) as refused:
        invites.claim("not-a-token")
    assert refused.value.state == "unknown"


def test_only_the_token_hash_is_stored(invites: Invites) -> None:
    token, _ = invites.create("teamdynamix", "acme", "alice", ttl=3600)
    with Database().transaction() as tx:
        rows = tx.rows("SELECT * FROM web_invites")
    assert token not in repr(rows)
