"""Text cleaning: canonical characters, HTML to paragraphs, page chrome dropped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.transform.clean import (
    clean_body,
    drop_boilerplate,
    find_source_link,
    html_to_paragraphs,
    normalize_text,
)

# --------------------------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------------------------


def test_quotes_and_dashes_have_one_form() -> None:
    text = "бизнес-конференция «Латвия – Казахстан» и „Восток — Запад“, “Astana” ‘Hub’ − 5"
    assert normalize_text(text) == (
        'бизнес-конференция "Латвия - Казахстан" и "Восток - Запад", "Astana" \'Hub\' - 5'
    )


def test_apostrophe_is_ascii() -> None:
    assert normalize_text("The Kazakh Foreign Minister’s press service") == (
        "The Kazakh Foreign Minister's press service"
    )


def test_entities_decoded_like_gov_kz_bodies() -> None:
    text = "Астана&nbsp;&ndash; Рига&nbsp;&mdash; встреча &laquo;один&raquo; &amp; два &#1050;"
    assert normalize_text(text) == 'Астана - Рига - встреча "один" & два К'


def test_doubly_escaped_entities_decoded() -> None:
    assert normalize_text("Рига&amp;nbsp;&amp;amp;ndash;Вена") == "Рига -Вена"


def test_spaces_collapsed_and_odd_spaces_plain() -> None:
    text = "Посол\u00a0Казахстана\u202fв\u2009Латвии\t\tДаурен   Карипов\u3000провел"
    assert normalize_text(text) == "Посол Казахстана в Латвии Даурен Карипов провел"


def test_invisible_characters_removed() -> None:
    text = "Ка\u200bзах\u00adстан\ufeff \u202eреверс\u202c \u2066изол\u2069 NUL\x00 BEL\x07 DEL\x7f"
    assert normalize_text(text) == "Казахстан реверс изол NUL BEL DEL"


def test_paragraphs_stripped_and_empty_dropped() -> None:
    text = "\r\n  Первый абзац.  \r\n\r\n \t \n\u2028Второй абзац.\u2029Третий\rЧетвертый\n"
    assert normalize_text(text) == "Первый абзац.\nВторой абзац.\nТретий\nЧетвертый"


def test_nfc_composes_letters_written_with_combining_marks() -> None:
    assert normalize_text("Мои\u0306 Қазақстан, е\u0308лка") == "Мой Қазақстан, ёлка"


def test_emoji_kept() -> None:
    assert normalize_text("Встреча 🤝 прошла 🇰🇿") == "Встреча 🤝 прошла 🇰🇿"


def test_empty_and_blank() -> None:
    assert normalize_text("") == ""
    assert normalize_text(" \n\t\u00a0\u200b\n") == ""


def test_megabyte_paragraph() -> None:
    para = "Посол Казахстана провел встречу. " * 31_000
    out = normalize_text(para + "\n\n" + para)
    assert out.count("\n") == 1
    assert len(out) == 2 * len(para.strip()) + 1


@given(st.text(max_size=300))
@settings(max_examples=500)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


_ENTITYISH = st.text(alphabet="&;#amplt0123x\u200b«»–—\u00a0 \n\rйи\u0306ёabc", max_size=60)


@given(_ENTITYISH)
@settings(max_examples=500)
def test_normalize_text_is_idempotent_on_entity_soup(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_normalize_text_output_shape(text: str) -> None:
    out = normalize_text(text)
    assert "\r" not in out and "\x00" not in out and "\u00a0" not in out and "  " not in out
    assert all(p == p.strip() and p for p in out.split("\n")) or out == ""


# --------------------------------------------------------------------------------------------
# html_to_paragraphs
# --------------------------------------------------------------------------------------------

GOV_KZ_BODY = """
<p>Астана,&nbsp;10 февраля&nbsp;&ndash; Заместитель министра иностранных дел Республики
Казахстан Арман Есенжолов принял Посла Королевства Нидерландов.</p>
<p>В ходе встречи стороны обсудили <strong>вопросы</strong> торгово-экономического
<a href="/x">сотрудничества</a>.<br>Отдельно обсуждена повестка визита.</p>
<script>window.dataLayer = []; track("visit")</script>
<style>.x { color: red }</style>
<iframe src="https://www.youtube.com/embed/x">Видео недоступно</iframe>
<noscript>Включите JavaScript</noscript>
<form action="/subscribe"><input name="e"><button>Подписаться</button>Текст формы</form>
<svg><text>SVG label</text></svg>
<!-- a comment that is not text -->
<ul><li>Первый пункт</li><li>Второй пункт</li></ul>
"""


def test_gov_kz_body_paragraphs() -> None:
    assert html_to_paragraphs(GOV_KZ_BODY) == [
        "Астана, 10 февраля - Заместитель министра иностранных дел Республики Казахстан "
        "Арман Есенжолов принял Посла Королевства Нидерландов.",
        "В ходе встречи стороны обсудили вопросы торгово-экономического сотрудничества.",
        "Отдельно обсуждена повестка визита.",
        "Первый пункт",
        "Второй пункт",
    ]


@pytest.mark.parametrize(
    "needle",
    ["dataLayer", "color", "Видео недоступно", "JavaScript", "Подписаться", "Текст формы", "SVG"],
)
def test_non_text_elements_never_reach_text(needle: str) -> None:
    assert needle not in "\n".join(html_to_paragraphs(GOV_KZ_BODY))


def test_tail_text_after_a_skipped_element_is_kept() -> None:
    html = "<div>до<script>x()</script> после<iframe></iframe> и дальше</div>"
    assert html_to_paragraphs(html) == ["до после и дальше"]


def test_full_document_and_charset_declaration() -> None:
    html = (
        '<?xml version="1.0" encoding="windows-1251"?><html><head><meta charset="windows-1251">'
        "<title>Заголовок окна</title></head><body><h1>Заголовок</h1><p>Текст</p></body></html>"
    )
    assert html_to_paragraphs(html) == ["Заголовок", "Текст"]


def test_plain_text_and_empty() -> None:
    assert html_to_paragraphs("просто текст") == ["просто текст"]
    assert html_to_paragraphs("") == []
    assert html_to_paragraphs("   ") == []
    assert html_to_paragraphs("<p></p><div> </div>") == []


def test_nul_bytes_and_controls_in_html() -> None:
    assert html_to_paragraphs("<p>Аста\x00на</p>\x0c<p>Ри\x1fга</p>") == ["Астана", "Рига"]


def test_rtl_override_removed_from_html_text() -> None:
    assert html_to_paragraphs("<p>МИД \u202eКР\u202c сообщает</p>") == ["МИД КР сообщает"]


def test_deep_nesting_keeps_text_and_terminates() -> None:
    html = "<div>" * 5000 + "глубокий текст" + "</div>" * 5000 + "<p>после</p><script>x()</script>"
    assert html_to_paragraphs(html) == ["глубокий текст", "после"]


def test_deep_nesting_of_inline_tags_with_script_inside() -> None:
    html = "<b>" * 3000 + "<script>evil()</script>слово" + "</b>" * 3000
    assert html_to_paragraphs(html) == ["слово"]


def test_unclosed_script_in_deep_fallback_drops_only_the_script() -> None:
    html = "<div>" * 400 + "текст<script>never closed " + "x" * 1000
    assert html_to_paragraphs(html) == ["текст"]


def test_megabyte_paragraph_html() -> None:
    para = "Посол провел встречу. " * 48_000
    out = html_to_paragraphs(f"<p>{para}</p><p>второй</p>")
    assert out == [para.strip(), "второй"]


@given(st.text(alphabet="<>/ab p div script br & ; \n\x00йқ", max_size=200))
@settings(max_examples=300)
def test_html_to_paragraphs_total(html: str) -> None:
    out = html_to_paragraphs(html)
    assert all(p and p == normalize_text(p) for p in out)


# --------------------------------------------------------------------------------------------
# drop_boilerplate
# --------------------------------------------------------------------------------------------

BODY = "Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты провели ряд встреч."


@pytest.mark.parametrize(
    "chrome",
    [
        "Фото: МИД РК",
        "Фото: gov.kz",
        "Images | gov.kz",
        "Photo credit: mfa.gov.kz",
        "Photo: Kazinform",
        "Видео: YouTube-канал МИД",
        "Фото с сайта gov.kz",
        "Сурет: ҚР СІМ",
        "Tell a friend",
        "Поделиться",
        "Share",
        "Бөлісу",
        "Facebook Twitter Telegram WhatsApp",
        "Читайте также: Посол Казахстана встретился с министром Латвии",
        "Read also: Kazakh FM meets OSCE Secretary General",
        "Сондай-ақ оқыңыз: Елші кездесу өткізді",
        "Temirgaliyeva Arailym / 7 October 2019, 15:55",
        "Айгерим Сапарова / 15 августа 2025, 13:51",
        "Currently reading",
        "None",
        "Дополнено",
        "27.02.2026, 13:04 6956",
    ],
)
def test_chrome_dropped(chrome: str) -> None:
    assert drop_boilerplate([chrome, BODY, chrome]) == [BODY]


@pytest.mark.parametrize(
    "text",
    [
        "Фотовыставка «Казахстан глазами дипломатов» открылась в Вене.",
        "Посол поделился планами на предстоящий год.",
        "В частности, стороны обсудили вопросы обмена опытом / 10 проектов в работе.",
        "None of the parties objected to the agenda.",
        "Kazinform cites the press service of the Kazakh MFA.",
        "Share of Kazakhstan in regional trade grew to 40 percent.",
        "Фото: " + "длинный текст абзаца, а не подпись. " * 20,
    ],
)
def test_text_that_looks_like_chrome_is_kept(text: str) -> None:
    assert drop_boilerplate([BODY, text]) == [BODY, text]


def test_trailing_outlet_credits_dropped_only_at_the_end() -> None:
    paras = [
        BODY,
        "Tengrinews.kz ранее сообщал о визите министра.",
        "Последний абзац.",
        "Tengrinews.kz в Telegram: самые важные новости",
        "Подписывайтесь на наш канал",
    ]
    assert drop_boilerplate(paras) == paras[:3]


def test_source_line_is_kept() -> None:
    source = "Source : https://www.gov.kz/memleket/entities/mfa-kishinev/press/news/details/1168564?lang=kk"
    assert drop_boilerplate([BODY, source]) == [BODY, source]


def test_drop_boilerplate_empty() -> None:
    assert drop_boilerplate([]) == []
    assert drop_boilerplate(["", "  "]) == []


# --------------------------------------------------------------------------------------------
# find_source_link
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "Body text.\nSource : https://www.gov.kz/memleket/entities/mfa/press/news/details/997859?lang=kk",
            "https://www.gov.kz/memleket/entities/mfa/press/news/details/997859?lang=kk",
        ),
        (
            "Текст.\nИсточник: https://www.gov.kz/memleket/entities/mfa/press/news/details/1?lang=ru.",
            "https://www.gov.kz/memleket/entities/mfa/press/news/details/1?lang=ru",
        ),
        (
            "Source: http://mfa.kz/en/athens/content-view/x)",
            "http://mfa.kz/en/athens/content-view/x",
        ),
        ("Text only, no link.", None),
        ("Source : not a url", None),
        ("The source: https://example.org/x is mentioned mid-sentence", None),
        ("", None),
    ],
)
def test_find_source_link(text: str, url: str | None) -> None:
    assert find_source_link(text) == url


# --------------------------------------------------------------------------------------------
# clean_body
# --------------------------------------------------------------------------------------------


def test_clean_body_of_a_kt_kz_page() -> None:
    paragraphs = [
        "27.02.2026, 13:04 6956",
        "Фото: МИД РК",
        "Tell a friend",
        "Астана. 10 февраля. KAZAKHSTAN TODAY – Казахстанские дипломаты провели ряд встреч, "
        "сообщает Министерство иностранных дел Республики Казахстан.",
        "  В частности, в Риге состоялась бизнес-конференция «Латвия – Казахстан».  ",
        "",
        "Между\u00a0тем посол Казахстана в США провел встречу.\u200b",
    ]
    assert clean_body(paragraphs) == (
        "Астана. 10 февраля. KAZAKHSTAN TODAY - Казахстанские дипломаты провели ряд встреч, "
        "сообщает Министерство иностранных дел Республики Казахстан.\n"
        'В частности, в Риге состоялась бизнес-конференция "Латвия - Казахстан".\n'
        "Между тем посол Казахстана в США провел встречу."
    )


def test_clean_body_splits_embedded_newlines() -> None:
    assert clean_body(["Первый\nВторой", "Фото: gov.kz\nТретий"]) == "Первый\nВторой\nТретий"


def test_clean_body_empty() -> None:
    assert clean_body([]) == ""
    assert clean_body(["Фото: МИД РК"]) == ""


@given(st.lists(st.text(max_size=80), max_size=8))
@settings(max_examples=200)
def test_clean_body_is_stable(paragraphs: list[str]) -> None:
    once = clean_body(paragraphs)
    assert clean_body(once.split("\n")) == once
