"""Places in running text: resolution of case forms and the kind of each mention."""

from __future__ import annotations

import pytest

from flows.transform.places import (
    DESTINATION,
    ORIGIN,
    POSTING,
    VENUE,
    find_places,
    kk_strip,
    resolve_place,
    ru_nominatives,
)


def _only(text: str, lang: str) -> tuple[str | None, str, str]:
    found = [m for m in find_places(text, lang) if m.country != "KZ"]
    assert len(found) == 1, found
    return found[0].city, found[0].country, found[0].kind


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Встреча прошла в Риге.", "ru", ("Riga", "LV", VENUE)),
        ("Ригада кездесу өтті.", "kk", ("Riga", "LV", VENUE)),
        ("Венада сессия өтті.", "kk", ("Vienna", "AT", VENUE)),
        ("В Вене делегация приняла участие в сессии.", "ru", ("Vienna", "AT", VENUE)),
        ("В Мумбаи прошла выставка.", "ru", ("Mumbai", "IN", VENUE)),
        ("В Джидде состоялся фестиваль.", "ru", ("Jeddah", "SA", VENUE)),
        ("Форум прошел в Саудовской Аравии.", "ru", (None, "SA", VENUE)),
        ("Отырыс АҚШ-та өтті.", "kk", (None, "US", VENUE)),
        ("Жидда қаласында көрме өтті.", "kk", ("Jeddah", "SA", VENUE)),
        ("The meeting was held in Vienna.", "en", ("Vienna", "AT", VENUE)),
        (
            "в латвийском портовом городе Вентспилс прошла конференция",
            "ru",
            ("Ventspils", "LV", VENUE),
        ),
    ],
)
def test_venues_in_their_case_forms(text: str, lang: str, expected: tuple[str, str, str]) -> None:
    assert _only(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "country"),
    [
        ("посол Казахстана в Латвии Даурен Карипов", "ru", "LV"),
        ("Қазақстанның Ресейдегі елшісі", "kk", "RU"),
        ("Қазақстанның Латвиядағы елшісі", "kk", "LV"),
        ("Ambassador of Kazakhstan to Hungary", "en", "HU"),
        ("генеральный консул Казахстана в городе Джидде", "ru", "SA"),
    ],
)
def test_postings_are_not_venues(text: str, lang: str, country: str) -> None:
    _, code, kind = _only(text, lang)
    assert (code, kind) == (country, POSTING)


def test_a_foreign_posting_in_kazakhstan_is_a_posting_to_kazakhstan() -> None:
    found = find_places("Посол России в Казахстане Алексей Иванов", "ru")
    kinds = {(m.country, m.kind) for m in found}
    assert ("KZ", POSTING) in kinds
    assert ("RU", POSTING) not in kinds


def test_an_event_at_the_embassy_is_in_its_city() -> None:
    text = "A photo exhibition opened at the Embassy of Kazakhstan in Warsaw."
    assert _only(text, "en") == ("Warsaw", "PL", VENUE)


def test_destination_and_origin() -> None:
    assert _only("official visit to Hungary", "en") == (None, "HU", DESTINATION)
    assert _only("Министр посетил город Дебрецен.", "ru") == ("Debrecen", "HU", DESTINATION)
    assert _only("делегация из Египта", "ru")[2] == ORIGIN


def test_the_country_the_paragraph_names_decides_between_namesakes() -> None:
    text = "Ambassador of Kazakhstan to Spain visited the University of Salamanca."
    salamanca = [m for m in find_places(text, "en") if m.city]
    assert [(m.city, m.country) for m in salamanca] == [("Salamanca", "ES")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("В галерее Дома национальных меньшинств", "ru"),  # "Дом" is a house, not Dome, Ghana
        ("met with Assistant Secretary-General Helena Sørensen", "en"),  # a first name
        ("орынбасары Изабель Мореномен кездесті", "kk"),  # -мен: with a person
        ("ҚР СІМ баспасөз қызметі", "kk"),  # an acronym is no town
    ],
)
def test_words_that_look_like_towns_are_not_places(text: str, lang: str) -> None:
    assert [m for m in find_places(text, lang) if m.city] == []


def test_russian_case_forms_map_back_to_nominatives() -> None:
    assert "Рига" in ru_nominatives("Риге")
    assert "Латвия" in ru_nominatives("Латвии")
    assert "Египет" in ru_nominatives("Египте")  # the fleeting vowel
    assert "Итальянская" in ru_nominatives("Итальянскую")


def test_kazakh_suffixes_are_stripped_with_their_kind() -> None:
    readings = dict(kk_strip("Латвиядағы"))
    assert readings["Латвия"] == "attr_loc"
    assert ("АҚШ", VENUE) in kk_strip("АҚШ-та")


def test_resolve_place_in_any_case() -> None:
    place = resolve_place("Джидде", "ru")
    assert place is not None
    assert (place.city, place.country) == ("Jeddah", "SA")
    assert resolve_place("Переговоры", "ru") is None
