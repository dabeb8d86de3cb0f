"""Who an article says its text comes from, and whether it is about the ministry's work at all.

Why: outlets carry MFA releases with a closing attribution ("..., сообщает Министерство
иностранных дел Республики Казахстан", "Kazinform cites the press service of the Kazakh MFA",
"ҚР СІМ баспасөз қызметінің хабарлауынша"). That phrase ties a reprint to its origin for
dedup, and it is the best single signal that a general outlet's item belongs in the warehouse.
General outlets also publish items that name *a* ministry (finance, Latvia's foreign ministry):
those must not pass, so a bare "МИД"/"Foreign Ministry" counts only when the text is about
Kazakhstan and no other country's name follows it.

Phrases come from SOURCES.md §2.3, §3.2, §4 and §8, in ru, kk and en, with the case endings
and word orders they take in running text. Patterns match normalized text (clean.normalize_text)
but tolerate typographic apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Who = Literal["mfa", "mfa_press_service", "embassy", "outlet"]
OutletBefore = Literal["no", "optional", "required"]
MFA_FAMILY: frozenset[str] = frozenset({"mfa", "mfa_press_service", "embassy"})


@dataclass(frozen=True)
class Attribution:
    phrase: str  # the matched text, as written
    start: int
    end: int
    who: Who


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str


# --------------------------------------------------------------------------------------------
# Noun phrases
# --------------------------------------------------------------------------------------------

_RU = r"[а-яё]*"  # a Russian case ending
_KK = r"[а-яёәғқңөұүһі]*"  # a Kazakh case or possessive ending
_CAP = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*"
_CAP_EN = r"(?-i:[A-Z][\w'-]*)"
_APOS = r"['’]"

# Russian: "Республики Казахстан", "РК", "Казахстана" ... the qualifiers naming Kazakhstan.
_KZ_RU = r"(?:Республики\s+Казахстан|РК|Казахстана|страны|республики|нашей\s+страны)"
_KZ_RU_STRICT = r"(?:Республики\s+Казахстан|РК|Казахстана)"
_MFA_RU_CORE = (
    rf"(?:Министерств{_RU}\s+иностранных\s+дел|МИД(?:а|е|у|ом)?(?![\w-])"
    rf"|внешнеполитическ{_RU}\s+ведомств{_RU})"
)
_MFA_RU = rf"(?:казахстанск{_RU}\s+)?{_MFA_RU_CORE}(?:\s+{_KZ_RU})?"
_PRESS_RU = rf"пресс-служб{_RU}\s+(?:{_MFA_RU}|ведомств{_RU}|министерств{_RU}(?!\w)(?!\s+[а-яё]))"
_MISSION_RU = (
    rf"(?:посольств{_RU}|генеральн{_RU}\s+консульств{_RU}|генконсульств{_RU}|консульств{_RU}"
    rf"|постоянн{_RU}\s+представительств{_RU}|постпредств{_RU}|дипмисси{_RU}"
    rf"|загранучрежден{_RU})"
)
_EMB_RU = (
    rf"(?:пресс-служб{_RU}\s+)?(?:казахстанск{_RU}\s+)?{_MISSION_RU}(?:\s+{_KZ_RU})?"
    rf"(?:\s+(?:в|во|при)\s+{_CAP}(?:\s+{_CAP})?)?"
)

# English.
_KZ_ADJ_EN = rf"(?:Kazakh|Kazakhstani|Kazakhstan{_APOS}s|Kazakhstan)"
_OF_KZ_EN = r"of\s+(?:the\s+Republic\s+of\s+)?Kazakhstan"
_MINISTRY_EN = (
    r"(?:MFA|Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs|Foreign\s+Affairs\s+Ministry)"
)
_MFA_EN = (
    rf"(?:(?:the\s+)?{_KZ_ADJ_EN}\s+{_MINISTRY_EN}"
    rf"|(?:the\s+)?{_MINISTRY_EN}\s+{_OF_KZ_EN}"
    rf"|(?:the\s+)?{_MINISTRY_EN}(?!\s+of\b))"
)
_PRESS_EN = (
    rf"(?:(?:the\s+)?press\s+service\s+of\s+{_MFA_EN}"
    rf"|(?:the\s+)?{_KZ_ADJ_EN}\s+{_MINISTRY_EN}(?:{_APOS}s)?\s+press\s+service"
    rf"|(?:the\s+)?{_KZ_ADJ_EN}\s+Foreign\s+Minister{_APOS}s\s+press\s+service"
    rf"|(?:the\s+)?(?:ministry|MFA|Foreign\s+Ministry){_APOS}s\s+press\s+service"
    rf"|(?:the\s+)?MFA\s+press\s+service"
    rf"|(?:the\s+)?press\s+service\s+of\s+the\s+(?:ministry|Foreign\s+Minister))"
)
_EMB_EN = (
    rf"(?:(?:the\s+)?(?:press\s+service\s+of\s+the\s+)?"
    rf"(?:Embassy|Consulate(?:\s+General)?|Permanent\s+Mission)\s+{_OF_KZ_EN}"
    rf"(?:\s+(?:in|to)\s+(?:the\s+)?{_CAP_EN}(?:\s+{_CAP_EN})?)?"
    rf"|(?:the\s+)?{_KZ_ADJ_EN}\s+(?:Embassy|Consulate(?:\s+General)?|Permanent\s+Mission"
    rf"|diplomatic\s+mission)(?:\s+(?:in|to)\s+(?:the\s+)?{_CAP_EN}(?:\s+{_CAP_EN})?)?)"
)

# Kazakh.
_KZ_KK = r"(?:ҚР|Қазақстан\s+Республикасы(?:ның)?|Қазақстан(?:ның)?)"
_MFA_KK = rf"(?:(?:{_KZ_KK}\s+)?(?:Сыртқы\s+істер\s+министрлі{_KK}|(?-i:СІМ)(?:-?{_KK})?(?![\w-])))"
_PRESS_KK = rf"(?:{_MFA_KK}|министрлікт{_KK}|ведомство{_KK})\s+баспасөз\s+қызмет{_KK}"
_EMB_KK = (
    rf"(?:{_KZ_KK}\s+(?:{_CAP}\s+){{0,3}}(?:елшілі{_KK}|бас\s+консулдығ{_KK}|консулдығ{_KK}"
    rf"|тұрақты\s+өкілдіг{_KK})(?:\s+баспасөз\s+қызмет{_KK})?)"
)

_OUTLET = (
    r"(?:Tengrinews(?:\.kz)?|Kazinform(?:\s+News\s+Agency)?|Казинформ|ҚазАқпарат|Kazakhstan\s+Today"
    r"|KT\.kz|Интерфакс-Казахстан|Interfax-Kazakhstan|КазТАГ|KazTAG|Sputnik(?:\s+Казахстан"
    r"|\s+Kazakhstan)?|ТАСС|TASS|РИА\s+Новости|Trend|Xinhua|Reuters|Astana\s+Times"
    r"|(?<![\w.])[A-Za-z][\w-]*\.(?:kz|ru|com|az|uz|kg))"
)

# --------------------------------------------------------------------------------------------
# Constructions: a reporting verb or preposition and a noun phrase, in each language's order
# --------------------------------------------------------------------------------------------

_VERB_RU = (
    rf"(?:(?:как\s+)?(?:сообща{_RU}|сообщил{_RU}|информир{_RU}|проинформировал{_RU}"
    rf"|переда[её]т|пишет|уточнил{_RU}|рассказал{_RU}|заявил{_RU})"
    rf"(?:\s+(?!пресс-)[а-яё]+){{0,3}}?(?:\s+(?:в|во))?)"  # "сообщила в понедельник пресс-служба"
)
_PREP_RU = (
    r"(?:со\s+ссылкой\s+на|по\s+информации|по\s+данным|по\s+сообщению|согласно\s+информации"
    r"|согласно\s+сообщению|говорится\s+в\s+сообщении|как\s+сообщили\s+в)"
)
_AFTER_RU = rf"(?:сообщил{_RU}|сообщает|информирует|информировал{_RU}|проинформировал{_RU})"
_VERB_EN = (
    r"(?:reports|reported|said|says|informs|informed|announced|stated|notes|noted|told"
    r"|has\s+reported|has\s+informed)"
)
_PREP_EN = (
    r"(?:cites|cited|citing|quoting|quotes|(?:has\s+)?learn(?:t|ed)\s+from|reports\s+citing"
    r"|reported\s+citing|according\s+to|with\s+reference\s+to|as\s+reported\s+by"
    r"|reported\s+by|as\s+per)"
)
# The outlet standing before a match ("Kazinform cites ..."): looked for backwards from the
# match instead of inside the pattern, where its long alternation would be tried at every
# character of the text.
_OUTLET_BEFORE_RE = re.compile(rf"{_OUTLET}\s+$", re.IGNORECASE)
_OUTLET_REACH = 60
_AFTER_KK = (
    r"(?:хабарлауынша|хабарлады|хабарлайды|мәлімдеді|мәлім\s+етті|мәліметінше"
    r"|мәліметі\s+бойынша|хабарламасында|сілтеме\s+жасап)"
)
_BEFORE_KK = r"(?:(?:деп\s+)?(?:хабарлады|хабарлайды|мәлімдеді|жазады))"

_S = r"\s*,?\s+"  # "…, reports" / "… reports"


def _p(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# Gates: words one of which every match of a pattern contains (lower case; substrings of the
# case-folded text, see `_fold`). A pattern whose gate is absent from a text cannot match it and
# is not run: a Russian release never pays for the English and Kazakh patterns.
_G_PRESS_RU = ("пресс-служб",)
_G_EMB_RU = (
    "посольств", "консульств", "представительств", "постпредств", "дипмисси", "загранучрежден",
)  # fmt: skip
_G_MFA_RU = ("министерств", "мид", "внешнеполитическ")
_G_PRESS_EN = ("press",)
_G_EMB_EN = ("embassy", "consulate", "mission")
_G_MFA_EN = ("mfa", "ministry")
_G_PRESS_KK = ("баспасөз",)
_G_EMB_KK = ("елшілі", "консулдығ", "өкілдіг")
_G_MFA_KK = ("министрлі", "сім")

# Order matters only for ties at the same position: the more specific kind first.
# Each with whether an outlet name may ("optional") or must ("required") stand right before it,
# and its gate.
_PATTERNS: tuple[tuple[re.Pattern[str], Who, OutletBefore, tuple[str, ...]], ...] = (
    (_p(rf"{_VERB_RU}\s+(?:{_PRESS_RU})"), "mfa_press_service", "no", _G_PRESS_RU),
    (_p(rf"{_PREP_RU}\s+(?:{_PRESS_RU})"), "mfa_press_service", "no", _G_PRESS_RU),
    (_p(rf"(?:{_PRESS_RU}){_S}{_AFTER_RU}"), "mfa_press_service", "no", _G_PRESS_RU),
    (_p(rf"{_VERB_RU}\s+(?:{_EMB_RU})"), "embassy", "no", _G_EMB_RU),
    (_p(rf"{_PREP_RU}\s+(?:{_EMB_RU})"), "embassy", "no", _G_EMB_RU),
    (_p(rf"{_VERB_RU}\s+(?:{_MFA_RU})"), "mfa", "no", _G_MFA_RU),
    (_p(rf"{_PREP_RU}\s+(?:{_MFA_RU})"), "mfa", "no", _G_MFA_RU),
    (_p(rf"(?:{_MFA_RU}){_S}{_AFTER_RU}"), "mfa", "no", _G_MFA_RU),
    (_p(rf"(?:{_PRESS_EN}){_S}{_VERB_EN}"), "mfa_press_service", "no", _G_PRESS_EN),
    (_p(rf"{_PREP_EN}\s+(?:{_PRESS_EN})"), "mfa_press_service", "optional", _G_PRESS_EN),
    (_p(rf"(?:{_EMB_EN}){_S}{_VERB_EN}"), "embassy", "no", _G_EMB_EN),
    (_p(rf"{_PREP_EN}\s+(?:{_EMB_EN})"), "embassy", "optional", _G_EMB_EN),
    (_p(rf"(?:{_MFA_EN}){_S}{_VERB_EN}"), "mfa", "no", _G_MFA_EN),
    (_p(rf"{_PREP_EN}\s+(?:{_MFA_EN})"), "mfa", "optional", _G_MFA_EN),
    (_p(rf"(?:{_PRESS_KK})\s+{_AFTER_KK}"), "mfa_press_service", "no", _G_PRESS_KK),
    (_p(rf"{_BEFORE_KK}\s+(?:{_PRESS_KK})"), "mfa_press_service", "no", _G_PRESS_KK),
    (_p(rf"(?:{_EMB_KK})\s+{_AFTER_KK}"), "embassy", "no", _G_EMB_KK),
    (_p(rf"{_BEFORE_KK}\s+(?:{_EMB_KK})"), "embassy", "no", _G_EMB_KK),
    (_p(rf"(?:{_MFA_KK})\s+{_AFTER_KK}"), "mfa", "no", _G_MFA_KK),
    (_p(rf"{_BEFORE_KK}\s+(?:{_MFA_KK})"), "mfa", "no", _G_MFA_KK),
    (
        _p(rf"(?:сообща{_RU}|переда[её]т|пишет|по\s+данным)\s+{_OUTLET}"),
        "outlet",
        "no",
        ("сообща", "передает", "передаёт", "пишет", "данным"),
    ),
    (
        _p(rf"(?:reports|writes|according\s+to)\s+{_OUTLET}"),
        "outlet",
        "no",
        ("reports", "writes", "according"),
    ),
    (
        _p(r"(?<=\s)(?:reports|reported|writes|хабарлайды|жазады)(?!\w)"),
        "outlet",
        "required",
        ("report", "writes", "хабарлайды", "жазады"),
    ),
    (
        _p(rf"{_BEFORE_KK}\s+{_OUTLET}"),
        "outlet",
        "no",
        ("хабарлад", "хабарлайд", "мәлімдеді", "жазады"),
    ),
)

# re.IGNORECASE matches a few characters that str.lower() leaves apart (dotless ı and i, long ſ
# and s, old Cyrillic letter forms); `_fold` maps them, and drops the combining dot that
# lower() leaves after İ, so a gate is found wherever the pattern could match.
# (flows/transform/events/orgs.py gates its names the same way.)
_FOLD = str.maketrans(
    {"ı": "i", "ſ": "s", "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т",
     "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ", "\u0307": None}
)  # fmt: skip


def fold_case(text: str) -> str:
    """The text as the gates are looked for in it: lower case, re's extra case pairs joined."""
    return text.lower().translate(_FOLD)


