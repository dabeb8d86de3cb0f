"""SQL data tests: queries that return the rows breaking the warehouse's contract.

Why SQL files: the contract (one row per article_id, required fields, allowed languages, event
types, statuses and roles, ISO country codes, evidence that is really in its article) is about
the stored rows, whatever wrote them: a loader bug, a rebuild, a hand edit. Each file in
`warehouse/datatests/` is one rule; its first comment line says what it checks; it returns the
violating rows, so an empty answer means the rule holds (dbt's and the house style's shape).

`run_datatests(con, load_id)` runs them on the connection's own view of the data, so called
inside the load's transaction, before COMMIT, it sees the load's uncommitted rows, and a
violation (raise DataTestFailed) rolls the whole load back. With a load id, each rule looks only
at the rows that load wrote (so a bad old row does not block every later load); without one,
at the whole warehouse. A file may use the named parameter `$load_id` (NULL for all rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import WarehouseError

DATATESTS_DIR = Path(__file__).parent / "datatests"
SAMPLE_ROWS = 5
LOAD_PARAM = "$load_id"


@dataclass(frozen=True)
class DataTest:
    name: str  # the file's stem
    description: str  # its first comment line
    sql: str


@dataclass(frozen=True)
class Violation:
    test: str
    description: str
    rows: int  # how many rows break the rule
    sample: tuple[tuple[Any, ...], ...]  # the first few of them

    def __str__(self) -> str:
        shown = "; ".join(repr(row) for row in self.sample)
        return f"{self.test} ({self.rows} row{'s' if self.rows != 1 else ''}): {shown}"


class DataTestFailed(WarehouseError):
    """A load broke the warehouse contract; the message names each rule and sample rows."""

    def __init__(self, load_id: str | None, violations: Sequence[Violation]) -> None:
        where = f"load {load_id}" if load_id else "the warehouse"
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{where} fails {len(violations)} data test(s), rolled back:\n{lines}")
        self.load_id = load_id
        self.violations = list(violations)


def discover(directory: Path = DATATESTS_DIR) -> list[DataTest]:
    """The data tests on disk, in name order."""
    tests = []
    for path in sorted(directory.glob("*.sql")):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        first = sql.splitlines()[0] if sql else ""
        description = first.removeprefix("--").strip() if first.startswith("--") else path.stem
        tests.append(DataTest(path.stem, description, sql))
    return tests


def run_datatests(
    con: duckdb.DuckDBPyConnection,
    load_id: str | None = None,
    directory: Path = DATATESTS_DIR,
) -> list[Violation]:
    """The broken rules, each with its violating rows (empty: the data holds the contract)."""
    violations = []
    for test in discover(directory):
        params: dict[str, Any] = {"load_id": load_id} if LOAD_PARAM in test.sql else {}
        # The SQL comes from the project's own files, the load id travels as a parameter.
        counted = f"select count(*) from ({test.sql}) as violating"  # noqa: S608
        row = con.execute(counted, params).fetchone()
        count = int(row[0]) if row else 0
        if count:
            sample = con.execute(f"{test.sql}\nlimit {SAMPLE_ROWS}", params).fetchall()
            violations.append(Violation(test.name, test.description, count, tuple(sample)))
    return violations


def check(con: duckdb.DuckDBPyConnection, load_id: str | None = None) -> None:
    """Raise DataTestFailed when any data test finds a violating row."""
    violations = run_datatests(con, load_id)
    if violations:
        raise DataTestFailed(load_id, violations)
