"""The event extractor: an article in, its diplomatic events out.

Steps, all on body offsets so evidence stays verbatim:
1. language (the record's, else `lang.detect_lang`), dateline (`dates.parse_dateline`);
2. sentences; places, people, organizations and date phrases over the whole body, once
   (natasha analyses the Russian articles of a batch together: `extract_events_many`);
3. per sentence: event words, tense, named participants, venue;
4. `segment.segment` groups sentences into event units;
5. per unit: one event, or one per counterpart for a listed series; its type and status, its
   place, date and participants, by the rules of DESIGN.md and the dev set's README:
   - place: the head sentence's venue (a follow-up's city refines a country: "визит в
     Италию ... В Риме"); else the occasion it continues ("На полях форума", the same
     diplomat's previous event, the lead's "находящийся в Нью-Йорке"); else the posting
     (country only; a follow-up city in it, a foreign dateline city in it, a consulate's
     city); else the dateline's city for events at the ministry, summonses and meetings with
     a foreign ambassador in Kazakhstan. Phone calls have no venue. Nationalities, topics
     ("в связи с задержанием ... в Кабуле") and organizations' seats are never venues.
   - date: a date phrase (or weekday) of the head sentence, precision day; an event on the
     sidelines of / the same day as a one-day event takes its day; else the dateline's date,
     else the publication day, precision reported.
   - participants: named people of the unit that take part; a Kazakh side referred to only as
     "министр" / "the ambassador" is the last Kazakh official named before; a side is decided
     once per article per person (entities.py).
   - a listed series ("с министрами иностранных дел Венгрии, Словакии и Египта", two named
     ministers after "провел встречи") becomes one meeting per counterpart, same evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from flows.transform.article import Article
from flows.transform.dates import find_date_phrases, parse_dateline
from flows.transform.events.entities import (
    COUNTERPART,
    KAZAKH,
    Person,
    people,
    subject_side,
)
from flows.transform.events.model import Event, Participant
from flows.transform.events.nlp import RuAnalysis, analyze_ru_many
from flows.transform.events.orgs import OrgMention, find_organizations
from flows.transform.events.segment import SentenceInfo, Unit, segment
from flows.transform.events.text import Sentence, split_sentences
from flows.transform.events.typing import (
    ANNOUNCED,
    BRIEF,
    CONF,
    CULT,
    FUTURE,
    MEETING,
    MULTI,
    OTHER,
    PHONE,
    SUMMONS,
    VERB,
    VISIT,
    Trigger,
    event_status,
    event_type,
    find_triggers,
    main_triggers,
    sentence_tense,
)
from flows.transform.names import name_key
from flows.transform.places import (
    DESTINATION,
    POSTING,
    VENUE,
    PlaceMention,
    find_places,
    resolve_place,
)
from flows.transform.places import (
    OTHER as PLACE_OTHER,
)

EXTRACTOR_VERSION = "0.1.0"

DAY = "day"
REPORTED = "reported"
# GeoNames spells a few cities differently from how the warehouse shows them.
CITY_DISPLAY = {"New York City": "New York"}

_KAZAKH_LETTERS_RE = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_TOPIC_BEFORE_RE = re.compile(
    r"(?:ситуаци\w*|обстановк\w*|situation|инвестиц\w*|investments?|экспорт\w*|exports?|"
    r"жағдай\w*|порт(?:ы|ов|ами|ах)|ports)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# A Kazakh official referred to without a name ("министр", "the Ambassador", "елші").
_KAZAKH_ANAPHOR_RE = re.compile(
    r"(?:^|\s)(?:министр|глава\s+(?:МИД|казахстанского|внешнеполитического)|посол|генконсул|"
    r"генеральный\s+консул|казахстанский\s+дипломат|постпред|замминистра|"
    r"the\s+(?:foreign\s+)?minister|the\s+ambassador|the\s+consul|the\s+kazakh\s+diplomat|"
    r"the\s+diplomat|министр(?:і|ге|мен|дің|ы)?|елші(?:сі|міз|ге|мен|нің)?|"
    r"бас\s+консул(?:ы|ға|мен)?)\b",
    re.IGNORECASE,
)
_SPEECH_RE = re.compile(
    r"\b(?:сообщил\w*|проинформировал\w*|рассказал\w*|заявил\w*|отметил\w*|информировал\w*|"
    r"по\s+(?:его|ее|её)\s+словам|informed|announced|said|noted|stated|told|"
    r"хабарлады|айтты|мәлімдеді)\b",
    re.IGNORECASE,
)
_STUDENTS_RE = re.compile(
    r"(?:казахстанскими\s+студентами|соотечественник\w+|диаспор\w+|Kazakh\s+students|"
    r"compatriots|қазақстандық\s+студенттер\w*|отандастар\w*)",
    re.IGNORECASE,
)
_BILATERAL_BODY_RE = re.compile(
    r"(?:межправительственн\w+\s+(?:комисси|комитет|совет)\w*|intergovernmental\s+"
    r"(?:commission|committee|council)|үкіметаралық\s+(?:комиссия|комитет|кеңес)\w*)",
    re.IGNORECASE,
)
_LITERARY_RE = re.compile(
    r"(?:книг\w*|сборник\w*|роман\w*|перевод\w*|фильм\w*|альбом\w*|book|novel|translation|"
    r"film|album|кітаб\w*|кітап\w*|роман\w*|аударма\w*|жинақ\w*|фильм\w*|шығарма\w*)",
    re.IGNORECASE,
)
_RECEPTION_RE = re.compile(r"\b(?:при[её]м\w*|reception|қабылдау\s+кеші\w*)\b", re.IGNORECASE)
_SERIES_TITLE_RE = re.compile(
    r"(?:министрами|послами|главами|руководителями|коллегами|министрлерімен|елшілерімен|"
    r"басшыларымен|ministers|ambassadors|heads|counterparts)",
    re.IGNORECASE,
)
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4,
    "субботу": 5, "воскресенье": 6, "дүйсенбіде": 0, "сейсенбіде": 1, "сәрсенбіде": 2,
    "бейсенбіде": 3, "жұмада": 4, "сенбіде": 5, "жексенбіде": 6,
}  # fmt: skip
_WEEKDAY_RE = re.compile(
    r"\b(?:on\s+(?P<en>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|во?\s+(?P<ru>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
    r"|(?P<kk>дүйсенбіде|сейсенбіде|сәрсенбіде|бейсенбіде|жұмада|сенбіде|жексенбіде))\b",
    re.IGNORECASE,
)
_NOT_EVENT_DATE_BEFORE_RE = re.compile(
    r"(?:announced|reported|said|сообщил\w*|объявил\w*)\s+(?:on\s+)?$", re.IGNORECASE
)


@dataclass
class _Context:
    """Per-article facts every unit looks at."""

    article: Article
    lang: str
    body: str
    sentences: list[Sentence]
    places: list[PlaceMention]
    persons: list[Person]
    orgs: list[OrgMention]
    reference: date | None  # the dateline's date, else the publication date
    reported: date | None  # the date an event without its own date gets
    dateline_city: tuple[str | None, str | None] | None
    lead_venue: tuple[str | None, str | None] | None  # venue named in a digest lead
    roles: dict[str, str]  # name key -> side, decided once per article
    analysis: RuAnalysis | None = None  # natasha's tokens for Russian


def detect_language(article: Article) -> str:
    """The article's language: its own field if valid, else detected from the body."""
    if article.lang in ("ru", "kk", "en"):
        return article.lang
    try:
        from flows.transform.lang import detect_lang

        found = detect_lang(article.body)
        if found in ("ru", "kk", "en"):
            return found
    except ImportError:  # pragma: no cover - lang.py is another helper's module
        pass
    if _KAZAKH_LETTERS_RE.search(article.body):
        return "kk"
    return "ru" if _CYRILLIC_RE.search(article.body) else "en"


