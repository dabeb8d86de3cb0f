"""Places in running text: which country or city, and what the mention says about an event.

Releases name places in inflected forms ("в Риге", "в Саудовской Аравии", "Ригада",
"Латвиядағы", "АҚШ-та") and for different reasons. Only some mentions are where an event
happened; the rest are postings ("посол Казахстана в Латвии", "Қазақстанның Ресейдегі елшісі",
"Ambassador of Kazakhstan to Hungary"), nationalities ("министр иностранных дел Венгрии"),
origins ("делегация из Египта") or topics. So every mention carries a `kind`:

- venue: the place something happens in ("в Вене", "in Vienna", "Венада", "Вена қаласында");
- destination: where someone goes ("визит в Венгрию", "visit to Hungary", "Венгрияға");
- posting: where a diplomat or mission is accredited (the head noun decides, not the case);
- origin / other: from, of, about.

Case endings are undone, not looked up: Russian endings are replaced by the nominative endings
they can come from and every candidate is tried in the gazetteer (identity first, so
indeclinable names like "Мумбаи" and "Баку" stay); Kazakh case and possessive suffixes are
stripped. An international organization's seat is never inferred here: only the text's words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from flows.transform.gazetteer import gazetteer
from flows.transform.lexicon import EN_CALENDAR
from flows.transform.names import is_common_noun

VENUE = "venue"
DESTINATION = "destination"
POSTING = "posting"
ORIGIN = "origin"
OTHER = "other"
WITH = "with"  # Kazakh -мен/-бен/-пен: "with X", which a person takes far more than a town

# --------------------------------------------------------------------------------------------
# Russian: oblique ending -> the nominative endings it can come from (longest ending first)
# --------------------------------------------------------------------------------------------
_RU_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ую", ("ая",)), ("юю", ("яя",)), ("ией", ("ия",)), ("ии", ("ия",)), ("ию", ("ия",)),
    ("ских", ("ские",)), ("ных", ("ные",)), ("ых", ("ые",)), ("их", ("ие",)),
    ("ской", ("ская",)), ("ной", ("ная",)), ("ом", ("", "о", "ое", "ый", "ий")),
    ("ой", ("ая", "а", "ой")), ("ей", ("я", "ь", "ей", "яя")),
    ("ем", ("ь", "й", "", "е", "ее", "ий")), ("ого", ("ый", "ое", "ий", "ой")),
    ("ому", ("ый", "ое", "ий")), ("ах", ("ы", "и", "а")), ("ях", ("и", "я")),
    ("ам", ("ы", "и")), ("ами", ("ы", "и")), ("ов", ("ы",)), ("ев", ("и",)),
    ("е", ("а", "", "й", "я", "о", "ь", "е")), ("и", ("ь", "а", "я", "и")), ("ы", ("а", "ы")),
    ("а", ("", "о", "ь", "а")), ("я", ("й", "ь", "я")), ("у", ("", "а", "о", "у")),
    ("ю", ("я", "ь", "й", "ю")),
)  # fmt: skip
_VOWELS = set("аеёиоуыэюяaeiouәөұүі")

# --------------------------------------------------------------------------------------------
# Kazakh: case (and possessive + case) suffixes, longest first, with the kind they signal
# --------------------------------------------------------------------------------------------
_KK_SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(s, "attr_loc") for s in ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі")]
        + [(s, VENUE) for s in ("да", "де", "та", "те", "нда", "нде")]
        + [(s, DESTINATION) for s in ("ға", "ге", "қа", "ке", "на", "не")]
        + [(s, OTHER) for s in ("ның", "нің", "дың", "дің", "тың", "тің")]
        + [(s, WITH) for s in ("мен", "бен", "пен")]
        + [(s, ORIGIN) for s in ("дан", "ден", "тан", "тен", "нан", "нен")]
        + [(s, OTHER) for s in ("ны", "ні", "ды", "ді", "ты", "ті")],
        key=lambda p: -len(p[0]),
    )
)
_KK_CITY_WORD_RE = re.compile(r"^қала(сы|сында|сындағы|сына|сының|сынан)?$")
_KK_CITY_SUFFIX_KIND = {
    "сында": VENUE, "сындағы": "attr_loc", "сына": DESTINATION, "сынан": ORIGIN,
}  # fmt: skip
_KK_POSTING_RE = re.compile(
    r"^(елші|елшілі|бас консул|консул|өкіл|миссия|төтенше|өкілетті)", re.IGNORECASE
)

# --------------------------------------------------------------------------------------------
# Context words
# --------------------------------------------------------------------------------------------
_RU_IN = frozenset({"в", "во", "на"})
_RU_FROM = frozenset({"из", "от"})
_VISIT_VERB_RE = re.compile(
    r"^(?:посетил\w*|посетит|посетят|посещени\w+|visited|visiting|toured)$", re.I
)
_RU_CITY_WORDS = frozenset({"городе", "город", "г", "столице", "столицу", "городе-порту"})
# "в мэрии Москвы", "в университете Дебрецена": the institution's place is the venue.
_RU_INSTITUTIONS = frozenset(
    {"мэрии", "ратуше", "университете", "штаб-квартире", "здании", "офисе", "резиденции",
     "парламенте", "порту", "музее", "библиотеке", "галерее", "театре", "министерстве",
     "администрации", "правительстве", "сенате", "академии"}
)  # fmt: skip
_EN_INSTITUTIONS = frozenset(
    {"university", "municipality", "institute", "academy", "college", "library", "museum",
     "port", "hall", "office", "parliament", "ministry", "government", "headquarters",
     "administration", "city", "capital"}
)  # fmt: skip
_RU_POSTING_RE = re.compile(
    r"^(посол|посл[аоуе]|посольств|генконсул|консул|постпред|представител|посланник|атташе|"
    r"поверенн|миссии|миссия|аккредитован)",
    re.IGNORECASE,
)
_EN_IN = frozenset({"in", "at"})
_EN_TO = frozenset({"to"})
_EN_FROM = frozenset({"from"})
_EN_CITY_WORDS = frozenset({"city", "capital", "the"})
_EN_POSTING_RE = re.compile(
    r"^(ambassador|embassy|consul|consulate|envoy|representative|representation|mission|"
    r"charg[eé]|accredited)",
    re.IGNORECASE,
)
_EN_DESTINATION_RE = re.compile(r"^(visit|trip|travel|arriv|came|went|fly|flew|tour)", re.I)
POSTING_WINDOW = 5  # tokens back from the preposition in which a posting head is looked for
MAX_PLACE_WORDS = 5
_CONNECTORS = frozenset({"of", "and", "the", "и", "де", "da", "di", "del"})

# English words that GeoNames has as town names but releases use as words.
_NOT_CITY_WORDS = frozenset(
    {"university", "summit", "forum", "centre", "center", "university park", "mission",
     "embassy", "council", "union", "national", "international", "republic", "president",
     "minister", "opportunity", "progress", "liberty", "independence", "unity", "harmony"}
)  # fmt: skip
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_BREAK_RE = re.compile(r"[.!?;:\n]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Place:
    """What a place name resolves to: an English city exonym and/or an ISO alpha-2 country."""

    city: str | None
    country: str
    population: int = 0  # of the city; 0 for a country
    name: str = ""  # the nominative form that was found in the gazetteer


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    city: str | None
    country: str
    kind: str  # venue | destination | posting | origin | other


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------------------------
# Resolution of one name
# --------------------------------------------------------------------------------------------


def ru_nominatives(word: str) -> list[str]:
    """Nominative candidates of one Russian word form, the form itself first."""
    out = [word]
    low = word.lower()
    for ending, replacements in _RU_ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            stem = word[: -len(ending)]
            for rep in replacements:
                if rep == "й" and stem[-1:].lower() not in _VOWELS:
                    continue
                out.append(stem + rep)
                if rep == "" and len(stem) > 2 and not _fleeting_blocked(stem):
                    out.append(stem[:-1] + "е" + stem[-1])  # Египте -> Египет
    return list(dict.fromkeys(out))


def _fleeting_blocked(stem: str) -> bool:
    """A fleeting vowel only goes between two final consonants."""
    return stem[-1].lower() in _VOWELS or stem[-2].lower() in _VOWELS


def kk_strip(word: str) -> list[tuple[str, str]]:
    """(base, kind) readings of a Kazakh word form: the bare form first, then suffixes stripped."""
    out = [(word, OTHER)]
    low = word.lower()
    if "-" in word:  # "АҚШ-та", "БАӘ-дегі": the suffix after a hyphen
        head, _, tail = word.rpartition("-")
        for suffix, kind in _KK_SUFFIXES:
            if tail.lower() == suffix:
                out.append((head, kind))
    for suffix, kind in _KK_SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            out.append((base, kind))  # "Республикасындағы" -> "Республикасы" (possessive kept)
    return out


@lru_cache(maxsize=65536)
def resolve_place(name: str, lang: str = "") -> Place | None:
    """Resolve a place name in any case form to (city, country); None when it is no place."""
    reading = _resolve_with_kind(name, lang)
    return reading[0] if reading else None


@lru_cache(maxsize=65536)
def _lookup(name: str) -> Place | None:
    """One exact name in the gazetteer (cached: `_resolve_ru` tries the same candidate forms,
    "Риге" -> "Рига", for every inflection of a name; pymorphy's check costs most)."""
    gaz = gazetteer()
    code = gaz.country(name)
    if code is not None:
        return Place(city=None, country=code)
    if name.lower() in _NOT_CITY_WORDS or (name.isupper() and len(name) > 1):
        return None  # "СІМ", "ООН": an acronym is a country or no place at all
    city = gaz.city(name)
    if city is None:
        return None
    # asked only of a town's name (pymorphy's parse costs more than the rest together)
    if " " not in name and _CYRILLIC_RE.search(name) and is_common_noun(name):
        return None  # "Дом" (a house, not Dome in Ghana), "Мир", "Победа"
    return Place(city.name, city.country, city.population, name)


@lru_cache(maxsize=65536)
def _resolve_with_kind(name: str, lang: str) -> tuple[Place, str | None] | None:
    """(place, kind suggested by a Kazakh suffix or None) for a possibly inflected name."""
    name = re.sub(r"['’]s$", "", name.strip())
    if name.lower().startswith("the "):
        name = name[4:]
    if not name or name.lower() in EN_CALENDAR:
        return None
    found = _lookup(name)
    if found is not None:
        return found, None
    if not _CYRILLIC_RE.search(name):
        return None
    words = name.split(" ")
    orders = ("kk", "ru") if lang == "kk" else ("ru", "kk")
    for scheme in orders:
        if scheme == "ru":
            hit = _resolve_ru(words)
            if hit is not None:
                return hit, None
        else:
            for base, kind in kk_strip(words[-1])[1:]:
                found = _lookup(" ".join([*words[:-1], base]))
                if found is not None:
                    return found, kind
    return None


def _resolve_ru(words: list[str]) -> Place | None:
    """The best reading among the nominative candidates: a country, else the biggest city."""
    options = [ru_nominatives(w) for w in words]
    best: Place | None = None
    for combo in itertools.product(*options):
        found = _lookup(" ".join(combo))
        if found is None:
            continue
        if found.city is None:
            return found
        if best is None or found.population > best.population:
            best = found
    return best


# --------------------------------------------------------------------------------------------
# Mentions in running text
# --------------------------------------------------------------------------------------------


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


def _is_cap(tok: _Token) -> bool:
    return tok.text[:1].isupper()


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    """Two tokens separated by one space only (a place name does not span punctuation)."""
    return text[a.end : b.start] == " "


def find_places(text: str, lang: str = "") -> list[PlaceMention]:
    """Every country or city mention in `text`, in order, with its kind."""
    toks = _tokens(text)
    out: list[PlaceMention] = []
    names: list[str] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i]):
            i += 1
            continue
        hit = _longest_place(text, toks, i, lang)
        if hit is None:
            i += 1
            continue
        j, place, suffix_kind = hit
        if suffix_kind == WITH and place.city is not None:
            i += 1  # "Изабель Мореномен", "Андраш Кишпен": a surname, not Moreno or Kish
            continue
        if suffix_kind == WITH:
            suffix_kind = OTHER
        if (
            place.city is not None
            and suffix_kind is None
            and (_followed_by_name(text, toks, j) or _latin_surname(text, toks, i))
            and not _after_preposition(text, toks, i)
        ):
            i += 1  # "Helena Sørensen", "Ана Мария": a first name, not the town
            continue
        kind = _kind_of(text, toks, i, j, lang, suffix_kind)
        start, end = toks[i].start, toks[j].end
        out.append(PlaceMention(start, end, text[start:end], place.city, place.country, kind))
        names.append(place.name)
        i = j + 1
    return _prefer_mentioned_countries(text, out, names)


