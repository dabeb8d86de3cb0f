"""People's names: one key across scripts and cases, and the nominative of oblique forms.

The warehouse must know that "Кошербаев", "Қошербаев" and "Kosherbayev" are one diplomat, and
that "Альбертом Рамдином" is "Альберт Рамдин". The key is built on `translit.skeleton` (script
folding) plus what a name key needs on top: word order does not matter ("Seitzhanov Yerlan"),
"дж" and "j" meet, and Slavic surname case endings fold (Ильясова, Ильясовым -> Ильясов), so a key
still matches when normalization missed a case.

Normalization: Russian oblique forms are put back in the nominative from the case the context
gives (the caller knows "с министром ... Хаканом Фиданом" is instrumental): pymorphy (through
natasha's `MorphVocab`, the only way it runs on Python 3.11) for names it knows, and ending rules
for the rest, which matters for non-Slavic names ("Фиданом", "Рамафосой", "Ямаду"). Kazakh case
suffixes (-мен, -ға, -ның, -ды...) are stripped from the last word of a name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flows.transform.translit import skeleton

NOM, GEN, DAT, ACC, INS, LOC = "Nom", "Gen", "Dat", "Acc", "Ins", "Loc"
_PYMORPHY_CASE = {GEN: "gent", DAT: "datv", ACC: "accs", INS: "ablt", LOC: "loct"}
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_VOWELS = frozenset("аеёиоуыэюя")
_HUSHING = frozenset("жшчщц")

# (ending, replacement) per case, longest first; replacement "*" is decided by the letter before.
_RU_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    INS: (
        ("ским", "ский"), ("цким", "цкий"), ("ской", "ская"), ("цкой", "цкая"), ("овым", "ов"),
        ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"), ("овой", "ова"),
        ("евой", "ева"), ("иной", "ина"), ("ией", "ия"), ("ой", "а"), ("ей", "я"), ("ью", "ь"),
        ("ом", ""), ("ём", "ь"), ("ем", "*"),
    ),
    GEN: (
        ("ского", "ский"), ("цкого", "цкий"), ("ской", "ская"), ("цкой", "цкая"),
        ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "а"), ("ии", "ия"),
        ("ьи", "ья"), ("ли", "ля"), ("ни", "ня"), ("ги", "га"), ("ки", "ка"), ("хи", "ха"),
        ("жи", "жа"), ("ши", "ша"), ("чи", "ча"), ("щи", "ща"), ("ы", "а"), ("ея", "ей"),
        ("я", "*"), ("а", ""),
    ),
    DAT: (
        ("скому", "ский"), ("цкому", "цкий"), ("ской", "ская"), ("цкой", "цкая"),
        ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "а"), ("ии", "ия"),
        ("ею", "ей"), ("ю", "*"), ("у", "-"),
    ),
    ACC: (
        ("ского", "ский"), ("цкого", "цкий"), ("скую", "ская"), ("цкую", "цкая"),
        ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("ию", "ия"), ("у", "а"), ("ю", "я"),
        ("ея", "ей"), ("я", "*"), ("а", ""),
    ),
    LOC: (("ском", "ский"), ("ой", "а"), ("ии", "ия")),
}  # fmt: skip
# The first word of a name may also take "е" for "а" (dative/locative of Ольга, Байба); a last
# word ending in "е" is more often an indeclinable foreign surname (Браже), so it is left alone.
_FIRST_WORD_E = {DAT: "а", LOC: "а"}

# Kazakh case suffixes a name takes on its last word ("Рамдинмен", "Кошербаевтың").
_KK_NAME_SUFFIXES = (
    "ымен", "імен", "мен", "бен", "пен", "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге",
    "қа", "ке", "ны", "ні", "ды", "ді", "ты", "ті", "нан", "нен", "дан", "ден", "тан", "тен",
)  # fmt: skip
KK_MIN_STEM = 3
_TITLE_RE = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|prof|h\.e|sir|sheikh|г-н|г-жа|господин|госпожа)\.?\s+)+", re.IGNORECASE
)
_SLAVIC_KEY_RE = re.compile(r"(ov|ev|in)(a|u|im|e|oi|i|ih)$")
_WORD_SPLIT_RE = re.compile(r"[\s]+")
_REDUCED_I_RE = re.compile(r"(?<=[b-df-hj-np-tv-z])i(?=[b-df-hj-np-tv-z])")


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A name without honorifics, possessive "'s", stray punctuation and doubled spaces."""
    n = _TITLE_RE.sub("", name.strip())
    n = re.sub(r"['’]s$", "", n)
    n = n.strip(' ,.;:()"«»')
    return re.sub(r"\s+", " ", n)


def _word_key(word: str) -> str:
    key = skeleton(word).replace("dzh", "zh")
    key = _SLAVIC_KEY_RE.sub(r"\1", key)
    # Kazakh і/ы between consonants are often dropped in Russian and Latin spellings
    # (Нұртілеу, Нуртлеу, Nurtleu): drop every such i, on every side alike. Kazakh ө is
    # written "у" or "о" in Russian and Latin (Төлегенова, Тулегенова): o and u are one.
    return _REDUCED_I_RE.sub("", key).replace("o", "u")


def name_key(name: str) -> str:
    """A key that matches one person across scripts, cases and word order."""
    words = [w for w in _WORD_SPLIT_RE.split(clean_name(name)) if w]
    keys = sorted({k for k in (_word_key(w) for w in words) if len(k) > 1})
    return " ".join(keys)