def extract_events(article: Article) -> list[Event]:
    """The diplomatic events an article reports, in body order."""
    return extract_events_many([article])[0]


def extract_events_many(articles: Sequence[Article]) -> list[list[Event]]:
    """`extract_events` of several articles; natasha analyses the Russian ones together."""
    langs = [detect_language(a) for a in articles]
    ru = [i for i, lang in enumerate(langs) if lang == "ru"]
    analyses = dict(zip(ru, analyze_ru_many([articles[i].body for i in ru]), strict=True))
    return [_extract(a, langs[i], analyses.get(i)) for i, a in enumerate(articles)]


def _extract(article: Article, lang: str, analysis: RuAnalysis | None) -> list[Event]:
    ctx = _build_context(article, lang, analysis)
    if not ctx.sentences:
        return []
    infos = [_sentence_info(ctx, i, s) for i, s in enumerate(ctx.sentences)]
    ctx.lead_venue = _lead_venue(ctx, infos)
    units = segment(infos)
    events: list[Event] = []
    previous: list[tuple[Unit, Event]] = []
    for unit in units:
        for event in _events_of_unit(ctx, infos, unit, previous):
            if previous and event.status == ANNOUNCED:
                _credit_speaker(ctx, unit, previous[-1][1])
            events.append(event)
            previous.append((unit, event))
    return events


