"""Synthetic articles for the benchmarks, made from the snapshot's own texts.

Why: speed must be measured on 100k articles and the project holds about 180 texts (the
offline snapshot of the five sources and the events development set). Copies of those texts
would hit every cache and make dedup trivial, so each synthetic article is a template text
with other people, other cities, other dates (the publication date and every date phrase of
the body shifted together) and a new id and URL in its source's scheme. About a third of the
releases are also carried by another outlet (same text, later, sometimes without its last
paragraph), so dedup has real stories to build. Deterministic: one seed, one corpus.

Names are replaced by stem, so Russian and Kazakh case endings survive ("Оразбековым" becomes
"Жумагалиевым"); Kazakh month suffixes are re-harmonized. The texts stay the project's own:
nothing here is third-party news text.
"""

from __future__ import annotations

import glob
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_DATA = ROOT / "scrapers" / "snapshot" / "data"
EVENTS_DEV = ROOT / "tests" / "data" / "events_dev"
SEED = 20260211
ASTANA = timezone(timedelta(hours=5))
SHIFT_DAYS = (-720, 30)  # publication dates spread over two years around the templates'
# Never later than the newest template: items dated in the future are refused (scrapers/items.py),
# and the newest templates are recent. The shift is drawn first, then capped, so the random
# sequence (and every other article) is the same as without the cap.
REPRINT_PROB = 0.35  # a release also carried by one or two other outlets
MIN_NAME_LEN = 4  # shorter name tokens ("Ким", "Пак") match common words: never replaced
MAX_ENDING = 3  # case ending letters kept after a replaced stem

# --------------------------------------------------------------------------------------------
# Pools: invented people (Kazakh and foreign), real cities by declension class
# --------------------------------------------------------------------------------------------

