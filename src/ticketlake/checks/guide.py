"""A source's setup guide as its onboarding checks cite it.

Each source comes with a guide the customer follows to set up the integration account
(TeamDynamix: the integration guide's seven steps, seed 000; Autotask: the API-user setup,
seed 002). A check that does not pass names the step that fixes it by number; the runner turns
the number into the citation a person reads (``Step 4: Assign the service account ...``).

A guide written as several numbered lists (Autotask's: first the security level, then the API
user, each numbered from 1) names its lists in ``parts``, and its steps are numbered by
hundreds: step 110 is step 10 of part 1, cited ``Security level, step 10: ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Guide:
    """The guide's title, its numbered steps, and what fixes a source that kept throttling."""

    title: str
    steps: Mapping[int, str]
    rate_limit_fix: str = ""
    """What to do when a check is still rate limited after the retries: any check may meet it,
    whatever it verifies, and the cure is the source's (who else spends the budget)."""
    rate_limit_step: int | None = None
    """The step ``rate_limit_fix`` belongs to."""
    parts: Mapping[int, str] = field(default_factory=dict)
    """The titles of the guide's numbered lists, by hundreds (empty: one list)."""

    def cite(self, number: int | None) -> str:
        """A step as remediations and help text cite it; ``""`` for none."""
        if number is None:
            return ""
        if self.parts:
            part, step = divmod(number, 100)
            return f"{self.parts[part]}, step {step}: {self.steps[number]}"
        return f"Step {number}: {self.steps[number]}"
