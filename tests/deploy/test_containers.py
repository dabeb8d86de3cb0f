"""deploy/Dockerfile and deploy/docker-compose.yml, checked as far as a machine without Docker can.

Nothing here builds or starts a container. The compose file is parsed (services, their order,
volumes, environment with telemetry off, healthchecks), every command a service runs is run
with `--help` in the project's environment (so a renamed CLI option fails here, not on the
server), and the Dockerfile's COPY sources, user, volume and environment are read back.
"""

from __future__ import annotations

import itertools
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.deploy.prefect_server import VENV_BIN

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
POOL = "mfa-watch"
TELEMETRY_OFF = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
PREFECT_SERVICES = ("prefect-server", "worker")
DEFAULTED = re.compile(r"\$\{(\w+):-([^}]*)\}")  # ${VAR:-default}, as compose expands it


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def service(name: str) -> dict[str, Any]:
    svc = compose()["services"][name]
    assert isinstance(svc, dict)
    return svc


def expand(value: str) -> str:
    """A compose value with its ${VAR:-default} references at their defaults."""
    return DEFAULTED.sub(lambda m: m.group(2), value)


def worker_steps() -> list[list[str]]:
    """The worker's `sh -c` script as argv lists, in order (`exec` dropped)."""
    command = service("worker")["command"]
    assert command[:2] == ["sh", "-c"], command
    steps = [shlex.split(step) for step in command[2].split("&&")]
    return [step[1:] if step[0] == "exec" else step for step in steps]


def service_commands() -> list[list[str]]:
    return [service("prefect-server")["command"], *worker_steps()]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, args = line.partition(" ")
            out.append((keyword.upper(), " ".join(args.split())))
    return out


def instructions(keyword: str) -> list[str]:
    return [args for kw, args in dockerfile_instructions() if kw == keyword]


# --- compose: services, order, storage ---------------------------------------------------


def test_compose_has_the_database_the_server_and_a_worker() -> None:
    assert set(compose()["services"]) == {"postgres", "prefect-server", "worker"}
    assert service("postgres")["image"] == "postgres:16"


