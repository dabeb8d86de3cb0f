"""deploy/systemd units: what runs, as whom, where, with which environment, and how it stops.

Read with configparser (strict=False: systemd allows repeated keys such as Environment=), and
Environment= lines collected separately since configparser keeps only the last one. Where
`systemd-analyze` exists, the units are also verified by systemd itself on copies whose
/opt/mfa-watch paths point at this checkout.
"""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.deploy.prefect_server import VENV_BIN

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SERVER_UNIT = "mfa-watch-prefect-server.service"
SERVE_UNIT = "mfa-watch-serve.service"
INSTALL_DIR = "/opt/mfa-watch"
STATE_DIR = "/var/lib/mfa-watch"
EXEC_START = re.compile(r"^/opt/mfa-watch/\.venv/bin/(?P<bin>prefect|mfa-watch)(?: |$)")
TELEMETRY_OFF = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
SYSTEMD_COMPLAINTS = ("Unknown key", "Failed to parse", "not executable", "Invalid", "ignoring")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((UNITS / name).read_text(encoding="utf-8"), source=name)
    return parser


def environment(name: str) -> dict[str, str]:
    """Every Environment=KEY=VALUE line of a unit."""
    env = {}
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            env[key] = value
    return env


def test_there_is_a_unit_for_the_server_and_one_for_the_scheduled_runs() -> None:
    assert sorted(p.name for p in UNITS.glob("*.service")) == [SERVER_UNIT, SERVE_UNIT]


@pytest.mark.parametrize("name", [SERVER_UNIT, SERVE_UNIT])
def test_each_unit_runs_a_project_binary_as_its_own_user_and_restarts(name: str) -> None:
    service = unit(name)["Service"]
    m = EXEC_START.match(service["ExecStart"])
    assert m, service["ExecStart"]
    assert (VENV_BIN / m.group("bin")).is_file()
    assert service["User"] == service["Group"] == "mfa-watch"
    assert service["WorkingDirectory"] == STATE_DIR
    assert service["StateDirectory"] == "mfa-watch"  # systemd creates it, owned by User
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "yes"
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.parametrize("name", [SERVER_UNIT, SERVE_UNIT])
def test_each_unit_stops_with_one_sigterm_and_a_bounded_wait(name: str) -> None:
    service = unit(name)["Service"]
    # SIGTERM: the server forwards it to its API process; the runner of `serve` cancels its
    # run and exits. SIGINT would be a trap (ignored when inherited ignored, SCALING §2.3).
    assert service["KillSignal"] == "SIGTERM"
    assert service["KillMode"] == "mixed"
    assert 10 <= int(service["TimeoutStopSec"]) <= 120


@pytest.mark.parametrize("name", [SERVER_UNIT, SERVE_UNIT])
def test_each_unit_keeps_prefect_offline_with_its_home_in_the_state_dir(name: str) -> None:
    env = environment(name)
    for key, value in TELEMETRY_OFF.items():
        assert env[key] == value
    assert env["PREFECT_HOME"] == f"{STATE_DIR}/prefect"


def test_the_server_listens_on_loopback_where_the_serve_unit_looks_for_it() -> None:
    argv = shlex.split(unit(SERVER_UNIT)["Service"]["ExecStart"])
    assert argv[1:3] == ["server", "start"]
    host, port = argv[argv.index("--host") + 1], argv[argv.index("--port") + 1]
    assert host == "127.0.0.1"
    serve_env = environment(SERVE_UNIT)
    assert serve_env["PREFECT_API_URL"] == f"http://{host}:{port}/api"
    server_env = environment(SERVER_UNIT)
    assert server_env["PREFECT_UI_URL"] == f"http://{host}:{port}"
    assert server_env["PREFECT_UI_API_URL"] == f"http://{host}:{port}/api"  # not implied by --port
    assert f"/dev/tcp/{host}/{port}" in unit(SERVE_UNIT)["Service"]["ExecStartPre"]


def test_the_serve_unit_runs_mfa_watch_serve_after_the_server() -> None:
    u = unit(SERVE_UNIT)
    argv = shlex.split(u["Service"]["ExecStart"])
    assert argv[1:] == ["serve"]
    assert SERVER_UNIT in u["Unit"]["After"].split()
    assert u["Unit"]["Requires"] == SERVER_UNIT
    from flows.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Serve the scheduled deployments" in result.output


def test_the_serve_unit_points_the_cli_at_the_warehouse_the_flow_writes() -> None:
    # Served runs write data/warehouse.duckdb relative to WorkingDirectory; `mfa-watch sql`
    # run by the same user then finds the same file through MFA_WATCH_WAREHOUSE.
    service = unit(SERVE_UNIT)["Service"]
    expected = f"{service['WorkingDirectory']}/data/warehouse.duckdb"
    assert environment(SERVE_UNIT)["MFA_WATCH_WAREHOUSE"] == expected


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
@pytest.mark.parametrize("name", [SERVER_UNIT, SERVE_UNIT])
def test_systemd_accepts_each_unit(name: str, tmp_path: Path) -> None:
    text = (UNITS / name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_text(text.replace(f"{INSTALL_DIR}/.venv", str(VENV_BIN.parent)), encoding="utf-8")
    proc = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    complaints = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if name in line and any(c in line for c in SYSTEMD_COMPLAINTS)
    ]
    assert complaints == []