def _credit_speaker(ctx: _Context, unit: Unit, prev: Event) -> None:
    """ "X рассказал о форуме, который пройдет ...": X took part in the event being reported."""
    head = ctx.sentences[unit.head]
    m = _SPEECH_RE.search(head.text)
    if m is None or prev.status == ANNOUNCED:
        return
    known = {q.name_key for q in prev.participants}
    for p in ctx.persons:
        speaks = head.start <= p.start and p.end <= head.start + m.start()
        if speaks and not p.mention_only and p.key not in known:
            known.add(p.key)
            role = ctx.roles.get(p.key, KAZAKH)
            prev.participants.append(Participant(p.name, role, p.position, None, name_key=p.key))


# --------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------


def _build_context(article: Article, lang: str, analysis: RuAnalysis | None) -> _Context:
    body = article.body
    published = article.published_date
    dl = parse_dateline(body, published)
    offset = dl.end if dl else 0
    sentences = split_sentences(body, offset)
    places = find_places(body, lang)
    persons = _with_surname_mentions(body, lang, people(body, lang, places, analysis))
    orgs = find_organizations(body)
    reference = (dl.date if dl and dl.date else None) or published
    dateline_city = None
    if dl and dl.place:
        found = resolve_place(dl.place.title() if dl.place.isupper() else dl.place, lang)
        if found is not None:
            dateline_city = (found.city, found.country)
    ctx = _Context(
        article=article,
        lang=lang,
        body=body,
        sentences=sentences,
        places=places,
        persons=persons,
        orgs=orgs,
        reference=reference,
        reported=reference,
        dateline_city=dateline_city,
        lead_venue=None,
        roles={},
        analysis=analysis,
    )
    ctx.roles = _article_roles(ctx)
    return ctx


def _with_surname_mentions(body: str, lang: str, found: list[Person]) -> list[Person]:
    """Full names for surname-only mentions ("Seitzhanov briefed...", "with Pierce")."""
    full = [p for p in found if len(p.name.split()) > 1]
    by_surname: dict[str, Person] = {}
    for p in full:
        by_surname.setdefault(name_key(p.name.split()[-1]), p)
    out: list[Person] = []
    for p in found:
        if len(p.name.split()) == 1 and name_key(p.name) in by_surname:
            target = by_surname[name_key(p.name)]
            p = replace(p, name=target.name, key=target.key)
        out.append(p)
    taken = [(p.start, p.end) for p in out]
    if by_surname:
        for m in _CAP_WORD_RE.finditer(body):
            if any(s <= m.start() < e for s, e in taken):
                continue
            known = by_surname.get(_word_name_key(m.group(), lang))
            if known is None:
                continue
            out.append(
                replace(
                    known,
                    start=m.start(),
                    end=m.end(),
                    surface=m.group(),
                    position=None,
                    oblique=False,
                    mention_only=False,
                )
            )
            taken.append((m.start(), m.end()))
    out.sort(key=lambda p: p.start)
    return out


_CAP_WORD_RE = re.compile(r"(?<![\w\-])[^\W\d_a-zа-яёәғқңөұүһі][\w\-'’]*")


@lru_cache(maxsize=65536)
def _word_name_key(word: str, lang: str) -> str:
    return name_key(_strip_suffix(word, lang))


def _strip_suffix(word: str, lang: str) -> str:
    from flows.transform.names import kk_nominative

    if lang == "kk":
        return kk_nominative([word])[0]
    return word


def _article_roles(ctx: _Context) -> dict[str, str]:
    """One side per person for the whole article, from their most telling mention.

    A mention whose position phrase names a side decides; otherwise the grammar of the
    sentence does (the one met, "с X", "X-мен", is the counterpart).
    """
    roles: dict[str, str] = {}
    for p in ctx.persons:
        if p.kazakh_marker:
            roles[p.key] = KAZAKH
        elif p.foreign_marker and roles.get(p.key) != KAZAKH:
            roles[p.key] = COUNTERPART
    for p in ctx.persons:
        if p.key in roles or p.mention_only:
            continue
        s = next((s for s in ctx.sentences if _in(p.start, p.end, s)), None)
        if s is None:
            continue
        verbs = [t for t in main_triggers(find_triggers(s.text, ctx.lang)) if t.kind == VERB]
        trigger = s.start + verbs[0].start if verbs and ctx.lang != "kk" else None
        roles[p.key] = subject_side(p, trigger)
    return roles


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _in(start: int, end: int, s: Sentence) -> bool:
    return s.start <= start and end <= s.end