class _Gates:
    """Which gates a text holds, each looked up once."""

    def __init__(self, text: str) -> None:
        self._folded = fold_case(text)
        self._known: dict[tuple[str, ...], bool] = {}

    def open(self, gate: tuple[str, ...]) -> bool:
        found = self._known.get(gate)
        if found is None:
            found = any(word in self._folded for word in gate)
            self._known[gate] = found
        return found


# Every noun phrase above contains a word starting with one of these stems (or a domain name):
# a word scan finds them three times faster than one big case-insensitive alternation.
_ANCHOR_STEMS = (
    "мид", "министер", "министр", "ведомств", "пресс-служб", "посол", "посл", "консул",
    "представител", "постпред", "поверенн", "дипмисси", "дипломат", "загранучрежд", "грамот",
    "ministry", "minister", "mfa", "fm", "embassy", "consul", "mission", "representative",
    "charg", "diplomat", "credentials", "press", "сім", "сыртқы", "министрлі", "елші", "өкіл",
    "тұрақты", "tengrinews", "kazinform", "казинформ", "қазақпарат", "today", "interfax",
    "интерфакс", "kaztag", "казтаг", "sputnik", "тасс", "tass", "риа", "trend", "xinhua",
    "reuters", "times",
)  # fmt: skip
_ANCHOR_DOMAINS = (".kz", ".ru", ".com", ".az", ".uz", ".kg")
_WORD_RE = re.compile(r"[^\W\d_][\w.-]*")
_WINDOW_BEFORE = 200  # characters a reporting verb and its fillers may stand before the anchor
_WINDOW_AFTER = 300  # characters the rest of the noun phrase may run after it

