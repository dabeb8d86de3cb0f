"""Prefect's environment, set before Prefect is imported: offline, quiet, state kept in data/.

Without these, Prefect's server phones home at start and every 600 s, and the client sends
analytics from a terminal (STACK.md §2). PREFECT_HOME in the project keeps runs visible to a
later `mfa-watch server` started from the same folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_HOME": str(Path("data/prefect").resolve()),
    "PREFECT_LOGGING_EXTRA_LOGGERS": "scrapy",
}


def configure() -> None:
    """Apply the defaults without overriding what the user set."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    # Prefect creates its home without parents: make data/ first.
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
