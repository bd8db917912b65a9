"""ticketlake.transport: the only place that talks HTTP.

Budgets per endpoint (documented limits corrected by ``X-RateLimit-*`` headers) or per tenant
(a rolling hour shared with the tenant's other integrations), caps on concurrent calls,
retries, the read-only guard, redaction and per-endpoint accounting, behind one ``Transport``.
"""

from ticketlake.secret import Secret
from ticketlake.transport.auth import Auth
from ticketlake.transport.budget import (
    Budget,
    BudgetBackend,
    BudgetPolicy,
    InMemoryBudgets,
    LocalBudget,
)
from ticketlake.transport.client import Transport, parse_body
from ticketlake.transport.clock import Clock, FakeClock, ScaledClock, SystemClock
from ticketlake.transport.endpoint import Endpoint, Limit
from ticketlake.transport.guard import Guard
from ticketlake.transport.permit import BudgetState, Permit
from ticketlake.transport.quota import Quota, parse_http_date, parse_reset, quota_from_headers
from ticketlake.transport.redact import Redactor
from ticketlake.transport.retry import Backoff, RetryPolicy, Verdict, classify
from ticketlake.transport.rolling import RollingBudget, RollingPolicy, Usage
from ticketlake.transport.skew import Skew
from ticketlake.transport.stats import EndpointStats, Stats

__all__ = [
    "Auth",
    "Backoff",
    "Budget",
    "BudgetBackend",
    "BudgetPolicy",
    "BudgetState",
    "Clock",
    "Endpoint",
    "EndpointStats",
    "FakeClock",
    "Guard",
    "InMemoryBudgets",
    "Limit",
    "LocalBudget",
    "Permit",
    "Quota",
    "Redactor",
    "RetryPolicy",
    "RollingBudget",
    "RollingPolicy",
    "ScaledClock",
    "Secret",
    "Skew",
    "Stats",
    "SystemClock",
    "Transport",
    "Usage",
    "Verdict",
    "classify",
    "parse_body",
    "parse_http_date",
    "parse_reset",
    "quota_from_headers",
]