CYR_FIRST = (
    "Ерболат", "Нурсултан", "Дархан", "Азамат", "Бауыржан", "Жандос", "Ильяс", "Талгат",
    "Айдана", "Гульмира", "Динара", "Лаура", "Томас", "Мартин", "Лукас", "Андреас", "Рафаэль",
    "Хироки", "Юсуф", "Карим", "Петер", "Ян", "Маттиас", "Ольга",
)  # fmt: skip
LAT_FIRST = (
    "Yerbolat", "Nursultan", "Darkhan", "Azamat", "Baurzhan", "Zhandos", "Ilyas", "Talgat",
    "Aidana", "Gulmira", "Dinara", "Laura", "Thomas", "Martin", "Lukas", "Andreas", "Rafael",
    "Hiroki", "Yusuf", "Karim", "Peter", "Jan", "Matthias", "Olga",
)  # fmt: skip
# Surnames: invented Kazakh ones from stems (with the Russian-style ending) and foreign ones;
# about eighty, so that one person is not in every twentieth release.
_KZ_STEMS = (
    ("Жумагали", "Zhumagali"), ("Сарсенба", "Sarsenba"), ("Ермек", "Yermek"),
    ("Абдрахман", "Abdrakhman"), ("Тулеу", "Tuleu"), ("Кенжебек", "Kenzhebek"),
    ("Бекназар", "Beknazar"), ("Искак", "Iskak"), ("Мухамеджан", "Mukhamedzhan"),
    ("Оспан", "Ospan"), ("Шарип", "Sharip"), ("Рахимжан", "Rakhimzhan"), ("Дюсен", "Dyussen"),
    ("Байтурсын", "Baitursyn"), ("Калдыба", "Kaldyba"), ("Нургали", "Nurgali"),
    ("Сагинта", "Saginta"), ("Утебай", "Utebai"), ("Жаксылык", "Zhaksylyk"),
    ("Касымжан", "Kassymzhan"), ("Турсынба", "Tursynba"), ("Амангельды", "Amangeldy"),
    ("Есенгали", "Yessengali"), ("Кудайберген", "Kudaibergen"), ("Садвакас", "Sadvakas"),
    ("Омирбек", "Omirbek"), ("Мусабек", "Mussabek"), ("Таджибай", "Tadzhibai"),
    ("Бейсенба", "Beisenba"), ("Алимжан", "Alimzhan"), ("Жанузак", "Zhanuzak"),
    ("Ташен", "Tashen"), ("Ибрагим", "Ibragim"), ("Серикба", "Serikba"),
    ("Копжасар", "Kopzhasar"), ("Шайкен", "Shaiken"), ("Султанба", "Sultanba"),
    ("Карибжан", "Karibzhan"), ("Ауэзхан", "Auezkhan"), ("Мамырба", "Mamyrba"),
)  # fmt: skip
_FOREIGN_LAST = (
    ("Кастельяно", "Castellano"), ("Хольмберг", "Holmberg"), ("Ферейра", "Ferreira"),
    ("Ковач", "Kovacs"), ("Вальтер", "Walter"), ("Накамура", "Nakamura"), ("Хансен", "Hansen"),
    ("Эрдоган", "Erdogan"), ("Лаурсен", "Laursen"), ("Бьянки", "Bianchi"), ("Дюбуа", "Dubois"),
    ("Виртанен", "Virtanen"), ("Ямамото", "Yamamoto"), ("Остерман", "Osterman"),
    ("Леклерк", "Leclerc"), ("Гонсалвеш", "Goncalves"), ("Новотны", "Novotny"),
    ("Петреску", "Petrescu"), ("Акгюн", "Akgun"), ("Лундгрен", "Lundgren"),
    ("Маркович", "Markovic"), ("Хоффман", "Hoffmann"), ("Сантос", "Santos"),
    ("Чжао", "Zhao"), ("Фаррух", "Farrukh"), ("Аль-Мансури", "Al-Mansouri"),
    ("Кристенсен", "Christensen"), ("Ротштейн", "Rothstein"), ("Мёллер", "Moller"),
    ("Салминен", "Salminen"), ("Ривера", "Rivera"), ("Окафор", "Okafor"), ("Гупта", "Gupta"),
    ("Браун", "Brown"), ("Левин", "Levin"), ("Мартинес", "Martinez"), ("Шимидзу", "Shimizu"),
    ("Коваленко", "Kovalenko"), ("Эспозито", "Esposito"), ("Андерсен", "Andersen"),
)  # fmt: skip
CYR_LAST = (
    *(f"{c}ев" if c.endswith(("а", "и", "у")) else f"{c}ов" for c, _ in _KZ_STEMS),
    *(c for c, _ in _FOREIGN_LAST),
)
LAT_LAST = (
    *(f"{lat}yev" if lat.endswith(("a", "i", "u")) else f"{lat}ov" for _, lat in _KZ_STEMS),
    *(lat for _, lat in _FOREIGN_LAST),
)
# The invented officials of the snapshot (SOURCES: the data READMEs), beside the dev set's names.
SNAPSHOT_PEOPLE = (
    "Daniyar Orazbekov", "Rauan Seitov", "Almas Tulegenov", "Aigerim Smagulova",
    "Magzhan Ilyassov", "Gulnar Yessenova", "Assylbek Nurkenov", "Данияр Оразбеков",
    "Рауан Сеитов", "Алмас Тулегенов", "Айгерим Смагулова", "Магжан Ильясов", "Гульнар Есенова",
    "Асылбек Нуркенов", "Алмас Төлегенов", "Айгерім Смағұлова", "Асылбек Нүркенов",
)  # fmt: skip

