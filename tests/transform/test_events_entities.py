"""People: names in the nominative, positions, and sides, in ru, kk and en."""

from __future__ import annotations

from flows.transform.events.entities import Person, people
from flows.transform.events.nlp import analyze_ru
from flows.transform.places import find_places


def _people(text: str, lang: str) -> dict[str, Person]:
    places = find_places(text, lang)
    analysis = analyze_ru(text) if lang == "ru" else None
    return {p.name: p for p in people(text, lang, places, analysis)}


def test_russian_names_in_oblique_cases_and_their_sides() -> None:
    text = (
        "Посол Казахстана в США Магжан Ильясов встретился с генеральным секретарем "
        "Организации американских государств Альбертом Рамдином."
    )
    found = _people(text, "ru")
    assert set(found) == {"Магжан Ильясов", "Альберт Рамдин"}
    assert found["Магжан Ильясов"].kazakh_marker
    assert found["Альберт Рамдин"].foreign_marker
    assert found["Альберт Рамдин"].oblique


def test_the_nearest_country_before_the_name_is_the_nationality() -> None:
    found = _people("Посол России в Казахстане Алексей Воронцов был вызван в МИД.", "ru")
    person = found["Алексей Воронцов"]
    assert person.nationality == "RU"
    assert person.foreign_marker and not person.kazakh_marker


def test_namesakes_of_institutions_and_relatives_are_mentions() -> None:
    text = (
        "В рамках сессии директор астрофизического института имени Василия Фесенкова "
        "Чингиз Омаров выступил с презентацией. Выставлены фотографии ее отца - архитектора "
        "Алмаса Ордабаева."
    )
    found = _people(text, "ru")
    assert not found["Чингиз Омаров"].mention_only
    assert found["Алмас Ордабаев"].mention_only
    assert "Василий Фесенков" not in found


def test_kazakh_names_lose_their_case_suffix() -> None:
    text = (
        "Қазақстанның Венгриядағы елшісі Ерлан Сейітжанов Венгрия Ішкі істер министрлігінің "
        "мемлекеттік хатшысы Бенце Рацпен кездесті."
    )
    found = _people(text, "kk")
    assert set(found) == {"Ерлан Сейітжанов", "Бенце Рац"}
    assert found["Ерлан Сейітжанов"].kazakh_marker
    assert found["Бенце Рац"].foreign_marker


def test_english_role_after_the_name() -> None:
    text = (
        "Yerlan Seitzhanov, Ambassador of Kazakhstan to Hungary, met with Gábor Veres, "
        "State Secretary at Hungary’s Ministry of Foreign Affairs and Trade, in Budapest."
    )
    found = _people(text, "en")
    assert set(found) == {"Yerlan Seitzhanov", "Gábor Veres"}
    assert found["Yerlan Seitzhanov"].kazakh_marker
    assert found["Gábor Veres"].foreign_marker


def test_english_portfolio_words_are_not_part_of_the_name() -> None:
    text = (
        "Askhat Nurpeissov met with Latvian Minister of Transport Kaspars Ozoliņš along the "
        "Trans-Caspian International Transport Route."
    )
    assert set(_people(text, "en")) == {"Askhat Nurpeissov", "Kaspars Ozoliņš"}


def test_honorifics_are_dropped() -> None:
    text = "He spoke with Minister of Foreign Affairs of Malaysia Datuk Seri Amirul Hakim Ismail."
    assert "Amirul Hakim Ismail" in _people(text, "en")


def test_the_side_named_in_the_clause() -> None:
    text = (
        "The Kazakh delegation was led by Deputy Foreign Minister Bakhyt Zhumabekov, while "
        "the U.S. side was represented by Deputy Assistant Secretary Jonathan Pierce."
    )
    found = _people(text, "en")
    assert found["Bakhyt Zhumabekov"].kazakh_marker
    assert found["Jonathan Pierce"].foreign_marker
