"""Datelines, in-page timestamps and date phrases as the sources write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.transform.dates import (
    ASTANA_TZ,
    Dateline,
    DateParseError,
    find_date_phrases,
    infer_year,
    month_number,
    parse_dateline,
    parse_local_datetime,
)

# --------------------------------------------------------------------------------------------
# infer_year
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "reference", "expected"),
    [
        (10, 2, date(2026, 2, 11), date(2026, 2, 10)),
        (31, 12, date(2026, 1, 2), date(2025, 12, 31)),  # year boundary, backwards
        (2, 1, date(2025, 12, 30), date(2026, 1, 2)),  # year boundary, forwards
        (15, 7, date(2026, 1, 10), date(2025, 7, 15)),  # 6 months before is nearer than after
        (15, 3, date(2026, 9, 20), date(2027, 3, 15)),
        (29, 2, date(2025, 6, 1), date(2024, 2, 29)),  # no 29 February in 2025-2026
    ],
)
def test_infer_year_picks_nearest(day: int, month: int, reference: date, expected: date) -> None:
    assert infer_year(day, month, reference) == expected


def test_infer_year_rejects_impossible_day() -> None:
    with pytest.raises(ValueError):
        infer_year(31, 2, date(2026, 1, 1))


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(1, 28),
    st.integers(1, 12),
)
@settings(max_examples=200)
def test_infer_year_is_within_half_a_year(reference: date, day: int, month: int) -> None:
    got = infer_year(day, month, reference)
    assert (got.day, got.month) == (day, month)
    assert abs(got - reference) <= timedelta(days=184)


# --------------------------------------------------------------------------------------------
# month_number
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("февраля", 2),
        ("Август", 8),
        ("АВГУСТА", 8),
        ("мае", 5),
        ("ақпан", 2),
        ("қыркүйекте", 9),
        ("наурызда", 3),
        ("желтоқсандағы", 12),
        ("шілдеде", 7),
        ("қаз", 10),
        ("кыркуйек", 9),  # Kazakh typed without Kazakh letters
        ("сәуiр", 4),  # Latin "i" for "і"
        ("Sept.", 9),
        ("May", 5),
        ("DECEMBER", 12),
    ],
)
def test_month_number_reads_all_three_languages(word: str, month: int) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize("word", ["may", "marching", "лет", "Март2", "", "."])
def test_month_number_rejects_non_months(word: str) -> None:
    assert month_number(word) is None


def test_kazakh_abbreviation_not_read_in_russian_text() -> None:
    assert month_number("там", "ru") is None
    assert month_number("там", "kk") == 8


# --------------------------------------------------------------------------------------------
# parse_dateline
# --------------------------------------------------------------------------------------------

PUB = date(2026, 2, 11)


@pytest.mark.parametrize(
    ("text", "place", "day", "agency", "lead"),
    [
        (
            "Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты провели",
            "Астана",
            date(2026, 2, 10),
            "KAZAKHSTAN TODAY",
            "Казахстанские",
        ),
        (
            "Астана. 10 ақпан. KAZAKHSTAN TODAY - Қазақстан дипломаттары",
            "Астана",
            date(2026, 2, 10),
            "KAZAKHSTAN TODAY",
            "Қазақстан",
        ),
        ("ASTANA. KAZINFORM – The Kazakh Foreign Minister", "ASTANA", None, "KAZINFORM", "The"),
        ("АСТАНА.KAZINFORM - Министр иностранных дел", "АСТАНА", None, "KAZINFORM", "Министр"),
        (
            "NUR-SULTAN. KAZINFORM – Kazakh Deputy Minister",
            "NUR-SULTAN",
            None,
            "KAZINFORM",
            "Kazakh",
        ),
        ("ASTANA – Kazakh Foreign Minister Nurlan Sapabekov", "ASTANA", None, None, "Kazakh"),
        (
            "Astana, May 16, 2025 – The Ministry of Foreign Affairs",
            "Astana",
            date(2025, 5, 16),
            None,
            "The",
        ),
        (
            "Нұр-Сұлтан. 3 наурыз. KAZAKHSTAN TODAY - Елші",
            "Нұр-Сұлтан",
            date(2026, 3, 3),
            "KAZAKHSTAN TODAY",
            "Елші",
        ),
        (
            "АСТАНА. 9 февраля. ИНТЕРФАКС-КАЗАХСТАН — Глава МИД",
            "АСТАНА",
            date(2026, 2, 9),
            "ИНТЕРФАКС-КАЗАХСТАН",
            "Глава",
        ),
        ("ASTANA KAZINFORM - Talks were held", "ASTANA", None, "KAZINFORM", "Talks"),
    ],
)
def test_parse_dateline_per_source(
    text: str, place: str, day: date | None, agency: str | None, lead: str
) -> None:
    dl = parse_dateline(text, PUB)
    assert dl is not None
    assert dl.place == place
    assert dl.date == day
    assert dl.agency == agency
    assert text[dl.end :].startswith(lead)


def test_dateline_year_boundary_backwards() -> None:
    dl = parse_dateline("Астана. 31 декабря. KAZAKHSTAN TODAY - Итоги года", date(2026, 1, 2))
    assert dl == Dateline("Астана", date(2025, 12, 31), "KAZAKHSTAN TODAY", 39)


def test_dateline_year_boundary_forwards() -> None:
    # A release dated 2 January but published (by a clock error) on 30 December.
    dl = parse_dateline("Астана. 2 января. KAZAKHSTAN TODAY - Анонс", date(2025, 12, 30))
    assert dl is not None
    assert dl.date == date(2026, 1, 2)


def test_dateline_explicit_year_wins_over_publication() -> None:
    dl = parse_dateline("Astana, May 16, 2024 – Text", date(2026, 2, 1))
    assert dl is not None
    assert dl.date == date(2024, 5, 16)


def test_dateline_without_publication_has_no_date_but_keeps_place() -> None:
    dl = parse_dateline("Астана. 10 февраля. KAZAKHSTAN TODAY - Текст", None)
    assert dl is not None
    assert (dl.place, dl.date, dl.agency) == ("Астана", None, "KAZAKHSTAN TODAY")


@pytest.mark.parametrize(
    "text",
    [
        "Казахстанские дипломаты провели ряд встреч",
        "Казахстан – стратегический партнер Европейского союза",
        "МИД РК – о визите министра",
        "ООН – главная площадка",
        "NATO – a partner",
        "Астана. 10 лет - срок немалый",
        "Астана. 31 февраля. KAZAKHSTAN TODAY - ошибка",
        "Astana – a city on the steppe",
        "",
        "   ",
        "— тире в начале",
    ],
)
def test_parse_dateline_rejects_prose(text: str) -> None:
    assert parse_dateline(text, PUB) is None


@given(st.text(max_size=300), st.none() | st.dates())
@settings(max_examples=300)
def test_parse_dateline_total(text: str, published: date | None) -> None:
    dl = parse_dateline(text, published)
    if dl is not None:
        assert 0 < dl.end <= len(text)


def test_parse_dateline_fast_on_huge_input() -> None:
    text = "АСТАНА " * 200_000
    assert parse_dateline(text, PUB) is None


# --------------------------------------------------------------------------------------------
# parse_local_datetime
# --------------------------------------------------------------------------------------------


def _astana(*args: int) -> datetime:
    return datetime(*args, tzinfo=ASTANA_TZ)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27.02.2026, 13:04", _astana(2026, 2, 27, 13, 4)),
        ("27.02.2026, 13:04 6956", _astana(2026, 2, 27, 13, 4)),  # views counter ignored
        ("  28.11.2025, 19:54\u00a0 12 345 ", _astana(2025, 11, 28, 19, 54)),
        ("13:51, 15 Август 2025", _astana(2025, 8, 15, 13, 51)),
        ("15 августа 2025, 13:51", _astana(2025, 8, 15, 13, 51)),
        ("15 августа 2025 г. в 13:51", _astana(2025, 8, 15, 13, 51)),
        ("06 қаз, 2022 сағат 13:32", _astana(2022, 10, 6, 13, 32)),
        ("May 16, 2025 13:04", _astana(2025, 5, 16, 13, 4)),
        ("May 16, 2025, 1:04 PM", _astana(2025, 5, 16, 13, 4)),
        ("16 May 2025", _astana(2025, 5, 16, 0, 0)),
        ("2026-02-17T10:00:00.000+00:00", _astana(2026, 2, 17, 15, 0)),
        ("2026-02-17T10:00:00Z", _astana(2026, 2, 17, 15, 0)),
    ],
)
def test_parse_local_datetime_formats(text: str, expected: datetime) -> None:
    got = parse_local_datetime(text)
    assert got == expected
    assert got.tzinfo is not None


def test_kt_kz_timestamp_is_plus_five_in_2026() -> None:
    assert parse_local_datetime("27.02.2026, 13:04").isoformat() == "2026-02-27T13:04:00+05:00"


def test_timestamp_before_march_2024_is_plus_six() -> None:
    assert parse_local_datetime("06 қаз, 2022 сағат 13:32").utcoffset() == timedelta(hours=6)


def test_views_counter_never_becomes_the_year() -> None:
    got = parse_local_datetime("27.02.2026, 13:04 2031")
    assert (got.year, got.hour, got.minute) == (2026, 13, 4)


def test_yearless_timestamp_uses_reference() -> None:
    got = parse_local_datetime("13:51, 31 декабря", reference=date(2026, 1, 1))
    assert got == _astana(2025, 12, 31, 13, 51)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "вчера, 13:04",
        "27.02.2026, 25:04",
        "31.02.2026, 10:00",
        "13:51, 15 Август",  # no year, no reference
        "15 Foo 2025, 13:51",
        "27.02.2026\x00, 13:04",
        "x" * 10_000,
    ],
)
def test_parse_local_datetime_rejects_cleanly(text: str) -> None:
    with pytest.raises(DateParseError) as err:
        parse_local_datetime(text)
    assert repr(text[:20])[1:-1] in str(err.value) or not text


def test_date_parse_error_is_a_value_error() -> None:
    assert issubclass(DateParseError, ValueError)


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_parse_local_datetime_raises_only_date_parse_error(text: str) -> None:
    try:
        got = parse_local_datetime(text)
    except DateParseError:
        return
    assert got.tzinfo is not None and got.utcoffset() is not None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
@settings(max_examples=200)
def test_kt_kz_format_round_trips(moment: datetime) -> None:
    text = moment.strftime("%d.%m.%Y, %H:%M")
    got = parse_local_datetime(text)
    assert got.replace(tzinfo=None) == moment.replace(second=0, microsecond=0)
    assert got.tzinfo is not None


# --------------------------------------------------------------------------------------------
# find_date_phrases
# --------------------------------------------------------------------------------------------


def _phrases(text: str, lang: str, ref: date | None = PUB) -> list[tuple[str, date, date | None]]:
    return [(p.text, p.date, p.until) for p in find_date_phrases(text, lang, ref)]


def test_russian_phrases_with_range_and_year() -> None:
    text = "Встреча прошла 20 февраля, а 20-21 февраля 2026 года в Вене пройдет сессия."
    assert _phrases(text, "ru") == [
        ("20 февраля", date(2026, 2, 20), None),
        ("20-21 февраля 2026 года", date(2026, 2, 20), date(2026, 2, 21)),
    ]


def test_phrase_spans_point_into_the_text() -> None:
    text = "Визит запланирован на 5 мая. Затем 12 июня."
    for p in find_date_phrases(text, "ru", PUB):
        assert text[p.start : p.end] == p.text
    assert [p.text for p in find_date_phrases(text, "ru", PUB)] == ["5 мая", "12 июня"]


def test_english_phrases() -> None:
    text = "Talks were held on Jan. 25 and 3 March; the forum closes September 27, 2026."
    assert _phrases(text, "en") == [
        ("Jan. 25", date(2026, 1, 25), None),
        ("3 March", date(2026, 3, 3), None),
        ("September 27, 2026", date(2026, 9, 27), None),
    ]


def test_yearless_phrase_takes_the_nearest_year_even_for_future_tense() -> None:
    # Documented limit: "opens on Sept. 25" in a February article is read as last September.
    assert _phrases("The forum opens on Sept. 25", "en") == [("Sept. 25", date(2025, 9, 25), None)]


def test_english_range_month_first() -> None:
    assert _phrases("held on September 25-26, 2025 in New York", "en") == [
        ("September 25-26, 2025", date(2025, 9, 25), date(2025, 9, 26)),
    ]


def test_lowercase_may_is_a_verb() -> None:
    assert _phrases("The sides may 5 times meet", "en") == []


def test_kazakh_phrases() -> None:
    text = "2026 жылғы 15 наурызда Астанада кездесу өтті, ал 25 қыркүйекте сессия болады."
    assert _phrases(text, "kk") == [
        ("2026 жылғы 15 наурызда", date(2026, 3, 15), None),
        ("25 қыркүйекте", date(2025, 9, 25), None),
    ]


def test_phrase_year_inferred_across_boundary() -> None:
    assert _phrases("Итоги 30 декабря подвели", "ru", date(2026, 1, 4)) == [
        ("30 декабря", date(2025, 12, 30), None),
    ]


def test_yearless_phrase_skipped_without_reference() -> None:
    assert _phrases("20 февраля и 10.02.2026", "ru", None) == [
        ("10.02.2026", date(2026, 2, 10), None),
    ]


def test_numbers_that_are_not_days() -> None:
    text = "Бюджет 2019 мая не касался; 1,5 марта нет; 123 мая нет; 45 июня нет; 31 февраля нет."
    assert _phrases(text, "ru") == []


@given(st.text(max_size=400), st.sampled_from(["ru", "kk", "en", "und"]))
@settings(max_examples=300)
def test_find_date_phrases_total_and_spans_valid(text: str, lang: str) -> None:
    phrases = find_date_phrases(text, lang, PUB)
    last_end = -1
    for p in phrases:
        assert text[p.start : p.end] == p.text
        assert p.start >= last_end  # sorted and non-overlapping
        last_end = p.end
        assert p.until is None or p.until > p.date


def test_find_date_phrases_on_a_megabyte() -> None:
    text = ("Посол встретился 10 февраля с министром. " * 25_000)[:1_000_000]
    phrases = find_date_phrases(text, "ru", PUB)
    assert len(phrases) == text.count("10 февраля")
    assert all(p.date == date(2026, 2, 10) for p in phrases[:10])


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("NEW YORK. KAZINFORM – The Permanent Representative", "NEW YORK", "KAZINFORM"),
        ("АСТАНА. 15 ноября. /КАЗИНФОРМ/ - Текст", "АСТАНА", "КАЗИНФОРМ"),
        ("Los Angeles, Sept. 3 – The Consul General", "Los Angeles", None),
    ],
)
def test_dateline_two_word_places_and_slashed_agency(
    text: str, place: str, agency: str | None
) -> None:
    dl = parse_dateline(text, PUB)
    assert dl is not None
    assert (dl.place, dl.agency) == (place, agency)
    assert text[dl.end] in "TТ"


def test_rejected_range_does_not_hide_the_next_phrase() -> None:
    assert _phrases("Talks on Jan. 25 and 3 March", "en") == [
        ("Jan. 25", date(2026, 1, 25), None),
        ("3 March", date(2026, 3, 3), None),
    ]
    assert _phrases("с 25 по 3 марта", "ru") == [("3 марта", date(2026, 3, 3), None)]


def test_listed_days_read_as_a_span() -> None:
    assert _phrases("визиты 20 и 21 февраля", "ru") == [
        ("20 и 21 февраля", date(2026, 2, 20), date(2026, 2, 21)),
    ]
