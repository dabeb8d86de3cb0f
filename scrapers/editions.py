"""Which editions of a multi-edition source a scheduled run polls: the primary, and one in turn.

Why: kt.kz, Kazinform and Tengrinews each publish ru/kk/en editions, each with its own feed or
listing. Asking all three on every run costs three requests of a site that has nothing new,
and most runs find nothing new. The ministry's releases appear in all editions together, so:
- the primary edition (the Russian one, the busiest) is asked on every run;
- when it shows something new, the run asks every other edition too;
- otherwise the run asks ONE secondary edition, the one checked least recently (never-checked
  first), so an edition that changed alone is seen within as many runs as there are secondaries;
- a secondary not checked for more than MAX_SECONDARY_AGE is asked regardless (sparse runs);
- with no record of any earlier check (a first run) every edition is asked.

"Checked" means the edition's entry URL answered (a 200 or a 304) in a run the warehouse
loaded; the caller reads it from there. Pure: no clock, no I/O; `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# The hourly schedule (deploy/prefect.yaml) reaches each of two secondaries every 2 h by
# rotation; 3 h leaves one missed or failed run of slack before a stale edition is forced, and
# stays well inside the time these sites' 20-item feeds and listing pages take to turn over (the
# fastest feed on record, Astana Times' 10 items, spans about 11 h: SOURCES.md §4).
MAX_SECONDARY_AGE = timedelta(hours=3)

FIRST_RUN = "first run"  # no edition was ever checked: ask them all
PRIMARY_NEW = "primary had something new"  # a release shows in every edition: ask them all
ROTATION = "rotation"  # nothing new on the primary: the stalest secondary, plus overdue ones


@dataclass(frozen=True)
class Edition:
    """One edition's entry (feed or listing page) and when it last answered, if ever."""

    key: str  # the spider's name for it, e.g. "ru" or the entry URL
    last_checked: datetime | None = None  # timezone-aware


@dataclass(frozen=True)
class Choice:
    """The editions to poll (primary first, then secondaries in the given order) and why."""

    keys: tuple[str, ...]
    reason: str
    overdue: tuple[str, ...] = ()  # secondaries asked because they passed the maximum age


def choose(
    primary: Edition,
    secondaries: Sequence[Edition],
    now: datetime,
    *,
    primary_new: bool = False,
    max_age: timedelta = MAX_SECONDARY_AGE,
) -> Choice:
    """The editions a run polls, given when each was last checked and what the primary said."""
    keys = [primary.key, *(e.key for e in secondaries)]
    if len(set(keys)) != len(keys):
        raise ValueError(f"edition keys must be unique: {keys}")
    if primary_new:
        return Choice(tuple(keys), PRIMARY_NEW)
    if all(e.last_checked is None for e in (primary, *secondaries)):
        return Choice(tuple(keys), FIRST_RUN)
    overdue = {e.key for e in secondaries if _age(e, now) > max_age}
    chosen = set(overdue)
    if secondaries:
        chosen.add(min(secondaries, key=_staleness).key)
    return Choice(
        (primary.key, *(e.key for e in secondaries if e.key in chosen)),
        ROTATION,
        tuple(e.key for e in secondaries if e.key in overdue),
    )


def _age(edition: Edition, now: datetime) -> timedelta:
    """Time since the last check; zero for a never-checked edition (it comes first anyway)."""
    return now - edition.last_checked if edition.last_checked is not None else timedelta(0)


def _staleness(edition: Edition) -> tuple[int, float]:
    """Sort key: never-checked first, then the oldest check (ties keep the given order)."""
    if edition.last_checked is None:
        return (0, 0.0)
    return (1, edition.last_checked.timestamp())
