"""Application settings, declared once with defaults, types and a version (OpenLP style)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T


DATABASE_URL: Setting[str] = Setting("database/url", "")
LANGUAGE: Setting[str] = Setting("ui/language", "zh_CN")
IDLE_MINUTES: Setting[int] = Setting("security/idle_minutes", 5)
LAST_LOGIN: Setting[str] = Setting("session/last_login", "")

ALL: tuple[Setting[Any], ...] = (DATABASE_URL, LANGUAGE, IDLE_MINUTES, LAST_LOGIN)
VERSION = 2
# Keys renamed between versions: old key -> new key.
_RENAMED = {1: {"general/language": LANGUAGE.key, "lock/minutes": IDLE_MINUTES.key}}


class Settings:
    """Typed access to ``QSettings``; ``path`` gives an INI file (tests, portable installs)."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            self.store = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self.store = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BranchCRM", "BranchCRM"
            )
        self.migrate()

    def migrate(self) -> None:
        stored = int(self.store.value("meta/version", 0) or 0)  # type: ignore[call-overload]
        if stored == 0 and not self.store.allKeys():
            self.store.setValue("meta/version", VERSION)
            return
        for version in range(max(stored, 1), VERSION):
            for old, new in _RENAMED.get(version, {}).items():
                if self.store.contains(old):
                    if not self.store.contains(new):
                        self.store.setValue(new, self.store.value(old))
                    self.store.remove(old)
        self.store.setValue("meta/version", VERSION)

    def get(self, setting: Setting[T]) -> T:
        raw = self.store.value(setting.key, setting.default)
        kind = type(setting.default)
        try:
            return kind(raw)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self.store.setValue(setting.key, value)

    def column_state(self, login: str, view: str) -> QByteArray | None:
        value = self.store.value(f"layout/{login}/{view}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_column_state(self, login: str, view: str, state: QByteArray) -> None:
        self.store.setValue(f"layout/{login}/{view}", state)

    def sync(self) -> None:
        self.store.sync()