# Russian: feminine in -а (stem + one ending letter) and hard-consonant masculine cities.
RU_CITIES_A = ("Риг", "Вен", "Праг", "Варшав", "Анкар", "Женев", "Дох", "Гааг")
RU_CITIES_C = (
    "Берлин", "Париж", "Лондон", "Мадрид", "Стокгольм", "Будапешт", "Ташкент", "Бишкек",
    "Пекин", "Сеул", "Каир", "Лиссабон", "Амман", "Бангкок",
)  # fmt: skip
EN_CITIES = (
    "Riga", "Vienna", "Prague", "Warsaw", "Ankara", "Geneva", "Doha", "Berlin", "Paris",
    "London", "Madrid", "Stockholm", "Budapest", "Tashkent", "Bishkek", "Beijing", "Seoul",
    "Cairo", "Lisbon", "Amman", "Bangkok",
)  # fmt: skip
KK_CITIES = (
    "Рига", "Вена", "Прага", "Варшава", "Анкара", "Женева", "Доха", "Берлин", "Париж",
    "Лондон", "Мадрид", "Стокгольм", "Будапешт", "Ташкент", "Бішкек", "Бейжің", "Сеул",
    "Каир", "Лиссабон", "Амман", "Бангкок",
)  # fmt: skip

RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")  # fmt: skip
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
EN_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
           "Nov.", "Dec.")  # fmt: skip
KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip

_RU_DATE_RE = re.compile(
    r"\b(\d{1,2})(?:\s?-\s?(\d{1,2}))?\s(" + "|".join(RU_MONTHS) + r")(?:\s(\d{4})(?=\s))?"
)
_EN_MONTH_ALT = "|".join(
    re.escape(m) for m in sorted({*EN_MONTHS, *EN_ABBR, "Sep.", "Sept"}, key=len, reverse=True)
)
_EN_DATE_RE = re.compile(
    rf"\b(?P<mon>{_EN_MONTH_ALT})\s(?P<d1>\d{{1,2}})(?:\s?-\s?(?P<d2>\d{{1,2}}))?\b"
    rf"(?:,?\s(?P<y>\d{{4}}))?"
    rf"|\b(?P<d1b>\d{{1,2}})(?:\s?-\s?(?P<d2b>\d{{1,2}}))?\s(?P<monb>{_EN_MONTH_ALT})"
    rf"(?:\s(?P<yb>\d{{4}}))?"
)
_KK_DATE_RE = re.compile(
    r"(?:\b(\d{4})\s?жылғы\s)?\b(\d{1,2})(?:\s?-\s?(\d{1,2}))?\s(" + "|".join(KK_MONTHS) + r")"
    r"([а-яәғқңөұүһі]*)"
)
_KK_BACK = set("аоұы")
_KK_FRONT = set("әеөүі")
_KK_VOICELESS = set("кқпстфхчшщ")
_KK_NASAL = set("мнң")

