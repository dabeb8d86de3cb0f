"""extract_events end to end on short texts: spans, language fallback, place and date rules."""

from __future__ import annotations

from datetime import date

from flows.transform.article import Article
from flows.transform.events import EXTRACTOR_VERSION, extract_events


def _article(body: str, lang: str = "ru", published: date | None = date(2026, 3, 5)) -> Article:
    return Article(id="t", source="test", url=None, lang=lang, title="", published=published,
                   body=body)  # fmt: skip


def test_version_is_set() -> None:
    assert EXTRACTOR_VERSION


def test_evidence_is_a_verbatim_span_of_the_body() -> None:
    body = (
        "Астана. 4 марта. KAZAKHSTAN TODAY - Посол Казахстана в Венгрии Ерлан Сейтжанов "
        "встретился в Будапеште с государственным секретарем Миклошем Тотом.\n"
        "Стороны обсудили сотрудничество в сельском хозяйстве."
    )
    (event,) = extract_events(_article(body))
    assert body[event.evidence_start : event.evidence_end] == event.evidence
    assert event.evidence.endswith("сельском хозяйстве.")
    assert (event.city, event.country) == ("Budapest", "HU")
    assert event.date == date(2026, 3, 4) and event.date_precision == "reported"
    assert [(p.name, p.role) for p in event.participants] == [
        ("Ерлан Сейтжанов", "kazakh"),
        ("Миклош Тот", "counterpart"),
    ]


def test_an_empty_language_is_detected() -> None:
    body = "Ambassador of Kazakhstan to Latvia Askhat Nurpeissov met with Mayor Janis Ozols."
    (event,) = extract_events(_article(body, lang=""))
    assert event.type == "meeting"
    assert [p.name for p in event.participants] == ["Askhat Nurpeissov", "Janis Ozols"]


def test_a_phone_call_has_no_venue_and_a_posting_gives_only_the_country() -> None:
    call = "Министр иностранных дел Казахстана провел телефонный разговор с министром Венгрии."
    (event,) = extract_events(_article(call))
    assert (event.type, event.city, event.country) == ("phone_call", None, None)
    meeting = (
        "Посол Казахстана в Латвии Асхат Нурпеисов встретился с мэром города Андрисом Берзиньшем."
    )
    (event,) = extract_events(_article(meeting))
    assert (event.city, event.country) == (None, "LV")


def test_a_text_date_wins_over_the_publication_date() -> None:
    body = "2 сентября заместитель министра иностранных дел провела встречу с послом Египта."
    (event,) = extract_events(_article(body, published=date(2026, 9, 3)))
    assert event.date == date(2026, 9, 2) and event.date_precision == "day"


def test_an_announced_date_in_the_past_of_the_year_moves_to_next_year() -> None:
    body = "Министр иностранных дел Казахстана посетит Японию 14 февраля."
    (event,) = extract_events(_article(body, published=date(2026, 11, 20)))
    assert event.status == "announced"
    assert event.date == date(2027, 2, 14)


def test_no_events_in_text_without_any() -> None:
    assert extract_events(_article("Италия является крупным торговым партнером Казахстана.")) == []
