"""Benchmark: the example queries of docs/queries.md on a warehouse of 1,000,000 synthetic events.

Usage: .venv/bin/python benchmarks/bench_queries.py [N_EVENTS] [--keep PATH]   (default 1000000)

The warehouse is made in DuckDB itself with set-based inserts over range() (no Python rows):
sources, one crawl and load per source and week, articles in three languages (one per three
events, titles and bodies drawn from small vocabularies), their versions, stories of three
articles, events spread over ten years and sixty countries, two or three participants each
(from a pool of envoys and counterparts written in two scripts), organizations on a few events,
and a third of the events linked to another report of the same real event. Then the models
and the search index are built, and each example query is timed: its first run, and the best
of three. The numbers measure the warehouse, not the realism of the data.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb

from warehouse import models, search
from warehouse.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
QUERIES_MD = ROOT / "docs" / "queries.md"
DOC_RUN_ID = "20260301T060000-0a1b2c3d"
EVENTS_PER_ARTICLE = 3
REPEATS = 3

COUNTRIES = tuple(
    " ".join(
        (
            "KZ US CN RU TR DE FR GB IT ES JP KR IN PK UZ KG TJ TM AZ GE AM UA BY MD PL CZ HU",
            "AT CH BE NL SE FI NO DK LV LT EE SA AE QA OM KW EG IR IL JO MY ID TH VN PH SG AU",
            "CA BR MX AR ZA NG",
        )
    ).split()
)
TYPES = "meeting meeting meeting phone_call visit multilateral summons briefing conference cultural"
ORGS = ["ООН", "UN", "БҰҰ", "ЕС", "EU", "ОБСЕ", "OSCE", "ШОС", "SCO", "СНГ", "ОТГ", "ЕАЭС"]
WORDS = {
    "ru": "посол министр встреча переговоры сотрудничество визит делегация консультации "
    "заместитель торговля инвестиции энергетика транспорт коридор образование культура "
    "выставка форум соглашение меморандум подписание обсуждение вопросы двусторонние "
    "отношения региональная безопасность экономика развитие партнерство",
    "kk": "елші министр кездесу келіссөздер ынтымақтастық сапар делегация кеңес орынбасары "
    "сауда инвестиция энергетика көлік дәліз білім мәдениет көрме форум келісім меморандум "
    "қол қою талқылау мәселелер екіжақты қатынастар аймақтық қауіпсіздік экономика даму",
    "en": "ambassador minister meeting talks cooperation visit delegation consultations deputy "
    "trade investment energy transport corridor education culture exhibition forum agreement "
    "memorandum signing discussion issues bilateral relations regional security economy "
    "development partnership",
}
KAZAKH_NAMES = [
    ("Ерлан", "Yerlan"),
    ("Айгуль", "Aigul"),
    ("Данияр", "Daniyar"),
    ("Асель", "Assel"),
    ("Нурлан", "Nurlan"),
    ("Жанар", "Zhanar"),
    ("Тимур", "Timur"),
    ("Мадина", "Madina"),
]
KAZAKH_SURNAMES = [
    ("Бекенов", "Bekenov"),
    ("Сарсенова", "Sarsenova"),
    ("Мухаметов", "Mukhametov"),
    ("Абенова", "Abenova"),
    ("Жакупов", "Zhakupov"),
    ("Исмаилова", "Ismailova"),
    ("Тулегенов", "Tulegenov"),
    ("Оспанова", "Ospanova"),
    ("Оразбеков", "Orazbekov"),
]
# each envoy keeps one position; the first is the ambassador to the US (a docs example)
POSITIONS = ["Ambassador of Kazakhstan to the United States", "посол", "Deputy Minister"]


def build(path: Path, n_events: int) -> dict[str, float]:
    """Create the synthetic warehouse at `path`; return the seconds each step took."""
    timings: dict[str, float] = {}
    con = duckdb.connect(str(path))
    migrate(con)
    n_articles = max(1, -(-n_events // EVENTS_PER_ARTICLE))  # every event has its article
    started = time.perf_counter()
    con.execute("begin transaction")
    con.execute(
        """
        insert into sources values
        ('gov.kz', 'official', 'MFA', 'https://www.gov.kz', ['ru', 'kk', 'en']),
        ('kt.kz', 'outlet', 'Kazakhstan Today', 'https://www.kt.kz', ['ru', 'en', 'kk']),
        ('inform.kz', 'agency', 'Kazinform', 'https://www.inform.kz', ['ru', 'kk', 'en']),
        ('astanatimes.com', 'outlet', 'The Astana Times', 'https://astanatimes.com', ['en']),
        ('tengrinews.kz', 'outlet', 'Tengrinews', 'https://tengrinews.kz', ['ru', 'kk', 'en'])
        """
    )
    # one crawl and load per source and week over ten years
    con.execute(
        """
        create temp table weeks as
        select s.source_id, w.range as week,
               strftime(timestamptz '2016-01-04 06:00:00+00' + to_weeks(w.range::int),
                        '%Y%m%dT%H%M%S') || '-' || substr(md5(s.source_id || w.range), 1, 8)
                   as run_id,
               timestamptz '2016-01-04 06:00:00+00' + to_weeks(w.range::int) as week_start
        from (select source_id from sources) s, range(520) w
        """
    )
    con.execute(
        """
        insert into crawl_runs
        select run_id, source_id, week_start, week_start + interval 5 minute, 'finished',
               'ok', null, 10, 12, 14, 0, null, null, '2.19', 'bench'
        from weeks
        """
    )
    con.execute(
        """
        insert into _loads
        select source_id || '/' || run_id, source_id, run_id, 'done', 12, 10, 0, 0, 30,
               week_start + interval 6 minute, week_start + interval 7 minute
        from weeks
        """
    )
    words = {lang: w.split() for lang, w in WORDS.items()}
    con.execute(
        """
        insert into articles (article_id, source_id, url, canonical_url, lang, detected_lang,
            title, body_text, published_at, content_hash, version, first_seen, last_seen,
            story_id, load_id)
        with a as (
            select range as i,
                   ['gov.kz', 'kt.kz', 'inform.kz', 'astanatimes.com', 'tengrinews.kz'][
                       1 + (range % 5)] as source_id,
                   ['ru', 'kk', 'en'][1 + ((range // 5) % 3)] as lang,
                   timestamptz '2016-01-04 08:00:00+00'
                       + to_minutes((range * 5256000 // ?)::bigint) as published_at
            from range(?)
        ),
        w as (select ?::varchar[] as ru, ?::varchar[] as kk, ?::varchar[] as en)
        select
            md5('a' || i) as article_id, source_id,
            'https://' || source_id || '/news/' || i, 'https://' || source_id || '/news/' || i,
            lang, lang,
            array_to_string(list_transform(range(6), k ->
                (case lang when 'ru' then w.ru when 'kk' then w.kk else w.en end)[
                    1 + (hash(i, k) % 30)::int]), ' '),
            array_to_string(list_transform(range(40), k ->
                (case lang when 'ru' then w.ru when 'kk' then w.kk else w.en end)[
                    1 + (hash(i, k, 7) % 30)::int]), ' '),
            published_at, md5('h' || i), 1, published_at, published_at,
            'st-' || (i // 3),
            source_id || '/' || (
                select run_id from weeks
                where weeks.source_id = a.source_id
                    and weeks.week = least(519, (date_diff('week', date '2016-01-04',
                        cast(a.published_at as date)))::bigint)
            )
        from a, w
        """,
        [n_articles, n_articles, words["ru"], words["kk"], words["en"]],
    )
    con.execute(
        """
        insert into article_versions
        select article_id, 1, content_hash, title, body_text, first_seen, load_id from articles
        """
    )
    con.execute(
        """
        insert into stories
        select story_id, min(article_id), min(published_at), count(*),
               list_sort(list_distinct(list(lang))), list_sort(list_distinct(list(source_id)))
        from articles group by story_id
        """
    )
    timings["articles"] = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(
        f"""
        insert into events
        with e as (
            select range as i, md5('a' || (range // {EVENTS_PER_ARTICLE})) as article_id
            from range(?)
        )
        select
            md5('e' || i), 'st-' || (i // {EVENTS_PER_ARTICLE} // 3), article_id,
            (string_split(?, ' '))[1 + (hash(i, 1) % 10)::int],
            case when hash(i, 2) % 10 = 0 then 'announced' else 'held' end,
            date '2016-01-04' + (hash(i, 3) % 3650)::int,
            case when hash(i, 4) % 2 = 0 then 'day' else 'reported' end,
            null,
            case when hash(i, 5) % 8 = 0 then null
                 else (?::varchar[])[1 + (hash(i, 6) % ?)::int] end,
            case when hash(i, 7) % 20 = 0 then [(?::varchar[])[1 + (hash(i, 7) // 20 % 12)::int]]
                 else []::varchar[] end,
            'synthetic evidence ' || i, 0, 40, 'bench',
            -- a third of the events are a later report of the previous event
            md5('e' || case when i % 3 = 2 then i - 1 else i end)
        from e
        """,  # noqa: S608 - the constant EVENTS_PER_ARTICLE only
        [n_events, TYPES, list(COUNTRIES), len(COUNTRIES), ORGS],
    )
    kz_ru = [f"{f} {s}" for f, _ in KAZAKH_NAMES for s, _ in KAZAKH_SURNAMES]
    kz_en = [f"{f} {s}" for _, f in KAZAKH_NAMES for _, s in KAZAKH_SURNAMES]
    n_kz = len(kz_ru)
    con.execute(
        """
        insert into participants
        with e as (select range as i from range(?))
        select md5('e' || i), 0,
               case when hash(i, 20) % 2 = 0 then (?::varchar[])[1 + (hash(i, 21) % ?)::int]
                    else (?::varchar[])[1 + (hash(i, 21) % ?)::int] end,
               null, 'kz' || (hash(i, 21) % ?), 'kazakh',
               (?::varchar[])[1 + least(hash(i, 21) % ?, 1 + hash(i, 21) % 2)::int], null, null
        from e
        union all
        select md5('e' || i), 1, 'Counterpart ' || (hash(i, 22) % 20000), null,
               'cp' || (hash(i, 22) % 20000), 'counterpart', 'minister', null, null
        from e
        union all
        select md5('e' || i), 2, 'Counterpart ' || (hash(i, 23) % 20000), null,
               'cp' || (hash(i, 23) % 20000), 'counterpart', 'deputy', null, null
        from e where i % 2 = 0
        """,
        [n_events, kz_ru, n_kz, kz_en, n_kz, n_kz, POSITIONS, n_kz],
    )
    con.execute("commit")
    timings["events and participants"] = time.perf_counter() - started
    started = time.perf_counter()
    result = models.build_models(con)
    timings["build_models"] = time.perf_counter() - started
    for mart, seconds in result.seconds.items():
        timings[f"  {mart}"] = seconds
    started = time.perf_counter()
    search.build_search_index(con)
    timings["build_search_index"] = time.perf_counter() - started
    con.close()
    return timings


def doc_queries() -> list[tuple[str, str]]:
    """(label, sql) of every example query in docs/queries.md."""
    out = []
    text = QUERIES_MD.read_text(encoding="utf-8")
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0].strip()
        for n, sql in enumerate(re.findall(r"```sql\n(.*?)```", section, flags=re.S), 1):
            out.append((f"{title} #{n}", sql))
    return out


def time_queries(path: Path) -> list[tuple[str, int, float, float]]:
    """(label, rows, first run s, best of REPEATS s) of each example query."""
    con = duckdb.connect(
        str(path),
        read_only=True,
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    search.load_fts(con)
    row = con.execute("select run_id from _loads order by finished_at limit 1").fetchone()
    run_id = str(row[0]) if row else DOC_RUN_ID
    results = []
    for label, sql in doc_queries():
        sql = sql.replace(DOC_RUN_ID, run_id)
        times = []
        rows = 0
        for _ in range(REPEATS):
            started = time.perf_counter()
            rows = len(con.execute(sql).fetchall())
            times.append(time.perf_counter() - started)
        results.append((label, rows, times[0], min(times)))
    con.close()
    return results


def main(argv: list[str]) -> None:
    n_events = int(argv[0]) if argv and argv[0].isdigit() else 1_000_000
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        path = keep or Path(tmp) / "warehouse.duckdb"
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        timings = build(path, n_events)
        total = time.perf_counter() - started
        con = duckdb.connect(str(path), read_only=True)
        counts = {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]  # type: ignore[index]  # noqa: S608
            for t in ("articles", "events", "participants", "fct_events", "dim_people")
        }
        con.close()
        size_mb = path.stat().st_size / 1e6
        print(f"synthetic warehouse: {counts}, {size_mb:.0f} MB, built in {total:.1f} s")
        for step, seconds in timings.items():
            print(f"  {step:<24} {seconds:7.2f} s")
        print()
        print(f"{'query (docs/queries.md)':<44} {'rows':>6} {'first s':>8} {'best s':>8}")
        print("-" * 70)
        for label, rows, first, best in time_queries(path):
            print(f"{label:<44} {rows:>6} {first:>8.3f} {best:>8.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
