"""BranchCRM's artwork, drawn with QPainter: the application icon and the action icons.

Nothing is downloaded or loaded from files. Each action icon is a few strokes on a 24-unit grid
(rounded line caps and joins, one slate-blue ink and an amber accent for "badges" such as the
plus of *new customer*), drawn afresh for every size and device pixel ratio by a small
``QIconEngine``, so a 16 px menu icon and a 48 px toolbar icon at 200 % are both sharp. The
stroke width follows the device-pixel size (1 px at 16 px, 1.5 px at 24 px, 3 px at 48 px);
selected items (white text on the highlight colour) get white ink, disabled ones grey.

``action_icon(name)`` is what the windows use; ``ICON_NAMES`` lists the names.
"""

from __future__ import annotations

import functools
import math
import struct
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

INK = QColor("#1f5fa8")  # the bank blue of the application icon
ACCENT = QColor("#d98e04")  # amber, for the small badge of an action (plus, check, arrow)
DISABLED = QColor("#a3abb5")
SELECTED = QColor("#ffffff")
GRID = 24.0


# --- the application icon -------------------------------------------------------------------


def draw(size: int = 256) -> QPixmap:
    """A bank-blue tile with a customer silhouette and a gold coin."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    p.fillPath(tile, QBrush(QColor("#1f5fa8")))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    p.drawEllipse(QRectF(78 * s, 46 * s, 76 * s, 76 * s))  # head
    body = QPainterPath()
    body.addRoundedRect(QRectF(52 * s, 132 * s, 128 * s, 84 * s), 40 * s, 40 * s)
    p.fillPath(body, QBrush(QColor("white")))
    p.setBrush(QColor("#f2b705"))
    p.drawEllipse(QRectF(150 * s, 140 * s, 72 * s, 72 * s))  # coin
    p.setBrush(QColor("#1f5fa8"))
    p.drawRect(QRectF(180 * s, 156 * s, 12 * s, 40 * s))
    p.end()
    return pixmap


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addPixmap(draw(size))
        big = draw(size * 2)
        big.setDevicePixelRatio(2.0)
        icon.addPixmap(big)
    return icon


def write_png(path: Path, size: int = 256) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw(size).save(str(path))
    return path


def write_ico(path: Path, sizes: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)) -> Path:
    """A Windows .ico holding the application icon at each size (PNG-compressed entries, as
    Windows Vista and later read them); used by build.spec for branchcrm.exe."""
    images = []
    for size in sizes:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        draw(size).save(buffer, "PNG")
        images.append((size, bytes(buffer.data().data())))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        blobs += png
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + entries + blobs)
    return path


# --- the action icons -----------------------------------------------------------------------


class Pen:
    """Draws in grid units with the ink of the current mode; ``accent`` switches to amber."""

    def __init__(self, painter: QPainter, ink: QColor, accent: QColor, width: float) -> None:
        self.p, self.ink, self.accent_ink, self.width = painter, ink, accent, width
        self.use(ink)

    def use(self, color: QColor, width: float | None = None) -> None:
        pen = QPen(color, self.width if width is None else width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def accent(self) -> None:
        self.use(self.accent_ink)

    def main(self) -> None:
        self.use(self.ink)

    def line(self, *points: tuple[float, float]) -> None:
        self.p.drawPolyline([QPointF(x, y) for x, y in points])

    def rect(self, x: float, y: float, w: float, h: float, r: float = 1.5) -> None:
        self.p.drawRoundedRect(QRectF(x, y, w, h), r, r)

    def circle(self, cx: float, cy: float, r: float) -> None:
        self.p.drawEllipse(QPointF(cx, cy), r, r)

    def dot(self, cx: float, cy: float, r: float, accent: bool = False) -> None:
        color = self.accent_ink if accent else self.ink
        self.p.save()
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(color)
        self.p.drawEllipse(QPointF(cx, cy), r, r)
        self.p.restore()

    def fill_rect(self, x: float, y: float, w: float, h: float, r: float = 0.8) -> None:
        self.p.save()
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(self.ink)
        self.p.drawRoundedRect(QRectF(x, y, w, h), r, r)
        self.p.restore()

    def arc(self, x: float, y: float, w: float, h: float, start: float, span: float) -> None:
        """An arc of the ellipse in (x, y, w, h); angles in degrees, counter-clockwise."""
        self.p.drawArc(QRectF(x, y, w, h), round(start * 16), round(span * 16))

    def path(self, path: QPainterPath) -> None:
        self.p.drawPath(path)


Drawing = Callable[[Pen], None]
_DRAWINGS: dict[str, Drawing] = {}


def _icon(name: str) -> Callable[[Drawing], Drawing]:
    def register(fn: Drawing) -> Drawing:
        _DRAWINGS[name] = fn
        return fn

    return register


def _person(d: Pen, cx: float, top: float, scale: float = 1.0) -> None:
    """A head and shoulders; ``top`` is the top of the head."""
    r = 3.6 * scale
    d.circle(cx, top + r, r)
    w, h = 13.0 * scale, 7.0 * scale
    base = top + 2 * r + 1.6 * scale + h
    shoulders = QPainterPath(QPointF(cx - w / 2, base))
    shoulders.cubicTo(
        QPointF(cx - w / 2, base - h * 1.1),
        QPointF(cx + w / 2, base - h * 1.1),
        QPointF(cx + w / 2, base),
    )
    d.path(shoulders)


def _plus_badge(d: Pen, cx: float, cy: float, r: float = 3.0) -> None:
    d.accent()
    d.line((cx - r, cy), (cx + r, cy))
    d.line((cx, cy - r), (cx, cy + r))
    d.main()


def _arrowhead(
    d: Pen, tip: tuple[float, float], direction: tuple[float, float], length: float
) -> None:
    """Two strokes meeting at ``tip``, for an arrow travelling along ``direction``."""
    norm = math.hypot(*direction)
    ux, uy = direction[0] / norm, direction[1] / norm
    wings = []
    for angle in (math.radians(42), -math.radians(42)):
        c, s = math.cos(angle), math.sin(angle)
        bx, by = -(ux * c - uy * s), -(ux * s + uy * c)
        wings.append((tip[0] + bx * length, tip[1] + by * length))
    d.line(wings[0], tip, wings[1])


def _rounded(
    d: Pen, points: list[tuple[float, float]], radius: float = 2.0, *, closed: bool = False
) -> None:
    """A polyline whose inner corners are rounded; ``closed`` joins the ends with a sharp
    corner (a page's folded edge)."""
    path = QPainterPath(QPointF(*points[0]))
    for prev, corner, nxt in zip(points, points[1:], points[2:], strict=False):
        into = _towards(corner, prev, radius)
        out = _towards(corner, nxt, radius)
        path.lineTo(QPointF(*into))
        path.quadTo(QPointF(*corner), QPointF(*out))
    path.lineTo(QPointF(*points[-1]))
    if closed:
        path.closeSubpath()
    d.path(path)


def _towards(a: tuple[float, float], b: tuple[float, float], dist: float) -> tuple[float, float]:
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    return a[0] + (b[0] - a[0]) * dist / length, a[1] + (b[1] - a[1]) * dist / length


def _tray(d: Pen) -> None:
    d.line((3.5, 14.5), (3.5, 19.5), (20.5, 19.5), (20.5, 14.5))


@_icon("new_customer")
def _new_customer(d: Pen) -> None:
    _person(d, 9.5, 3.5)
    _plus_badge(d, 18.5, 8.0)


@_icon("log_contact")
def _log_contact(d: Pen) -> None:
    bubble = QPainterPath(QPointF(7.0, 17.0))
    bubble.lineTo(4.5, 20.5)
    bubble.lineTo(4.5, 17.0)
    bubble.quadTo(3.0, 17.0, 3.0, 15.0)
    bubble.lineTo(3.0, 6.0)
    bubble.quadTo(3.0, 4.0, 5.0, 4.0)
    bubble.lineTo(19.0, 4.0)
    bubble.quadTo(21.0, 4.0, 21.0, 6.0)
    bubble.lineTo(21.0, 15.0)
    bubble.quadTo(21.0, 17.0, 19.0, 17.0)
    bubble.closeSubpath()
    d.path(bubble)
    d.line((7.5, 8.5), (16.5, 8.5))
    d.accent()
    d.line((7.5, 12.5), (13.0, 12.5))


@_icon("search")
def _search(d: Pen) -> None:
    d.circle(10.5, 10.5, 6.5)
    d.line((15.3, 15.3), (20.5, 20.5))


@_icon("today")
def _today(d: Pen) -> None:
    d.rect(3.5, 5.0, 17.0, 15.5, 2.0)
    d.line((3.5, 9.5), (20.5, 9.5))
    d.line((8.0, 3.0), (8.0, 6.5))
    d.line((16.0, 3.0), (16.0, 6.5))
    d.dot(12.0, 15.0, 2.3, accent=True)


@_icon("portfolio")
def _portfolio(d: Pen) -> None:
    _person(d, 9.0, 4.5, 0.95)
    back = QPainterPath(QPointF(15.5, 5.2))
    back.arcTo(QRectF(13.6, 4.9, 6.8, 6.8), 110, -250)
    d.path(back)
    d.line((17.5, 14.0), (17.6, 14.0))
    shoulder = QPainterPath(QPointF(18.0, 13.6))
    shoulder.cubicTo(QPointF(20.5, 14.0), QPointF(21.5, 16.0), QPointF(21.5, 19.3))
    d.path(shoulder)


@_icon("customer_file")
def _customer_file(d: Pen) -> None:
    folder = QPainterPath(QPointF(3.0, 7.0))
    folder.quadTo(3.0, 5.0, 5.0, 5.0)
    folder.lineTo(9.0, 5.0)
    folder.lineTo(11.0, 7.0)
    folder.lineTo(19.0, 7.0)
    folder.quadTo(21.0, 7.0, 21.0, 9.0)
    folder.lineTo(21.0, 18.0)
    folder.quadTo(21.0, 20.0, 19.0, 20.0)
    folder.lineTo(5.0, 20.0)
    folder.quadTo(3.0, 20.0, 3.0, 18.0)
    folder.closeSubpath()
    d.path(folder)
    d.circle(12.0, 12.3, 1.9)
    shoulders = QPainterPath(QPointF(8.3, 17.5))
    shoulders.cubicTo(QPointF(8.8, 14.6), QPointF(15.2, 14.6), QPointF(15.7, 17.5))
    d.path(shoulders)


@_icon("import_notebook")
def _import_notebook(d: Pen) -> None:
    _tray(d)
    d.accent()
    d.line((12.0, 3.5), (12.0, 14.0))
    d.line((7.8, 10.0), (12.0, 14.2), (16.2, 10.0))
    d.main()


@_icon("transcribe")
def _transcribe(d: Pen) -> None:
    _rounded(d, [(12.5, 20.5), (3.5, 20.5), (3.5, 3.5), (17.5, 3.5), (17.5, 8.5)])
    d.line((7.0, 8.0), (14.0, 8.0))
    d.line((7.0, 12.0), (11.5, 12.0))
    d.accent()
    d.line((20.5, 10.5), (13.0, 18.0), (12.0, 20.5), (14.5, 19.5), (22.0, 12.0), (20.5, 10.5))
    d.main()


@_icon("review")
def _review(d: Pen) -> None:
    _rounded(d, [(8.5, 5.0), (4.5, 5.0), (4.5, 21.0), (19.5, 21.0), (19.5, 5.0), (15.5, 5.0)])
    d.rect(8.5, 3.0, 7.0, 4.0, 1.0)
    d.accent()
    d.line((8.5, 14.0), (11.0, 16.5), (15.8, 11.5))
    d.main()


@_icon("export")
def _export(d: Pen) -> None:
    _tray(d)
    d.accent()
    d.line((12.0, 14.0), (12.0, 3.5))
    d.line((7.8, 7.7), (12.0, 3.5), (16.2, 7.7))
    d.main()


@_icon("print")
def _print(d: Pen) -> None:
    d.line((6.5, 9.0), (6.5, 3.5), (17.5, 3.5), (17.5, 9.0))
    _rounded(d, [(6.5, 17.5), (3.0, 17.5), (3.0, 9.0), (21.0, 9.0), (21.0, 17.5), (17.5, 17.5)])
    d.rect(6.5, 14.0, 11.0, 7.0, 0.8)
    d.dot(17.6, 12.2, 0.9, accent=True)


@_icon("pdf")
def _pdf(d: Pen) -> None:
    _rounded(d, [(14.0, 3.0), (4.5, 3.0), (4.5, 21.0), (19.5, 21.0), (19.5, 8.5)], closed=True)
    d.line((14.0, 3.0), (14.0, 8.5), (19.5, 8.5))
    d.accent()
    d.line((12.0, 11.0), (12.0, 17.5))
    d.line((9.2, 14.8), (12.0, 17.6), (14.8, 14.8))
    d.main()


@_icon("refresh")
def _refresh(d: Pen) -> None:
    # clockwise from just right of twelve o'clock round to ten o'clock, arrowhead at the end
    d.arc(4.0, 4.0, 16.0, 16.0, 75.0, -285.0)
    end = math.radians(75.0 - 285.0)
    tip = (12.0 + 8.0 * math.cos(end), 12.0 - 8.0 * math.sin(end))
    d.accent()
    _arrowhead(d, tip, (math.sin(end), math.cos(end)), 4.8)
    d.main()


@_icon("settings")
def _settings(d: Pen) -> None:
    for y, knob in ((6.0, 15.0), (12.0, 8.0), (18.0, 13.0)):
        d.line((3.5, y), (knob - 2.2, y))
        d.line((knob + 2.2, y), (20.5, y))
        d.circle(knob, y, 2.2)


@_icon("lock")
def _lock(d: Pen) -> None:
    d.rect(4.5, 10.5, 15.0, 10.5, 2.0)
    shackle = QPainterPath(QPointF(8.0, 10.5))
    shackle.lineTo(8.0, 7.5)
    shackle.arcTo(QRectF(8.0, 3.5, 8.0, 8.0), 180, -180)
    shackle.lineTo(16.0, 10.5)
    d.path(shackle)
    d.dot(12.0, 15.2, 1.5, accent=True)
    d.accent()
    d.line((12.0, 15.5), (12.0, 17.5))
    d.main()


@_icon("sign_out")
def _sign_out(d: Pen) -> None:
    _rounded(d, [(10.0, 3.5), (3.5, 3.5), (3.5, 20.5), (10.0, 20.5)])
    d.accent()
    d.line((9.0, 12.0), (20.5, 12.0))
    d.line((16.5, 8.0), (20.5, 12.0), (16.5, 16.0))
    d.main()


@_icon("save")
def _save(d: Pen) -> None:
    _rounded(d, [(16.5, 3.5), (3.5, 3.5), (3.5, 20.5), (20.5, 20.5), (20.5, 7.5)], closed=True)
    d.line((7.5, 3.5), (7.5, 8.0), (14.5, 8.0), (14.5, 3.5))
    d.rect(7.0, 13.0, 10.0, 7.5, 0.8)
    d.accent()
    d.line((9.5, 16.5), (14.5, 16.5))
    d.main()


@_icon("dashboard")
def _dashboard(d: Pen) -> None:
    d.rect(3.5, 3.5, 7.5, 9.0, 1.5)
    d.rect(13.0, 11.0, 7.5, 9.5, 1.5)
    d.rect(3.5, 15.0, 7.5, 5.5, 1.5)
    d.accent()
    d.rect(13.0, 3.5, 7.5, 5.0, 1.5)
    d.main()


@_icon("kpi")
def _kpi(d: Pen) -> None:
    d.line((3.5, 20.5), (20.5, 20.5))
    d.line((6.5, 20.5), (6.5, 13.0))
    d.line((12.0, 20.5), (12.0, 9.0))
    d.line((17.5, 20.5), (17.5, 15.5))
    d.accent()
    d.line((5.0, 8.5), (9.5, 5.0), (13.0, 6.5), (19.0, 3.5))
    d.main()


@_icon("rebalancing")
def _rebalancing(d: Pen) -> None:
    d.line((12.0, 3.5), (12.0, 20.5))
    d.line((8.0, 20.5), (16.0, 20.5))
    d.line((4.5, 7.0), (19.5, 7.0))
    d.dot(12.0, 4.2, 1.2, accent=True)
    left = QPainterPath(QPointF(2.5, 13.0))
    left.lineTo(4.5, 7.0)
    left.lineTo(6.5, 13.0)
    left.cubicTo(QPointF(6.2, 15.8), QPointF(2.8, 15.8), QPointF(2.5, 13.0))
    d.path(left)
    right = QPainterPath(QPointF(17.5, 13.0))
    right.lineTo(19.5, 7.0)
    right.lineTo(21.5, 13.0)
    right.cubicTo(QPointF(21.2, 15.8), QPointF(17.8, 15.8), QPointF(17.5, 13.0))
    d.path(right)


@_icon("handover")
def _handover(d: Pen) -> None:
    d.line((4.0, 8.0), (19.5, 8.0))
    d.line((15.5, 4.0), (19.5, 8.0), (15.5, 12.0))
    d.accent()
    d.line((20.0, 16.0), (4.5, 16.0))
    d.line((8.5, 12.0), (4.5, 16.0), (8.5, 20.0))
    d.main()


@_icon("packages")
def _packages(d: Pen) -> None:
    d.rect(3.5, 8.0, 17.0, 4.5, 1.2)
    _rounded(d, [(5.0, 12.5), (5.0, 20.5), (19.0, 20.5), (19.0, 12.5)], 1.5)
    d.line((12.0, 8.0), (12.0, 20.5))
    d.accent()
    bow = QPainterPath(QPointF(12.0, 8.0))
    bow.cubicTo(QPointF(10.5, 3.0), QPointF(5.5, 4.0), QPointF(8.0, 7.0))
    bow.lineTo(12.0, 8.0)
    bow.cubicTo(QPointF(13.5, 3.0), QPointF(18.5, 4.0), QPointF(16.0, 7.0))
    bow.lineTo(12.0, 8.0)
    d.path(bow)
    d.main()


@_icon("chiefs")
def _chiefs(d: Pen) -> None:
    d.circle(12.0, 9.0, 5.5)
    d.line((8.5, 13.3), (7.0, 21.0), (12.0, 18.5), (17.0, 21.0), (15.5, 13.3))
    d.accent()
    star = QPainterPath()
    for i in range(10):
        angle = math.radians(90 + 36 * i)
        r = 2.7 if i % 2 == 0 else 1.2
        point = QPointF(12.0 + r * math.cos(angle), 9.2 - r * math.sin(angle))
        if i == 0:
            star.moveTo(point)
        else:
            star.lineTo(point)
    star.closeSubpath()
    d.p.save()
    d.p.setBrush(d.accent_ink)
    d.p.setPen(QPen(d.accent_ink, d.width * 0.5))
    d.p.drawPath(star)
    d.p.restore()
    d.main()


@_icon("done")
def _done(d: Pen) -> None:
    d.circle(12.0, 12.0, 8.5)
    d.accent()
    d.line((8.0, 12.3), (10.8, 15.0), (16.2, 9.5))
    d.main()


@_icon("snooze")
def _snooze(d: Pen) -> None:
    d.circle(12.0, 13.0, 7.5)
    d.line((4.0, 5.5), (6.5, 3.5))
    d.line((20.0, 5.5), (17.5, 3.5))
    d.accent()
    d.line((12.0, 9.0), (12.0, 13.0), (15.0, 15.0))
    d.main()


@_icon("dismiss")
def _dismiss(d: Pen) -> None:
    d.circle(12.0, 12.0, 8.5)
    d.line((9.0, 9.0), (15.0, 15.0))
    d.line((15.0, 9.0), (9.0, 15.0))


@_icon("open")
def _open(d: Pen) -> None:
    _rounded(d, [(10.5, 4.0), (3.5, 4.0), (3.5, 20.5), (20.0, 20.5), (20.0, 13.5)])
    d.accent()
    d.line((11.0, 13.0), (20.0, 4.0))
    d.line((14.5, 4.0), (20.0, 4.0), (20.0, 9.5))
    d.main()


@_icon("shortcuts")
def _shortcuts(d: Pen) -> None:
    d.rect(2.5, 6.0, 19.0, 12.5, 2.0)
    for x in (6.0, 9.5, 13.0, 16.5):
        d.line((x, 10.0), (x + 0.1, 10.0))
    d.line((6.0, 14.5), (6.1, 14.5))
    d.line((16.5, 14.5), (16.6, 14.5))
    d.accent()
    d.line((9.5, 14.5), (13.0, 14.5))
    d.main()


@_icon("quit")
def _quit(d: Pen) -> None:
    d.arc(4.0, 4.5, 16.0, 16.0, 120.0, 300.0)
    d.accent()
    d.line((12.0, 3.0), (12.0, 11.5))
    d.main()


ICON_NAMES: tuple[str, ...] = tuple(_DRAWINGS)


def _ink(mode: QIcon.Mode) -> tuple[QColor, QColor]:
    if mode == QIcon.Mode.Disabled:
        return DISABLED, DISABLED
    if mode == QIcon.Mode.Selected:
        return SELECTED, SELECTED
    return INK, ACCENT


def stroke_width(device_pixels: float) -> float:
    """The pen width in device pixels for an icon this many device pixels wide: half-pixel
    steps keep the strokes crisp (16 px: 1, 24 px: 1.5, 32 px: 2, 48 px: 3)."""
    return max(1.0, round(device_pixels / GRID * 1.6 * 2) / 2)


def paint(painter: QPainter, rect: QRectF, name: str, mode: QIcon.Mode = QIcon.Mode.Normal) -> None:
    """Draw icon ``name`` into ``rect`` (logical units of ``painter``'s device)."""
    drawing = _DRAWINGS[name]
    side = min(rect.width(), rect.height())
    if side <= 0:
        return
    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    scale = side / GRID
    ink, accent = _ink(mode)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2)
    painter.scale(scale, scale)
    width = stroke_width(side * ratio) / (scale * ratio)
    drawing(Pen(painter, ink, accent, width))
    painter.restore()


