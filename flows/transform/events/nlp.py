"""natasha for Russian: tokens with morphology, and PER/LOC/ORG spans, models loaded once.

Loading the embeddings and taggers costs about a second, so they are built lazily on first use
and kept for the process. A whole body is analysed in one call (one Doc), which is natasha's
batch: tokens and spans come back with body offsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    pos: str
    case: str | None  # UD case: Nom, Gen, Dat, Acc, Ins, Loc
    number: str | None
    tense: str | None  # UD tense of finite verbs: Past, Pres, Fut
    verb_form: str | None  # Fin, Inf, Part, Conv


@dataclass(frozen=True)
class NerSpan:
    type: str  # PER | LOC | ORG
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class RuAnalysis:
    tokens: list[Token]
    spans: list[NerSpan]


_OPENBLAS_GLOB = "*openblas*.so*"


@lru_cache(maxsize=1)
def _openblas_threads_setter() -> Any:
    """OpenBLAS's thread-local thread count setter in numpy's bundled library, or None."""
    try:
        import ctypes
        from pathlib import Path

        import numpy

        libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
        for lib in sorted(libs.glob(_OPENBLAS_GLOB)):
            setter = ctypes.CDLL(str(lib)).openblas_set_num_threads_local
            setter.argtypes = [ctypes.c_int]
            setter.restype = ctypes.c_int
            return setter
    except (OSError, AttributeError, ImportError):
        return None
    return None


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run natasha's small matrix products on one BLAS thread.

    natasha's taggers multiply small matrices; OpenBLAS spreading them over every core costs
    more in synchronization than it gains (measured: 3.5x slower on two cores). The setting is
    thread-local and restored afterwards, so other numpy users in the process are untouched.
    """
    setter = _openblas_threads_setter()
    previous = setter(1) if setter is not None else None
    try:
        yield
    finally:
        if setter is not None and previous is not None and previous > 0:
            setter(previous)


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any, Any]:
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb)


def analyze_ru(text: str) -> RuAnalysis:
    """Tokens (with POS and case) and named-entity spans of a Russian text."""
    from natasha import Doc

    segmenter, morph, ner = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    with _one_blas_thread():
        doc.tag_morph(morph)
        doc.tag_ner(ner)
    tokens = [
        Token(
            t.start,
            t.stop,
            t.text,
            str(t.pos or ""),
            (t.feats or {}).get("Case"),
            (t.feats or {}).get("Number"),
            (t.feats or {}).get("Tense"),
            (t.feats or {}).get("VerbForm"),
        )
        for t in doc.tokens
    ]
    spans = [NerSpan(s.type, s.start, s.stop, s.text) for s in doc.spans]
    return RuAnalysis(tokens, spans)
