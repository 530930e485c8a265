"""Settings, translations, fonts and the background task runner."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from branchcrm.gui import i18n, i18n_tool
from branchcrm.gui import settings as keys
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner, TaskState


def test_settings_have_declared_defaults(settings: Settings) -> None:
    assert settings.get(keys.LANGUAGE) == "zh_CN"
    assert settings.get(keys.IDLE_MINUTES) == 5
    assert settings.get(keys.DATABASE_URL) == ""
    settings.set(keys.IDLE_MINUTES, 12)
    assert settings.get(keys.IDLE_MINUTES) == 12


def test_old_settings_keys_migrate(tmp_path: Path) -> None:
    path = tmp_path / "old.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("meta/version", 1)
    old.setValue("general/language", "en")
    old.setValue("lock/minutes", 9)
    old.sync()
    migrated = Settings(path)
    assert migrated.get(keys.LANGUAGE) == "en"
    assert migrated.get(keys.IDLE_MINUTES) == 9
    assert not migrated.store.contains("general/language")
    assert migrated.store.value("meta/version") in (keys.VERSION, str(keys.VERSION))


def test_every_tr_string_has_a_chinese_translation() -> None:
    ts = i18n.ts_path("zh_CN")
    missing = i18n_tool.missing(ts)
    assert missing == [], f"untranslated (run i18n_tool update and translate): {missing[:10]}"
    assert len(i18n_tool.extract()) > 200


def test_extractor_finds_the_marked_strings(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        'CTX = "Ctx"\nx = tr(CTX, "Hello")\ny = tr_noop("Other", "Bye")\nz = tr(CTX, variable)\n',
        encoding="utf-8",
    )
    assert list(i18n_tool.extract_file(source)) == [("Ctx", "Hello"), ("Other", "Bye")]


def test_chinese_is_compiled_and_loaded(qapp: QApplication, tmp_path: Path) -> None:
    qm = tmp_path / "zh.qm"
    assert i18n.compile_ts(i18n.ts_path("zh_CN"), qm), "lrelease from PySide6 is missing"
    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        assert i18n.tr("MainWindow", "Today") == "今日工作台"
        assert i18n.tr("PortfolioPage", "My customers") == "我的客户"
    finally:
        i18n.remove_translators(qapp, installed)
    assert i18n.tr("MainWindow", "Today") == "Today"


def test_font_asks_for_simplified_chinese(qapp: QApplication) -> None:
    if i18n.cjk_family() is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    before = qapp.font()
    try:
        font = i18n.apply_font(qapp)
        assert font.families()[0] in i18n.CJK_FAMILIES
        assert "JP" not in font.families()[0]
    finally:
        qapp.setFont(before)


def slow_sum(n: int, *, state: TaskState) -> int:
    total = 0
    for i in range(n):
        total += i
        state.progress(i + 1, n)
    return total


def test_task_runs_off_the_gui_thread_with_progress(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[int] = []
    threads: list[bool] = []

    def work(*, state: TaskState) -> str:
        threads.append(threading.current_thread() is threading.main_thread())
        return "ok"

    handle = runner.submit(slow_sum, 50)
    handle.progress.connect(lambda done, _total, _t: seen.append(done))
    with qtbot.waitSignal(handle.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [sum(range(50))]
    qtbot.waitUntil(lambda: len(seen) == 50)
    other = runner.submit(work)
    with qtbot.waitSignal(other.finished, timeout=5000):
        pass
    assert threads == [False]


def test_task_cancel_and_error(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()
    release = threading.Event()

    def blocking(*, state: TaskState) -> None:
        started.set()
        release.wait(5)
        state.check()

    handle = runner.submit(blocking)
    assert started.wait(5)
    handle.cancel()
    release.set()
    with qtbot.waitSignal(handle.cancelled, timeout=5000):
        pass

    def broken(*, state: TaskState) -> None:
        raise ValueError("bad input")

    failing = runner.submit(broken)
    with qtbot.waitSignal(failing.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert "bad input" in blocker.args[1]


def test_compiled_translation_is_cached_by_content(tmp_path: Path) -> None:
    first = i18n.qm_path("zh_CN", cache_dir=tmp_path)
    assert first is not None and first.parent == tmp_path and first.stat().st_size > 1000
    assert i18n.qm_path("zh_CN", cache_dir=tmp_path) == first


def test_service_messages_are_translated(qapp: QApplication) -> None:
    from branchcrm.gui import labels
    from branchcrm.services.errors import ValidationError

    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        text = labels.service_message(
            ValidationError({"mobile": "not a valid Chinese phone number: '123'"})
        )
        assert text == "手机: 不是有效的中国电话号码: '123'"
    finally:
        i18n.remove_translators(qapp, installed)