def _prefer_mentioned_countries(
    text: str, mentions: list[PlaceMention], names: list[str]
) -> list[PlaceMention]:
    """A city name shared by several countries: the one in a country the paragraph names
    ("Ambassador ... to Spain ... the University of Salamanca" is Salamanca, Spain)."""
    out = []
    for m, name in zip(mentions, names, strict=True):
        if m.city and name:
            para_start = text.rfind("\n", 0, m.start) + 1
            para_end = text.find("\n", m.end)
            para_end = len(text) if para_end < 0 else para_end
            named = {
                o.country
                for o in mentions
                if o.city is None and para_start <= o.start and o.end <= para_end
            }
            if m.country not in named:
                alt = [c for c in gazetteer().cities(name) if c.country in named]
                if alt:
                    m = PlaceMention(m.start, m.end, m.text, alt[0].name, alt[0].country, m.kind)
        out.append(m)
    return out


def _longest_place(
    text: str, toks: list[_Token], i: int, lang: str
) -> tuple[int, Place, str | None] | None:
    """The longest run of words from token i that names a place: (last index, place, kind)."""
    last = i
    while (
        last + 1 < len(toks)
        and last + 1 - i < MAX_PLACE_WORDS
        and _adjacent(text, toks[last], toks[last + 1])
        and (_is_cap(toks[last + 1]) or toks[last + 1].text.lower() in _CONNECTORS)
    ):
        last += 1
    for j in range(last, i - 1, -1):
        if not _is_cap(toks[j]):
            continue
        name = text[toks[i].start : toks[j].end]
        reading = _resolve_with_kind(name, lang)
        if reading is not None:
            if j + 1 < len(toks) and _adjacent(text, toks[j], toks[j + 1]):
                city_kind = _kk_city_word(toks[j + 1].text)
                if city_kind:  # "Жидда қаласында": the city word carries the case
                    return j + 1, reading[0], city_kind
            return j, reading[0], reading[1]
        if lang == "kk" and j + 1 < len(toks):
            city_kind = _kk_city_word(toks[j + 1].text)
            if city_kind:
                found = _lookup(name) or resolve_place(name, lang)
                if found is not None and _adjacent(text, toks[j], toks[j + 1]):
                    return j + 1, found, city_kind
    return None


