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


def surname_variant(clean: str) -> tuple[str, ...]:
    """The name's pinyin and initials with its surname read as a surname (曾伟: ``zengwei``,
    ``zw``, where pypinyin says céng), so that typing the name as people say it finds the
    customer; empty when the surname reads as usual. ``clean``: :func:`normalize_term`'s."""
    reading = SURNAME_READINGS.get(clean[:1]) if len(clean) > 1 else None
    if reading is None:
        return ()
    syllable = reading.rstrip("0123456789")
    full = syllable + pinyin_full(clean[1:])
    if full == pinyin_full(clean):
        return ()
    return full, syllable[0] + pinyin_initials(clean[1:])


def search_text(name: str, phones: Iterable[str], id_number: str | None) -> str:
    """What the trigram index sees: name, pinyin, initials (also with the surname's own
    reading), digits of phones and ID."""
    clean = normalize_term(name)
    parts = [clean, pinyin_full(clean), pinyin_initials(clean), *surname_variant(clean), *phones]
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
    for piece in surname_variant(clean):
        tokens |= _grams(piece)
    tokens.discard(" ")
    return " ".join(sorted(tokens))


# Surnames whose reading differs from the character's everyday one (曾 is Zēng as a surname,
# not céng): a name's first character is read this way when sorting. Compound surnames
# (欧阳, 尉迟, 单于 ...) pypinyin already reads as phrases.
SURNAME_READINGS = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "朴": "piao2",
    "区": "ou1",
    "查": "zha1",
    "缪": "miao4",
    "乐": "yue4",
    "盖": "ge3",
    "召": "shao4",
    "覃": "qin2",
    "翟": "zhai2",
    "种": "chong2",
    "华": "hua4",
    "任": "ren2",
    "纪": "ji3",
    "葛": "ge3",
    "隗": "wei3",
    "秘": "bi4",
    "繁": "po2",
    "折": "she2",
    "员": "yun4",
    "卜": "bu3",
    "薄": "bo2",
    "句": "gou1",
    "过": "guo1",
    "黑": "he4",
    "那": "na1",
    "都": "du1",
    "洗": "xian3",
    "能": "nai4",
    "阚": "kan4",
}
NAME_KEY_LENGTH = 200


def name_sort_key(name: str) -> str:
    """The key that sorts names as a Chinese reader expects (按拼音排序): syllable by
    syllable (李 lǐ before 林 lín, so all 李 stay together), then by tone, then by the
    characters themselves. ``张伟`` -> ``"zhang1.wei3 张伟"``.

    Bytewise comparison gives this order: ``.`` between syllables sorts before digits and
    letters, and the space before the name sorts before ``.``, so 张伟 comes before 张伟强.
    Store it with a bytewise collation (``C`` on PostgreSQL, SQLite's default ``BINARY``).
    """
    from pypinyin import Style, lazy_pinyin  # loaded only where names are written

    clean = normalize_term(name)
    if not clean:
        return ""
    syllables = [
        s.lower()
        for s in lazy_pinyin(clean, style=Style.TONE3, neutral_tone_with_five=True)
        if s.strip()
    ]
    surname = SURNAME_READINGS.get(clean[0])
    if surname is not None and syllables and len(clean) > 1:
        syllables[0] = surname
    return (".".join(syllables) + " " + clean)[:NAME_KEY_LENGTH]
