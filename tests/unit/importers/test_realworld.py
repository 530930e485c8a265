"""Every real spreadsheet from other projects either reads or gets one clear line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchcrm.importers.notebook import read_notebook

REALWORLD = Path(__file__).parents[3] / ".." / "shared" / "realworld"
FILES = sorted(p for p in REALWORLD.glob("*") if p.is_file() and p.name != "README.md")


def test_corpus_is_present() -> None:
    assert len(FILES) >= 80, f"expected the shared corpus at {REALWORLD.resolve()}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_reads_or_names_the_problem(path: Path) -> None:
    result, records, _problems = read_notebook(path, timeout_s=60)
    assert result.status in ("imported", "no_data", "error")
    if result.status == "error":
        assert result.error and result.error.startswith(path.name)
        assert "\n" not in result.error and "Traceback" not in result.error
        assert records == []


EXPECTED_ERRORS = {
    "calamine__pass_protected.xlsx": "password",
    "poi__protected_passtika.xlsx": "password",
    "messytables__encrypted_no_password.xls": "password",
    "sheetjs__password_2002_40_xor.xls": "password",
    "poi__poc-xmlbomb.xlsx": "damaged",
    "poi__Simple.xlsb": ".xlsb",
    "pycalamine__empty_file.xlsx": "empty",
}


@pytest.mark.parametrize(("name", "word"), sorted(EXPECTED_ERRORS.items()))
def test_hostile_files_are_named_for_what_they_are(name: str, word: str) -> None:
    result, _, _ = read_notebook(REALWORLD / name, timeout_s=60)
    assert result.status == "error" and word in (result.error or "")


def test_rows_behind_a_stale_dimension_are_not_lost() -> None:
    from branchcrm.importers.readers.sandbox import read_file

    counts = {}
    for name in ("poi__64508.xlsx", "poi__craftonhills-goalpriorityreport.xlsx"):
        counts[name] = sum(len(e) for e in read_file(REALWORLD / name) if isinstance(e, list))
    assert counts == {"poi__64508.xlsx": 5, "poi__craftonhills-goalpriorityreport.xlsx": 4}


def test_chinese_bank_exports_read_as_chinese() -> None:
    for name in ("deg__alipay-records.csv", "deg__hxsec-records.xls", "deg__ccb-statement.xls"):
        from branchcrm.importers.readers.sandbox import read_file

        text = "".join(
            str(v)
            for e in read_file(REALWORLD / name)
            if isinstance(e, list)
            for _, row in e
            for v in row
            if v is not None
        )
        assert "\ufffd" not in text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), name