_RU_SPEECH_VERB_RE = re.compile(
    r"^(?:сообщ|отмет|подчеркн|заяв|рассказ|информир|проинформир|выразил|поблагодар|"
    r"пригласил|напомн|добав|указал|пояснил|констатир|приветствовал|ожида|уточн|сказал)",
    re.IGNORECASE,
)


_FUTURE_INTENT_RE = re.compile(
    r"(?:договорил\w+\s+(?:о\s+проведении|провести)|условил\w+\s+провести|"
    r"(?:agreed|decided)\s+to\s+hold|өткізу\s+туралы\s+(?:уағдаласты|келісті))",
    re.IGNORECASE,
)


def _tense(ctx: _Context, s: Sentence) -> str:
    """The tense of a sentence's finite verbs (natasha's morphology for Russian)."""
    if _FUTURE_INTENT_RE.search(s.text):
        return FUTURE  # "Стороны договорились провести заседание 12 сентября": a plan
    if ctx.lang == "ru" and ctx.analysis is not None:
        tenses = [
            t.tense
            for t in ctx.analysis.tokens
            if s.start <= t.start < s.end
            and t.pos in ("VERB", "AUX")
            and t.verb_form == "Fin"
            and not _RU_SPEECH_VERB_RE.match(t.text)
        ]
        if "Past" in tenses:
            return "past"
        if "Fut" in tenses:
            return FUTURE
    return sentence_tense(s.text, ctx.lang)


def _sentence_info(ctx: _Context, i: int, s: Sentence) -> SentenceInfo:
    triggers = find_triggers(s.text, ctx.lang)
    tense = _tense(ctx, s)
    keys = {p.key for p in ctx.persons if _in(p.start, p.end, s) and not p.mention_only}
    venue = _venue(ctx, s)
    has_date = bool(_date_phrases(ctx, s)) or bool(_WEEKDAY_RE.search(s.text))
    announces = has_date and event_status(s.text, triggers, ctx.lang) == ANNOUNCED
    return SentenceInfo(
        index=i,
        first_in_para=s.first_in_para,
        para=s.para,
        text=s.text,
        triggers=triggers,
        tense=tense,
        people_keys=keys,
        venue=venue,
        has_date=has_date,
        lang=ctx.lang,
        announces=announces,
    )


_TOPIC_CLAUSE_RE = re.compile(
    r"(?:in\s+connection\s+with|regarding|concerning|over\s+the|в\s+связи\s+с|"
    r"по\s+поводу|касательно|относительно|туралы|байланысты|қатысты)\s",
    re.IGNORECASE,
)
TOPIC_REACH = 80  # characters before a place in which "in connection with..." makes it a topic


def _venues_in(ctx: _Context, s: Sentence) -> list[PlaceMention]:
    out = []
    for m in ctx.places:
        if not _in(m.start, m.end, s) or m.kind not in (VENUE, DESTINATION):
            continue
        before = ctx.body[max(s.start, m.start - TOPIC_REACH) : m.start]
        if _TOPIC_BEFORE_RE.search(before[-40:]) or _TOPIC_CLAUSE_RE.search(before):
            continue  # "the detention of citizens in Kabul", "о ситуации в Афганистане"
        out.append(m)
    return out


def _venue(ctx: _Context, s: Sentence) -> tuple[str | None, str | None] | None:
    """(city, country) of the venue a sentence names, a city before a country."""
    venues = _venues_in(ctx, s)
    cities = [m for m in venues if m.city]
    if cities:
        return (cities[0].city, cities[0].country)
    if venues:
        return (None, venues[0].country)
    return None


def _lead_venue(ctx: _Context, infos: list[SentenceInfo]) -> tuple[str | None, str | None] | None:
    """The venue a digest's lead names for what follows ("находящийся в Нью-Йорке")."""
    for info in infos[:2]:
        if any(t.generic for t in info.triggers) and info.venue and info.venue[0]:
            return info.venue
    return None