SOURCE_ALIASES = {"qazinform.com": "inform.kz"}
REPRINTERS = {
    "ru": ("kt.kz", "inform.kz", "tengrinews.kz"),
    "en": ("astanatimes.com", "inform.kz", "kt.kz", "tengrinews.kz"),
    "kk": ("inform.kz", "kt.kz", "tengrinews.kz"),
}


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    name: str  # where the text comes from, e.g. "ktkz/1377987726"
    source: str
    lang: str
    published: datetime
    text: str  # title, then the paragraphs, one a line
    slots: tuple[tuple[int, int, str, Any], ...]  # (start, end, kind, payload), in order


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    source: str
    url: str
    lang: str
    title: str
    paragraphs: tuple[str, ...]  # raw: before clean_body
    published: datetime  # aware, Astana time
    release: int  # articles of one release (a reprint) share it
    template: str

    @property
    def item_id(self) -> str:
        """The site's own id of the article (the last path number of its URL)."""
        return self.id.rsplit("-", 1)[-1]

    def to_record(self) -> dict[str, Any]:
        """The `mfa-watch extract|dedup --jsonl` input line of this article."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "lang": self.lang,
            "title": self.title,
            "published": self.published.isoformat(),
            "body": "\n".join(self.paragraphs),
        }


def _raw_templates() -> Iterator[tuple[str, str, str, datetime, str, list[str]]]:
    """(name, source, lang, published, title, paragraphs) of every text the project holds."""
    for path in sorted(glob.glob(str(SNAPSHOT_DATA / "*" / "*.json"))):
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        site = Path(path).parent.name
        name = f"{site}/{Path(path).stem}"
        if site == "govkz":
            created = datetime.fromisoformat(d["created_date"]).astimezone(ASTANA)
            for lang, v in sorted(d["versions"].items()):
                yield f"{name}/{lang}", "gov.kz", lang, created, v["title"], list(v["paragraphs"])
        elif site == "ktkz":
            when = datetime.strptime(d["published"], "%d.%m.%Y, %H:%M").replace(tzinfo=ASTANA)
            yield name, "kt.kz", d["lang"], when, d["title"], list(d["paragraphs"])
        elif site == "kazinform":
            when = datetime.strptime(d["published"], "%Y-%m-%d %H:%M").replace(tzinfo=ASTANA)
            paras = [d["description"], *d["paragraphs"]]
            yield name, "inform.kz", d["lang"], when, d["title"], paras
        elif site == "astanatimes":
            when = datetime.fromisoformat(d["published"])
            yield name, "astanatimes.com", "en", when, d["title"], list(d["paragraphs"])
        elif site == "tengrinews":
            when = datetime.fromisoformat(d["published"])
            yield name, "tengrinews.kz", d["lang"], when, d["title"], list(d["paragraphs"])
    for path in sorted(glob.glob(str(EVENTS_DEV / "*.json"))):
        a = json.loads(Path(path).read_text(encoding="utf-8"))["article"]
        when = datetime.fromisoformat(a["published"])
        if when.tzinfo is None:
            when = when.replace(tzinfo=ASTANA)
        source = SOURCE_ALIASES.get(a["source"], a["source"])
        name = f"events_dev/{Path(path).stem}"
        yield name, source, a["lang"], when, a["title"], a["body"].split("\n")


def _known_names() -> tuple[set[str], set[str]]:
    """First-name and surname tokens of the people the templates name."""
    full = list(SNAPSHOT_PEOPLE)
    for path in sorted(glob.glob(str(EVENTS_DEV / "*.json"))):
        for event in json.loads(Path(path).read_text(encoding="utf-8"))["events"]:
            full += [p["name"] for p in event["participants"] if p.get("name")]
    first: set[str] = set()
    last: set[str] = set()
    for name in full:
        words = name.split()
        if len(words) < 2:
            continue
        first.add(words[0])
        last.update(words[1:])
    first = {w for w in first if len(w) >= MIN_NAME_LEN and w[0].isupper()}
    last = {w for w in last if len(w) >= MIN_NAME_LEN and w[0].isupper()} - first
    return first, last


def _alternation(words: set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    first, last = _known_names()
    ending = rf"[а-яёәғқңөұүһіa-z]{{0,{MAX_ENDING}}}"
    ru_c = "|".join(RU_CITIES_C)
    return {
        "first": re.compile(rf"\b(?P<w>{_alternation(first)})(?P<e>{ending})\b"),
        "last": re.compile(rf"\b(?P<w>{_alternation(last)})(?P<e>{ending})\b"),
        "ru_city_a": re.compile(rf"\b(?P<w>{'|'.join(RU_CITIES_A)})(?P<e>[аеуиы])\b"),
        "ru_city_c": re.compile(rf"\b(?P<w>{ru_c})(?P<e>ом|а|у|е)?\b"),
        "en_city": re.compile(rf"\b(?P<w>{'|'.join(EN_CITIES)})(?P<e>)\b"),
        "kk_city": re.compile(rf"\b(?P<w>{'|'.join(KK_CITIES)})(?P<e>[а-яәғқңөұүһі]*)\b"),
    }


def _script(word: str) -> str:
    return "lat" if re.match(r"[A-Za-z]", word) else "cyr"


def _year_near(day: int, month: int, published: date) -> date | None:
    """The date of "D month" nearest the publication (a release names dates within months)."""
    best: date | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - published).days) < abs((best - published).days):
            best = d
    return best


def _date_slots(text: str, lang: str, published: date) -> list[tuple[int, int, str, Any]]:
    out: list[tuple[int, int, str, Any]] = []
    if lang == "ru":
        for m in _RU_DATE_RE.finditer(text):
            month = RU_MONTHS.index(m.group(3)) + 1
            year = int(m.group(4)) if m.group(4) else None
            d1 = _dated(int(m.group(1)), month, year, published)
            d2 = _dated(int(m.group(2)), month, year, published) if m.group(2) else None
            if d1 is not None:
                out.append((m.start(), m.end(), "date", ("ru", d1, d2, year is not None, "")))
    elif lang == "en":
        for m in _EN_DATE_RE.finditer(text):
            mon = m.group("mon") or m.group("monb")
            month = _en_month(mon)
            first = m.group("d1") or m.group("d1b")
            second = m.group("d2") or m.group("d2b")
            ytext = m.group("y") or m.group("yb")
            year = int(ytext) if ytext else None
            d1 = _dated(int(first), month, year, published)
            d2 = _dated(int(second), month, year, published) if second else None
            style = ("abbr" if mon.endswith(".") else "full") + ("-dm" if m.group("monb") else "")
            if d1 is not None:
                out.append((m.start(), m.end(), "date", ("en", d1, d2, year is not None, style)))
    else:
        for m in _KK_DATE_RE.finditer(text):
            month = KK_MONTHS.index(m.group(4)) + 1
            year = int(m.group(1)) if m.group(1) else None
            d1 = _dated(int(m.group(2)), month, year, published)
            d2 = _dated(int(m.group(3)), month, year, published) if m.group(3) else None
            if d1 is not None:
                payload = ("kk", d1, d2, year is not None, m.group(5))
                out.append((m.start(), m.end(), "date", payload))
    return out


def _en_month(word: str) -> int:
    w = word.rstrip(".")
    for i, m in enumerate(EN_MONTHS):
        if m.startswith(w[:3]):
            return i + 1
    raise ValueError(word)


def _dated(day: int, month: int, year: int | None, published: date) -> date | None:
    if year is None:
        return _year_near(day, month, published)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _build_template(
    name: str, source: str, lang: str, published: datetime, title: str, paragraphs: list[str]
) -> Template:
    text = "\n".join([title, *(p.replace("\n", " ") for p in paragraphs)])
    pats = _patterns()
    found: list[tuple[int, int, str, Any]] = []
    for kind in ("first", "last"):
        for m in pats[kind].finditer(text):
            found.append((m.start("w"), m.end("w"), kind, (m.group("w"), _script(m.group("w")))))
    city_kinds = {"ru": ("ru_city_a", "ru_city_c"), "en": ("en_city",), "kk": ("kk_city",)}
    for kind in city_kinds[lang]:
        for m in pats[kind].finditer(text):
            found.append((m.start("w"), m.end("w"), kind, m.group("w")))
    found += _date_slots(text, lang, published.date())
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    slots: list[tuple[int, int, str, Any]] = []
    end = -1
    for slot in found:  # overlaps: the earliest, longest wins
        if slot[0] >= end:
            slots.append(slot)
            end = slot[1]
    return Template(name, source, lang, published, text, tuple(slots))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every template, in a stable order."""
    return tuple(_build_template(*raw) for raw in _raw_templates())


