"""Script-independent spelling of names: Кошербаев, Қошербаев and Kosherbayev meet here.

Russian and Kazakh Cyrillic are romanized to a coarse Latin skeleton, and Latin spellings are
folded the same way (y/i, kh/h, double letters), so one person or place keys alike in ru, kk and en.
The skeleton is for matching, never for display.
"""

from __future__ import annotations

import re
import unicodedata

_CYR_TO_LAT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

# Applied in order to the romanized, lower-cased form.
_FOLDS = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"q"), "k"),
    (re.compile(r"j"), "zh"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # Kosherbayev ~ Кошербаев
    (re.compile(r"[yi]+"), "i"),
    (re.compile(r"yu|iu"), "u"),
    (re.compile(r"ya|ia"), "a"),
    (re.compile(r"(.)\1+"), r"\1"),  # Ilyassov ~ Ильясов
    (re.compile(r"^ie"), "e"),  # Yerzhan ~ Ержан
)


def romanize(text: str) -> str:
    """Lower-case Latin rendering of Cyrillic (ru and kk letters); Latin passes through."""
    out = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        out.append(_CYR_TO_LAT.get(ch, ch))
    stripped = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in stripped if not unicodedata.combining(c))


def skeleton(word: str) -> str:
    """A coarse key of one word that matches its spellings across scripts."""
    key = re.sub(r"[^a-z]", "", romanize(word))
    for pattern, repl in _FOLDS:
        key = pattern.sub(repl, key)
    return key
