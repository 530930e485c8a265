"""Translation and fonts.

Every visible string goes through :func:`tr` with an explicit context (a class-name-like
string), so that lookups do not depend on the runtime class the way ``QObject.tr`` does in
PySide6. ``resources/i18n/branchcrm_zh_CN.ts`` holds the Chinese; it is compiled to ``.qm``
with the ``lrelease`` shipped in PySide6 (at build time, or on first run into the user cache).
Source strings are English.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

LANGUAGES = ("zh_CN", "en")
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


def tr_noop(context: str, text: str) -> str:
    """Marks a string for extraction; translate later with ``tr(context, text)``."""
    return text


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def ts_path(lang: str) -> Path:
    return resources_dir() / "i18n" / f"branchcrm_{lang}.ts"


def find_lrelease() -> Path | None:
    try:
        import PySide6
    except ImportError:  # pragma: no cover
        return None
    base = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        if (base / name).exists():
            return base / name
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_ts(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` to ``qm`` with lrelease; False when lrelease is not available."""
    tool = find_lrelease()
    if tool is None:
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(tool), "-silent", str(ts), "-qm", str(qm)], capture_output=True, check=False
    )
    return done.returncode == 0 and qm.exists()


def qm_path(lang: str, cache_dir: Path | None = None) -> Path | None:
    """A .qm matching the current .ts: compiled into the user cache (named by the .ts content,
    so it is never stale), else the .qm shipped next to the .ts (frozen builds)."""
    ts = ts_path(lang)
    shipped = ts.with_suffix(".qm")
    if not ts.exists():
        return shipped if shipped.exists() else None
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("BranchCRM", appauthor=False)) / "i18n"
    digest = hashlib.sha1(ts.read_bytes()).hexdigest()[:12]
    cached = cache_dir / f"{ts.stem}-{digest}.qm"
    if cached.exists() or compile_ts(ts, cached):
        return cached
    return shipped if shipped.exists() else None


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load Qt's own and BranchCRM's translations for ``lang`` (nothing for English)."""
    installed: list[QTranslator] = []
    if lang == "en":
        QLocale.setDefault(QLocale("en_US"))
        return installed
    QLocale.setDefault(QLocale(lang))
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    path = qm_path(lang)
    ours = QTranslator(app)
    if path is not None and ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)


def cjk_family() -> str | None:
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    return None


def apply_font(app: QApplication) -> QFont:
    """Ask for the Simplified Chinese face explicitly: Qt's fallback picks the Japanese one."""
    font = QFont(app.font())
    family = cjk_family()
    if family is not None:
        base = font.family()
        font.setFamilies([family, base] if base and base != family else [family])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return font
