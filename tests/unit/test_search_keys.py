"""Search keys carry the surname as people say it: 曾伟 is found by ``zeng`` and ``zw``."""

from __future__ import annotations

import pytest

from branchcrm.domain import search_keys as sk
from branchcrm.importers.namekeys import clear_name_keys, name_keys
from branchcrm.services.demo import NameKeys

SURNAME_NAMES = ["曾伟", "曾乐乐", "单雄信", "解放", "仇红梅", "区志强", "查良镛", "翟明", "乐乐"]
PLAIN_NAMES = ["张伟", "李娜", "欧阳锋", "王 丽", "曾", "Zhang Wei"]


def test_a_surname_with_its_own_reading_adds_that_pinyin_and_its_initials() -> None:
    assert sk.surname_variant("曾伟") == ("zengwei", "zw")
    assert sk.search_text("曾伟", [], None) == "曾伟 cengwei cw zengwei zw"
    assert {"zw", "ze", "cw"} <= set(sk.short_keys("曾伟").split())


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_names_without_such_a_surname_keep_their_keys(name: str) -> None:
    clean = sk.normalize_term(name)
    assert sk.surname_variant(clean) == ()
    expected = " ".join(p for p in (clean, sk.pinyin_full(clean), sk.pinyin_initials(clean)) if p)
    assert sk.search_text(name, [], None) == expected


@pytest.mark.parametrize("name", SURNAME_NAMES + PLAIN_NAMES)
def test_the_importer_and_the_demo_write_the_keys_the_session_hooks_write(name: str) -> None:
    clear_name_keys()
    expected = (sk.search_text(name, [], None), sk.short_keys(name))
    assert name_keys(name)[:2] == expected
    assert NameKeys()(name) == expected
