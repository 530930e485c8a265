"""The application icon, drawn with QPainter (no downloaded artwork)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPixmap


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
    return icon


def write_png(path: Path, size: int = 256) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw(size).save(str(path))
    return path