# A phrase naming Kazakhstan itself is strong; a bare "МИД" / "the Foreign Ministry" is weak.
_KZ_MARK_RE = re.compile(
    r"казахстан|kazakh|қазақстан|\bРК\b|\bҚР\b|республики|страны|наш",
    re.IGNORECASE,
)
_TEXT_ABOUT_KZ_RE = re.compile(r"казахстан|kazakh|қазақстан|\bРК\b|\bҚР\b|астан", re.IGNORECASE)
_FOREIGN_FOLLOW_RE = re.compile(r"[ \t]+(?:of\s+)?[A-ZА-ЯЁ][\w-]*")
_KZ_FOLLOW_RE = re.compile(r"[ \t]+(?:of\s+)?(?:Казахстан|Kazakh|Республик|РК\b|Қазақстан)")


def find_attribution(text: str) -> Attribution | None:
    """The phrase crediting the MFA, its press service, a Kazakh mission or an outlet, or None.

    When several are present the ministry's own kinds win over an outlet ("передает
    Tengrinews.kz со ссылкой на МИД РК" is the MFA's text); among those, the first in the text.
    """
    windows = _windows(text)
    if not windows:
        return None
    about_kz = _TEXT_ABOUT_KZ_RE.search(text) is not None
    gates = _Gates(text)
    best: Attribution | None = None
    for pattern, who, outlet_before, gate in _PATTERNS:
        if not gates.open(gate):
            continue
        for m in _matches(pattern, text, windows):
            if who != "outlet" and not _accept(text, m, about_kz):
                continue
            start = m.start()
            if outlet_before != "no":
                outlet_start = _outlet_start(text, m.start())
                if outlet_start is None and outlet_before == "required":
                    continue
                start = m.start() if outlet_start is None else outlet_start
            found = Attribution(phrase=text[start : m.end()], start=start, end=m.end(), who=who)
            if best is None or _better(found, best):
                best = found
            break  # this pattern's later matches come after this one
    return best


