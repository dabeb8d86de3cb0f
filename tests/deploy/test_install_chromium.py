"""scripts/install-chromium.sh: a no-op when Chromium is there, a clear refusal when not root.

The install itself (apt-get as root) is not run here: it is what `make test` does on a fresh
machine. MFA_WATCH_CHROMIUM points the script at another path so both branches can be tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-chromium.sh"
NOBODY = "65534"


def run(env: dict[str, str], *prefix: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, "bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
    )


def test_the_script_is_valid_bash() -> None:
    assert subprocess.run(["bash", "-n", str(SCRIPT)], timeout=30).returncode == 0


def test_an_installed_chromium_is_left_alone(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho Chromium 1.0\n")
    fake.chmod(0o755)
    proc = run({"MFA_WATCH_CHROMIUM": str(fake)})
    assert proc.returncode == 0, proc.stderr
    assert "already installed" in proc.stdout
    assert "apt-get" not in proc.stdout + proc.stderr


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run the script as an unprivileged user",
)
def test_a_missing_chromium_without_root_fails_with_the_command_to_run(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    drop = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    proc = run({"MFA_WATCH_CHROMIUM": str(missing)}, *drop)
    assert proc.returncode == 1
    assert f"{missing} is missing and installing it needs root" in proc.stderr
    assert "apt-get update && apt-get install -y chromium" in proc.stderr
    assert proc.stdout == ""  # nothing was attempted
