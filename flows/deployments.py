"""The scheduled deployments of mfa-etl, served from one process by `mfa-watch serve`.

Cadences fit the sources: the Astana Times feed holds only its newest 10 items (about 11 hours),
so it is polled every 30 minutes; the ministry and the other outlets publish through the working
day and are crawled hourly. One run at a time per deployment: a late run is cancelled rather than
overlapping the next (CANCEL_NEW). Schedules are in Astana time. `deploy/prefect.yaml` declares the
same deployments for a work pool (`prefect deploy --all`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.sources import SOURCES

TIMEZONE = "Asia/Almaty"
FIRST_RUN_DAYS = 30  # a source never crawled is read back this far, not to its first page


@dataclass(frozen=True)
class Schedule:
    name: str
    cron: str
    sources: tuple[str, ...]
    description: str


FAST_FEEDS = ("astanatimes.com",)

SCHEDULES = (
    Schedule(
        "hourly",
        "5 * * * *",
        tuple(s for s in SOURCES if s not in FAST_FEEDS),
        "The ministry and the outlets, every hour at :05.",
    ),
    Schedule(
        "fast-feeds",
        "*/30 * * * *",
        tuple(s for s in SOURCES if s in FAST_FEEDS),
        "Short feeds that turn over within hours, every 30 minutes.",
    ),
)


def deployments() -> list[Any]:
    """RunnerDeployments of mfa-etl, one per schedule with sources to crawl."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    from flows.pipeline import mfa_etl

    out = []
    for schedule in SCHEDULES:
        if not schedule.sources:
            continue
        out.append(
            mfa_etl.to_deployment(
                name=schedule.name,
                schedules=[Cron(schedule.cron, timezone=TIMEZONE)],
                parameters={"sources": list(schedule.sources), "first_run_days": FIRST_RUN_DAYS},
                concurrency_limit=ConcurrencyLimitConfig(
                    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
                ),
                description=schedule.description,
                tags=["mfa-watch"],
            )
        )
    return out
