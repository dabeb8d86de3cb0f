"""Event units: new events, follow-ups, summaries and background."""

from __future__ import annotations

from flows.transform.events.segment import SentenceInfo, Unit, segment
from flows.transform.events.typing import PAST, find_triggers


def _info(
    i: int,
    text: str,
    *,
    first: bool = True,
    people: set[str] | None = None,
    venue: tuple[str | None, str | None] | None = None,
    tense: str = PAST,
    has_date: bool = False,
    lang: str = "ru",
) -> SentenceInfo:
    return SentenceInfo(
        index=i, first_in_para=first, para=i, text=text, triggers=find_triggers(text, lang),
        tense=tense, people_keys=people or set(), venue=venue, has_date=has_date, lang=lang,
    )  # fmt: skip


def _heads(units: list[Unit]) -> list[int]:
    return [u.head for u in units]


def test_digest_paragraphs_are_events_and_the_lead_is_not() -> None:
    infos = [
        _info(0, "Казахстанские дипломаты провели ряд встреч в зарубежных странах."),
        _info(1, "В частности, в Риге состоялась бизнес-конференция.", venue=("Riga", "LV")),
        _info(2, "Посол информировал участников мероприятия.", first=False, people={"a"}),
        _info(3, "Между тем посол встретился с генсеком ОАГ.", people={"b", "c"}),
        _info(4, "В ходе встречи стороны обсудили перспективы.", first=False),
    ]
    units = segment(infos)
    assert _heads(units) == [1, 3]
    assert units[0].members == [1, 2]
    assert units[1].members == [3, 4]


def test_a_follow_up_with_an_event_noun_stays_with_its_event() -> None:
    infos = [
        _info(0, "Посол встретился с мэром города.", people={"a", "b"}),
        _info(1, "Встреча прошла в Остине.", venue=("Austin", "US")),
    ]
    assert _heads(segment(infos)) == [0]


def test_a_sideline_meeting_is_a_new_event() -> None:
    infos = [
        _info(0, "В Брюсселе состоялось заседание.", people={"a", "b"}, venue=("Brussels", "BE")),
        _info(1, "На полях заседания министр провел встречу с коллегой.", people={"a", "c"}),
    ]
    units = segment(infos)
    assert _heads(units) == [0, 1]
    assert units[1].opener


def test_background_opens_nothing() -> None:
    infos = [
        _info(0, "Посол встретился с министром.", people={"a", "b"}),
        _info(1, "Напомним, ранее министр встретился с послом.", people={"c"}),
    ]
    assert _heads(segment(infos)) == [0]


def test_a_programme_of_an_announced_visit_is_no_event() -> None:
    infos = [
        _info(0, "14–15 мая состоится официальный визит министра в Италию.", has_date=True,
              tense="future"),
        _info(1, "В Риме запланированы переговоры в министерстве.", venue=("Rome", "IT"),
              tense="future"),
    ]  # fmt: skip
    assert _heads(segment(infos)) == [0]


def test_a_dated_future_event_inside_a_held_report_is_its_own_event() -> None:
    infos = [
        _info(0, "Посол выступил на заседании Постоянного совета.", people={"a"}),
        _info(1, "Кроме того, посол сообщил о конференции, которая пройдет 14 октября.",
              first=False, tense="future", has_date=True),
    ]  # fmt: skip
    assert _heads(segment(infos)) == [0, 1]