def _date_phrases(ctx: _Context, s: Sentence) -> list[tuple[date, date | None]]:
    out = []
    for p in find_date_phrases(s.text, ctx.lang, ctx.reference):
        if _NOT_EVENT_DATE_BEFORE_RE.search(s.text[max(0, p.start - 30) : p.start]):
            continue
        out.append((p.date, p.until))
    return out


# --------------------------------------------------------------------------------------------
# Units -> events
# --------------------------------------------------------------------------------------------


def _events_of_unit(
    ctx: _Context,
    infos: list[SentenceInfo],
    unit: Unit,
    previous: list[tuple[Unit, Event]],
) -> list[Event]:
    head = ctx.sentences[unit.head]
    members = [ctx.sentences[i] for i in unit.members]
    info = infos[unit.head]
    etype = _type(ctx, head, info.triggers)
    status = event_status(head.text, info.triggers, ctx.lang)
    if (info.tense == FUTURE or info.announces) and status != ANNOUNCED:
        status = ANNOUNCED
    start, end = members[0].start, members[-1].end
    evidence = ctx.body[start:end]
    persons = _participants(ctx, unit, head, members, status, info.triggers)
    host = _host_event(unit, info.triggers, status, previous)
    place = _place(ctx, unit, head, members, etype, persons, previous, host)
    day, precision = _date(ctx, unit, head, host)
    if status == ANNOUNCED and day is not None and ctx.reference and day < ctx.reference:
        day = _next_year(day)  # "состоится 14 октября" in March: this year's October, not last
    orgs = _organizations(ctx, head, members, etype, persons)
    base = Event(
        type=etype,
        status=status,
        date=day,
        date_precision=precision,
        city=CITY_DISPLAY.get(place[0], place[0]) if place[0] else None,
        country=place[1],
        evidence=evidence,
        evidence_start=start,
        evidence_end=end,
        participants=[_participant(ctx, p, head, info.triggers) for p in persons],
        organizations=orgs,
    )
    _ensure_kazakh(ctx, base, head, etype)
    if etype in (MEETING, PHONE):
        return _split_series(ctx, base, head, info.triggers)
    return [base]


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


def _host_event(
    unit: Unit, triggers: list[Trigger], status: str, previous: list[tuple[Unit, Event]]
) -> Event | None:
    """The earlier event a sideline / same-day opener ties this one to ("На полях заседания")."""
    if not unit.opener or not previous:
        return None
    named = [t.type for t in triggers if t.setting]
    for _, event in reversed(previous):
        if named and event.type == named[0] and event.status == status:
            return event
    for _, event in reversed(previous):
        if event.status == status:
            return event
    return previous[-1][1]


def _type(ctx: _Context, head: Sentence, triggers: list[Trigger]) -> str:
    etype = event_type(head.text, triggers, ctx.lang)
    if (
        etype == MULTI
        and _BILATERAL_BODY_RE.search(head.text)
        and not find_organizations(head.text)
    ):
        return MEETING  # a session of a bilateral intergovernmental commission: bilateral talks
    if etype == BRIEF and _LITERARY_RE.search(head.text):
        return CULT  # the presentation of a book or a film is a cultural event
    if etype in (MEETING, VISIT) and _STUDENTS_RE.search(head.text):
        return OTHER  # a meeting with Kazakh students or the diaspora
    if _RECEPTION_RE.search(head.text) and etype in (MEETING, OTHER, MULTI, CONF):
        return OTHER
    return etype


def _participants(
    ctx: _Context,
    unit: Unit,
    head: Sentence,
    members: list[Sentence],
    status: str,
    triggers: list[Trigger],
) -> list[Person]:
    """Named people taking part, one per person, in order of first mention."""
    found: list[Person] = []
    seen: set[str] = set()
    scope = members
    speech_end = None
    if status == ANNOUNCED:
        m = _SPEECH_RE.search(head.text)
        main = main_triggers(triggers)
        if m and main and m.start() < main[0].start:
            speech_end = head.start + m.end()  # "X сообщил, что ... состоится": X is no party
    for s in scope:
        for p in ctx.persons:
            if not _in(p.start, p.end, s) or p.mention_only or p.key in seen or not p.key:
                continue
            if speech_end is not None and s is head and p.end <= speech_end:
                continue
            seen.add(p.key)
            found.append(p)
    return found