# --------------------------------------------------------------------------------------------
# Morphology (natasha's MorphVocab = pymorphy2 with natasha's Python 3.11 shims)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def morph_vocab() -> Any:
    """natasha's MorphVocab, built once; pointed at its dictionary without pkg_resources."""
    import natasha  # noqa: F401  (installs the inspect shims pymorphy2 needs on 3.11)
    import pymorphy2_dicts_ru
    from natasha.morph.vocab import MorphForm, MorphVocab
    from pymorphy2 import MorphAnalyzer

    class _Vocab(MorphVocab):  # type: ignore[misc]
        def __init__(self) -> None:
            # MorphVocab() finds its dictionary through pkg_resources (setuptools), which this
            # environment does not ship; the path is the same either way.
            MorphAnalyzer.__init__(self, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)

    return _Vocab()


@lru_cache(maxsize=65536)
def _name_parses(word: str) -> tuple[tuple[str, str, str, float], ...]:
    """(case, gender, nominative, score) of the name readings pymorphy has for a word."""
    out = []
    for p in morph_vocab().parse(word.lower()):
        tag = p.tag
        if not (_NAME_GRAMMEMES & tag.grammemes) or tag.number != "sing":
            continue
        nom = p.inflect({"Nom", "Sing"})  # natasha's MorphForm takes UD grammemes
        if nom is None:
            continue
        out.append((str(tag.case), str(tag.gender or ""), str(nom.word), float(p.score)))
    return tuple(out)


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """pymorphy's dictionary knows the word (any case) as a given name ("Жаном", "Кайрата")."""
    head = word.split("-")[0]
    for p in morph_vocab().parse(head.lower()):
        if (
            "Name" in p.tag.grammemes
            and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        ):
            return True
    return False


@lru_cache(maxsize=65536)
def is_common_noun(word: str) -> bool:
    """True when pymorphy's dictionary knows the word only as an ordinary (non-place) noun."""
    parses = morph_vocab().parse(word.lower())
    known = [p for p in parses if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]
    if not known:
        return False
    if any({"Geox", "Name", "Surn", "Orgn"} & p.tag.grammemes for p in known):
        return False
    return any(p.tag.POS == "NOUN" for p in known)


# --------------------------------------------------------------------------------------------
# Nominative normalization
# --------------------------------------------------------------------------------------------


def _match_case(text: str, like: str) -> str:
    """Give `text` the capitalization pattern of `like` (per hyphen-separated part)."""
    if like.isupper() and len(like) > 1:
        return text.upper()
    parts = text.split("-")
    likes = like.split("-")
    out = []
    for i, part in enumerate(parts):
        ref = likes[i] if i < len(likes) else likes[-1]
        out.append(part[:1].upper() + part[1:] if ref[:1].isupper() else part)
    return "-".join(out)


def _rule_nominative(word: str, case: str, first: bool) -> str:
    low = word.lower()
    if first and case in _FIRST_WORD_E and low.endswith("е") and len(low) > 3:
        return word[:-1] + _FIRST_WORD_E[case]
    for ending, rep in _RU_RULES.get(case, ()):
        if not low.endswith(ending) or len(low) - len(ending) < 2:
            continue
        stem = word[: -len(ending)]
        before = stem[-1].lower()
        if rep == "*":
            if ending == "ем":
                rep = "" if before in _HUSHING else ("й" if before in _VOWELS else "ь")
            else:
                rep = "й" if before in _VOWELS else "ь"
        elif rep == "-":  # dative -у: only after a consonant (Джону); "Лоуренсу" stays
            if before in _VOWELS:
                return word
            rep = ""
        return stem + rep
    return word


def ru_nominative_word(word: str, case: str, first: bool = False, gender: str = "") -> str:
    """The nominative of one Russian name word in `case` (Nom, Gen, Dat, Acc, Ins, Loc)."""
    if case == NOM or case not in _PYMORPHY_CASE:
        return word
    parts = word.split("-")
    if len(parts) > 1 and all(parts):  # Касым-Жомарта: each part declines
        return "-".join(ru_nominative_word(p, case, first, gender) for p in parts)
    # An animate accusative looks like a genitive ("посла ... Токаева"), so Acc tries both.
    for c in (case, GEN) if case == ACC else (case,):
        readings = [r for r in _name_parses(word) if r[0] == _PYMORPHY_CASE[c]]
        if gender:
            readings = [r for r in readings if r[1] in (gender, "ms-f")] or readings
        if readings:
            best = max(readings, key=lambda r: r[3])
            return _match_case(best[2], word)
    out = _rule_nominative(word, case, first)
    if out == word and case == ACC:
        out = _rule_nominative(word, GEN, first)
    return out


def name_gender(words: list[str], case: str) -> str:
    """masc / femn from the first word's name readings in that case, or ""."""
    if not words or case not in _PYMORPHY_CASE:
        return ""
    want = _PYMORPHY_CASE[case]
    genders = {r[1] for r in _name_parses(words[0]) if r[0] == want and r[1] in ("masc", "femn")}
    return genders.pop() if len(genders) == 1 else ""


def ru_nominative(words: list[str], case: str) -> list[str]:
    """The nominative of a Russian name given as words in `case`."""
    gender = name_gender(words, case)
    return [
        ru_nominative_word(w, case, i == 0 and len(words) > 1, gender) for i, w in enumerate(words)
    ]


def kk_nominative(words: list[str]) -> list[str]:
    """A Kazakh name with the case suffix stripped from its last word ("Рамдинмен" -> "Рамдин")."""
    if not words:
        return words
    last = words[-1]
    if "-" in last:
        head, _, tail = last.rpartition("-")
        if tail.lower() in _KK_NAME_SUFFIXES:
            return [*words[:-1], head]
    low = last.lower()
    for suffix in _KK_NAME_SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= KK_MIN_STEM:
            return [*words[:-1], last[: -len(suffix)]]
    return words