# Capitalized words that may follow a place inside a longer proper name ("Busan International
# Logistics Forum", "Astana International Financial Centre", "Вена қаласы").
_PROPER_NAME_CONTINUATIONS = re.compile(
    r"^(?:international|national|state|city|municipality|university|forum|summit|port|"
    r"region|province|declaration|process|format|centre|center|hub|airport|"
    r"международн\w*|национальн\w*|государственн\w*|университет\w*|форум\w*|"
    r"халықаралық|ұлттық|мемлекеттік|университет\w*|қала\w*|облыс\w*)$",
    re.IGNORECASE,
)


def _followed_by_name(text: str, toks: list[_Token], j: int) -> bool:
    """A city name directly followed by a capitalized word that is not a place or institution."""
    if j + 1 >= len(toks) or not _adjacent(text, toks[j], toks[j + 1]):
        return False
    nxt = toks[j + 1].text
    if not nxt[:1].isupper() or nxt.isupper() or _PROPER_NAME_CONTINUATIONS.match(nxt):
        return False
    return _resolve_with_kind(nxt, "") is None


BIG_CITY = 1_000_000
_CAPITALIZED_FUNCTION_WORDS = frozenset(
    {"in", "at", "on", "to", "the", "from", "meanwhile", "also", "during", "after", "before",
     "following", "visiting", "central", "northern", "southern", "eastern", "western", "greater"}
)  # fmt: skip