def _participant(ctx: _Context, p: Person, head: Sentence, triggers: list[Trigger]) -> Participant:
    role = ctx.roles.get(p.key)
    if role is None:
        main = [t for t in main_triggers(triggers) if t.kind == VERB] or main_triggers(triggers)
        trigger_start = head.start + main[0].start if main and _in(p.start, p.end, head) else None
        role = subject_side(p, trigger_start if ctx.lang != "kk" else None)
    org = None
    if p.position:
        orgs = find_organizations(p.position)
        org = orgs[0].display(ctx.lang) if orgs else None
    return Participant(
        name=p.name, role=role, position=p.position, organization=org, name_key=p.key
    )


def _ensure_kazakh(ctx: _Context, event: Event, head: Sentence, etype: str) -> None:
    """Add the Kazakh official a sentence refers to without a name ("министр провел встречи")."""
    if any(p.role == KAZAKH for p in event.participants):
        return
    if event.status == ANNOUNCED and not _KAZAKH_ANAPHOR_RE.search(head.text):
        return
    if not _KAZAKH_ANAPHOR_RE.search(head.text):
        return
    before = [
        p
        for p in ctx.persons
        if p.end <= head.start and ctx.roles.get(p.key, KAZAKH) == KAZAKH and not p.mention_only
    ]
    if not before:
        return
    last = before[-1]
    if any(q.name_key == last.key for q in event.participants):
        return
    event.participants.insert(
        0,
        Participant(
            name=last.name, role=KAZAKH, position=last.position, organization=None,
            name_key=last.key,
        ),
    )  # fmt: skip


def _split_series(
    ctx: _Context, event: Event, head: Sentence, triggers: list[Trigger]
) -> list[Event]:
    """One meeting per counterpart when one sentence lists several."""
    in_head = [p for p in event.participants if p.role == COUNTERPART]
    head_keys = {p.key for p in ctx.persons if _in(p.start, p.end, head) and not p.mention_only}
    counterparts = [p for p in in_head if p.name_key in head_keys]
    plural = any(t.plural for t in triggers) or bool(_SERIES_TITLE_RE.search(head.text))
    if len(counterparts) >= 2 and plural:
        kazakh = [p for p in event.participants if p.role == KAZAKH]
        others = [p for p in event.participants if p.role == COUNTERPART and p not in counterparts]
        return [
            replace(
                event, participants=[*kazakh, c, *others], organizations=list(event.organizations)
            )
            for c in counterparts
        ]
    if counterparts or not _SERIES_TITLE_RE.search(head.text):
        return [event]
    countries = _series_countries(ctx, head)
    if len(countries) < 2:
        return [event]
    return [replace(event, participants=list(event.participants)) for _ in countries]


def _series_countries(ctx: _Context, head: Sentence) -> list[str]:
    """Counterpart countries listed after "с министрами иностранных дел ..." (or before, kk)."""
    m = _SERIES_TITLE_RE.search(head.text)
    if m is None:
        return []
    out: list[str] = []
    for p in ctx.places:
        if not _in(p.start, p.end, head) or p.kind not in (PLACE_OTHER,) or p.country == "KZ":
            continue
        rel = p.start - head.start
        near = (
            (rel > m.start() and rel - m.end() < 150)
            if ctx.lang != "kk"
            else (rel < m.start() and m.start() - rel < 150)
        )
        if near and p.country not in out:
            out.append(p.country)
    return out


# --------------------------------------------------------------------------------------------
# Place
# --------------------------------------------------------------------------------------------


def _place(
    ctx: _Context,
    unit: Unit,
    head: Sentence,
    members: list[Sentence],
    etype: str,
    persons: list[Person],
    previous: list[tuple[Unit, Event]],
    host: Event | None,
) -> tuple[str | None, str | None]:
    if etype == PHONE:
        return (None, None)
    if etype == SUMMONS and _at_the_ministry(ctx, head, members):
        return _home(ctx)
    own = _venue(ctx, head)
    if (own is None or own == (None, "KZ")) and _at_kz_ministry(head.text):
        own = _home(ctx)  # "в МИД РК состоялся брифинг"
    if own is not None and own[0] is None:  # a country: a follow-up may name its city
        city = _follow_up_city(ctx, members, own[1])
        if city is not None:
            return city
    if own is not None and own[0] is not None:
        return own
    if host is not None and host.country:
        return (host.city, host.country)  # "На полях форума": where the forum was
    if own is not None:
        return own
    inherited = _inherited_place(ctx, unit, head, persons, previous)
    if inherited is not None:
        return inherited
    posting = _posting(ctx, head, members)
    if posting is not None:
        if posting.country == "KZ":  # a foreign ambassador in Kazakhstan: at the ministry
            return _home(ctx)
        city = _follow_up_city(ctx, members, posting.country)
        if city is not None:
            return city  # "Встреча прошла в Остине" after "посол Казахстана в США"
        if ctx.dateline_city and ctx.dateline_city[1] == posting.country:
            return ctx.dateline_city  # "CAIRO – Kazakhstan's Ambassador to Egypt met..."
        return (posting.city if _is_consulate(ctx, posting) else None, posting.country)
    if _abroad_posting(ctx, head, members, persons):
        return (None, None)
    if _dateline_in_kz(ctx) and _at_home(ctx, etype, persons):
        return _home(ctx)
    return (None, None)


