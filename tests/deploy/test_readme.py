"""deploy/README.md names only files that exist and commands the deploy files really run."""

from __future__ import annotations

import re
from pathlib import Path

from tests.deploy.test_containers import worker_steps

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "deploy" / "README.md"
FILE_REF = re.compile(r"`([\w./*-]+\.(?:ya?ml|json|service|py)|Dockerfile)`")  # `prefect.yaml`


def text() -> str:
    return README.read_text(encoding="utf-8")


def test_every_deploy_file_the_readme_names_exists() -> None:
    refs = FILE_REF.findall(text())
    assert len(refs) >= 5
    for ref in refs:
        # relative to deploy/ (the README's folder), to its units' folder, or to the repo root
        places = (f"deploy/{ref}", f"deploy/systemd/{ref}", ref)
        assert any(list(ROOT.glob(place)) for place in places), f"README names {ref}: missing"


def test_the_readme_describes_the_worker_commands_of_the_compose_file() -> None:
    for step in worker_steps():
        command = " ".join(a for a in step if a != "--with-healthcheck")
        assert f"`{command}`" in text(), command


def test_the_readme_installs_uv_at_the_makefiles_version() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert m
    assert f"uv=={m.group(1)}" in text()


def test_the_readme_names_the_units_and_the_deployments() -> None:
    for unit in (ROOT / "deploy" / "systemd").glob("*.service"):
        assert unit.name in text()
    for name in ("mfa-etl/hourly", "mfa-etl/fast-feeds", "NeedsAttention"):
        assert name in text()
