"""Article -> event units: which sentences report a new event, which continue the last one.

Neither sentences nor paragraphs are the unit: the event is. A sentence opens a new event when
it reports one (an event verb or noun that is not scene-setting) and brings something new:
another counterpart, another venue, a connector that moves the digest on ("Между тем",
"In addition", "Сонымен қатар"), a sideline opener ("На полях", "On the same day", "аясында"
+ a meeting verb), or a dated future event ("состоится ... 31 октября"). Otherwise it continues
the current event ("В ходе встречи...", "Стороны обсудили...", "Открывая форум, посол..."),
as do sentences without event words. Summaries ("провели ряд встреч") and background
("Напомним", "Айта кетейік") open nothing.

A sentence that lists several counterparts ("с министрами иностранных дел Венгрии, Словакии и
Египта", two named ministers with "провел встречи") is split later, per counterpart, by
`extract.py`; here it is one unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flows.transform.events.typing import FUTURE, PAST, SUMMONS, VERB, Trigger, main_triggers

_CONNECTOR_RE = {
    "ru": re.compile(
        r"^\s*(?:в\s+частности|между\s+тем|тем\s+временем|также|кроме\s+того|помимо\s+этого|"
        r"помимо\s+того|вместе\s+с\s+тем|наряду\s+с\s+этим|затем|далее|позднее|позже|"
        r"впоследствии|в\s+свою\s+очередь|одновременно)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\s*(?:in\s+particular|meanwhile|in\s+addition|also|furthermore|moreover|besides|"
        r"additionally|later|subsequently|at\s+the\s+same\s+time|separately|then)\b",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"^\s*(?:сонымен\s+қатар|бұдан\s+бөлек|сондай-ақ|ал\b|одан\s+кейін|кейін|сонан\s+соң|"
        r"атап\s+айтқанда|айта\s+кету\s+керек|бұған\s+қоса|соның\s+ішінде)",
        re.IGNORECASE,
    ),
}
# Openers that attach a new event to the previous one's occasion ("on the sidelines of it").
_OPENER_RE = {
    "ru": re.compile(
        r"^\s*(?:на\s+полях|в\s+рамках|в\s+тот\s+же\s+день|в\s+этот\s+же\s+день|в\s+этот\s+день|"
        r"после\s+\w+|по\s+завершении|в\s+завершение|в\s+ходе\s+визита|в\s+ходе\s+поездки|"
        r"накануне|на\s+следующий\s+день|на\s+другой\s+день|в\s+продолжение)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\s*(?:on\s+the\s+(?:sidelines|margins)|within\s+the\s+framework|on\s+the\s+same\s+day|"
        r"the\s+same\s+day|following\s+the|after\s+the|later\s+that\s+day|the\s+next\s+day|"
        r"the\s+following\s+day|on\s+the\s+next\s+day|on\s+the\s+following\s+day|"
        r"during\s+the\s+visit|during\s+the\s+trip|as\s+part\s+of\s+the\s+visit|at\s+the\s+end)\b",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"^\s*(?:\S+\s+)?(?:\S+\s+)?(?:аясында|шеңберінде|жиегінде|кейін|соңында|барысында\s+"
        r"(?!тараптар))|^\s*(?:сол\s+күні|дәл\s+сол\s+күні|келесі\s+күні)",
        re.IGNORECASE,
    ),
}
# The time openers among them: a new event after the last one, even without a meeting verb
# ("На следующий день посол выступил с лекцией"); "В рамках форума..." is inside the forum.
_TEMPORAL_OPENER_RE = {
    "ru": re.compile(
        r"^\s*(?:в\s+тот\s+же\s+день|в\s+этот\s+(?:же\s+)?день|после\s+\w+|по\s+завершении|"
        r"в\s+завершение|на\s+следующий\s+день|на\s+другой\s+день|накануне)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\s*(?:(?:on\s+)?the\s+(?:same|next|following)\s+day|following\s+the|after\s+the|"
        r"later\s+that\s+day)\b",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"^\s*(?:(?:дәл\s+)?сол\s+күні|келесі\s+күні|\S+\s+(?:\S+\s+)?кейін)", re.IGNORECASE
    ),
}
# "Встреча прошла в Остине", "The meeting took place in...": the bare event noun as subject
# refers back to the event just reported.
_BARE_EVENT_SUBJECT_RE = re.compile(
    r"^\s*(?:встреча|переговоры|беседа|мероприятие|форум|конференция|заседание|"
    r"the\s+(?:meeting|talks|event|forum|conference|session)|кездесу|келіссөздер|іс-шара|"
    r"форум|конференция|отырыс)\s+(?:прош\w+|состоял\w*|took\s+place|was\s+held|were\s+held|"
    r"өтті|\S+\s+өтті)",
    re.IGNORECASE,
)
# Follow-ups that refer back to the current event.
_ANAPHORIC_RE = {
    "ru": re.compile(
        r"^\s*(?:в\s+ходе\s+(?:встреч\w*|бесед\w*|переговор\w*|разговор\w*|мероприяти\w*|"
        r"телефонн\w+)|стороны|собеседники|участники|на\s+встрече|в\s+беседе|по\s+итогам|"
        r"в\s+своем\s+выступлении|отвечая|выступая|открывая|обращаясь)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\s*(?:during\s+the\s+(?:meeting|talks|conversation|call|event)|the\s+(?:sides|parties|"
        r"participants|interlocutors|ministers)|in\s+(?:his|her)\s+(?:speech|remarks|address)|"
        r"addressing|opening|speaking)\b",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"^\s*(?:(?:кездесу|келіссөздер|әңгіме|сұхбат|телефон\w*)\s+барысында|тараптар|"
        r"кездесуде|кездесулерде|келіссөздерде|іс-шара\w*|сөз\s+сөйлеген|сөйлеген)",
        re.IGNORECASE,
    ),
}
_BACKGROUND_RE = {
    "ru": re.compile(
        r"^\s*(?:напомним|справочно|справка|отметим|следует\s+отметить|стоит\s+отметить|"
        r"ранее|как\s+сообщалось)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^\s*(?:it\s+should\s+be\s+noted|for\s+reference|earlier|previously|as\s+reported|"
        r"recall)\b",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"^\s*(?:айта\s+кетейік|еске\s+сала\s+кетейік|еске\s+салайық|анықтама|бұған\s+дейін|"
        r"айта\s+кету\s+керек)",
        re.IGNORECASE,
    ),
}


@dataclass
class SentenceInfo:
    """What segmentation needs to know about one sentence."""

    index: int
    first_in_para: bool
    para: int
    text: str
    triggers: list[Trigger]
    tense: str  # past | future | none
    people_keys: set[str]  # participants named here (mention-only excluded)
    venue: tuple[str | None, str | None] | None  # (city, country) of a venue named here
    has_date: bool
    lang: str
    announces: bool = False  # names a dated future event ("... пройдет 14 октября")


@dataclass
class Unit:
    head: int  # index of the sentence that reports the event
    members: list[int] = field(default_factory=list)  # contiguous sentence indices
    opener: bool = False  # opened by a sideline / same-day opener


def is_background(text: str, lang: str) -> bool:
    """Background ("Напомним, ...", "Айта кетейік"): no event and no follow-up."""
    pattern = _BACKGROUND_RE.get(lang)
    return bool(pattern and pattern.match(text))


def is_summary(info: SentenceInfo) -> bool:
    """A digest lead ("провели ряд встреч"): announces several events, reports none."""
    return any(t.generic for t in info.triggers)


def has_opener(text: str, lang: str) -> bool:
    """Opened by "На полях", "On the same day", "аясында"... (a new event tied to the last)."""
    pattern = _OPENER_RE.get(lang)
    return bool(pattern and pattern.match(text))


def has_connector(text: str, lang: str) -> bool:
    """Opened by a digest connector ("Между тем", "In addition", "Сонымен қатар")."""
    pattern = _CONNECTOR_RE.get(lang)
    return bool(pattern and pattern.match(text))


def is_anaphoric(text: str, lang: str) -> bool:
    """Opened by a reference back to the current event ("В ходе встречи", "The sides")."""
    pattern = _ANAPHORIC_RE.get(lang)
    return bool(pattern and pattern.match(text)) or bool(_BARE_EVENT_SUBJECT_RE.match(text))


def segment(infos: list[SentenceInfo]) -> list[Unit]:
    """Group sentences into event units, in order."""
    units: list[Unit] = []
    current: Unit | None = None
    cur_keys: set[str] = set()
    cur_venue: tuple[str | None, str | None] | None = None
    cur_types: set[str] = set()
    cur_future = False
    for info in infos:
        if is_background(info.text, info.lang):
            current = None if info.first_in_para else current
            continue
        if is_summary(info):
            current = None
            continue
        if _starts_event(info, current, cur_keys, cur_venue, cur_types, cur_future):
            current = Unit(head=info.index, members=[info.index])
            current.opener = has_opener(info.text, info.lang)
            units.append(current)
            cur_keys = set(info.people_keys)
            cur_venue = info.venue
            cur_types = {t.type for t in main_triggers(info.triggers)}
            cur_future = info.tense == FUTURE or info.announces
            continue
        if current is not None:
            current.members.append(info.index)
            cur_keys |= info.people_keys
            cur_venue = cur_venue or info.venue
    return units


def _starts_event(
    info: SentenceInfo,
    current: Unit | None,
    cur_keys: set[str],
    cur_venue: tuple[str | None, str | None] | None,
    cur_types: set[str],
    cur_future: bool,
) -> bool:
    main = main_triggers(info.triggers)
    if not main:
        return False
    dated_future = info.announces or (info.tense == FUTURE and info.has_date)
    if is_anaphoric(info.text, info.lang) and not dated_future:
        return False
    if current is None:
        return True
    verb = any(t.kind == VERB for t in main)
    new_people = bool(info.people_keys - cur_keys)
    # a new city moves the story on; a country after "в"/"in" is as often a topic
    new_venue = info.venue is not None and info.venue[0] is not None and info.venue != cur_venue
    connector = has_connector(info.text, info.lang)
    opener = has_opener(info.text, info.lang)
    types = {t.type for t in main}
    if dated_future and not cur_future:
        return True  # a dated future event inside a report of a held one
    if info.tense == FUTURE and not info.has_date:
        return False  # a programme item or a plan: part of what is being reported
    if cur_future and not info.has_date and info.tense != PAST:
        return False  # "In Tokyo, the program of the visit includes talks...": the visit's
    if _INVITATION_RE.search(info.text) and SUMMONS not in types:
        return False  # "invited his counterpart to take part in the forum": a topic
    if verb and (new_people or new_venue or connector or opener or not types & cur_types):
        return True
    temporal = (
        bool(_TEMPORAL_OPENER_RE[info.lang].match(info.text))
        if info.lang in _TEMPORAL_OPENER_RE
        else False
    )
    if temporal and (new_people or new_venue or not types & cur_types):
        return True  # "Сол күні елші ... дәріс оқыды", "На следующий день посол выступил..."
    if connector and (new_people or new_venue or not types & cur_types):
        return True
    return info.first_in_para and new_venue


_INVITATION_RE = re.compile(
    r"\b(?:пригласил\w*|приглашени\w+|invited|invitation|шақырды|шақыру)\b", re.IGNORECASE
)