def _home(ctx: _Context) -> tuple[str | None, str | None]:
    """The dateline's city when it is in Kazakhstan, else Kazakhstan without a city."""
    if ctx.dateline_city is not None and ctx.dateline_city[1] == "KZ":
        return ctx.dateline_city
    return (None, "KZ")


_REPORTED_BY_RE = re.compile(
    r"(?:сообщ\w+|заявил\w*|передает|пишет|said|reported|хабарла\w+)\s*,?\s*$", re.IGNORECASE
)


def _at_kz_ministry(text: str) -> bool:
    """ "В МИД РК состоялся брифинг" (the venue), not "сообщили в МИД РК" (the source)."""
    for m in _AT_KZ_MINISTRY_RE.finditer(text):
        if not _REPORTED_BY_RE.search(text[max(0, m.start() - 25) : m.start()]):
            return True
    return False


def _dateline_in_kz(ctx: _Context) -> bool:
    return ctx.dateline_city is not None and ctx.dateline_city[1] == "KZ"


def _follow_up_city(
    ctx: _Context, members: list[Sentence], country: str | None
) -> tuple[str | None, str | None] | None:
    """A city a follow-up sentence names in the country already known ("В Риме запланированы")."""
    for s in members[1:]:
        for v in _venues_in(ctx, s):
            if v.city and v.country == country:
                return (v.city, v.country)
    return None


_AT_KZ_MINISTRY_RE = re.compile(
    r"(?:\bв\s+(?:МИД|Министерств\w+\s+иностранных\s+дел)\s+(?:РК|Казахстана|Республики\s+"
    r"Казахстан)|\bat\s+the\s+(?:Kazakh\s+)?(?:MFA|Ministry\s+of\s+Foreign\s+Affairs)"
    r"(?:\s+of\s+(?:the\s+Republic\s+of\s+)?Kazakhstan)?|СІМ-(?:де|інде)|министрлігінде)",
    re.IGNORECASE,
)


_KZ_MINISTRY_RE = re.compile(
    r"(?:МИД\s+(?:РК|Казахстана)|Министерств\w+\s+иностранных\s+дел\s+(?:РК|Республики\s+"
    r"Казахстан|Казахстана)|ҚР\s+СІМ|ҚР\s+Сыртқы\s+істер\s+министрлігі\w*|"
    r"Ministry\s+of\s+Foreign\s+Affairs\s+of\s+(?:the\s+Republic\s+of\s+)?Kazakhstan|"
    r"Kazakh\s+(?:MFA|Foreign\s+Ministry)|Астанаға)",
    re.IGNORECASE,
)


def _at_the_ministry(ctx: _Context, head: Sentence, members: list[Sentence]) -> bool:
    """A summons to Kazakhstan's ministry (or a recall to Astana): the venue is at home."""
    if _KZ_MINISTRY_RE.search(head.text):
        return True
    posting = _posting(ctx, head, members)
    return posting is not None and posting.country == "KZ"


def _inherited_place(
    ctx: _Context,
    unit: Unit,
    head: Sentence,
    persons: list[Person],
    previous: list[tuple[Unit, Event]],
) -> tuple[str | None, str | None] | None:
    kazakh_keys = {p.key for p in persons if ctx.roles.get(p.key) == KAZAKH}
    if _KAZAKH_ANAPHOR_RE.search(head.text) and not kazakh_keys:
        kazakh_keys = {"*anaphor*"}
    if previous:
        prev_unit, prev = previous[-1]
        prev_place = (prev.city, prev.country) if prev.country else None
        prev_kazakh = {p.name_key for p in prev.participants if p.role == KAZAKH}
        same_para = ctx.sentences[prev_unit.head].para == head.para
        if prev_place and (
            unit.opener or same_para or kazakh_keys & prev_kazakh or "*anaphor*" in kazakh_keys
        ):
            return prev_place
    if ctx.lead_venue is not None:
        return ctx.lead_venue
    return None


