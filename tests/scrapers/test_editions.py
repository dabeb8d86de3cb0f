"""Which editions a run polls (scrapers.editions): primary always, one secondary in turn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from scrapers.editions import (
    FIRST_RUN,
    MAX_SECONDARY_AGE,
    PRIMARY_NEW,
    ROTATION,
    Choice,
    Edition,
    choose,
)

NOW = datetime(2026, 3, 27, 12, 5, tzinfo=UTC)


def ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


def test_a_first_run_polls_every_edition() -> None:
    choice = choose(Edition("ru"), [Edition("en"), Edition("kk")], NOW)
    assert choice == Choice(("ru", "en", "kk"), FIRST_RUN)


def test_an_unchanged_site_polls_the_primary_and_the_stalest_secondary() -> None:
    primary = Edition("ru", ago(60))
    choice = choose(primary, [Edition("en", ago(60)), Edition("kk", ago(120))], NOW)
    assert choice.keys == ("ru", "kk")
    assert choice.reason == ROTATION
    assert choice.overdue == ()


def test_the_rotation_moves_on_to_the_other_secondary_next_run() -> None:
    # run 1 polled everything an hour apart from now; run 2 polled ru + kk; run 3 must take en
    after_run_2 = [Edition("en", ago(120)), Edition("kk", ago(60))]
    assert choose(Edition("ru", ago(60)), after_run_2, NOW).keys == ("ru", "en")


def test_a_never_checked_secondary_comes_first() -> None:
    secondaries = [Edition("en", ago(150)), Edition("kk", None), Edition("tr", ago(170))]
    assert choose(Edition("ru", ago(60)), secondaries, NOW).keys == ("ru", "kk")


def test_ties_keep_the_given_order() -> None:
    same = ago(60)
    choice = choose(Edition("ru", same), [Edition("en", same), Edition("kk", same)], NOW)
    assert choice.keys == ("ru", "en")
    never = choose(Edition("ru", same), [Edition("en"), Edition("kk")], NOW)
    assert never.keys == ("ru", "en")


def test_something_new_on_the_primary_polls_every_edition() -> None:
    secondaries = [Edition("en", ago(10)), Edition("kk", ago(20))]
    choice = choose(Edition("ru", ago(5)), secondaries, NOW, primary_new=True)
    assert choice == Choice(("ru", "en", "kk"), PRIMARY_NEW)


def test_a_secondary_past_the_maximum_age_is_polled_besides_the_stalest() -> None:
    limit = int(MAX_SECONDARY_AGE.total_seconds() // 60)
    secondaries = [
        Edition("en", ago(limit + 1)),  # overdue, but not the stalest
        Edition("kk", ago(limit + 30)),  # the stalest (and overdue too)
        Edition("tr", ago(limit)),  # exactly at the limit: not over it
        Edition("uz", ago(30)),
    ]
    choice = choose(Edition("ru", ago(60)), secondaries, NOW)
    assert choice.keys == ("ru", "en", "kk")
    assert choice.overdue == ("en", "kk")
    assert choice.reason == ROTATION


def test_the_maximum_age_can_be_set() -> None:
    secondaries = [Edition("en", ago(50)), Edition("kk", ago(40))]
    choice = choose(Edition("ru", ago(60)), secondaries, NOW, max_age=timedelta(minutes=30))
    assert choice.keys == ("ru", "en", "kk")
    assert choice.overdue == ("en", "kk")


def test_an_unchanged_site_costs_two_entries_at_most_when_runs_are_hourly() -> None:
    """Hourly runs over a site that never changes: two entries a run, each edition every 2 h."""
    checked: dict[str, datetime | None] = {"ru": None, "en": None, "kk": None}
    polled_at: dict[str, list[int]] = {"en": [], "kk": []}
    for hour in range(12):
        now = NOW + timedelta(hours=hour)
        primary, *secondaries = (Edition(k, v) for k, v in checked.items())
        choice = choose(primary, secondaries, now)
        if hour > 0:
            assert len(choice.keys) == 2, (hour, choice)
        for key in choice.keys:
            checked[key] = now
            if key in polled_at:
                polled_at[key].append(hour)
    for hours in polled_at.values():
        gaps = [b - a for a, b in pairwise(hours)]
        assert gaps and max(gaps) <= 2, polled_at


def test_sparse_runs_poll_every_overdue_secondary() -> None:
    """Runs four hours apart: both secondaries are past three hours, so both are asked."""
    secondaries = [Edition("en", ago(240)), Edition("kk", ago(240))]
    assert choose(Edition("ru", ago(240)), secondaries, NOW).keys == ("ru", "en", "kk")


def test_a_checked_primary_with_never_checked_secondaries_is_no_first_run() -> None:
    choice = choose(Edition("ru", ago(60)), [Edition("en"), Edition("kk")], NOW)
    assert choice == Choice(("ru", "en"), ROTATION)


def test_a_source_with_one_edition_polls_it() -> None:
    assert choose(Edition("ru", ago(60)), [], NOW).keys == ("ru",)
    assert choose(Edition("ru"), [], NOW).reason == FIRST_RUN


def test_edition_keys_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        choose(Edition("ru", ago(1)), [Edition("ru", ago(2))], NOW)
