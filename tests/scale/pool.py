"""A Prefect server, the scale-out work pool and long-lived workers, for the scale-out tests.

Built the way an administrator builds it: `prefect server start` (tests/deploy/prefect_server.py:
SQLite, 127.0.0.1, a free port, telemetry off), then `python -m flows.scaleout_deploy` (pool,
queues, per-domain limits, deployments from this checkout), then each worker through
scripts/worker.sh. Every process runs in its own session and is stopped by its process group
(workers first, then the server), also when the test fails. Like tests/deploy, the tests talk to
the server over HTTP only: the pytest process may hold Prefect's test harness settings.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from flows.scaleout_deploy import POOL
from tests.deploy.prefect_server import (
    FINAL_STATES,
    PROJECT_ROOT,
    VENV_BIN,
    PrefectServer,
    running_server,
    stop_group,
)

WORKER_SCRIPT = PROJECT_ROOT / "scripts" / "worker.sh"
ONLINE_TIMEOUT_SECONDS = 60.0
BUSY_RETRIES = 8
POLL_SECONDS = "2"  # workers ask for runs every 2 s (Prefect's default is 10)


@dataclass(frozen=True)
class WorkerSpec:
    name: str
    queues: str  # comma-separated, as scripts/worker.sh takes them
    limit: int = 3


TWO_WORKERS = (WorkerSpec("w1", "crawl,backfill,load"), WorkerSpec("w2", "crawl,backfill"))


@dataclass
class Pool:
    server: PrefectServer
    root: Path
    workers: dict[str, subprocess.Popen[bytes]]

    def get(self, path: str) -> Any:
        """GET an API path; retried while the server answers 503 (SQLite busy)."""
        return _retrying(lambda: self.server.get(path))

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST to an API path; retried while the server answers 503 (SQLite busy)."""
        return _retrying(lambda: self.server.post(path, body))

    def deployment_id(self, full_name: str) -> str:
        """The id of a deployment named `flow/deployment`."""
        return str(self.get(f"/deployments/name/{full_name}")["id"])

    def run(self, full_name: str, parameters: dict[str, Any]) -> str:
        """Start a run of a deployment now; its flow run id."""
        path = f"/deployments/{self.deployment_id(full_name)}/create_flow_run"
        return str(self.post(path, {"parameters": parameters})["id"])

    def runs_of(self, full_name: str) -> list[dict[str, Any]]:
        """Every flow run of a deployment."""
        body = {"flow_runs": {"deployment_id": {"any_": [self.deployment_id(full_name)]}}}
        runs: list[dict[str, Any]] = self.post("/flow_runs/filter", body)
        return runs

    def wait_all(self, ids: Sequence[str], timeout: float = 240.0) -> list[dict[str, Any]]:
        """The flow runs once each is final, in the order of ids."""
        deadline = time.monotonic() + timeout
        out = []
        for flow_run_id in ids:
            while True:
                run: dict[str, Any] = self.get(f"/flow_runs/{flow_run_id}")
                if (run.get("state") or {}).get("type") in FINAL_STATES:
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"flow run {run.get('name')} still {run.get('state')}")
                time.sleep(1.0)
            out.append(run)
        return out

    def table_artifact(self, flow_run_id: str, key: str) -> list[dict[str, Any]]:
        """The rows of a table artifact a flow run created."""
        found = self.artifacts(flow_run_id, key)
        assert found, f"no artifact {key} for flow run {flow_run_id}"
        rows: list[dict[str, Any]] = json.loads(found[0]["data"])
        return rows

    def artifacts(self, flow_run_id: str, key: str) -> list[dict[str, Any]]:
        """The artifacts with this key a flow run created."""
        body = {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}, "key": {"any_": [key]}}}
        found: list[dict[str, Any]] = self.post("/artifacts/filter", body)
        return found

    def online_workers(self) -> set[str]:
        found = self.post(f"/work_pools/{POOL}/workers/filter", {})
        return {w["name"] for w in found if w.get("status") == "ONLINE"}


def _retrying(call: Callable[[], Any]) -> Any:
    """A server call, retried with backoff on 503: Prefect's answer when SQLite is busy (its
    own client retries the same way); on a loaded 2-core box this happens."""
    for attempt in range(BUSY_RETRIES):
        try:
            return call()
        except urllib.error.HTTPError as exc:
            if exc.code != HTTPStatus.SERVICE_UNAVAILABLE or attempt == BUSY_RETRIES - 1:
                raise
        time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def _setup(server: PrefectServer, home: Path, log: Path) -> None:
    # --paused: the dispatch schedules must not fire during a test (they would crawl the
    # live sites); runs started through the API still run.
    cmd = [str(VENV_BIN / "python"), "-m", "flows.scaleout_deploy", "--paused"]
    with open(log, "wb") as out:
        proc = subprocess.run(
            cmd, cwd=PROJECT_ROOT, env=server.env(home), stdout=out, stderr=out, timeout=180
        )
    assert proc.returncode == 0, log.read_text(errors="replace")[-3000:]


def _start_worker(server: PrefectServer, home: Path, spec: WorkerSpec, log: Path) -> Any:
    cmd = ["bash", str(WORKER_SCRIPT), "--name", spec.name, "--queues", spec.queues]
    cmd += ["--limit", str(spec.limit)]
    env = server.env(home, PREFECT_WORKER_QUERY_SECONDS=POLL_SECONDS)
    with open(log, "wb") as out:
        return subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


@contextmanager
def running_pool(root: Path, workers: Sequence[WorkerSpec] = TWO_WORKERS) -> Iterator[Pool]:
    """Server, pool, deployments and the workers, all ONLINE; everything stopped after."""
    home = root / "client-home"
    with ExitStack() as stack:
        server = stack.enter_context(running_server(root))
        _setup(server, home, root / "setup.log")
        procs: dict[str, subprocess.Popen[bytes]] = {}
        for spec in workers:
            procs[spec.name] = _start_worker(server, home, spec, root / f"{spec.name}.log")
            stack.callback(stop_group, procs[spec.name])  # runs before the server stops
        pool = Pool(server, root, procs)
        deadline = time.monotonic() + ONLINE_TIMEOUT_SECONDS
        while pool.online_workers() != set(procs):
            dead = {n: p.returncode for n, p in procs.items() if p.poll() is not None}
            assert not dead, f"workers exited: {dead}; logs in {root}"
            assert time.monotonic() < deadline, f"workers not online: {pool.online_workers()}"
            time.sleep(0.5)
        yield pool
