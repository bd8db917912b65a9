"""Alerts: a connection failed N times in a row. Sent once (until it succeeds again), by webhook
(a JSON POST) and/or e-mail (SMTP), as ``TICKETLAKE_ALERT_*`` / ``TICKETLAKE_SMTP_*`` say."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import asdict, dataclass
from email.message import EmailMessage

import httpx

from ticketlake.scale.settings import ScaleSettings

logger = logging.getLogger("ticketlake.scale")


@dataclass(frozen=True)
class Alert:
    """What an alert says."""

    connection: str
    failures: int
    error: str

    @property
    def subject(self) -> str:
        """One line."""
        return f"ticketlake: {self.connection} failed {self.failures} times in a row"

    @property
    def body(self) -> str:
        """What to look at and how."""
        return (
            f"The syncs of {self.connection} failed {self.failures} times in a row.\n"
            f"Last error: {self.error}\n\n"
            f"`ticketlake runs {self.connection}` shows its runs; the schedule keeps retrying "
            "with backoff, and no other alert is sent until a sync succeeds."
        )


def send(alert: Alert, settings: ScaleSettings) -> list[str]:
    """Send ``alert`` everywhere configured; returns where it went (logged when nowhere)."""
    sent = []
    if settings.webhook:
        response = httpx.post(settings.webhook, json=asdict(alert) | {"text": alert.subject})
        response.raise_for_status()
        sent.append("webhook")
    smtp = settings.smtp
    if smtp is not None and smtp.to:
        message = EmailMessage()
        message["Subject"] = alert.subject
        message["From"] = smtp.sender
        message["To"] = ", ".join(smtp.to)
        message.set_content(alert.body)
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
            client.send_message(message)
        sent.append("email")
    if not sent:
        logger.error("%s (no TICKETLAKE_ALERT_WEBHOOK or TICKETLAKE_SMTP_HOST set)", alert.subject)
    return sent
