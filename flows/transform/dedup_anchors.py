"""What survives translation: the cross-language fingerprint of a release.

A ru release and its kk or en version share no words, but they name the same people and
places, the same numbers and the same dates. This module reduces a text to those anchors, each
in a script- and case-independent key, so the versions of one release share most of their keys
and two different releases (the same ambassador at another event, the same minister's other
call) differ in the counterpart, the place and the figures:

- names and places: capitalized words that do not start a sentence (a sentence's first word is
  capitalized whatever it is), minus a stop list of titles and institutions every release
  carries; each is folded by `translit.skeleton` (Кошербаев / Қошербаев / Kosherbayev), its
  Russian or Kazakh case ending stripped (Ильясовым, Ригада, Кариповтың), and cut to
  `NAME_KEY_LEN` letters (Лиепиньш / Liepiņš differ only after that);
- numbers, with their magnitude words applied (1,2 млрд = $1.2 billion; 5 мың = 5,000);
- dates (day and month: "10 февраля", "10 ақпан", "February 10") and bare months ("в апреле").

Left out: acronyms (ООН / UN / БҰҰ share nothing); the title, which English outlets write in
Title Case; English Title Case institution names ("International North-South Transport
Corridor", where Russian capitalizes one word); capitalized words the same text also writes in
lower case (a common noun at the head of a phrase); titles and institutions of a stop list.

The keys are crude on purpose: they only need to agree between the versions of one text, not to
be right; an error that happens alike in both versions costs nothing.

`cited_sources` finds the explicit "Source : <url>" lines republishers add.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flows.transform.canonical import canonical_url, translation_group
from flows.transform.translit import skeleton

NAME_KEY_LEN = 6  # letters kept of a folded, ending-stripped name (chosen on data: dedup.py)
MIN_STEM = 3  # never strip an ending below this many letters
MAX_STRIPS = 3  # Kazakh stacks suffixes (Рига-да-ғы, Токио-да); three passes undo them

# Case, number and possessive endings, written as spoken; folded by `skeleton` below.
RU_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ою", "ею", "ом", "ем",
    "ам", "ям", "ах", "ях", "ую", "юю", "ая", "яя", "ые", "ие", "ых", "их", "ым", "им",
    "а", "я", "у", "ю", "е", "ы", "и", "о",
)  # fmt: skip
KK_ENDINGS = (
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "ны", "ні",
    "ды", "ді", "ты", "ті", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен",
    "нан", "нен", "мен", "бен", "пен", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "лар", "лер", "дар", "дер", "тар", "тер", "сы", "сі", "ы", "і", "н",
)  # fmt: skip
ENDINGS = tuple(sorted({skeleton(e) for e in RU_ENDINGS + KK_ENDINGS}, key=lambda e: -len(e)))

# Titles, institutions and words every MFA release carries, in ru, kk and en (any form: each is
# reduced to its key). Places and people are never listed here.
STOP_WORDS = (
    # the country and its capital, in every release
    "Казахстан", "Қазақстан", "Kazakhstan", "Kazakh", "Kazakhstani", "Казахский", "Қазақ",
    "Астана", "Astana", "Нур-Султан", "Nur-Sultan", "Republic", "Республика", "Республикасы",
    # titles and offices
    "Министр", "Министерство", "Министрлігі", "Minister", "Ministry", "Ministers", "Посол",
    "Елші", "Елшісі", "Ambassador", "Envoy", "Посольство", "Елшілік", "Елшілігі", "Embassy",
    "Президент", "President", "Глава", "Head", "Басшысы", "Заместитель", "Орынбасары",
    "Deputy", "Vice", "Председатель", "Төраға", "Chairman", "Chair", "Chairwoman",
    "Секретарь", "Хатшы", "Secretary", "Генеральный", "General", "Бас", "Помощник",
    "Assistant", "Директор", "Director", "Консул", "Consul", "Генконсул", "Консульство",
    "Консулдығы", "Consulate", "Поверенный", "Chargé", "Charge", "Affaires", "Governor",
    "Губернатор", "Representative", "Представитель", "Spokesperson", "Official", "Mr", "Mrs",
    "Ms", "Excellency", "Prime", "Премьер",
    # institutions and formats
    "Foreign", "Affairs", "Сыртқы", "Істер", "Иностранных", "Government", "Правительство",
    "Үкімет", "Parliament", "Парламент", "Мажилис", "Сенат", "Senate", "Council", "Совет",
    "Кеңес", "Commission", "Комиссия", "Committee", "Комитет", "Organization", "Organisation",
    "Организация", "Ұйым", "International", "Международный", "Халықаралық", "National",
    "Национальный", "Ұлттық", "State", "States", "United", "Nations", "Union", "Forum",
    "Форум", "Summit", "Саммит", "Session", "Сессия", "Conference", "Конференция", "Office",
    "Department", "Департамент", "Agency", "Агентство", "Centre", "Center", "Центр",
    "Institute", "Институт", "Association", "Ассоциация", "Federation", "Федерация",
    "Programme", "Program", "Программа", "Joint", "Совместный", "Intergovernmental",
    "Межправительственный", "Үкіметаралық", "Ministerial", "Business", "Economic",
    "Cooperation", "Сотрудничество", "Development", "Strategic", "Partnership",
    "Central", "Asia", "Asian", "Центральная", "Азия", "Азии", "Азию", "Орталық", "Region",
    "Regional",
    "Head of State", "Мемлекет", "Государства", "Глава", "Source", "Источник", "Дереккөз",
    "Photo", "Фото", "Read", "Читайте",
    # outlets and their datelines
    "Kazinform", "Казинформ", "Қазақпарат", "Tengrinews", "Astana Times", "Times", "Today",
    "Kazpravda", "Казправда", "Massaget", "El", "Nur", "Dknews", "Baq", "Ult",
    # English words capitalized in running text
    "The", "During", "According", "On", "In", "At", "His", "Her", "Their", "This", "It",
)  # fmt: skip

# Number words: day-month pairs and magnitudes, keyed by the lower-case prefix of the word.
MONTHS: dict[str, int] = {
    # ru (any case form starts with these)
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "мае": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # kk
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    # en, with the usual abbreviations
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# Prefixes that also start ordinary words: these must match the whole word (or "may." etc.).
EXACT_MONTHS = frozenset({"мая", "май", "мае", "may", "mar", "jan", "jun", "jul", "dec", "sep",
                          "oct", "nov", "aug", "apr", "feb", "march", "қазан"})  # fmt: skip
MAGNITUDES: dict[str, float] = {
    "тыс": 1e3, "тысяч": 1e3, "мың": 1e3, "thousand": 1e3, "млн": 1e6, "миллион": 1e6,
    "million": 1e6, "mln": 1e6, "млрд": 1e9, "миллиард": 1e9, "billion": 1e9, "bln": 1e9,
    "трлн": 1e12, "триллион": 1e12, "trillion": 1e12,
}  # fmt: skip

# English writes institutions in Title Case ("International North-South Transport Corridor",
# "House of National Minorities") where Russian and Kazakh capitalize only the first word: in a run
# of capitalized Latin words, the words up to the last of these head nouns name an institution.
INSTITUTION_HEADS = frozenset(
    {
        "forum", "corridor", "council", "committee", "subcommittee", "commission", "centre",
        "center", "institute", "programme", "program", "summit", "federation", "association",
        "agency", "office", "organization", "organisation", "union", "conference", "court",
        "port", "zone", "bank", "fund", "university", "museum", "dialogue", "initiative",
        "platform", "company", "ministry", "service", "assembly", "session", "exhibition",
        "festival", "house", "goals", "space", "hemisphere", "department", "board", "chamber",
        "foundation", "school", "academy", "library", "theatre", "theater", "gallery",
    }
)  # fmt: skip
RUN_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "in", "de", "du", "&"})
_RUN_GAP_RE = re.compile(r"^[\s\u00a0\-–—]*$")

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_SENTENCE_END = frozenset('.!?…:;\n«"“„(')
_DASHES = frozenset("-–—")
_INITIAL_RE = re.compile(r"(?:^|[\s(])[^\W\d_]\.$", re.UNICODE)  # "Е." before a surname
_BLANKS = frozenset(" \t\u00a0")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_CZ_RE = re.compile(r"cz")
_C_SOFT_RE = re.compile(r"c(?=[eiy])")
_C_HARD_RE = re.compile(r"c(?!h)")
_APOSTROPHE_S_RE = re.compile(r"['’]s$", re.IGNORECASE)
_APOSTROPHE_SPLIT_RE = re.compile(r"['’](?![sS]$)")
SOURCE_LINE_RE = re.compile(
    r"(?:source|источник|дереккөз|қайнар\s+көз|сілтеме)\s*[:：]\s*(https?://\S+)",
    re.IGNORECASE,
)


def strip_ending(key: str) -> str:
    """The folded word without its (Russian or Kazakh) case endings, crudely."""
    for _ in range(MAX_STRIPS):
        for ending in ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= MIN_STEM:
                key = key[: -len(ending)]
                break
        else:
            break
    return key


def _latin_c(word: str) -> str:
    """Latin `c` as Russian renders it (Marcela/Марсела, Caspian/Каспий), for `skeleton`."""
    word = _CZ_RE.sub("ch", word)
    word = _C_SOFT_RE.sub("s", word)
    return _C_HARD_RE.sub("k", word)


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """The script- and case-independent key of one capitalized word."""
    word = _APOSTROPHE_S_RE.sub("", word).lower()
    if word.isascii():
        word = _latin_c(word)
    return strip_ending(skeleton(word))[:NAME_KEY_LEN]


def _stop_keys() -> frozenset[str]:
    keys = set()
    for phrase in STOP_WORDS:
        for word in phrase.split():
            keys.add(name_key(word))
    return frozenset(k for k in keys if k)


STOP_KEYS = _stop_keys()


def _sentence_start(text: str, start: int) -> bool:
    """True if the word at `start` opens a sentence (or a quote, or a dateline's tail).

    Reads back from `start` only as far as it needs (never copies the text before it)."""
    end = start
    while end > 0 and text[end - 1] in _BLANKS:
        end -= 1
    if end == 0:
        return True
    last = text[end - 1]
    if last in _DASHES:
        k = end - 1
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k > 0 and text[k - 1].isupper():
            return True  # "KAZAKHSTAN TODAY - Казахстанские ..."
    if last == "." and _INITIAL_RE.search(text[max(0, end - 3) : end]):
        return False  # "Е.Байсалов": an initial, not a sentence end
    return last in _SENTENCE_END


@lru_cache(maxsize=65536)
def _month(word: str) -> int | None:
    if word[0].isascii() != word[0].isupper():
        return None  # English months are capitalized; ru/kk months are not (Марта, Қазан)
    low = word.lower().rstrip(".")
    if low in MONTHS and (low in EXACT_MONTHS or len(low) >= 3):
        return MONTHS[low]
    for prefix, num in MONTHS.items():
        if prefix not in EXACT_MONTHS and low.startswith(prefix):
            return num
    return None


def _magnitude(word: str) -> float:
    low = word.lower().rstrip(".")
    for prefix, mult in MAGNITUDES.items():
        if low.startswith(prefix):
            return mult
    return 1.0


def _number(token: str) -> float | None:
    if _THOUSANDS_RE.match(token):
        return float(token.replace(",", ""))
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None  # "1.2.3": a list number or version, not a quantity


def _number_key(value: float) -> str:
    return f"#{value:g}"


def _institution_tokens(body: str, tokens: list[tuple[str, int]]) -> set[int]:
    """Indexes of capitalized Latin tokens inside Title Case institution names."""
    out: set[int] = set()
    run: list[int] = []

    def close() -> None:
        # from the run's start through its last head noun; a name in apposition after the
        # institution ("... of American States Marcela Duarte") stays
        caps = [i for i in run if tokens[i][0][:1].isupper()]
        heads = [k for k, i in enumerate(caps) if tokens[i][0].lower() in INSTITUTION_HEADS]
        if len(caps) >= 2 and heads:
            out.update(caps[: heads[-1] + 1])
        run.clear()

    for i, (tok, pos) in enumerate(tokens):
        if run:
            prev_tok, prev_pos = tokens[run[-1]]
            if not _RUN_GAP_RE.match(body[prev_pos + len(prev_tok) : pos]):
                close()
        is_cap = tok.isascii() and tok[:1].isupper() and not tok.isupper()
        if is_cap or (run and tok.lower() in RUN_CONNECTORS):
            run.append(i)
        else:
            close()
    close()
    return out


def anchors(body: str) -> frozenset[str]:
    """The anchor keys of a text: names and places, numbers, dates (see the module docstring)."""
    body = _URL_RE.sub(" ", body)
    tokens = [(m.group(), m.start()) for m in _TOKEN_RE.finditer(body)]
    lower_words = {t for t, _ in tokens if t[:1].islower()}
    institutions = _institution_tokens(body, tokens)
    out: set[str] = set()
    used: set[int] = set()
    for i, (tok, _pos) in enumerate(tokens):
        month = _month(tok) if not tok[0].isdigit() else None
        if month is None:
            continue
        day = None
        for j in (i - 1, i + 1):  # "10 февраля", "February 10"
            if 0 <= j < len(tokens) and tokens[j][0].isdigit() and j not in used:
                value = _number(tokens[j][0])
                if value is not None and 1 <= value <= 31 and value == int(value):
                    day = int(value)
                    used.add(j)
                    break
        out.add(f"d:{month:02d}-{day:02d}" if day else f"m:{month:02d}")
        used.add(i)
    for i, (tok, pos) in enumerate(tokens):
        if i in used or i in institutions:
            continue
        if tok[0].isdigit():
            value = _number(tok)
            if value is None:
                continue
            if i + 1 < len(tokens):
                value *= _magnitude(tokens[i + 1][0])
            out.add(_number_key(value))
            continue
        parts = _APOSTROPHE_SPLIT_RE.split(tok)
        for k, part in enumerate(parts):
            if not part[:1].isupper() or part.isupper():
                continue
            if k == 0 and _sentence_start(body, pos):
                continue
            if part.lower() in lower_words:
                continue  # also written in lower case here: a common noun ("Space", "space")
            key = name_key(part)
            if len(key) >= MIN_STEM and key not in STOP_KEYS:
                out.add(key)
    return frozenset(out)


def cited_sources(body: str) -> tuple[str, ...]:
    """What a "Source : <url>" line points at: a gov.kz translation group or a canonical URL."""
    found = set()
    for m in SOURCE_LINE_RE.finditer(body):
        url = m.group(1).rstrip(".,;)»\"'")
        found.add(translation_group(url) or canonical_url(url))
    return tuple(sorted(found))


# Paragraph openers of multi-event digests (SOURCES.md §2.3: "В частности, посол ...", "Между тем
# посол ...", "Тем временем ..."), and the header phrases that announce one.
DIGEST_OPENERS = (
    "в частности", "между тем", "тем временем", "in particular", "meanwhile",
    "атап айтқанда", "сонымен қатар", "осы уақытта",
)  # fmt: skip
DIGEST_HEADERS = re.compile(
    r"провели ряд (?:встреч|мероприятий)|провели серию встреч"
    r"|held a (?:series|number) of (?:meetings|events)"
    r"|бірқатар (?:кездесу|іс-шара)",
    re.IGNORECASE,
)
MIN_DIGEST_OPENERS = 2


def is_digest(body: str) -> bool:
    """True for a multi-event digest (several paragraphs opened by digest connectors)."""
    if DIGEST_HEADERS.search(body):
        return True
    openers = 0
    for para in body.splitlines():
        head = para.strip().lower()
        if any(head.startswith(o) for o in DIGEST_OPENERS):
            openers += 1
    return openers >= MIN_DIGEST_OPENERS