# --------------------------------------------------------------------------------------------
# Rendering one variant
# --------------------------------------------------------------------------------------------


def _kk_suffix(stem: str, suffix: str) -> str:
    """A Kazakh case suffix re-harmonized for a new stem (locative, dative, ablative)."""
    if not suffix:
        return suffix
    vowels = [c for c in stem if c in _KK_BACK | _KK_FRONT]
    front = bool(vowels) and vowels[-1] in _KK_FRONT
    last = stem[-1]
    a, e = ("е", "е") if front else ("а", "а")
    vowel = e if front else a
    if suffix in ("да", "де", "та", "те"):
        return ("т" if last in _KK_VOICELESS else "д") + vowel
    if suffix in ("ға", "ге", "қа", "ке"):
        if last in _KK_VOICELESS:
            return ("к" if front else "қ") + vowel
        return ("г" if front else "ғ") + vowel
    if suffix in ("дан", "ден", "тан", "тен", "нан", "нен"):
        if last in _KK_NASAL:
            head = "н"
        elif last in _KK_VOICELESS:
            head = "т"
        else:
            head = "д"
        return head + vowel + "н"
    return suffix


def _date_text(payload: tuple[str, date, date | None, bool, str], shift: int) -> str:
    lang, d1, d2, with_year, style = payload
    n1 = d1 + timedelta(days=shift)
    n2 = d2 + timedelta(days=shift) if d2 else None
    if lang == "ru":
        head = f"{n1.day}"
        if n2 is not None:
            head = (
                f"{n1.day}-{n2.day}"
                if n2.month == n1.month
                else f"{n1.day} {RU_MONTHS[n1.month - 1]}-{n2.day}"
            )
        last = n2 or n1
        out = f"{head} {RU_MONTHS[last.month - 1]}"
        return out + (f" {last.year}" if with_year else "")
    if lang == "en":
        months = EN_ABBR if style.startswith("abbr") else EN_MONTHS
        days = f"{n1.day}" + (f"-{n2.day}" if n2 else "")
        mon = months[n1.month - 1]
        year = f" {n1.year}" if with_year else ""
        if style.endswith("-dm"):
            return f"{days} {mon}{year}"
        return f"{mon} {days}" + ("," + year if year else "")
    month = KK_MONTHS[(n2 or n1).month - 1]
    days = f"{n1.day}" + (f"-{n2.day}" if n2 else "")
    year = f"{n1.year} жылғы " if with_year else ""
    return f"{year}{days} {month}{_kk_suffix(month, style)}"


