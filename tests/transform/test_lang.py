"""Language of a text from its letters and function words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.transform.lang import detect_lang

RU_BODY = (
    "Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты провели ряд встреч в "
    "зарубежных странах с целью развития международного сотрудничества, сообщает Министерство "
    "иностранных дел Республики Казахстан. В частности, в Риге состоялась бизнес-конференция."
)
KK_BODY = (
    "Астана. 10 ақпан. KAZAKHSTAN TODAY - Қазақстан дипломаттары халықаралық ынтымақтастықты "
    "дамыту мақсатында шет елдерде бірқатар кездесу өткізді, деп хабарлады ҚР Сыртқы істер "
    "министрлігі. Атап айтқанда, Рига қаласында бизнес-конференция өтті."
)
EN_BODY = (
    "ASTANA – Kazakh diplomats held a series of meetings abroad to develop international "
    "cooperation, the Ministry of Foreign Affairs of the Republic of Kazakhstan reports. In "
    "Riga, a business conference was held with the support of the embassy."
)


@pytest.mark.parametrize(("text", "lang"), [(RU_BODY, "ru"), (KK_BODY, "kk"), (EN_BODY, "en")])
def test_release_bodies(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Послы Казахстана провели ряд встреч для развития сотрудничества", "ru"),
        ("Қазақстан елшілері бірқатар кездесу өткізді", "kk"),
        ("Астана мен Рига арасындағы әуе қатынасы", "kk"),  # few Kazakh letters, Kazakh words
        ("Елші Вена қаласында баяндама жасады", "kk"),
        ("Kazakh FM meets OSCE Secretary General", "en"),
        ("МИД Казахстана. Внешняя политика", "ru"),
        ("МИД", "ru"),
    ],
)
def test_short_titles(title: str, lang: str) -> None:
    assert detect_lang(title) == lang


def test_russian_text_with_kazakh_names_stays_russian() -> None:
    text = "Қасым-Жомарт Тоқаев принял посла Франции в Ақорде и обсудил с ним вопросы торговли."
    assert detect_lang(text) == "ru"


def test_russian_title_with_a_kazakh_spelled_name() -> None:
    assert detect_lang("Қайрат Әбдірахманов встретился с послом Франции") == "ru"


def test_russian_text_quoting_a_kazakh_word() -> None:
    text = RU_BODY + " Девиз форума - «Бірлік және ынтымақтастық»."
    assert detect_lang(text) == "ru"


def test_kazakh_text_with_a_russian_name() -> None:
    text = KK_BODY + " Кездесуге Ресей елшісі Алексей Смирнов қатысты."
    assert detect_lang(text) == "kk"


def test_english_text_with_a_russian_name() -> None:
    text = "Ambassador Даурен Карипов met the Latvian minister in Riga on Tuesday."
    assert detect_lang(text) == "en"


def test_kazakh_latin_script() -> None:
    assert detect_lang("Qazaqstan men Latvııa arasyndaǵy yntymaqtastyq damýda") == "kk"


@pytest.mark.parametrize(
    "text", ["", "   ", "12.02.2026, 13:04 6956", "!!! ???", "🤝🇰🇿", "北京会议", "ش"]
)
def test_undetermined(text: str) -> None:
    assert detect_lang(text) == "und"


def test_url_is_not_evidence() -> None:
    # A Russian text filed under a Kazakh URL is Russian: only the text is looked at.
    assert detect_lang(RU_BODY + " https://www.kt.kz/kaz/politics/x_1377987726.html") == "ru"


def test_megabyte_text() -> None:
    assert detect_lang(KK_BODY * 4000) == "kk"


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_detect_lang_total(text: str) -> None:
    assert detect_lang(text) in {"kk", "ru", "en", "und"}
