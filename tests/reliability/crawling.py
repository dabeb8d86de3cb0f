"""Running a real spider in a subprocess and reading back everything it left behind.

Why not tests/helpers or flows.crawl.run_crawl: these tests need what the flow hides: the
subprocess's peak memory (VmHWM, polled while it runs), its exit code and log, the batch even
when the verdict did not publish it (`.failed-<run_id>/`), and a fake DNS for the SSRF tests.
Several crawls can run at once (`start`, then `finish`), which keeps the suite within budget.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is
CRAWL_TIMEOUT = 150.0  # no crawl in these tests may take longer: a hung job fails the test
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
ARTIFACTS = "_test"  # beside the landing folder: the crawl's log and fake DNS, not its output

# Installed in the crawl's Python through PYTHONPATH (sitecustomize runs at start-up). Maps names
# to answers: a list is every record (getaddrinfo gives all, gethostbyname the last); a dict
# {"first": [...], "then": [...]} answers differently on the first lookup (DNS rebinding).
FAKE_DNS = """
import json, os, socket
_MAP = json.loads(os.environ.get("MFA_TEST_FAKE_DNS", "{}"))
_SEEN = {}
_getaddrinfo, _gethostbyname = socket.getaddrinfo, socket.gethostbyname

def _answer(host):
    entry = _MAP.get(str(host).lower().rstrip("."))
    if entry is None:
        return None
    if isinstance(entry, dict):
        n = _SEEN[host] = _SEEN.get(host, 0) + 1
        return entry["first"] if n == 1 else entry["then"]
    return entry

def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    ips = _answer(host)
    if ips is None:
        return _getaddrinfo(host, port, family, type, proto, flags)
    out = []
    for ip in ips:
        fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
        addr = (ip, port or 0, 0, 0) if fam == socket.AF_INET6 else (ip, port or 0)
        out.append((fam, socket.SOCK_STREAM, 6, "", addr))
    return out

def gethostbyname(host):
    ips = _answer(host)
    return _gethostbyname(host) if ips is None else ips[-1]

socket.getaddrinfo, socket.gethostbyname = getaddrinfo, gethostbyname
"""


@dataclass
class CrawlRun:
    """What one crawl left: exit code, log, the batch folder (published or not), peak memory."""

    source: str
    run_id: str
    landing: Path
    returncode: int
    output: str = field(repr=False)
    maxrss_kib: int
    seconds: float
    batch: Path | None
    manifest: dict[str, Any] = field(default_factory=dict, repr=False)
    items: list[dict[str, Any]] = field(default_factory=list, repr=False)
    pages: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def published(self) -> bool:
        return self.batch is not None and not self.batch.name.startswith(".")

    @property
    def stats(self) -> dict[str, Any]:
        return dict(self.manifest.get("stats") or {})

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.manifest.get("errors") or [])

    def errors_for(self, fragment: str) -> list[dict[str, Any]]:
        """Recorded errors whose URL contains `fragment`."""
        return [e for e in self.errors if fragment in str(e.get("url", ""))]

    def item_urls(self) -> list[str]:
        return [str(i["url"]) for i in self.items]


@dataclass
class Running:
    proc: subprocess.Popen[bytes]
    source: str
    run_id: str
    landing: Path
    log: Path
    started: float
    peak_kib: list[int] = field(default_factory=lambda: [0])  # written by the watcher thread

    def watch_memory(self) -> None:
        """Poll the crawl's peak RSS until it exits (a daemon thread runs this)."""
        while True:
            peak = _peak_rss_kib(self.proc.pid)
            if peak == 0:
                return  # exited (a zombie has no memory left to report)
            self.peak_kib[0] = max(self.peak_kib[0], peak)
            time.sleep(0.02)


def start(
    source: str,
    host_map: str,
    landing: Path,
    run_id: str = "run",
    *,
    settings: Mapping[str, str] | None = None,
    args: Mapping[str, str] | None = None,
    allow: tuple[str, ...] = ("127.0.0.1",),
    fake_dns: Mapping[str, Any] | None = None,
) -> Running:
    """Start `scrapy crawl <source>` against a loopback host map (returns at once)."""
    landing.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "scrapy", "crawl", source, "-a", f"snapshot={host_map}"]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    all_settings = {
        "MFA_ALLOW_PRIVATE_HOSTS": ",".join(allow),
        "MFA_LANDING_DIR": str(landing),
        "MFA_RUN_ID": run_id,
        **FAST,
        **(settings or {}),
    }
    for key, value in all_settings.items():
        cmd += ["-s", f"{key}={value}"]
    path = [str(ROOT)]
    env = dict(os.environ)
    artifacts = landing.parent / ARTIFACTS
    artifacts.mkdir(exist_ok=True)
    if fake_dns is not None:
        shim = artifacts / f"fakedns-{run_id}"
        shim.mkdir(exist_ok=True)
        (shim / "sitecustomize.py").write_text(FAKE_DNS, encoding="utf-8")
        path.insert(0, str(shim))
        env["MFA_TEST_FAKE_DNS"] = json.dumps(dict(fake_dns))
    env["PYTHONPATH"] = os.pathsep.join(path)
    log = artifacts / f"crawl-{source}-{run_id}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Running(proc, source, run_id, landing, log, time.monotonic())
    threading.Thread(target=running.watch_memory, daemon=True).start()
    return running


def finish(running: Running, timeout: float = CRAWL_TIMEOUT) -> CrawlRun:
    """Wait for a crawl (killing it past `timeout`) and read its batch."""
    pid = running.proc.pid
    deadline = running.started + timeout
    status = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.02)
    running.proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - running.started
    folder = running.landing / running.source
    candidates = [folder / running.run_id, folder / f".failed-{running.run_id}"]
    batch = next((c for c in candidates if (c / "manifest.json").is_file()), None)
    run = CrawlRun(
        source=running.source,
        run_id=running.run_id,
        landing=running.landing,
        returncode=running.proc.returncode,
        output=running.log.read_text(encoding="utf-8", errors="replace"),
        maxrss_kib=running.peak_kib[0],
        seconds=seconds,
        batch=batch,
    )
    if batch is not None:
        run.manifest = json.loads((batch / "manifest.json").read_text(encoding="utf-8"))
        run.items = _jsonl(batch / "items.jsonl")
        run.pages = _jsonl(batch / "pages.jsonl")
    return run


def crawl(source: str, host_map: str, landing: Path, **kwargs: Any) -> CrawlRun:
    """Run one crawl to its end."""
    return finish(start(source, host_map, landing, **kwargs))


def _peak_rss_kib(pid: int) -> int:
    """The process's peak resident set since its exec (VmHWM); 0 once it is gone.

    Not wait4()'s ru_maxrss: Linux carries the parent's RSS at fork into it, so every child of
    a large pytest process would report the same number.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
