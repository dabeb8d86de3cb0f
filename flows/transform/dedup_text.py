"""Same-language sameness of two texts: the normalized text, its hash, and its MinHash.

Why normalize before hashing: a reprint differs from its original in typography (quotes,
dashes, `ё`, non-breaking spaces), letter case and the URLs it appends; none of that makes it a
different release. The normalized text keeps words and numbers only, so an exact reprint hashes
alike, and a lightly edited one shares most of its word 3-grams (shingles), which MinHash turns
into a fixed-size signature whose agreement estimates the Jaccard similarity of the shingle
sets. Word shingles, not characters: they are cheap, and a changed name or number changes the
three shingles that contain it, which is what separates two templated releases.

The signature is stored per article (a tuple of 32-bit ints), so an index can be rebuilt from
stored rows without re-hashing old texts. The permutation scheme, seed and size are pinned
(`MINHASH_*`): signatures made with other parameters are not comparable, so they are part of
the feature version.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from datasketch import LeanMinHash, MinHash

SHINGLE_WORDS = 3  # words per shingle (figures behind the choice: dedup.py docstring)
MINHASH_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch >= 2.0; pinned so stored signatures stay comparable
MIN_SHINGLES = 8  # below this a text is too short for a meaningful signature

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def normalize_text(text: str) -> str:
    """Words and numbers only, case-folded, ё→е, URLs dropped, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL_RE.sub(" ", text)
    text = text.casefold().replace("ё", "е")
    return " ".join(_WORD_RE.findall(text))


def content_hash(text: str) -> str:
    """sha256 hex of the normalized text (exact duplicates up to typography and case)."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(normalized: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of a normalized text, as UTF-8 bytes."""
    words = normalized.split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


_MINHASH_ARGS = {"num_perm": MINHASH_PERM, "seed": MINHASH_SEED, "scheme": MINHASH_SCHEME}


def signature(shingle_set: set[bytes]) -> tuple[int, ...]:
    """The MinHash signature of a shingle set; empty when the text is too short to compare."""
    return signatures([shingle_set])[0]


def signatures(shingle_sets: Iterable[set[bytes]]) -> list[tuple[int, ...]]:
    """Signatures of many shingle sets (datasketch's bulk path reuses the permutations)."""
    sets = list(shingle_sets)
    long_enough = [s for s in sets if len(s) >= MIN_SHINGLES]
    computed = iter(MinHash.generator(long_enough, **_MINHASH_ARGS))
    out: list[tuple[int, ...]] = []
    for s in sets:
        if len(s) >= MIN_SHINGLES:
            out.append(tuple(int(v) for v in next(computed).hashvalues))
        else:
            out.append(())
    return out


def lean(sig: tuple[int, ...]) -> LeanMinHash:
    """A datasketch LeanMinHash over a stored signature (for an LSH index)."""
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=list(sig), scheme=MINHASH_SCHEME)


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
