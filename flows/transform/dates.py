"""Dates as the sources write them: datelines, in-page timestamps, day-month phrases.

Why our own small parser and not dateparser: the formats are few and known (SOURCES.md §9),
dateparser is slow on its first call, turns yearless past dates into future ones unless
configured, and cannot tell a kt.kz views counter ("27.02.2026, 13:04 6956") from a year. A
month-word table in ru, kk and en plus a handful of anchored regexes is faster, total, and
testable; anything outside them raises DateParseError instead of guessing.

Conventions:
- In-page times are Astana local time: ASTANA_TZ is IANA "Asia/Almaty" (+05:00 since
  1 March 2024, +06:00 before), so history stays right.
- A year missing from a dateline or a phrase is the one that puts the date nearest to the
  reference (the publication date): a 31 December dateline on a 2 January page is last year.
- Month words are looked up after folding: lower case, ё→е, Kazakh letters to their Russian
  look-alikes (қ→к, ә→а, і→и, ...), Latin look-alikes inside Cyrillic words to Cyrillic. So
  "Қазан", "казан", "ҚАЗАНДА" and "қазанда" are all October. English month words must be
  capitalized ("May 16", never "may 16").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

ASTANA_TZ = ZoneInfo("Asia/Almaty")
_Date = date  # the type, for annotations inside classes that have a field named "date"

MIN_YEAR = 1900
MAX_YEAR = 2100
_ERROR_SNIPPET = 200  # characters of the offending text kept in an error message


class DateParseError(ValueError):
    """A date or timestamp text that none of the known formats reads."""


# --------------------------------------------------------------------------------------------
# Month vocabularies
# --------------------------------------------------------------------------------------------

_RU_FULL = (
    ("январь", "января", "январе"),
    ("февраль", "февраля", "феврале"),
    ("март", "марта", "марте"),
    ("апрель", "апреля", "апреле"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне"),
    ("июль", "июля", "июле"),
    ("август", "августа", "августе"),
    ("сентябрь", "сентября", "сентябре"),
    ("октябрь", "октября", "октябре"),
    ("ноябрь", "ноября", "ноябре"),
    ("декабрь", "декабря", "декабре"),
)
_RU_ABBR = (
    ("янв",),
    ("фев", "февр"),
    ("мар",),
    ("апр",),
    (),
    ("июн",),
    ("июл",),
    ("авг",),
    ("сен", "сент"),
    ("окт",),
    ("ноя", "нояб"),
    ("дек",),
)
_KK_STEMS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
# Case and possessive endings a month word takes in running Kazakh text ("қыркүйекте",
# "наурыздағы", "қазанның", "наурызында"); both vowel-harmony forms, applied to every stem.
_KK_SUFFIXES = (
    "", "да", "та", "де", "те", "дағы", "тағы", "дегі", "тегі", "ның", "нің", "дың", "тың",
    "ға", "ге", "қа", "ке", "дан", "ден", "тан", "тен", "нан", "нен", "ы", "і", "ында",
    "інде", "ындағы", "індегі", "ының", "інің", "нда", "нде", "ндағы", "ндегі",
)  # fmt: skip
_KK_ABBR = ("қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел")
_EN_FULL = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_EN_ABBR = (
    ("jan",), ("feb",), ("mar",), ("apr",), (), ("jun",), ("jul",), ("aug",), ("sep", "sept"),
    ("oct",), ("nov",), ("dec",),
)  # fmt: skip

_KK_FOLD = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
     "ё": "е"}
)  # fmt: skip
# Latin letters typed inside Cyrillic words (a Latin "i" for "і" is common in Kazakh text).
_LATIN_LOOKALIKE = str.maketrans(
    {"i": "и", "a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "k": "к",
     "m": "м", "t": "т", "h": "х"}
)  # fmt: skip
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def _fold(word: str) -> str:
    """Lower-case, Kazakh letters and Latin look-alikes folded, for month lookup."""
    w = word.lower()
    if _CYRILLIC_RE.search(w):
        w = w.translate(_LATIN_LOOKALIKE)
    return w.translate(_KK_FOLD)


def _table(pairs: list[tuple[str, int]]) -> dict[str, int]:
    return {_fold(form): month for form, month in pairs}


_RU_MONTHS = _table(
    [(f, i + 1) for i, forms in enumerate(_RU_FULL) for f in forms]
    + [(f, i + 1) for i, forms in enumerate(_RU_ABBR) for f in forms]
)
_KK_MONTHS = _table(
    [(stem + suf, i + 1) for i, stem in enumerate(_KK_STEMS) for suf in _KK_SUFFIXES]
)
_KK_ABBR_MONTHS = _table([(a, i + 1) for i, a in enumerate(_KK_ABBR)])
_EN_MONTHS = _table(
    [(f, i + 1) for i, f in enumerate(_EN_FULL)]
    + [(f, i + 1) for i, forms in enumerate(_EN_ABBR) for f in forms]
)
_ABBREVIATIONS = frozenset(
    [_fold(a) for forms in (*_RU_ABBR, *_EN_ABBR) for a in forms] + [_fold(a) for a in _KK_ABBR]
)
_ALL_MONTHS = {**_KK_ABBR_MONTHS, **_KK_MONTHS, **_RU_MONTHS, **_EN_MONTHS}
_VOCAB_BY_LANG = {
    # A Russian text may carry a Kazakh month word; Kazakh abbreviations ("там", "сен") are
    # ordinary Russian/Kazakh words, so they are only read in Kazakh text and timestamps.
    "ru": {**_KK_MONTHS, **_RU_MONTHS},
    "kk": {**_RU_MONTHS, **_KK_ABBR_MONTHS, **_KK_MONTHS},
    "en": dict(_EN_MONTHS),
}


def month_number(word: str, lang: str | None = None) -> int | None:
    """The month (1-12) a month word names in ru, kk or en, or None; a trailing dot is ignored."""
    w = word.rstrip(".")
    if not w:
        return None
    vocab = _VOCAB_BY_LANG.get(lang or "", _ALL_MONTHS)
    month = vocab.get(_fold(w))
    if month is None:
        return None
    if not _CYRILLIC_RE.search(w) and not w[0].isupper():
        return None  # English month words are capitalized: "may 16" is not a date
    return month


# --------------------------------------------------------------------------------------------
# Year inference
# --------------------------------------------------------------------------------------------

_YEAR_SEARCH = 4  # years tried either side of the reference (29 February needs up to 4)


def infer_year(day: int, month: int, reference: date) -> date:
    """The date with that day and month nearest to reference (ties go to the earlier one)."""
    best: date | None = None
    for year in range(reference.year - _YEAR_SEARCH, reference.year + _YEAR_SEARCH + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    if best is None:
        raise ValueError(f"no date has day {day} and month {month}")
    return best


def _make_date(day: int, month: int, year: int | None, reference: date | None) -> date | None:
    """A date from its parts; None when invalid or when the year is unknown and unguessable."""
    if year is not None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if reference is None:
        return None
    try:
        return infer_year(day, month, reference)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Shared regex pieces
# --------------------------------------------------------------------------------------------

_WORD = r"[^\W\d_]+"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = f"[{_DASHES}]"
_YEAR_TAIL = r"(?:\s*(?:г\.|гг\.|г(?![^\W\d_])|года?|году|жылы?|ж\.|year))?"
_DAY = r"(?<![\d.,:])(?P<day>\d{1,2})(?!\d)"
_SPACE = r"[\s\u00a0\u202f]"


# --------------------------------------------------------------------------------------------
# Datelines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dateline:
    place: str | None  # as written, e.g. "Астана", "ASTANA", "Нұр-Сұлтан"
    date: date | None  # year inferred from the publication date when the dateline has none
    agency: str | None  # "KAZAKHSTAN TODAY", "KAZINFORM", None
    end: int  # offset in the text where the lead proper starts


_UPPER = r"[^\W\d_a-zа-яёәғқңөұүһі]"  # an upper-case letter (any script)
_PLACE_WORD = rf"{_UPPER}[^\W\d_]*(?:['’]{_UPPER}?[^\W\d_]*)?"
_PLACE = rf"{_PLACE_WORD}(?:-{_PLACE_WORD}){{0,2}}(?:[ ]{_PLACE_WORD}(?:-{_PLACE_WORD})?)?"
_CAPS_WORD = r"[^\W\d_a-zа-яёәғқңөұүһі]{2,}"
_AGENCY = rf"/?{_CAPS_WORD}(?:[ -]{_CAPS_WORD}){{0,2}}(?:\.kz)?/?"
_DL_DATE = (
    rf"(?:(?P<dday>\d{{1,2}}){_SPACE}*(?P<dmon1>{_WORD})\.?"
    rf"|(?P<dmon2>{_WORD})\.?{_SPACE}*(?P<dday2>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"(?:{_SPACE}*,?{_SPACE}*(?P<dyear>\d{{4}}){_YEAR_TAIL})?"
)
_DATELINE_RE = re.compile(
    rf"""\A[\s\ufeff]*
    (?P<place>{_PLACE})
    (?:{_SPACE}*[.,]{_SPACE}*|{_SPACE}+)?
    (?:(?P<date>{_DL_DATE}){_SPACE}*[.,]?{_SPACE}*)?
    (?:(?P<agency>{_AGENCY}){_SPACE}*)?
    (?:{_SPACE}+-|{_SPACE}*[{_DASHES[1:]}]|(?<=[.\s])-)
    [\s\u00a0]*""",
    re.VERBOSE,
)
_KNOWN_AGENCIES = (
    "KAZAKHSTAN TODAY", "KAZINFORM", "КАЗИНФОРМ", "ҚАЗАҚПАРАТ", "KAZTAG", "ИНТЕРФАКС-КАЗАХСТАН",
    "INTERFAX-KAZAKHSTAN", "ТАСС", "TASS", "РИА НОВОСТИ", "SPUTNIK", "TREND", "ТРЕНД",
)  # fmt: skip
# Upper-case openers that are organizations, not places: "ООН – ...", "NATO – ...".
_NOT_PLACES = frozenset(
    (
        "ООН", "ЕАЭС", "ШОС", "ОБСЕ", "СНГ", "ОДКБ", "МИД", "СІМ", "ЕС", "НАТО", "ОИС", "СВМДА",
        "ЮНЕСКО", "АСЕАН", "ОПЕК", "ВТО", "МАГАТЭ", "США", "РК", "ҚР", "ОАГ", "ЕЭК", "ТЮРКСОЙ",
        "ОТГ", "ЦА", "СМИ", "UN", "EU", "NATO", "OSCE", "SCO", "CIS", "CSTO", "CICA", "OIC",
        "UNESCO", "ASEAN", "OPEC", "WTO", "IAEA", "USA", "UK", "OAS", "MFA", "EAEU", "OTS", "UAE",
        "ОАЭ",
    )
)  # fmt: skip
_PLACE_MAX_WORDS = 3


def parse_dateline(text: str, published: date | None) -> Dateline | None:
    """The dateline the text opens with ("Астана. 10 февраля. KAZAKHSTAN TODAY - "), or None."""
    m = _DATELINE_RE.match(text[:300])
    if m is None:
        return None
    place: str | None = m.group("place")
    agency: str | None = m.group("agency")
    if agency is None and place is not None:
        place, agency = _split_agency(place)
    if agency is not None:
        agency = agency.strip("/ ")
        if not _agency_ok(agency):
            return None  # "МИД РК – ..." is an organization, not place + agency
    if place is not None and place.replace(" ", "").upper() in _NOT_PLACES:
        return None
    dl_date: date | None = None
    if m.group("date"):
        word = m.group("dmon1") or m.group("dmon2")
        day = int(m.group("dday") or m.group("dday2"))
        month = month_number(word)
        if month is None:
            return None  # "Астана. 10 лет - ..." is prose, not a dateline
        year = int(m.group("dyear")) if m.group("dyear") else None
        dl_date = _make_date(day, month, year, published)
        if dl_date is None and (year is not None or published is not None):
            return None  # "31 февраля": not a date, so not a dateline
    elif agency is None and not _bare_place_ok(place):
        return None
    if place is None or len(place.split()) > _PLACE_MAX_WORDS:
        return None
    return Dateline(place=place, date=dl_date, agency=agency, end=m.end())


def _split_agency(place: str) -> tuple[str | None, str | None]:
    """Split "ASTANA KAZINFORM" (no dot between them) into place and agency."""
    upper = place.upper()
    for agency in _KNOWN_AGENCIES:
        if upper == agency:
            return None, place
        if upper.endswith(" " + agency):
            return place[: -len(agency) - 1], place[-len(agency) :]
    return place, None


_AGENCY_MIN_LETTERS = 5


def _agency_ok(agency: str) -> bool:
    """A known agency, or an upper-case name long enough not to be an acronym like "РК"."""
    return agency.upper() in _KNOWN_AGENCIES or sum(c.isalpha() for c in agency) >= (
        _AGENCY_MIN_LETTERS
    )


def _bare_place_ok(place: str | None) -> bool:
    """A place with neither date nor agency ("ASTANA – ") must be upper case and not an acronym."""
    if place is None:
        return False
    letters = [c for c in place if c.isalpha()]
    return (
        len(letters) >= 3
        and all(c.isupper() for c in letters)
        and place.replace(" ", "") not in _NOT_PLACES
        and not place.endswith(tuple(" " + a for a in _NOT_PLACES))
    )


# --------------------------------------------------------------------------------------------
# In-page timestamps
# --------------------------------------------------------------------------------------------

_TIME = (
    r"(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<ss>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
)
_VIEWS = r"(?:\s+\d[\d\s]*)?"  # a trailing views counter ("... 13:04 6956"), ignored
_AT = r"(?:в|at|сағат|сағ\.?|uhr)?"
_WORD_DATE = (
    rf"(?:{_DAY}\s+(?P<mon1>{_WORD})\.?\s*,?\s*(?P<yr1>\d{{4}})?{_YEAR_TAIL}"
    rf"|(?P<mon2>{_WORD})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:,\s*|\s+)(?P<yr2>\d{{4}})?)"
)
_TS_PATTERNS = (
    # kt.kz "27.02.2026, 13:04 6956"
    re.compile(
        rf"\A(?P<day>\d{{1,2}})[./](?P<mon>\d{{1,2}})[./](?P<yr>\d{{4}})"
        rf"(?:\s*,?\s*{_AT}\s*{_TIME})?{_VIEWS}\s*\Z",
        re.IGNORECASE,
    ),
    # Kazinform "13:51, 15 Август 2025"
    re.compile(rf"\A{_TIME}\s*,?\s*{_WORD_DATE}{_VIEWS}\s*\Z", re.IGNORECASE),
    # "15 августа 2025, 13:51", "06 қаз, 2022 сағат 13:32", "May 16, 2025 13:04"
    re.compile(
        rf"\A{_WORD_DATE}(?:\s*,?\s*{_AT}\s*{_TIME})?{_VIEWS}\s*\Z",
        re.IGNORECASE,
    ),
)
_ISO_RE = re.compile(
    r"\A\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?\Z"
)
_MAX_TS_LEN = 120
_NOON = 12


def _clean_ts(text: str) -> str:
    t = unicodedata.normalize("NFC", text)
    t = re.sub(r"[\s\u00a0\u202f\u2009\ufeff\u200b]+", " ", t)
    return t.strip()


def _fail(text: str, why: str) -> DateParseError:
    snippet = text if len(text) <= _ERROR_SNIPPET else text[:_ERROR_SNIPPET] + "..."
    return DateParseError(f"cannot parse date {snippet!r}: {why}")


def parse_local_datetime(text: str, reference: date | None = None) -> datetime:
    """A timezone-aware Astana time from an in-page timestamp; DateParseError when unreadable.

    A missing year is inferred from `reference` when given (else DateParseError). A
    date without a time is midnight local. ISO-8601 with an offset is converted to Astana time.
    """
    t = _clean_ts(text)
    if not t or len(t) > _MAX_TS_LEN:
        raise _fail(text, "empty or too long")
    if _ISO_RE.match(t):
        return _parse_iso(t, text)
    for pattern in _TS_PATTERNS:
        m = pattern.match(t)
        if m is None:
            continue
        gd = m.groupdict()
        day = int(gd.get("day") or gd.get("day2") or 0)
        if gd.get("mon"):
            month: int | None = int(gd["mon"])
            year_s = gd.get("yr")
        else:
            month = month_number(gd.get("mon1") or gd.get("mon2") or "")
            year_s = gd.get("yr1") or gd.get("yr2")
        if month is None or not 1 <= month <= 12:
            continue
        year = int(year_s) if year_s else None
        if year is None and reference is None:
            raise _fail(text, "no year and no reference date")
        d = _make_date(day, month, year, reference)
        if d is None:
            raise _fail(text, "not a valid calendar date")
        return datetime.combine(d, _time_of(gd, text), tzinfo=ASTANA_TZ)
    raise _fail(text, "no known timestamp format")


def _time_of(gd: dict[str, str | None], text: str) -> time:
    if gd.get("hh") is None:
        return time(0, 0)
    hour, minute = int(gd["hh"] or 0), int(gd["mi"] or 0)
    second = int(gd["ss"] or 0) if gd.get("ss") else 0
    ampm = (gd.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= _NOON:
            raise _fail(text, "bad 12-hour time")
        hour = hour % _NOON + (_NOON if ampm == "p" else 0)
    try:
        return time(hour, minute, second)
    except ValueError as exc:
        raise _fail(text, "not a valid time of day") from exc


def _parse_iso(t: str, text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _fail(text, "bad ISO-8601") from exc
    if dt.tzinfo is None:
        return dt.replace(tzinfo=ASTANA_TZ)
    return dt.astimezone(ASTANA_TZ)


# --------------------------------------------------------------------------------------------
# Date phrases in running text
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    date: date  # the (first) day named
    text: str  # text[start:end]
    until: _Date | None = None  # the last day of a range ("20-21 февраля"), else None


_RANGE_SEP = rf"\s*(?:{_DASH}|по|to|through|until|and|и)\s*"
_PHRASE_PATTERNS = (
    # Kazakh year first: "2026 жылғы 15 наурызда", "2026 ж. 15 наурыз"
    re.compile(
        rf"(?<!\d)(?P<yr>\d{{4}})\s*(?:жылғы|жылдың|жылы|ж\.)\s+(?P<day>\d{{1,2}})"
        rf"(?:{_DASH}(?P<day_to>\d{{1,2}}))?\s+(?P<mon>{_WORD})"
    ),
    # day first: "20 февраля", "20-21 февраля 2026 года", "25 September 2026", "25 қыркүйекте"
    re.compile(
        rf"{_DAY}(?:{_RANGE_SEP}(?P<day_to>\d{{1,2}})(?!\d))?{_SPACE}+(?P<mon>{_WORD})(?P<dot>\.)?"
        rf"(?:{_SPACE}*,?{_SPACE}*(?P<yr>\d{{4}})(?!\d){_YEAR_TAIL})?"
    ),
    # month first (English): "Sept. 25", "September 25-26, 2026"
    re.compile(
        rf"(?<![^\W\d_])(?P<mon>[A-Z][A-Za-z]{{2,8}})\.?{_SPACE}+(?P<day>\d{{1,2}})(?!\d)"
        rf"(?:st|nd|rd|th)?(?:{_RANGE_SEP}(?P<day_to>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)?"
        rf"(?:,?{_SPACE}*(?P<yr>\d{{4}})(?!\d))?"
    ),
    # numeric with a year: "10.02.2026"
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<yr>\d{4})(?![\d])"),
)


def find_date_phrases(text: str, lang: str, reference: date | None) -> list[DatePhrase]:
    """Every day-month(-year) phrase in running text, in order, with its span.

    A phrase without a year gets the year nearest to `reference`; without a reference such
    phrases are skipped. `lang` ("ru", "kk", "en", anything else = all) picks the month words.
    """
    found: list[DatePhrase] = []  # kept sorted by start, never overlapping
    starts: list[int] = []
    for pattern in _PHRASE_PATTERNS:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            pos = m.end()
            phrase = _phrase_of(m, text, lang, reference)
            if phrase is None:
                pos = m.start() + 1  # "25 and 3 March": the rejected match may hide a phrase
                continue
            i = bisect.bisect_left(starts, phrase.start)
            if i > 0 and found[i - 1].end > phrase.start:
                continue  # an earlier, more specific pattern already took this span
            if i < len(found) and found[i].start < phrase.end:
                continue
            found.insert(i, phrase)
            starts.insert(i, phrase.start)
    return found


def _phrase_of(m: re.Match[str], text: str, lang: str, reference: date | None) -> DatePhrase | None:
    mon_s = m.group("mon")
    month = int(mon_s) if mon_s.isdigit() else month_number(mon_s, lang)
    if month is None or not 1 <= month <= 12:
        return None
    day = int(m.group("day"))
    year = int(m.group("yr")) if m.group("yr") else None
    first = _make_date(day, month, year, reference)
    if first is None:
        return None
    until: date | None = None
    end = m.end()
    day_to_s = m.groupdict().get("day_to")
    if day_to_s:
        day_to = int(day_to_s)
        try:
            until = first.replace(day=day_to) if day_to > day else None
        except ValueError:
            until = None
        if until is None:
            if m.start("mon") > m.start("day"):
                return None  # "25 and 3 March": the phrase is "3 March", found on a retry
            end = m.end("day")  # "Jan. 25 and 3 March": keep "Jan. 25"
            if m.group("yr"):
                return None  # "Jan. 25 and 3, 2026": the year belongs to the other day
    if m.groupdict().get("dot") and m.group("yr") is None and _fold(mon_s) not in _ABBREVIATIONS:
        end -= 1  # "10 февр." keeps its dot; the full stop after "10 февраля." is the sentence's
    return DatePhrase(start=m.start(), end=end, date=first, text=text[m.start() : end], until=until)
