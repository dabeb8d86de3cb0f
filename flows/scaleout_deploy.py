"""Set up the work pool of the scale-out flows: queues, per-domain limits, deployments.

Why in Python as well as in deploy/prefect-pool.yaml: `prefect deploy` creates deployments
only; the queues' priorities and limits and the per-domain concurrency limits need API calls,
and the tests build the whole setup programmatically. tests/scale checks that the YAML file
declares exactly the deployments listed here.

    python -m flows.scaleout_deploy --paused           # pool, queues, limits, deployments
    python -m flows.scaleout_deploy                    # later: the same, schedules on
    python -m flows.scaleout_deploy --no-deployments   # or deploy with: prefect deploy --all
                                                       #   --prefect-file deploy/prefect-pool.yaml
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from flows.deployments import FIRST_RUN_DAYS, SCHEDULES, TIMEZONE
from flows.sources import SOURCES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
POOL = "mfa-watch-workers"
TAGS = ("mfa-watch", "scale-out")


@dataclass(frozen=True)
class Queue:
    name: str
    priority: int  # 1 is served first
    limit: int | None  # flow runs of this queue at once, across the pool
    description: str


QUEUES = (
    Queue("crawl", 1, None, "Scheduled crawls and the dispatcher: every worker polls it."),
    Queue("load", 2, None, "The loader: only the worker on the warehouse's machine polls it."),
    Queue("backfill", 10, 2, "Backfill windows, after scheduled work, two at a time."),
)


@dataclass(frozen=True)
class PoolDeployment:
    flow: str
    name: str
    entrypoint: str
    queue: str
    description: str
    cron: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    limit: int | None = None  # runs of this deployment at once
    collision: str = "ENQUEUE"  # what a run beyond the limit does: ENQUEUE | CANCEL_NEW

    @property
    def full_name(self) -> str:
        return f"{self.flow}/{self.name}"


DEPLOYMENTS = (
    PoolDeployment(
        "crawl-source",
        "per-source",
        "flows/scaleout.py:crawl_source",
        "crawl",
        "One source (a backfill: one window) into a landing batch; started by dispatch.",
    ),
    PoolDeployment(
        "load-inbox",
        "loader",
        "flows/scaleout.py:load_inbox",
        "load",
        "The warehouse's only writer: loads every published batch, every 15 minutes.",
        cron="*/15 * * * *",
        limit=1,
        collision="ENQUEUE",
    ),
    *(
        PoolDeployment(
            "dispatch",
            schedule.name,
            "flows/scaleout.py:dispatch",
            "crawl",
            schedule.description,
            cron=schedule.cron,
            parameters={"sources": list(schedule.sources), "first_run_days": FIRST_RUN_DAYS},
            limit=1,
            collision="CANCEL_NEW",
        )
        for schedule in SCHEDULES
        if schedule.sources
    ),
)


def create_pool(pool: str = POOL) -> None:
    """The process work pool and its queues, created when missing (existing ones are kept)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        with contextlib.suppress(ObjectAlreadyExists):
            client.create_work_pool(
                WorkPoolCreate(
                    name=pool,
                    type=ProcessWorker.type,
                    base_job_template=ProcessWorker.get_default_base_job_template(),
                )
            )
        for queue in QUEUES:
            with contextlib.suppress(ObjectAlreadyExists):
                client.create_work_queue(
                    queue.name,
                    description=queue.description,
                    priority=queue.priority,
                    concurrency_limit=queue.limit,
                    work_pool_name=pool,
                )


def deploy(pool: str = POOL, source_dir: Path = PROJECT_ROOT, paused: bool = False) -> list[str]:
    """Create or update every deployment on the pool, code read from source_dir; their names.

    paused: the schedules off (runs started by hand or by dispatch still run). Prefect sets
    the state on every deploy: rerunning without it turns the schedules on.
    """
    from prefect import Flow
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    for spec in DEPLOYMENTS:
        loaded = Flow.from_source(source=str(source_dir), entrypoint=spec.entrypoint)
        assert isinstance(loaded, Flow)  # a sync call: the flow, not a coroutine
        loaded.deploy(
            name=spec.name,
            work_pool_name=pool,
            work_queue_name=spec.queue,
            paused=paused,
            schedules=[Cron(spec.cron, timezone=TIMEZONE)] if spec.cron else None,
            parameters=spec.parameters,
            concurrency_limit=(
                ConcurrencyLimitConfig(
                    limit=spec.limit, collision_strategy=ConcurrencyLimitStrategy(spec.collision)
                )
                if spec.limit
                else None
            ),
            description=spec.description,
            tags=list(TAGS),
            build=False,
            push=False,
            print_next_steps=False,
            ignore_warnings=True,
        )
    return [spec.full_name for spec in DEPLOYMENTS]


def setup(
    pool: str = POOL,
    source_dir: Path = PROJECT_ROOT,
    deployments: bool = True,
    paused: bool = False,
) -> None:
    """Pool, queues, one concurrency limit per source domain, and (optionally) deployments."""
    from flows.scaleout import ensure_domain_limits

    create_pool(pool)
    ensure_domain_limits(SOURCES)
    if deployments:
        deploy(pool, source_dir, paused)


@click.command()
@click.option("--pool", default=POOL, show_default=True, help="Work pool name.")
@click.option(
    "--source-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=PROJECT_ROOT,
    show_default=True,
    help="Where every worker finds the code (the same path on each machine).",
)
@click.option("--no-deployments", is_flag=True, help="Only pool, queues and limits.")
@click.option(
    "--paused",
    is_flag=True,
    help="Schedules off (runs started by hand still run); rerun without it to turn them on.",
)
def main(pool: str, source_dir: Path, no_deployments: bool, paused: bool) -> None:
    """Create the scale-out work pool, its queues, the per-domain limits and the deployments.

    Needs PREFECT_API_URL. Safe to rerun: what exists is kept, deployments are updated.

    Example: PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.scaleout_deploy --paused
    """
    setup(pool, source_dir.resolve(), deployments=not no_deployments, paused=paused)
    click.echo(f"pool {pool}: queues {', '.join(q.name for q in QUEUES)}")
    if not no_deployments:
        click.echo("deployments: " + ", ".join(d.full_name for d in DEPLOYMENTS))


if __name__ == "__main__":
    main()