def _outlet_start(text: str, start: int) -> int | None:
    """Where an outlet name ending right before `start` begins, or None."""
    m = _OUTLET_BEFORE_RE.search(text, max(0, start - _OUTLET_REACH), start)
    return m.start() if m is not None else None


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged spans around anchor words: every pattern's noun phrase holds one, so the
    patterns need not scan the rest of a long text."""
    spans: list[tuple[int, int]] = []
    for a in _WORD_RE.finditer(text):
        word = a.group(0).lower().rstrip(".")
        if not (word.startswith(_ANCHOR_STEMS) or word.endswith(_ANCHOR_DOMAINS)):
            continue
        lo, hi = max(0, a.start() - _WINDOW_BEFORE), min(len(text), a.end() + _WINDOW_AFTER)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _matches(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The pattern's matches inside the windows, in text order."""
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)


def _accept(text: str, m: re.Match[str], about_kz: bool) -> bool:
    """Strong phrases always; weak (no Kazakhstan in them) only in a text about Kazakhstan and
    not followed by another country ("сообщает МИД Латвии")."""
    kk_bare = _KK_BARE_RE.search(m.group(0))
    if kk_bare is not None and not _KZ_MARK_RE.search(m.group(0)):
        return _kk_bare_is_kazakh(text, m.start() + kk_bare.start())
    if _KZ_MARK_RE.search(m.group(0)):
        return True
    if not about_kz:
        return False
    tail = text[m.end() : m.end() + 40]
    return not (_FOREIGN_FOLLOW_RE.match(tail) and not _KZ_FOLLOW_RE.match(tail))


