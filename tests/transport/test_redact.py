"""Redaction of secrets from text: registered values and credential-shaped patterns."""

from __future__ import annotations

from ticketlake.secret import MASK, Secret
from ticketlake.transport import Redactor

JWT = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJURCIsInVuaXF1ZV9uYW1lIjoic3ZjIn0."
    "c2lnbmF0dXJlLXNpZ25hdHVyZQ"
)


def test_registered_secret_is_masked_wherever_it_appears() -> None:
    redact = Redactor([Secret("s3cr&t pass")])
    text = redact("body s3cr&t pass, url s3cr%26t%20pass, form s3cr%26t+pass")
    assert "s3cr" not in text
    assert text.count(MASK) == 3


def test_bearer_token_is_masked() -> None:
    assert Redactor()("Authorization: Bearer abc.def-123") == f"Authorization: {MASK} {MASK}"


def test_unregistered_jwt_is_masked() -> None:
    assert Redactor()(f"token was {JWT}!") == f"token was {MASK}!"


def test_password_field_in_json_is_masked() -> None:
    text = Redactor()('{"UserName": "svc", "Password": "hun\\"ter2"}')
    assert text == f'{{"UserName": "svc", "Password": "{MASK}"}}'


def test_web_services_key_is_masked_in_json_and_form() -> None:
    redact = Redactor()
    key = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"
    assert key not in redact(f'{{"BEID": "b", "WebServicesKey": "{key}"}}')
    assert key not in redact(f"BEID=b&WebServicesKey={key}&x=1")


def test_secret_added_later_is_masked_from_then_on() -> None:
    redact = Redactor()
    redact.add("late-token-value")
    assert redact("got late-token-value") == f"got {MASK}"


def test_excerpt_is_one_bounded_redacted_line() -> None:
    redact = Redactor([Secret("pw-123456")])
    excerpt = redact.excerpt("error:\n  pw-123456\n" + "x" * 500, limit=40)
    assert "\n" not in excerpt
    assert len(excerpt) == 40
    assert excerpt.startswith(f"error: {MASK} x")