def _latin_surname(text: str, toks: list[_Token], i: int) -> bool:
    """A Latin-script town name right after a capitalized first name: "Oliver Hartley"."""
    if i == 0 or not _adjacent(text, toks[i - 1], toks[i]) or _CYRILLIC_RE.search(toks[i].text):
        return False
    prev = toks[i - 1].text
    if not prev[:1].isupper() or prev.isupper() or prev.lower() in _CAPITALIZED_FUNCTION_WORDS:
        return False
    if _PROPER_NAME_CONTINUATIONS.match(prev) or _starts_sentence(text, toks[i - 1]):
        return False
    return _resolve_with_kind(prev, "") is None


def _starts_sentence(text: str, tok: _Token) -> bool:
    return tok.start == 0 or bool(
        re.search(r"[.!?\n]\s*$", text[max(0, tok.start - 3) : tok.start])
    )


_PREPOSITIONS = frozenset({"в", "во", "на", "из", "in", "at", "to", "from", "of"})


def _after_preposition(text: str, toks: list[_Token], i: int) -> bool:
    before = _same_sentence_before(text, toks, i)
    return bool(before) and before[-1].text.lower() in _PREPOSITIONS | _RU_CITY_WORDS


def _kk_city_word(word: str) -> str | None:
    m = _KK_CITY_WORD_RE.match(word.lower())
    if m is None:
        return None
    return _KK_CITY_SUFFIX_KIND.get(m.group(1) or "", OTHER)


