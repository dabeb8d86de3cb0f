"""The language of a text from the text alone: "kk", "ru", "en" or "und".

Why not the URL: outlets file Kazakh and Russian texts under each other's sections, and
gov.kz serves a missing translation under the requested language (STACK.md §10). Why not a
model: the three languages are told apart by their letters and their function words, cheaply
and deterministically.

Evidence:
- script: Cyrillic against Latin letters decides Cyrillic (kk/ru) against Latin (en);
- Kazakh's own letters (ә ғ қ ң ө ұ ү һ і) are strong evidence for kk, but a Russian text
  names Kazakh people and places ("Қасым-Жомарт Тоқаев"), so their share counts, not their
  presence;
- function words ("және", "мен", "бойынша" against "и", "в", "что", "по") break ties and
  decide short titles, where one Kazakh name can be a tenth of the letters.
A text in Kazakh Latin script (á ǵ ń ó ú ı) without English function words is "kk".
"""

from __future__ import annotations

import re

KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KK_LATIN_LETTERS = frozenset("áǵńóúıÁǴŃÓÚ")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

_KK_WORDS = frozenset(
    (
        "және", "мен", "бен", "пен", "бойынша", "туралы", "үшін", "арасында", "арасындағы",
        "деп", "бұл", "осы", "болып", "болды", "жылы", "жылғы", "сондай-ақ", "алайда", "ретінде",
        "кезінде", "барысында", "қатысты", "дейін", "кейін", "бірге", "өтті", "етті", "келді",
        "сапары", "кездесу", "кездесті", "елші", "елшісі", "министрі", "жөнінде", "мәселелері",
        "ынтымақтастық", "ынтымақтастығы", "екі", "жақ", "тараптар", "өзара", "ал", "ол", "оның",
        "біз", "олар", "жаңа", "республикасы", "мемлекет", "мемлекеттік", "атты", "кең",
    )
)  # fmt: skip
_RU_WORDS = frozenset(
    (
        "и", "в", "во", "на", "с", "со", "по", "для", "что", "о", "об", "не", "из", "от", "к",
        "за", "как", "это", "также", "при", "был", "была", "были", "его", "ее", "её", "их",
        "который", "которые", "между", "после", "года", "году", "встреча", "встречи", "сторон",
        "стороны", "посол", "сообщает", "провел", "провела", "состоялась", "а", "но",
        "или", "до", "у", "же", "ли", "бы", "так", "уже", "под", "над",
    )
)  # fmt: skip
_EN_WORDS = frozenset(
    (
        "the", "of", "and", "to", "in", "a", "an", "is", "was", "were", "for", "on", "with",
        "by", "at", "as", "from", "that", "this", "has", "have", "held", "met", "said", "its",
    )
)  # fmt: skip

_KK_SHARE_STRONG = 0.05  # Kazakh letters per Cyrillic letter: Kazakh prose runs ~0.08-0.12
_KK_SHARE_RUSSIAN_CAP = 0.10  # above this even a Russian-looking text is Kazakh
_KK_SHARE_TIE = 0.03
_KK_LATIN_SHARE = 0.02
_MIN_LETTERS = 2
_SAMPLE_CHARS = 20_000  # a long text's language shows in its first pages


def detect_lang(text: str) -> str:
    """ "kk", "ru", "en" or "und" for a text, judged by its letters and function words only."""
    sample = text[:_SAMPLE_CHARS]
    cyr = lat = kk = kk_lat = other = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            cyr += 1
            if ch in KK_LETTERS:
                kk += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            lat += 1
            if ch in KK_LATIN_LETTERS:
                kk_lat += 1
        else:
            other += 1  # Arabic, Chinese, Greek...: none of our languages
    if cyr + lat < _MIN_LETTERS or other > cyr + lat:
        return "und"
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    if lat > cyr:
        en_words = sum(w in _EN_WORDS for w in words)
        if en_words == 0 and kk_lat / lat >= _KK_LATIN_SHARE:
            return "kk"
        return "en"
    kk_words = sum(w in _KK_WORDS for w in words)
    ru_words = sum(w in _RU_WORDS for w in words)
    share = kk / cyr
    if ru_words > kk_words and share < _KK_SHARE_RUSSIAN_CAP:
        return "ru"
    if kk_words > ru_words or share >= _KK_SHARE_STRONG:
        return "kk"
    return "kk" if share >= _KK_SHARE_TIE else "ru"
