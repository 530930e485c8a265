"""The action icons: drawn by us for every size and device pixel ratio, used by the windows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from branchcrm.gui import icons
from branchcrm.gui.main_window import MainWindow
from branchcrm.gui.pages import extra_pages
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World

REQUIRED = (
    "new_customer",
    "log_contact",
    "search",
    "today",
    "portfolio",
    "customer_file",
    "import_notebook",
    "transcribe",
    "review",
    "export",
    "print",
    "refresh",
    "settings",
    "lock",
    "sign_out",
    "save",
    "dashboard",
    "kpi",
    "rebalancing",
    "handover",
    "packages",
)


def _inked(image: QImage) -> int:
    """Pixels that are clearly drawn (alpha over half)."""
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 128
    )


def test_every_main_action_has_an_icon(qapp: QApplication) -> None:
    assert set(REQUIRED) <= set(icons.ICON_NAMES)
    with pytest.raises(KeyError):
        icons.action_icon("no-such-icon")


@pytest.mark.parametrize("name", icons.ICON_NAMES)
@pytest.mark.parametrize("size", [16, 24, 32])
def test_icons_supply_a_sharp_pixmap_at_twice_the_pixel_ratio(
    qapp: QApplication, name: str, size: int
) -> None:
    icon = icons.action_icon(name)
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(size, size), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (2 * size, 2 * size)
    image = pixmap.toImage()
    # drawn afresh for the device pixels (not a 1x pixmap blown up), and never empty
    assert image == icons.render(name, size, 2.0).toImage()
    assert _inked(image) > 2 * size
    assert icon.pixmap(QSize(size, size), 1.0).width() == size


def test_icons_draw_at_fractional_ratios_and_per_mode(qapp: QApplication) -> None:
    icon = icons.action_icon("save")
    assert icon.pixmap(QSize(24, 24), 1.5).width() == 36
    normal = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Selected).toImage()
    disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()

    def darkest(image: QImage) -> QColor:
        colors = [
            image.pixelColor(x, y)
            for y in range(image.height())
            for x in range(image.width())
            if image.pixelColor(x, y).alpha() == 255
        ]
        return min(colors, key=lambda c: c.lightness())

    assert darkest(normal).name() == icons.INK.name()
    assert darkest(selected).name() == "#ffffff"  # white on the highlight
    assert darkest(disabled).name() == icons.DISABLED.name()


def test_stroke_width_follows_device_pixels() -> None:
    assert icons.stroke_width(16) == 1.0
    assert icons.stroke_width(24) == 1.5
    assert icons.stroke_width(48) == 3.0


def test_application_icon_has_double_ratio_pixmaps(qapp: QApplication) -> None:
    pixmap: QPixmap = icons.app_icon().pixmap(QSize(32, 32), 2.0)
    assert pixmap.width() == 64


def test_menus_toolbar_and_navigation_show_icons(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    window = MainWindow(world.gateway(world.branch.supervisor), settings, runner)
    qtbot.addWidget(window)
    names = ("newCustomer", "logContact", "find", "print", "export", "lock", "signOut", "refresh")
    for name in names:
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert not action.icon().isNull(), name
    assert window.toolbar.actions()
    assert all(not a.icon().isNull() for a in window.toolbar.actions() if not a.isSeparator())
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        assert item is not None and not item.icon().isNull(), row
    assert all(spec.icon in icons.ICON_NAMES for spec in extra_pages())
    # the navigation is wide enough for its longest title
    widest = window.nav.sizeHintForColumn(0)
    assert window.nav.width() >= widest


def test_windows_icon_file_holds_every_size(qapp: QApplication, tmp_path: Path) -> None:
    path = icons.write_ico(tmp_path / "app.ico", (16, 32, 256))
    reader = QImageReader(str(path))
    assert reader.imageCount() == 3
    sizes = set()
    for _ in range(3):
        sizes.add(reader.read().width())
        reader.jumpToNextImage()
    assert sizes == {16, 32, 256}