def _better(a: Attribution, b: Attribution) -> bool:
    a_mfa, b_mfa = a.who in MFA_FAMILY, b.who in MFA_FAMILY
    if a_mfa != b_mfa:
        return a_mfa
    return a.start < b.start


# --------------------------------------------------------------------------------------------
# Relevance: the MFA, its minister or Kazakhstan's missions named as actors
# --------------------------------------------------------------------------------------------

_POSOL = r"(?:посол|посл(?:а|у|ом|ы|ов|ам|ами|ах)(?![а-яё]))"
_G_KZ_ADJ_RU = ("казахстанск",)
_G_KZ_EN = ("kazakh",)
# Each with its gate (as for _PATTERNS).
_ACTOR_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    # ru: the ministry and its minister, with Kazakhstan named
    (_p(rf"{_MFA_RU_CORE}\s+{_KZ_RU_STRICT}"), _G_MFA_RU),
    (
        _p(
            rf"казахстанск{_RU}\s+(?:МИД|внешнеполитическ{_RU}\s+ведомств{_RU}"
            rf"|министр{_RU}\s+иностранных\s+дел)"
        ),
        _G_KZ_ADJ_RU,
    ),
    (
        _p(
            rf"(?:министр{_RU}|глав{_RU}|замминистр{_RU}|заместител{_RU}\s+министр{_RU}"
            rf"|вице-министр{_RU})\s+(?:иностранных\s+дел|МИД)\s+{_KZ_RU_STRICT}"
        ),
        ("иностранных", "мид"),
    ),
    # ru: Kazakhstan's ambassadors, consuls, missions, diplomats
    (
        _p(
            rf"(?:{_POSOL}|генеральн{_RU}\s+консул{_RU}|генконсул{_RU}|консул{_RU}"
            rf"|постоянн{_RU}\s+представител{_RU}|постпред{_RU}|временн{_RU}\s+поверенн{_RU}"
            rf"|{_MISSION_RU})\s+{_KZ_RU_STRICT}"
        ),
        (
            "посол",
            "посл",
            "консул",
            "представител",
            "постпред",
            "поверенн",
            "дипмисси",
            "загранучрежден",
        ),
    ),
    (_p(rf"казахстанск{_RU}\s+(?:{_POSOL}|дипломат{_RU}|{_MISSION_RU})"), _G_KZ_ADJ_RU),
    # ru: a foreign envoy at the ministry
    (_p(rf"копи{_RU}\s+верительных\s+грамот"), ("верительных",)),
    # en
    (
        _p(rf"{_KZ_ADJ_EN}\s+(?:Deputy\s+)?(?:{_MINISTRY_EN}|Foreign\s+Minister|(?-i:FM)\b)"),
        _G_KZ_EN,
    ),
    (
        _p(
            rf"(?:Deputy\s+)?(?:{_MINISTRY_EN}|Foreign\s+Minister|Minister\s+of\s+Foreign\s+Affairs)"
            rf"\s+{_OF_KZ_EN}"
        ),
        _G_KZ_EN,
    ),
    (
        _p(
            rf"(?:Ambassador|Consul(?:\s+General)?|Permanent\s+Representative"
            rf"|Charg[eé]\s+d{_APOS}Affaires|Embassy|Consulate(?:\s+General)?|Permanent\s+Mission)"
            rf"\s+{_OF_KZ_EN}"
        ),
        _G_KZ_EN,
    ),
    (
        _p(
            rf"{_KZ_ADJ_EN}\s+(?:Ambassador|Consul(?:\s+General)?|Permanent\s+Representative"
            rf"|Embassy|Consulate|diplomats?|envoy|diplomatic\s+mission)"
        ),
        _G_KZ_EN,
    ),
    (_p(r"cop(?:y|ies)\s+of\s+(?:(?:his|her|their)\s+)?credentials"), ("credentials",)),
    # kk
    (_p(r"ҚР\s+СІМ|ҚР\s+Сыртқы\s+істер\s+министр"), ("қр",)),
    (_p(rf"{_KZ_KK}\s+Сыртқы\s+істер\s+министр"), ("сыртқы",)),
    (
        _p(
            rf"{_KZ_KK}\s+(?:{_CAP}\s+){{0,3}}(?:елшісі|елшілігі|елші{_KK}|бас\s+консулы|консулы"
            rf"|тұрақты\s+өкілі|бас\s+консулдығ{_KK}|тұрақты\s+өкілдіг{_KK})"
        ),
        ("елші", "консул", "өкіл"),
    ),
    (_p(r"сенім\s+грамоталарының\s+көшірмелер"), ("грамоталарының",)),
)
# Kazakh "Сыртқы істер министрлігі/министрі" alone is Kazakhstan's ministry unless a name
# stands right before it ("Ресей Сыртқы істер министрі"); common sentence openers do not count.
_KK_BARE_RE = re.compile(r"(?:(?i:сыртқы\s+істер\s+министр)|СІМ(?![\w-]))")
_WORD_BEFORE_RE = re.compile(r"([\w-]+)[ \t]+$")
_KK_QUALIFIERS = frozenset({"ҚР", "Қазақстан", "Қазақстанның", "Республикасы", "Республикасының"})
_KK_OPENERS = frozenset(
    {
        "Бүгін", "Кеше", "Ертең", "Сондай-ақ", "Сонымен", "Бұл", "Осы", "Ал", "Алайда",
        "Жақында", "Биыл", "Кездесуде", "Кездесу", "Сапар", "Барысында", "Айта", "Мұнан",
        "Бұған", "Осылайша", "Сонымен қатар", "Ол", "Онда", "Оған",
    }
)  # fmt: skip
_BEFORE_WINDOW = 40