class Variator:
    """Draws the replacements of one synthetic article."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def render(self, t: Template, shift: int, seed: int) -> tuple[str, list[str]]:
        """The template's title and paragraphs with this variant's names, places and dates."""
        rng = random.Random(seed)
        chosen: dict[tuple[str, str], str] = {}
        pieces: list[str] = []
        pos = 0
        for start, end, kind, payload in t.slots:
            pieces.append(t.text[pos:start])
            pieces.append(self._replacement(t, kind, payload, shift, rng, chosen))
            pos = end
        pieces.append(t.text[pos:])
        lines = "".join(pieces).split("\n")
        return lines[0], lines[1:]

    def _replacement(
        self,
        t: Template,
        kind: str,
        payload: Any,
        shift: int,
        rng: random.Random,
        chosen: dict[tuple[str, str], str],
    ) -> str:
        if kind == "date":
            return _date_text(payload, shift)
        key = (kind, payload if isinstance(payload, str) else payload[0])
        if key in chosen:
            return chosen[key]
        if kind in ("first", "last"):
            word, script = payload
            pool: tuple[str, ...] = {
                ("first", "cyr"): CYR_FIRST,
                ("last", "cyr"): CYR_LAST,
                ("first", "lat"): LAT_FIRST,
                ("last", "lat"): LAT_LAST,
            }[(kind, script)]
            new = rng.choice(pool)
            if kind == "last" and script == "cyr" and word.endswith("а") and new.endswith("ов"):
                new += "а"  # a woman's surname keeps its form
        else:
            pool = {
                "ru_city_a": RU_CITIES_A,
                "ru_city_c": RU_CITIES_C,
                "en_city": EN_CITIES,
                "kk_city": KK_CITIES,
            }[kind]
            new = rng.choice(pool)
        chosen[key] = new
        return new


# --------------------------------------------------------------------------------------------
# URLs and the corpus
# --------------------------------------------------------------------------------------------


def article_url(source: str, lang: str, item_id: int, published: datetime) -> str:
    """A URL in the source's real scheme for a synthetic id."""
    if source == "gov.kz":
        return f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{item_id}?lang={lang}"
    if source == "kt.kz":
        seg = {"ru": "rus", "en": "eng", "kk": "kaz"}[lang]
        return f"https://www.kt.kz/{seg}/politics/synthetic_release_{item_id}.html"
    if source == "inform.kz":
        host = {
            "ru": "https://www.inform.kz/ru/",
            "kk": "https://kaz.inform.kz/news/",
            "en": "https://qazinform.com/news/",
        }[lang]
        return f"{host}synthetic-release-{item_id:x}"
    if source == "astanatimes.com":
        return f"https://astanatimes.com/{published:%Y/%m}/synthetic-release-{item_id}/"
    if source == "tengrinews.kz":
        host = {"ru": "tengrinews.kz", "kk": "kaz.tengrinews.kz", "en": "en.tengrinews.kz"}[lang]
        return f"https://{host}/kazakhstan_news/synthetic-release-{item_id}/"
    return f"https://{source}/news/{item_id}"


