"""Event type and status from a sentence's words, in ru, kk and en."""

from __future__ import annotations

import pytest

from flows.transform.events.typing import (
    ANNOUNCED,
    HELD,
    event_status,
    event_type,
    find_triggers,
    main_triggers,
)


def _type(text: str, lang: str) -> str:
    return event_type(text, find_triggers(text, lang), lang)


def _status(text: str, lang: str) -> str:
    return event_status(text, find_triggers(text, lang), lang)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Посол встретился с министром иностранных дел Латвии.", "ru", "meeting"),
        ("Министр провел телефонный разговор с коллегой из Венгрии.", "ru", "phone_call"),
        ("Посол России был вызван в Министерство иностранных дел.", "ru", "summons"),
        ("В Риге состоялась бизнес-конференция.", "ru", "conference"),
        ("Делегация приняла участие в 63-й сессии подкомитета.", "ru", "multilateral"),
        ("Консул выступила с лекцией перед студентами.", "ru", "briefing"),
        ("В Джидде состоялся благотворительный фестиваль.", "ru", "cultural"),
        ("Посол посетил университет, где провел встречу с ректором.", "ru", "meeting"),
        ("Елші Бенце Рацпен кездесті.", "kk", "meeting"),
        ("Министр Жамшид Рахимовпен телефон арқылы сөйлесті.", "kk", "phone_call"),
        ("Министр Анкараға жұмыс сапарымен барды.", "kk", "visit"),
        ("Қазақ киносының күндері өтті.", "kk", "cultural"),
        ("Yerlan Seitzhanov met with Gábor Veres in Budapest.", "en", "meeting"),
        ("The minister held a phone conversation with his counterpart.", "en", "phone_call"),
        ("The chargé d'affaires was summoned to the Ministry of Foreign Affairs.", "en", "summons"),
        ("Senior officials met in the C5+1 format in Almaty.", "en", "multilateral"),
        (
            "He took part in a meeting of the Council of Foreign Ministers of the SCO.",
            "en",
            "multilateral",
        ),
        ("She spoke at the Busan International Logistics Forum.", "en", "conference"),
    ],
)
def test_type(text: str, lang: str, expected: str) -> None:
    assert _type(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("14–15 мая состоится официальный визит министра в Италию.", "ru", ANNOUNCED),
        ("Министр посетит Венгрию 20 февраля.", "ru", ANNOUNCED),
        (
            "Kazakh Foreign Minister will pay an official visit to Japan on Oct. 12-14.",
            "en",
            ANNOUNCED,
        ),
        ("Days of Kazakh Culture will be held in Milan on Nov. 5-7.", "en", ANNOUNCED),
        ("Министр 15 наурызда Германияға ресми сапармен барады.", "kk", ANNOUNCED),
        ("Посол встретился с министром в Берлине.", "ru", HELD),
        ("Ambassador Dina Sarybayeva met with the minister in London.", "en", HELD),
        ("Елші мэрмен кездесті.", "kk", HELD),
        ("Елші БҰҰ Қауіпсіздік Кеңесінің ашық отырысында сөз сөйледі.", "kk", HELD),
    ],
)
def test_status(text: str, lang: str, expected: str) -> None:
    assert _status(text, lang) == expected


def test_upcoming_inside_a_past_report_stays_held() -> None:
    text = "The diplomat briefed her counterpart on the upcoming republican referendum."
    assert _status(text, "en") == HELD
    text_ru = "Посол проинформировал собеседника о предстоящем республиканском референдуме."
    assert _status(text_ru, "ru") == HELD


def test_scene_setting_nouns_are_not_the_event() -> None:
    triggers = find_triggers("На полях форума министр провел встречи с министрами.", "ru")
    forum = [t for t in triggers if t.text.startswith("форум")]
    assert forum and forum[0].setting
    assert [t.type for t in main_triggers(triggers)] == ["meeting"]


def test_taking_part_in_a_setting_makes_it_the_event() -> None:
    text = "25 сентября министр выступит в ходе общих прений Генеральной Ассамблеи."
    assert [t.type for t in main_triggers(find_triggers(text, "ru"))] == ["multilateral"]


def test_a_digest_lead_is_a_summary() -> None:
    for text, lang in (
        ("Казахстанские дипломаты провели ряд встреч в зарубежных странах.", "ru"),
        ("Kazakh diplomats held a number of meetings abroad.", "en"),
        ("Өкілдіктер бірқатар кездесулер мен іс-шаралар өткізді.", "kk"),
    ):
        assert main_triggers(find_triggers(text, lang)) == [], text
