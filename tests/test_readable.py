"""Figures as people read them."""

from __future__ import annotations

from ticketlake.readable import fraction_words


def test_a_share_near_a_common_fraction_reads_as_that_fraction() -> None:
    assert fraction_words(808 / 3000) == "about a quarter"
    assert fraction_words(49 / 150) == "about a third"
    assert fraction_words(0.5) == "about half"
    assert fraction_words(0.74) == "about three quarters"


def test_other_shares_read_as_percentages() -> None:
    assert fraction_words(0.12) == "about 12 %"
    assert fraction_words(0.92) == "about 92 %"
    assert fraction_words(0.001) == "less than 1 %"