def corpus(
    n: int, seed: int = SEED, first_id: int = 2_000_000, around: date | None = None
) -> list[SyntheticArticle]:
    """n synthetic articles (whole releases with their reprints), in a shuffled order.

    Site ids start at first_id (per source): corpora meant to be loaded together need ranges
    apart, or their articles share keys. `around`: every release published in the four days up
    to that date (a scheduled run's batch) instead of spread over two years (a history).
    """
    rng = random.Random(seed)
    temps = templates()
    variator = Variator(rng)
    next_id = {
        s: first_id for s in ("gov.kz", "kt.kz", "inform.kz", "astanatimes.com", "tengrinews.kz")
    }
    latest = max(t.published for t in temps)
    out: list[SyntheticArticle] = []
    release = 0
    while len(out) < n:
        t = temps[rng.randrange(len(temps))]
        if around is None:
            shift = min(rng.randint(*SHIFT_DAYS), (latest - t.published).days)
        else:
            shift = (around - t.published.date()).days - rng.randint(0, 3)
        title, paras = variator.render(t, shift, rng.getrandbits(32))
        published = t.published + timedelta(days=shift, minutes=rng.randrange(-90, 90))
        copies = [(t.source, title, paras, published)]
        if rng.random() < REPRINT_PROB:
            others = [s for s in REPRINTERS[t.lang] if s != t.source]
            for source in rng.sample(others, k=min(len(others), rng.choice((1, 1, 2)))):
                kept = paras[:-1] if len(paras) > 2 and rng.random() < 0.3 else paras
                later = published + timedelta(minutes=rng.randrange(20, 1800))
                copies.append((source, title, kept, later))
        for source, ttl, body, when in copies:
            next_id[source] += rng.randrange(1, 40)
            item = next_id[source]
            out.append(
                SyntheticArticle(
                    id=f"syn-{release}-{source}-{item}",
                    source=source,
                    url=article_url(source, t.lang, item, when),
                    lang=t.lang,
                    title=ttl,
                    paragraphs=tuple(body),
                    published=when,
                    release=release,
                    template=t.name,
                )
            )
        release += 1
    rng.shuffle(out)
    return out[:n]


def stats() -> dict[str, Any]:
    """What the templates hold: counts per language and of replaceable slots."""
    temps = templates()
    kinds: dict[str, int] = {}
    for t in temps:
        for slot in t.slots:
            kinds[slot[2]] = kinds.get(slot[2], 0) + 1
    langs: dict[str, int] = {}
    for t in temps:
        langs[t.lang] = langs.get(t.lang, 0) + 1
    return {"templates": len(temps), "languages": langs, "slots": kinds}
