"""How a guide's step is cited: one numbered list, or several (seed 002's two parts)."""

from __future__ import annotations

from ticketlake.checks.guide import Guide

ONE_LIST = Guide("Toy setup", {1: "Create the API user", 2: "Give it read access"})
TWO_PARTS = Guide(
    "Two-part setup",
    {101: "Copy the level", 110: "Set Service Desk", 204: "Generate the credentials"},
    parts={1: "Security level", 2: "API user"},
)


def test_a_guide_of_one_list_cites_step_numbers() -> None:
    assert ONE_LIST.cite(2) == "Step 2: Give it read access"
    assert ONE_LIST.cite(None) == ""


def test_a_guide_of_several_lists_cites_the_list_and_its_own_step_number() -> None:
    assert TWO_PARTS.cite(110) == "Security level, step 10: Set Service Desk"
    assert TWO_PARTS.cite(204) == "API user, step 4: Generate the credentials"
    assert TWO_PARTS.cite(None) == ""
