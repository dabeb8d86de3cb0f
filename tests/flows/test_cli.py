"""The command line: helpful help, safe SQL, and the JSONL contracts of extract and dedup."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from warehouse.migrate import migrate

SEED = Path(__file__).parents[1] / "data" / "events_dev" / "ru-00-seed-kt.json"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert "mfa-watch " + command in result.output


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute(
        "insert into sources values ('kt.kz', 'outlet', 'Kazakhstan Today', 'https://www.kt.kz', "
        "['ru', 'en', 'kk'])"
    )
    con.close()
    return path


def test_sql_answers_as_table_csv_and_json(warehouse: Path) -> None:
    query = "select source_id, kind from sources"
    table = CliRunner().invoke(main, ["sql", "--warehouse", str(warehouse), query])
    assert table.exit_code == 0 and "kt.kz" in table.output and "(1 row)" in table.output
    csv_out = CliRunner().invoke(
        main, ["sql", "--warehouse", str(warehouse), "--format", "csv", query]
    )
    assert csv_out.output.splitlines() == ["source_id,kind", "kt.kz,outlet"]
    js = CliRunner().invoke(main, ["sql", "--warehouse", str(warehouse), "--format", "json", query])
    assert json.loads(js.output) == {"source_id": "kt.kz", "kind": "outlet"}


@pytest.mark.parametrize(
    "statement",
    [
        "select * from read_csv('/etc/passwd')",
        "copy sources to '/tmp/mfa-watch-leak.csv'",
        "attach '/tmp/other.duckdb' as other",
        "install fts",
        "set enable_external_access = true",
        "delete from sources",
        "create table x (y int)",
    ],
)
def test_sql_refuses_what_is_not_a_read_of_the_warehouse(warehouse: Path, statement: str) -> None:
    result = CliRunner().invoke(main, ["sql", "--warehouse", str(warehouse), statement])
    assert result.exit_code == 2
    assert "mfa-watch sql:" in result.output
    assert "Traceback" not in result.output
    assert not Path("/tmp/mfa-watch-leak.csv").exists()


def test_sql_on_a_missing_warehouse_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["sql", "--warehouse", str(tmp_path / "no.duckdb"), "select 1"]
    )
    assert result.exit_code == 2 and "mfa-watch demo" in result.output


def _seed_line() -> str:
    article = json.loads(SEED.read_text(encoding="utf-8"))["article"]
    return json.dumps(article, ensure_ascii=False)


def test_extract_prints_one_line_per_input_and_marks_bad_lines() -> None:
    lines = [_seed_line(), "{not json", json.dumps({"id": "no-body", "lang": "ru"}), _seed_line()]
    result = CliRunner().invoke(main, ["extract", "--jsonl", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 4
    seed_id = json.loads(lines[0])["id"]
    assert out[0]["id"] == seed_id and len(out[0]["events"]) == 7
    assert "error" in out[1] and "not JSON" in out[1]["error"]
    assert out[2] == {"id": "no-body", "error": "line 3: missing or empty 'body'"}
    assert out[3] == out[0]
    event = out[0]["events"][0]
    expected = {"type", "status", "date", "date_precision", "city", "country", "participants",
                "organizations", "evidence"}  # fmt: skip
    assert expected <= set(event)


def test_dedup_gives_reprints_one_key_and_reports_bad_lines() -> None:
    article = json.loads(_seed_line())
    reprint = {**article, "id": "reprint", "source": "inform.kz", "url": None,
               "body": article["body"] + "\nФото: МИД РК"}  # fmt: skip
    other = {**article, "id": "other", "title": "Другое", "body": "Погода в Астане: снег и ветер."}
    lines = [json.dumps(x, ensure_ascii=False) for x in (article, reprint, other)] + ["[]"]
    result = CliRunner().invoke(main, ["dedup", "--jsonl", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out[:3]] == [article["id"], "reprint", "other"]
    assert out[0]["story"] == out[1]["story"] != out[2]["story"]
    assert "error" in out[3]


def test_sql_search_finds_articles_in_the_locked_connection(
    demo_warehouse: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    from warehouse.models import refresh

    path = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse[0], path)
    refresh(path)  # the flow does this after its loads; idempotent
    base = ["sql", "--warehouse", str(path), "--format", "json"]
    result = CliRunner().invoke(main, [*base, "--search", "Жапонияда", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(r["lang"] == "kk" for r in rows)
    assert "Жапония" in rows[0]["title"]  # the title says Жапонияға: found through the stem
    macro = CliRunner().invoke(main, [*base, "select count(*) as n from search_articles('посол')"])
    assert macro.exit_code == 0 and json.loads(macro.output)["n"] > 0
    neither = CliRunner().invoke(main, ["sql", "--warehouse", str(path)])
    assert neither.exit_code == 2 and "either a QUERY or --search" in neither.output