def _kk_bare_is_kazakh(text: str, start: int) -> bool:
    """A bare "Сыртқы істер министрлігі" not preceded by a capitalized (country) name."""
    m = _WORD_BEFORE_RE.search(text[max(0, start - _BEFORE_WINDOW) : start])
    if m is None:
        return True
    word = m.group(1)
    return not word[0].isupper() or word in _KK_QUALIFIERS or word in _KK_OPENERS


def mfa_relevance(title: str, body: str) -> Relevance:
    """Whether an item is about the MFA's work: an MFA attribution, or the MFA side as actor."""
    text = f"{title}\n{body}"
    attribution = find_attribution(text)
    if attribution is not None and attribution.who in MFA_FAMILY:
        return Relevance(True, f"attribution: {attribution.phrase}")
    for source in (title, body):
        actor = _first_actor(source)
        if actor is not None:
            return Relevance(True, f"actor: {actor}")
    return Relevance(False, "no MFA attribution or actor")


def _first_actor(text: str) -> str | None:
    windows = _windows(text)
    gates = _Gates(text)
    best: re.Match[str] | None = None
    for pattern, gate in _ACTOR_PATTERNS:
        if not gates.open(gate):
            continue
        m = next(_matches(pattern, text, windows), None)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    for m in _KK_BARE_RE.finditer(text):
        if best is not None and m.start() >= best.start():
            break
        if _kk_bare_is_kazakh(text, m.start()):
            best = m
            break
    return best.group(0) if best is not None else None