def test_services_start_in_order_once_the_previous_one_is_healthy() -> None:
    assert service("prefect-server")["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert service("worker")["depends_on"] == {"prefect-server": {"condition": "service_healthy"}}


@pytest.mark.parametrize("name", ["postgres", "prefect-server", "worker"])
def test_every_service_has_a_healthcheck_and_restarts(name: str) -> None:
    svc = service(name)
    test = svc["healthcheck"]["test"]
    assert test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1
    assert svc["restart"] == "unless-stopped"


def test_server_healthcheck_asks_the_port_the_server_listens_on() -> None:
    svc = service("prefect-server")
    command = svc["command"]
    port = command[command.index("--port") + 1]
    assert f"127.0.0.1:{port}/api/health" in " ".join(svc["healthcheck"]["test"])
    assert svc["ports"] == [f"127.0.0.1:{port}:{port}"]


def test_prefect_uses_the_compose_postgres_through_asyncpg() -> None:
    env = service("prefect-server")["environment"]
    url = urlsplit(expand(env["PREFECT_API_DATABASE_CONNECTION_URL"]))
    pg = {k: expand(v) for k, v in service("postgres")["environment"].items()}
    assert url.scheme == "postgresql+asyncpg"
    assert (url.hostname, url.port) == ("postgres", 5432)
    assert url.username == pg["POSTGRES_USER"] and url.password == pg["POSTGRES_PASSWORD"]
    assert url.path == f"/{pg['POSTGRES_DB']}"
    assert "prefect-db:/var/lib/postgresql/data" in service("postgres")["volumes"]


@pytest.mark.parametrize("name", PREFECT_SERVICES)
def test_telemetry_and_analytics_are_off_in_every_prefect_service(name: str) -> None:
    env = service(name)["environment"]
    for key, value in TELEMETRY_OFF.items():
        assert env[key] == value


def test_the_worker_talks_to_the_compose_server() -> None:
    command = service("prefect-server")["command"]
    port = command[command.index("--port") + 1]
    assert command[command.index("--host") + 1] == "0.0.0.0"  # reachable from the worker
    assert service("worker")["environment"]["PREFECT_API_URL"] == (
        f"http://prefect-server:{port}/api"
    )


def test_warehouse_and_landing_are_on_named_volumes_where_the_flow_writes() -> None:
    worker = service("worker")
    mounts = dict(v.split(":")[::-1] for v in worker["volumes"])  # target -> volume
    assert mounts == {"/data": "warehouse", "/data/landing": "landing"}
    assert set(compose()["volumes"]) == {"prefect-db", "warehouse", "landing"}
    assert worker["environment"]["MFA_WATCH_WAREHOUSE"] == "/data/warehouse.duckdb"
    # The flow's default paths are relative (data/...): the image links /app/data to /data.
    assert any(re.search(r"ln -s /data /app/data\b", run) for run in instructions("RUN"))
    assert "/app" in instructions("WORKDIR")


def test_both_prefect_services_are_built_from_the_project_dockerfile() -> None:
    for name in PREFECT_SERVICES:
        build = service(name)["build"]
        context = (DEPLOY / build["context"]).resolve()
        assert context == ROOT
        assert (context / build["dockerfile"]).resolve() == DOCKERFILE


# --- compose: the worker's commands exist --------------------------------------------------


def test_the_worker_registers_pool_and_deployments_then_works() -> None:
    steps = worker_steps()
    assert [s[:3] for s in steps] == [
        ["prefect", "work-pool", "create"],
        ["prefect", "--no-prompt", "deploy"],
        ["prefect", "worker", "start"],
    ]
    create, deploy, work = steps
    assert create[3] == POOL and "--overwrite" in create  # idempotent on restart
    assert create[create.index("--type") + 1] == "process"
    assert "--all" in deploy
    prefect_file = deploy[deploy.index("--prefect-file") + 1]
    assert (ROOT / prefect_file).is_file()  # relative to /app, the image's copy of the repo
    assert work[work.index("--pool") + 1] == POOL
    assert work[work.index("--type") + 1] == "process"
    assert service("worker")["command"][2].count("exec ") == 1  # the worker gets the signals


@pytest.mark.slow
@pytest.mark.parametrize("argv", service_commands(), ids=lambda a: " ".join(a[:3]))
def test_every_command_a_service_runs_exists_with_its_options(argv: list[str]) -> None:
    """`<command> --help` in the project's environment; each option used must be listed."""
    binary = VENV_BIN / argv[0]
    assert binary.is_file(), f"{argv[0]} is not installed in {VENV_BIN}"
    rest = [w for w in argv[1:] if w != "--no-prompt"]  # a session option of every command
    subcommand = list(itertools.takewhile(lambda w: not w.startswith("-"), rest))
    proc = subprocess.run(
        [str(binary), *subcommand, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DO_NOT_TRACK": "1", "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stderr
    for option in (w for w in argv[1:] if w.startswith("--")):
        assert option in proc.stdout, f"{' '.join(subcommand)} has no {option}"


# --- the Dockerfile ------------------------------------------------------------------------


def test_the_image_is_python_311_slim_with_uv_from_pypi_at_the_makefiles_version() -> None:
    assert instructions("FROM") == ["python:3.11-slim"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert m, "Makefile has no UV_VERSION"
    assert f"pip install --no-cache-dir uv=={m.group(1)}" in instructions("RUN")


def test_the_image_installs_from_the_lock_file_without_dev_tools() -> None:
    syncs = [r for r in instructions("RUN") if r.startswith("uv sync")]
    assert syncs and all("--frozen" in r and "--no-dev" in r for r in syncs)
    assert syncs[-1] == "uv sync --frozen --no-dev"  # the last one installs the project too


def test_every_copy_source_exists_and_every_package_is_copied() -> None:
    import tomllib

    copied = []
    for args in instructions("COPY"):
        *sources, _dest = args.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY source {source} missing"
            copied.append(source.rstrip("/"))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    readme = pyproject["project"]["readme"]
    for needed in [*packages, readme, "scrapy.cfg", "uv.lock", "pyproject.toml"]:
        assert needed in copied, f"{needed} is not copied into the image"
    assert "deploy/prefect.yaml" in copied


def test_the_image_runs_as_an_unprivileged_user() -> None:
    (user,) = instructions("USER")
    assert user not in {"root", "0"}
    creates = [r.split("&&")[0].split() for r in instructions("RUN") if r.startswith("useradd")]
    assert [c[-1] for c in creates] == [user]
    assert "--system" in creates[0]


def test_the_image_keeps_telemetry_off_and_data_on_a_volume() -> None:
    env = " ".join(instructions("ENV"))
    for key, value in TELEMETRY_OFF.items():
        assert f"{key}={value}" in env
    assert "PREFECT_HOME=/data/prefect" in env
    assert instructions("VOLUME") == ['["/data"]']


def test_the_default_command_is_installed() -> None:
    (cmd,) = instructions("CMD")
    argv = yaml.safe_load(cmd)  # a JSON array is YAML too
    assert (VENV_BIN / argv[0]).is_file()
    assert argv == ["mfa-watch", "--help"]


def test_the_build_context_leaves_out_the_local_environment_and_data() -> None:
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    for path in (".venv", ".tools", "data", ".git"):
        assert path in ignored
