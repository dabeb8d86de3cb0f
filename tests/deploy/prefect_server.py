"""A real `prefect server start` for the tests that need one (deployments, worker, UI).

Why not the session's `prefect_harness`: the deploy and UI tests check what an administrator
runs (the CLI, a worker, the UI), so they start the same server in a subprocess, in its own
session (its uvicorn child is stopped with it), with a PREFECT_HOME of its own and telemetry
off. The harness overrides Prefect's settings inside the pytest process once it has started,
so these tests talk to their server only over HTTP and through subprocesses given an explicit
environment, never through Prefect's in-process client.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent  # the interpreter running pytest: .venv/bin
HEALTH_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 15.0
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
OFFLINE = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without Prefect or mfa-watch settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "MFA_WATCH_"))}
    env.update(OFFLINE, PREFECT_HOME=str(home), **extra)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def stop_group(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM the process group of proc (started with start_new_session), SIGKILL if it stays."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout)
    except ProcessLookupError:
        pass


@dataclass(frozen=True)
class PrefectServer:
    url: str  # the UI, e.g. http://127.0.0.1:4321
    home: Path
    log: Path

    @property
    def api(self) -> str:
        return f"{self.url}/api"

    def env(self, home: Path | None = None, **extra: str) -> dict[str, str]:
        """The environment of a client of this server (its own PREFECT_HOME if given)."""
        return clean_env(home or self.home, self.api, **extra)

    def get(self, path: str) -> Any:
        """GET an API path, parsed JSON."""
        with urllib.request.urlopen(f"{self.api}{path}", timeout=30) as reply:
            return json.loads(reply.read())

    def post(self, path: str, body: Mapping[str, Any] | None = None) -> Any:
        """POST JSON to an API path, parsed JSON (None for an empty answer)."""
        request = urllib.request.Request(
            f"{self.api}{path}",
            data=json.dumps(body or {}).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            data = reply.read()
        return json.loads(data) if data else None

    def wait_final(self, flow_run_id: str, timeout: float = 240.0) -> dict[str, Any]:
        """The flow run once its state is final (Completed, Failed, Crashed, Cancelled)."""
        deadline = time.monotonic() + timeout
        while True:
            run: dict[str, Any] = self.get(f"/flow_runs/{flow_run_id}")
            if (run.get("state") or {}).get("type") in FINAL_STATES:
                return run
            if time.monotonic() > deadline:
                raise TimeoutError(f"flow run {flow_run_id} still {run.get('state')}")
            time.sleep(1.0)

    def summary_markdown(self, flow_run_id: str) -> str:
        """The mfa-etl-summary artifact a flow run published."""
        found = self.post(
            "/artifacts/filter",
            {
                "artifacts": {
                    "flow_run_id": {"any_": [flow_run_id]},
                    "key": {"any_": ["mfa-etl-summary"]},
                }
            },
        )
        assert found, f"no mfa-etl-summary artifact for flow run {flow_run_id}"
        return str(found[0]["data"])


def ui_urls(url: str) -> dict[str, str]:
    """Where the UI (and alert links) reach the server: `--port` alone does not tell the UI,
    which otherwise calls the API on port 4200 whatever port the server listens on."""
    return {"PREFECT_UI_URL": url, "PREFECT_UI_API_URL": f"{url}/api"}


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/health", timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextmanager
def running_server(root: Path) -> Iterator[PrefectServer]:
    """`prefect server start` on a free 127.0.0.1 port, home and log under root; stopped after."""
    port = free_port()
    home, log = root / "prefect-server-home", root / "prefect-server.log"
    home.mkdir(parents=True, exist_ok=True)
    server = PrefectServer(f"http://127.0.0.1:{port}", home, log)
    cmd = [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1"]
    cmd += ["--port", str(port)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            env=clean_env(home, **ui_urls(server.url)),
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
        while not _healthy(server.url):
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited {proc.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"prefect server not healthy in 90 s:\n{_tail(log)}")
            time.sleep(0.5)
        yield server
    finally:
        stop_group(proc)