def render(
    name: str, size: int, ratio: float = 1.0, mode: QIcon.Mode = QIcon.Mode.Normal
) -> QPixmap:
    """Icon ``name`` as a ``size``×``size`` (logical) pixmap for a screen of ``ratio``."""
    pixmap = QPixmap(max(1, round(size * ratio)), max(1, round(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint(painter, QRectF(0, 0, size, size), name, mode)
    painter.end()
    return pixmap


class _PaintedEngine(QIconEngine):
    """Draws the icon at exactly the size and device pixel ratio asked for."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        # Views ask for the pixmap on every repaint: draw each (size, ratio, mode) once.
        self._cache: dict[tuple[int, float, QIcon.Mode], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = max(1, min(size.width(), size.height()))
        key = (side, round(scale, 3), mode)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = self._cache[key] = render(self._name, side, scale, mode)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(s, s) for s in (16, 24, 32, 48)]

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return False

    def key(self) -> str:
        return "branchcrm-painted"

    def clone(self) -> QIconEngine:
        engine = _PaintedEngine(self._name)
        _ENGINES.append(engine)  # Qt owns it now; keep the wrapper alive for its lifetime
        return engine


_ENGINES: list[_PaintedEngine] = []


@functools.cache
def action_icon(name: str) -> QIcon:
    """The icon of a main action (see ``ICON_NAMES``); an unknown name is an error."""
    if name not in _DRAWINGS:
        raise KeyError(f"no icon named {name!r}")
    engine = _PaintedEngine(name)
    _ENGINES.append(engine)
    return QIcon(engine)


def sheet(size: int = 24, ratio: float = 1.0, columns: int = 8) -> QPixmap:
    """Every action icon on one image (normal, then selected on blue, then disabled): for
    looking at the set as a whole."""
    names = list(ICON_NAMES)
    cell = size + 12
    rows = math.ceil(len(names) / columns)
    pixmap = QPixmap(round(columns * cell * ratio), round(rows * 3 * cell * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("white"))
    p = QPainter(pixmap)
    for band, mode in enumerate((QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Disabled)):
        top = band * rows * cell
        if mode == QIcon.Mode.Selected:
            p.fillRect(QRectF(0, top, columns * cell, rows * cell), QColor("#308cc6"))
        for i, name in enumerate(names):
            x, y = (i % columns) * cell + 6, top + (i // columns) * cell + 6
            p.drawPixmap(x, y, action_icon(name).pixmap(QSize(size, size), ratio, mode))
    p.end()
    return pixmap
