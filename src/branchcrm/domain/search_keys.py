"""Search keys kept beside each customer so that any fragment finds them fast.

Trigram indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) cannot serve terms shorter than
three characters, and Chinese names are mostly two or three. So each customer also carries
*short keys*: every 1- and 2-character piece of the name, its pinyin and its initials,
as whole tokens that an ordinary index looks up exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def normalize_term(text: str) -> str:
    """Full-width to half-width, lower case, no inner spaces (``王 丽`` = ``王丽``)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def pinyin_full(name: str) -> str:
    from pypinyin import lazy_pinyin  # ~55 MB of dictionaries: load only when a name is written

    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def pinyin_initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def search_text(name: str, phones: Iterable[str], id_number: str | None) -> str:
    """What the trigram index sees: name, pinyin, initials, digits of phones and ID."""
    clean = normalize_term(name)
    parts = [clean, pinyin_full(clean), pinyin_initials(clean), *phones]
    if id_number:
        parts.append(id_number.lower())
    return " ".join(p for p in parts if p)


def _grams(text: str) -> set[str]:
    out = set(text)
    out.update(text[i : i + 2] for i in range(len(text) - 1))
    return out


def short_keys(name: str) -> str:
    """Space-separated 1- and 2-character tokens of the name, pinyin and initials."""
    clean = normalize_term(name)
    tokens = _grams(clean) | _grams(pinyin_initials(clean)) | _grams(pinyin_full(clean))
    tokens.discard(" ")
    return " ".join(sorted(tokens))