def _posting(ctx: _Context, head: Sentence, members: list[Sentence]) -> PlaceMention | None:
    for s in [head, *members]:
        for m in ctx.places:
            if _in(m.start, m.end, s) and m.kind == POSTING:
                return m
    return None


_CONSULATE_RE = re.compile(r"(?:консул|consul|консулдығ)", re.IGNORECASE)


def _is_consulate(ctx: _Context, m: PlaceMention) -> bool:
    return bool(m.city) and bool(_CONSULATE_RE.search(ctx.body[max(0, m.start - 80) : m.start]))


_ORG_POSTING_RE = re.compile(
    r"(?:при\s+(?:\w+\s+){0,6}?(?:ООН|ОБСЕ|ЮНЕСКО|ЭСКАТО|ОИС|организаци\w+|Отделени\w+)|"
    r"to\s+the\s+(?:UN|United\s+Nations|OSCE|UNESCO)|жанындағы\s+тұрақты\s+өкіл\w*)",
    re.IGNORECASE,
)


def _abroad_posting(
    ctx: _Context, head: Sentence, members: list[Sentence], persons: list[Person]
) -> bool:
    """A Kazakh participant posted abroad or to an international body: not the dateline."""
    text = " ".join(s.text for s in [head, *members])
    if _ORG_POSTING_RE.search(text):
        return True
    return any(
        p.position
        and re.search(r"посол|ambassador|елші|консул|consul", p.position, re.I)
        and ctx.roles.get(p.key) == KAZAKH
        for p in persons
    )


def _at_home(ctx: _Context, etype: str, persons: list[Person]) -> bool:
    """The event is at the ministry: a summons, or Kazakh officials with no posting abroad."""
    if etype == SUMMONS:
        return True
    kazakh = [p for p in persons if ctx.roles.get(p.key, KAZAKH) == KAZAKH]
    return bool(kazakh)


# --------------------------------------------------------------------------------------------
# Date
# --------------------------------------------------------------------------------------------


def _date(
    ctx: _Context, unit: Unit, head: Sentence, host: Event | None
) -> tuple[date | None, str | None]:
    phrases = _date_phrases(ctx, head)
    if phrases:
        return phrases[0][0], DAY
    weekday = _weekday_date(ctx, head)
    if weekday is not None:
        return weekday, DAY
    if host is not None and host.date is not None and _NEXT_DAY_RE.match(head.text):
        return host.date + timedelta(days=1), DAY  # "На следующий день", "The next day"
    if host is not None and host.date_precision == DAY and not _prev_was_range(host):
        return host.date, DAY  # on the sidelines of a one-day session: that day
    if ctx.reported is not None:
        return ctx.reported, REPORTED
    return None, None


_NEXT_DAY_RE = re.compile(
    r"^\s*(?:на\s+следующий\s+день|на\s+другой\s+день|(?:on\s+)?the\s+(?:next|following)\s+day|"
    r"келесі\s+күні)",
    re.IGNORECASE,
)


def _prev_was_range(prev: Event) -> bool:
    phrases = find_date_phrases(prev.evidence, "", prev.date)
    return any(p.until is not None and p.date == prev.date for p in phrases)


def _weekday_date(ctx: _Context, s: Sentence) -> date | None:
    m = _WEEKDAY_RE.search(s.text)
    ref = ctx.article.published_date or ctx.reference
    if m is None or ref is None:
        return None
    word = (m.group("en") or m.group("ru") or m.group("kk") or "").lower()
    target = _WEEKDAYS.get(word)
    if target is None:
        return None
    future = sentence_tense(s.text, ctx.lang) == FUTURE
    delta = (target - ref.weekday()) % 7
    if future:
        return ref + timedelta(days=delta or 7)
    back = (ref.weekday() - target) % 7
    return ref - timedelta(days=back or 7)


# --------------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------------


def _organizations(
    ctx: _Context, head: Sentence, members: list[Sentence], etype: str, persons: list[Person]
) -> list[str]:
    """International organizations party to or hosting the event, in the article's short form."""
    out: list[str] = []
    if etype in (MEETING, PHONE, SUMMONS, VISIT, OTHER):
        sources = [p.position for p in persons if p.position]
    else:
        sources = [head.text]
    for text in sources:
        for o in find_organizations(text or ""):
            name = o.display(ctx.lang)
            if name not in out:
                out.append(name)
    return out
