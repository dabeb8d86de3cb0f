"""The compose worker's own commands against a real Prefect server, then two runs and an alert.

What `docker compose up` would do in the worker container, done here without Docker: the
commands are taken from deploy/docker-compose.yml and run in the project's environment from the
repository root (the image's /app). Then, with the alert automation of deploy/automations/
installed (a Custom Webhook block aimed at a receiver in this test), the `hourly` deployment
runs twice on the worker against the kt.kz snapshot: a clean run ends Completed and sends no
alert; a run measured long after the snapshot ends NeedsAttention, naming kt.kz, and the
receiver gets exactly one notification saying so.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from flows.deployments import SCHEDULES, TIMEZONE
from flows.pipeline import NEEDS_ATTENTION
from scrapers.snapshot import CAPTURED_AT
from scrapers.snapshot.server import SnapshotServer
from tests.deploy.prefect_server import (
    PROJECT_ROOT,
    VENV_BIN,
    PrefectServer,
    free_port,
    running_server,
    stop_group,
)
from tests.deploy.test_containers import worker_steps

pytestmark = pytest.mark.slow

AUTOMATION = PROJECT_ROOT / "deploy" / "automations" / "mfa-etl-alert.json"
BLOCK_NAME = "mfa-watch-alerts"
SILENT_AS_OF = "2026-06-01T12:00:00+05:00"  # two months after the kt.kz snapshot was taken
ALERT_WAIT_SECONDS = 60.0
MAKE_BLOCK = """
import sys
from prefect.blocks.notifications import CustomWebhookNotificationBlock
block = CustomWebhookNotificationBlock(
    name=sys.argv[2], url=sys.argv[1], json_data={"subject": "{{subject}}", "body": "{{body}}"}
)
print(block.save(sys.argv[2], overwrite=True))
"""


@dataclass
class Receiver:
    """An HTTP endpoint standing in for the alert webhook; keeps every JSON body posted."""

    url: str
    bodies: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    port = free_port()
    got = Receiver(f"http://127.0.0.1:{port}/alerts")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            got.bodies.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield got
    httpd.shutdown()


def run_cli(server: PrefectServer, argv: list[str], home: Path) -> str:
    """A command of the compose file, from the repo root, with the project's bin first."""
    env = server.env(home, PATH=f"{VENV_BIN}:/usr/bin:/bin", COLUMNS="200")
    proc = subprocess.run(
        argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, f"{' '.join(argv)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def deployed(
    tmp_path_factory: pytest.TempPathFactory, receiver: Receiver
) -> Iterator[tuple[PrefectServer, Path]]:
    """Server up, pool + deployments + alert created, one worker polling; (server, tmp root)."""
    root = tmp_path_factory.mktemp("worker-deploy")
    home = root / "client-home"
    with running_server(root) as server:
        *setup, work = worker_steps()
        for argv in setup:
            run_cli(server, argv, home)
        block_id = run_cli(
            server, [str(VENV_BIN / "python"), "-c", MAKE_BLOCK, receiver.url, BLOCK_NAME], home
        ).strip()
        alert = root / "alert.json"
        alert.write_text(AUTOMATION.read_text().replace("NOTIFICATION_BLOCK_ID", block_id))
        run_cli(server, ["prefect", "automation", "create", "--from-file", str(alert)], home)
        env = server.env(
            home,
            PATH=f"{VENV_BIN}:/usr/bin:/bin",
            PREFECT_WORKER_QUERY_SECONDS="2",
            PREFECT_WORKER_WEBSERVER_PORT=str(free_port()),
        )
        with open(root / "worker.log", "wb") as log:
            worker = subprocess.Popen(
                work,
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            yield server, root
        finally:
            stop_group(worker)


def start_hourly(server: PrefectServer, snapshot: SnapshotServer, root: Path, as_of: str) -> str:
    """Trigger the `hourly` deployment on kt.kz's snapshot; the flow run id."""
    deployment = server.get("/deployments/name/mfa-etl/hourly")
    parameters = {
        "sources": ["kt.kz"],
        "first_run_days": None,  # the snapshot's items are older than a live first run reads
        "warehouse": str(root / "warehouse.duckdb"),
        "landing": str(root / "landing"),
        "snapshot": {"kt.kz": snapshot.snapshot_arg("kt.kz")},
        "allow_private_hosts": ["127.0.0.1"],
        "crawl_settings": {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"},
        "crawl_retries": 0,
        "freshness_as_of": {"kt.kz": as_of},
    }
    run = server.post(
        f"/deployments/{deployment['id']}/create_flow_run", {"parameters": parameters}
    )
    return str(run["id"])


def test_prefect_deploy_registered_each_schedule_for_the_pool(
    deployed: tuple[PrefectServer, Path],
) -> None:
    server, _ = deployed
    found = {d["name"]: d for d in server.post("/deployments/filter", {})}
    expected = [s for s in SCHEDULES if s.sources]
    assert sorted(found) == sorted(s.name for s in expected)
    for schedule in expected:
        d = found[schedule.name]
        assert d["entrypoint"] == "flows/pipeline.py:mfa_etl"
        assert d["work_pool_name"] == "mfa-watch"
        assert d["parameters"] == {"sources": list(schedule.sources), "first_run_days": 30}
        assert not d["paused"]
        (s,) = d["schedules"]
        assert (s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) == (
            schedule.cron,
            TIMEZONE,
            True,
        )
        assert d["global_concurrency_limit"]["limit"] == 1
        assert d["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
        # Each run starts in the folder `prefect deploy` ran in (the image's /app).
        assert d["pull_steps"] == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(PROJECT_ROOT)}}
        ]


def test_the_alert_automation_is_installed_and_enabled(
    deployed: tuple[PrefectServer, Path],
) -> None:
    server, _ = deployed
    (automation,) = server.post("/automations/filter", {})
    assert automation["enabled"]
    assert f"prefect.flow-run.{NEEDS_ATTENTION}" in automation["trigger"]["expect"]


def test_worker_runs_a_clean_run_then_a_silent_one_and_only_the_silent_one_alerts(
    deployed: tuple[PrefectServer, Path], receiver: Receiver
) -> None:
    server, root = deployed
    with SnapshotServer(["kt.kz"]) as snapshot:
        clean = server.wait_final(start_hourly(server, snapshot, root, CAPTURED_AT["kt.kz"]))
        silent = server.wait_final(start_hourly(server, snapshot, root, SILENT_AS_OF))

    assert clean["state"]["type"] == "COMPLETED", clean["state"]
    assert "| kt.kz | ok |" in server.summary_markdown(clean["id"])

    assert silent["state"]["type"] == "FAILED"
    assert silent["state"]["name"] == NEEDS_ATTENTION
    assert "kt.kz is silent" in silent["state"]["message"]
    assert "**silent**" in server.summary_markdown(silent["id"])

    deadline = time.monotonic() + ALERT_WAIT_SECONDS
    while not receiver.bodies and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3.0)  # a stray second alert (e.g. for the clean run) would arrive by now
    assert len(receiver.bodies) == 1, receiver.bodies
    (alert,) = receiver.bodies
    assert alert["subject"] == f"mfa-etl {silent['name']}: {NEEDS_ATTENTION}"
    assert "kt.kz is silent" in alert["body"]
    assert f"{server.url}/runs/flow-run/{silent['id']}" in alert["body"]
