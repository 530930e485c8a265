"""Search keys of a name (pinyin, initials, their pieces) and its pinyin sort key.

Computed in the reader child as each record is made (:mod:`.readers.sandbox`), so that the
importing process neither loads pypinyin's dictionaries (some 55 MB) nor spends a second
on them; a record made elsewhere gets its keys on demand. No SQLAlchemy here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from branchcrm.domain import search_keys

# The pinyin sort key of names (``customer.name_key``), where the schema has it.
_sort_key = getattr(search_keys, "name_sort_key", None)
HAS_SORT_KEY = _sort_key is not None
# Names whose keys are remembered: a notebook repeats its names over visits and sheets, far
# apart (each entry some 300 bytes, in the reader child).
NAMES_CACHED = 1 << 15


def name_keys(name: str) -> tuple[str, str, str | None]:
    """(search text of the name, its short keys, its sort key or ``None``), exactly as
    :func:`branchcrm.db.hooks.customer_keys` computes them (a test pins the equality)."""
    text, short = _name_keys(name)
    return text, short, _sort(name) if _sort_key is not None else None


@lru_cache(maxsize=NAMES_CACHED)
def _sort(name: str) -> str:
    """``search_keys.name_sort_key(name)``; for a run of Chinese characters that holds no
    phrase of the dictionary, from the characters' cached readings (as :func:`_pinyin`)."""
    assert _sort_key is not None
    clean = search_keys.normalize_term(name)
    if not _HAN.fullmatch(clean) or _has_phrase(clean):
        return str(_sort_key(name))
    syllables = [s for ch in clean for s in _char_tone3(ch)]
    surname = search_keys.SURNAME_READINGS.get(clean[0])
    if surname is not None and syllables and len(clean) > 1:
        syllables[0] = surname
    return (".".join(syllables) + " " + clean)[: search_keys.NAME_KEY_LENGTH]


@lru_cache(maxsize=30_000)
def _char_tone3(ch: str) -> tuple[str, ...]:
    """A character's readings as :func:`search_keys.name_sort_key` takes them."""
    from pypinyin import Style, lazy_pinyin

    return tuple(
        s.lower()
        for s in lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)
        if s.strip()
    )


def clear_name_keys() -> None:
    """Give the caches' memory back (after an import)."""
    for fn in (_name_keys, _char_pinyin, _char_tone3, _sort):
        fn.cache_clear()


@lru_cache(maxsize=NAMES_CACHED)
def _name_keys(name: str) -> tuple[str, str]:
    """``search_keys.search_text(name, [], None)`` and ``search_keys.short_keys(name)`` from a
    single pinyin pass (it dominates a 50,000-row import); a test pins the equality."""
    clean = search_keys.normalize_term(name)
    syllables = [s.lower() for s in _pinyin(clean)]
    full = "".join(syllables)
    initials = "".join(s[:1] for s in syllables)
    variant = search_keys.surname_variant(clean)
    text = " ".join(p for p in (clean, full, initials, *variant) if p)
    tokens = _grams(clean) | _grams(initials) | _grams(full)
    for piece in variant:
        tokens |= _grams(piece)
    tokens.discard(" ")
    return text, " ".join(sorted(tokens))


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _has_phrase(text: str) -> bool:
    """Whether some run of two or more of the characters is a phrase of the dictionary
    (pypinyin then reads them together, perhaps differently from one by one)."""
    from pypinyin.constants import PHRASES_DICT

    n = len(text)
    return any(text[i:j] in PHRASES_DICT for i in range(n - 1) for j in range(i + 2, n + 1))


def _pinyin(text: str) -> list[str]:
    """``lazy_pinyin(text, errors="ignore")``; a run of Chinese characters no phrase of the
    dictionary occurs in is read character by character (cached), as pypinyin itself does."""
    from pypinyin import lazy_pinyin

    if not _HAN.fullmatch(text) or _has_phrase(text):
        return list(lazy_pinyin(text, errors="ignore"))
    out: list[str] = []
    for ch in text:
        out.extend(_char_pinyin(ch))
    return out


@lru_cache(maxsize=30_000)
def _char_pinyin(ch: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(ch, errors="ignore"))


def _grams(text: str) -> set[str]:
    out = set(text)
    out.update(text[i : i + 2] for i in range(len(text) - 1))
    return out
