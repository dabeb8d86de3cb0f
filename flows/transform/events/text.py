"""Sentences of an article body with their offsets and paragraphs.

Every later step works on body offsets, so evidence spans stay verbatim substrings of the body.
razdel (natasha's sentence splitter) is used for all three languages; it splits English after
"Sept." and "Mr.", which a small merge undoes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize

_NO_BREAK_AFTER_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|H\.E|Gen|Col|Amb|No|г|гг|им|т\.н|т\.е|ул|пр|проф|см)\.)\s*\Z"
)
_MONTH_ABBR_END_RE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.\s*\Z")
_STARTS_WITH_DIGIT_RE = re.compile(r"\A\s*\d")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    para: int  # paragraph index (paragraphs are the body's lines)
    first_in_para: bool
    text: str


def split_sentences(body: str, offset: int = 0) -> list[Sentence]:
    """The sentences of body[offset:], each with its span in `body` and its paragraph."""
    out: list[Sentence] = []
    pos = 0
    for para_idx, line in enumerate(body.split("\n")):
        line_start, pos = pos, pos + len(line) + 1
        if line_start + len(line) <= offset:
            continue
        skip = max(0, offset - line_start)
        spans: list[tuple[int, int]] = []
        for s in sentenize(line[skip:]):
            start, stop = s.start + skip, s.stop + skip
            if spans and _should_merge(line[spans[-1][0] : spans[-1][1]], line[start:stop]):
                spans[-1] = (spans[-1][0], stop)
            else:
                spans.append((start, stop))
        for k, (start, stop) in enumerate(spans):
            text = line[start:stop]
            if not text.strip():
                continue
            out.append(Sentence(line_start + start, line_start + stop, para_idx, k == 0, text))
    return out


def _should_merge(prev: str, nxt: str) -> bool:
    if _NO_BREAK_AFTER_RE.search(prev):
        return True
    return bool(_MONTH_ABBR_END_RE.search(prev) and _STARTS_WITH_DIGIT_RE.match(nxt))