def _kind_of(
    text: str, toks: list[_Token], i: int, j: int, lang: str, suffix_kind: str | None
) -> str:
    """Classify the mention toks[i..j] by the words around it."""
    before = _same_sentence_before(text, toks, i)
    if re.search(r"['’]s$", toks[j].text):
        return OTHER  # "Hungary’s Ministry": a possessive names whose, never where
    if suffix_kind is not None:  # a Kazakh suffix said it
        if suffix_kind == "attr_loc":
            after = [t.text for t in toks[j + 1 : j + 5]]
            return POSTING if any(_KK_POSTING_RE.match(w) for w in after) else VENUE
        return suffix_kind
    if not before:
        return OTHER
    k_city = len(before) - 1
    if before[k_city].text.lower() in _RU_CITY_WORDS | _EN_CITY_WORDS and k_city > 0:
        k_city -= 1
    if _VISIT_VERB_RE.match(before[k_city].text):
        return DESTINATION  # "посетил город Дебрецен", "visited Almaty"
    prev = before[-1].text.lower()
    if _CYRILLIC_RE.search(prev) or lang in ("ru", "kk"):
        k = len(before) - 1
        if prev in _RU_CITY_WORDS and k > 0:
            k -= 1
            # "в латвийском портовом городе Вентспилс": adjectives before the city word
            while k > 0 and before[k].text.islower() and before[k].text not in _RU_IN:
                k -= 1
            prev = before[k].text.lower()
        if prev in _RU_IN:
            if _posting_head(before[:k], _RU_POSTING_RE):
                return VENUE if _at_the_mission(before[:k], _RU_IN) else POSTING
            return VENUE
        if prev in _RU_FROM:
            return ORIGIN
        if prev in _RU_INSTITUTIONS and k > 0 and before[k - 1].text.lower() in _RU_IN:
            return VENUE
    k = len(before) - 1
    while k > 0 and before[k].text.lower() in _EN_CITY_WORDS | {"of"}:
        k -= 1
    if before[k].text.lower() in _EN_INSTITUTIONS and k > 0:
        k -= 1  # "at the University of Salamanca", "visited the City Hall of X"
        while k > 0 and before[k].text.lower() in {"the", "of"} | _EN_CITY_WORDS:
            k -= 1
        if _VISIT_VERB_RE.match(before[k].text):
            return DESTINATION
    prev = before[k].text.lower()
    if prev in _EN_IN | _EN_TO:
        if _posting_head(before[:k], _EN_POSTING_RE):
            return VENUE if _at_the_mission(before[:k], _EN_IN) else POSTING
        if prev in _EN_IN:
            return VENUE
        window = before[max(0, k - 3) : k]
        if any(_EN_DESTINATION_RE.match(t.text) for t in window):
            return DESTINATION
        return OTHER
    if prev in _EN_FROM:
        return ORIGIN
    return OTHER


def _same_sentence_before(text: str, toks: list[_Token], i: int) -> list[_Token]:
    """The tokens before toks[i] back to the previous sentence break."""
    out: list[_Token] = []
    k = i - 1
    while k >= 0:
        gap = text[toks[k].end : toks[k + 1].start]
        if _SENTENCE_BREAK_RE.search(gap):
            break
        out.append(toks[k])
        k -= 1
    out.reverse()
    return out


def _posting_head(before: list[_Token], head_re: re.Pattern[str]) -> bool:
    """A posting noun (посол, embassy...) among the last few words before the preposition."""
    return any(head_re.match(t.text) for t in before[-POSTING_WINDOW:])


_MISSION_RE = re.compile(
    r"^(?:посольств\w*|генконсульств\w*|консульств\w*|представительств\w*|embassy|consulate)$",
    re.IGNORECASE,
)


def _at_the_mission(before: list[_Token], preps: frozenset[str]) -> bool:
    """ "at the Embassy of Kazakhstan in Warsaw", "в посольстве Казахстана в Варшаве": a venue."""
    window = before[-POSTING_WINDOW:]
    for k, tok in enumerate(window):
        if _MISSION_RE.match(tok.text):
            prior = [t.text.lower() for t in window[max(0, k - 2) : k]]
            return any(p in preps for p in prior)
    return False


def venue_of(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The first venue (a city before a country) among mentions, or None."""
    venues = [m for m in mentions if m.kind in (VENUE, DESTINATION)]
    cities = [m for m in venues if m.city]
    if cities:
        return cities[0]
    return venues[0] if venues else None


def posting_of(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The first posting among mentions, or None."""
    return next((m for m in mentions if m.kind == POSTING), None)


def iter_kinds(mentions: list[PlaceMention], kinds: tuple[str, ...]) -> list[PlaceMention]:
    """The mentions of the given kinds, in order."""
    return [m for m in mentions if m.kind in kinds]
