"""Ticket satisfaction surveys, readable only through a Report Builder report (reference §8).

TDX documents no survey endpoint; the one route the reference sees is a Report Builder report
over survey data, run with ``GET api/reports/{id}?withData=true`` (whether Report Builder
offers such a source is UNCONFIRMED). The tenant has one, ``SURVEY_REPORT_ID``: a row per
response with the response ID, the ticket, the survey, the respondent, when it was completed, a
1-5 rating and an optional comment (the column names are our reading).

About one resolved ticket in five gets a response from its requester, an hour to five days after
the ticket's final completion in the planned history, if that is not after ``as_of``. Responses
draw from a stream of their own and follow the planned history only, so a later ``touch`` (a
reopened ticket) leaves a response already given as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ticketlake.sim.teamdynamix import rand
from ticketlake.sim.teamdynamix.catalog import COMPLETED, STATUSES
from ticketlake.sim.teamdynamix.lifecycle import DAY, HOUR
from ticketlake.sim.teamdynamix.wire import fmt_ms
from ticketlake.sim.teamdynamix.world import World

SURVEY_NAME = "IT Ticket Satisfaction Survey"
RESPONSE_ID_BASE = 40_000_000
RESPONSE_SHARE = 0.2
COLUMNS = (
    ("ResponseID", "Response ID", 0),
    ("TicketID", "Ticket ID", 0),
    ("SurveyName", "Survey", 0),
    ("RespondentUid", "Respondent UID", 0),
    ("RespondentName", "Respondent", 0),
    ("CompletedDate", "Date Completed", 7),
    ("Rating", "Overall satisfaction (1-5)", 0),
    ("Comments", "Comments", 0),
)
"""(ColumnName, HeaderText, DataType) of the report's columns."""
_RATING_CUM = rand.cumulative((4, 5, 11, 30, 50))
COMMENTS = (
    "Quick and friendly, thank you.",
    "Took longer than I expected.",
    "The technician explained everything clearly.",
    "I had to ask twice before anyone answered.",
    "Problem solved on the first visit.",
    "Great service as always.",
)


def response(world: World, i: int) -> dict[str, Any] | None:
    """The survey response about ticket ``i``, or ``None`` when its requester gave none."""
    rng = rand.stream(world.seed, rand.SURVEY, i)
    if rng.random() >= RESPONSE_SHARE:
        return None
    life = world.life(i)  # the planned history: later touches do not change a response
    if life.completed_ms is None or STATUSES[life.status].status_class != COMPLETED:
        return None
    at = life.completed_ms + HOUR + int(rng.random() * 5 * DAY)
    if at > world.as_of_ms:
        return None
    respondent = world.directory.people[life.p.requester]
    return {
        "ResponseID": RESPONSE_ID_BASE + i, "TicketID": life.p.id, "SurveyName": SURVEY_NAME,
        "RespondentUid": respondent.uid, "RespondentName": respondent.full_name,
        "CompletedDate": fmt_ms(at), "Rating": rand.pick(rng, _RATING_CUM) + 1,
        "Comments": rand.one(rng, COMMENTS) if rng.random() < 0.3 else None,
    }  # fmt: skip


def responses(world: World, count: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(ticket index, response) for every response about the first ``count`` tickets."""
    for i in range(count):
        found = response(world, i)
        if found is not None:
            yield i, found
