"""The offline gazetteer: countries and cities by their ru, kk and en names."""

from __future__ import annotations

import pytest

from flows.transform.gazetteer import gazetteer, kk_folded, place_key


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Латвия", "LV"),
        ("Латвия Республикасы", "LV"),  # Kazakh official name, from pycountry's gettext
        ("Соединенные Штаты Америки", "US"),  # ё folded: pycountry writes "Соединённые"
        ("США", "US"),
        ("АҚШ", "US"),
        ("ОАЭ", "AE"),
        ("Чехия", "CZ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Ресей", "RU"),
        ("Үндістан", "IN"),
        ("Kazakhstan", "KZ"),
        ("Қазақстан", "KZ"),
    ],
)
def test_country_names_in_three_languages(name: str, code: str) -> None:
    assert gazetteer().country(name) == code


@pytest.mark.parametrize(
    ("name", "city", "code"),
    [
        ("Рига", "Riga", "LV"),
        ("Вена", "Vienna", "AT"),
        ("Мумбаи", "Mumbai", "IN"),
        ("Джидда", "Jeddah", "SA"),
        ("Мәскеу", "Moscow", "RU"),
        ("Нью-Йорк", "New York City", "US"),
        ("Бішкек", "Bishkek", "KG"),  # Kazakh letters folded onto the Russian spelling
        ("Riga", "Riga", "LV"),
    ],
)
def test_city_names_resolve_to_exonym_and_country(name: str, city: str, code: str) -> None:
    found = gazetteer().city(name)
    assert found is not None
    assert (found.name, found.country) == (city, code)


def test_a_name_shared_by_towns_prefers_the_capital_or_the_bigger_one() -> None:
    found = gazetteer().city("Washington")
    assert found is not None
    assert found.country == "US"
    assert found.capital


def test_country_hint_picks_the_town_in_that_country() -> None:
    found = gazetteer().city("Vienna", country="US")
    assert found is not None
    assert found.country == "US"


def test_continents_and_regions_are_no_cities() -> None:
    assert gazetteer().cities("Азия") == []
    assert gazetteer().is_region("Europe")


def test_latin_alternate_names_of_small_towns_are_not_indexed() -> None:
    # GeoNames lists "Kazakh" among the alternate names of Petropavl; a demonym is no venue.
    assert gazetteer().city("Kazakh") is None


def test_keys_fold_case_yo_and_dashes() -> None:
    assert place_key("  Нью–Йорк ") == "нью-йорк"
    assert place_key("Соединённые") == "соединенные"
    assert kk_folded("қазақстан") == "казакстан"
