"""Small QPainter charts (no QtCharts in PySide6-Essentials): line, bar, stacked/horizontal
bar and donut.

Each chart is a plain widget: ``set_data(...)`` then it paints itself with the application's
font (so the Chinese UI face is inherited), "nice" axis steps and thousands separators.
Hovering shows the exact figure; clicking a bar or slice emits ``clicked(index)`` so screens
can drill down to the customers behind it. ``summary()`` gives the same figures as text for
tests and screen readers (it is also the accessible description).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

PALETTE = (
    "#2f6fb0",
    "#e08a2c",
    "#3a9d5d",
    "#c2423f",
    "#7d5ba6",
    "#8c6d3f",
    "#d36fae",
    "#6f7f8f",
    "#b5b52f",
    "#2fb0b0",
)
GRID = QColor("#dddddd")
AXIS = QColor("#666666")
TEXT = QColor("#333333")

Formatter = Callable[[float], str]


def color(i: int) -> QColor:
    return QColor(PALETTE[i % len(PALETTE)])


def grouped(value: float, decimals: int = 0) -> str:
    """``1234567.8`` -> ``1,234,568``: comma groups, as Chinese banking figures are written."""
    text = f"{float(value):,.{decimals}f}"
    return "0" if text in ("-0", "-0.0") and decimals == 0 else text


def wan(fen: float) -> str:
    """Money in fen as 万 yuan with separators: ``12,345.6万``."""
    return grouped(fen / 1_000_000, 1) + "万"


def wan_axis(fen: float) -> str:
    """Axis labels in whole 万 (the exact figure is in the tooltip); zero is just 0."""
    return grouped(fen / 1_000_000, 0) + "万" if round(fen / 1_000_000) else "0"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values (1, 2, 2.5, 5 × 10^k) covering ``low..high``, zero included."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.floor(low / step) * step
    ticks = []
    v = start
    while v < high + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


class ChartBase(QWidget):
    """Common frame: title, margins, hover tooltips over hit areas, click signal."""

    clicked = Signal(int)

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.value_format: Formatter = grouped
        self.axis_format: Formatter | None = None
        self.empty_text = ""
        self._hits: list[tuple[QRectF, int, str]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 160)

    def sizeHint(self) -> QSize:
        return QSize(480, 280)

    def set_title(self, title: str) -> None:
        self.title = title
        self.update()

    def summary(self) -> str:
        return self.title

    def _changed(self) -> None:
        self.setAccessibleName(self.title)
        self.setAccessibleDescription(self.summary())
        self.update()

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self._hits = []
        rect = QRectF(self.rect()).adjusted(8, 6, -8, -6)
        fm = QFontMetricsF(self.font())
        if self.title:
            bold = self.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(rect.left(), rect.top(), rect.width(), fm.height() + 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.title,
            )
            painter.setFont(self.font())
            rect.setTop(rect.top() + fm.height() + 8)
        if self.is_empty():
            painter.setPen(AXIS)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text or "—")
        else:
            self.paint_chart(painter, rect, fm)
        painter.end()

    def is_empty(self) -> bool:
        return True

    def paint_chart(self, painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> None:
        raise NotImplementedError

    def _axis_text(self, v: float) -> str:
        return (self.axis_format or self.value_format)(v)

    def hit(self, area: QRectF, index: int, tip: str) -> None:
        self._hits.append((area, index, tip))

    def hit_at(self, pos: QPointF) -> tuple[int, str] | None:
        for area, index, tip in reversed(self._hits):
            if area.contains(pos):
                return index, tip
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.hit_at(QPointF(event.pos()))
            if found is not None:
                QToolTip.showText(event.globalPos(), found[1], self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.hit_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        found = self.hit_at(event.position())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(found[0])
        super().mouseReleaseEvent(event)


def _legend(painter: QPainter, rect: QRectF, fm: QFontMetricsF, names: Sequence[str]) -> float:
    """Draw a one-line (wrapping) legend at the top of ``rect``; returns its height."""
    if len(names) < 2:
        return 0.0
    x, y = rect.left(), rect.top()
    box = fm.height() * 0.7
    for i, name in enumerate(names):
        w = box + 4 + fm.horizontalAdvance(name) + 14
        if x + w > rect.right() and x > rect.left():
            x, y = rect.left(), y + fm.height() + 2
        painter.fillRect(QRectF(x, y + (fm.height() - box) / 2, box, box), color(i))
        painter.setPen(TEXT)
        painter.drawText(QPointF(x + box + 4, y + fm.ascent()), name)
        x += w
    return y - rect.top() + fm.height() + 6


class _XYChart(ChartBase):
    """Categories along one axis, values along the other."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.categories: list[str] = []
        self.series: list[Series] = []

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        self.categories = list(categories)
        self.series = [s for s in series if len(s.values) == len(self.categories)]
        self._changed()

    def is_empty(self) -> bool:
        return not self.categories or not self.series

    def summary(self) -> str:
        lines = [self.title] if self.title else []
        for s in self.series:
            pairs = ", ".join(
                f"{c}: {self.value_format(v)}"
                for c, v in zip(self.categories, s.values, strict=True)
            )
            lines.append(f"{s.name}: {pairs}" if s.name else pairs)
        return "\n".join(lines)

    def value_range(self) -> tuple[float, float]:
        values = [v for s in self.series for v in s.values]
        return min(values, default=0.0), max(values, default=0.0)

    def _value_axis(
        self, painter: QPainter, plot: QRectF, fm: QFontMetricsF, ticks: list[float]
    ) -> Callable[[float], float]:
        """Horizontal grid lines and labels left of ``plot``; returns value -> y."""
        lo, hi = ticks[0], ticks[-1]

        def y_of(v: float) -> float:
            return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

        for t in ticks:
            y = y_of(t)
            painter.setPen(QPen(AXIS if t == 0 else GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            label = self._axis_text(t)
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        return y_of

    def _category_labels(
        self, painter: QPainter, plot: QRectF, fm: QFontMetricsF, centres: list[float]
    ) -> None:
        """Labels under the plot; one is left out when it would overlap the last one drawn
        (the last category is always labelled, replacing its neighbour if needed)."""
        if not centres:
            return
        painter.setPen(TEXT)
        boxes: list[tuple[float, float, int]] = []
        for i, (cat, x) in enumerate(zip(self.categories, centres, strict=True)):
            w = fm.horizontalAdvance(cat) + 2
            left = min(max(x - w / 2, 0.0), self.width() - w)
            if boxes and left < boxes[-1][1] + 8:
                if i != len(centres) - 1:
                    continue
                while boxes and left < boxes[-1][1] + 8:
                    boxes.pop()
            boxes.append((left, left + w, i))
        for left, right, i in boxes:
            painter.drawText(
                QRectF(left, plot.bottom() + 4, right - left, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self.categories[i],
            )

    def _plot_rect(self, rect: QRectF, fm: QFontMetricsF, ticks: list[float]) -> QRectF:
        left = max(fm.horizontalAdvance(self._axis_text(t)) for t in ticks) + 10
        return QRectF(
            rect.left() + left,
            rect.top() + 4,
            rect.width() - left - 6,
            rect.height() - fm.height() - 12,
        )


class LineChart(_XYChart):
    """One or more series over categories (months): a trend."""

    def paint_chart(self, painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> None:
        rect.setTop(rect.top() + _legend(painter, rect, fm, [s.name for s in self.series]))
        label_top = rect.top()
        rect.setTop(rect.top() + fm.height())  # room for the latest value above the line
        lo, hi = self.value_range()
        ticks = nice_ticks(lo, hi)
        plot = self._plot_rect(rect, fm, ticks)
        y_of = self._value_axis(painter, plot, fm, ticks)
        n = len(self.categories)
        step = plot.width() / max(n - 1, 1)
        xs = [plot.left() + (i * step if n > 1 else plot.width() / 2) for i in range(n)]
        self._category_labels(painter, plot, fm, xs)
        for si, s in enumerate(self.series):
            path = QPainterPath()
            for i, v in enumerate(s.values):
                pt = QPointF(xs[i], y_of(v))
                path.moveTo(pt) if i == 0 else path.lineTo(pt)
            painter.setPen(QPen(color(si), 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(color(si))
            for i, v in enumerate(s.values):
                pt = QPointF(xs[i], y_of(v))
                painter.drawEllipse(pt, 3, 3)
                label = f"{self.categories[i]}: {self.value_format(v)}"
                if s.name:
                    label = f"{s.name} — {label}"
                self.hit(
                    QRectF(pt.x() - step / 2, plot.top(), max(step, 8), plot.height()), i, label
                )
        # the latest value, labelled at the end of the first series
        last = self.series[0].values[-1]
        painter.setPen(TEXT)
        text = self.value_format(last)
        w = fm.horizontalAdvance(text)
        # above the last segment too (a label level with a falling line would sit on it)
        values = self.series[0].values
        top = min(y_of(v) for v in values[-2:])
        y = max(top - 8, label_top + fm.ascent())
        painter.drawText(QPointF(min(xs[-1] - w / 2, plot.right() - w), y), text)


class BarChart(_XYChart):
    """Vertical or horizontal bars; several series side by side, or stacked."""

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        horizontal: bool = False,
        stacked: bool = False,
    ) -> None:
        super().__init__(title, parent)
        self.horizontal = horizontal
        self.stacked = stacked
        self.show_values = True

    def value_range(self) -> tuple[float, float]:
        if not self.stacked:
            return super().value_range()
        totals = [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]
        return min(totals, default=0.0), max(totals, default=0.0)

    def _tip(self, si: int, i: int) -> str:
        s = self.series[si]
        text = f"{self.categories[i]}: {self.value_format(s.values[i])}"
        return f"{s.name} — {text}" if s.name else text

    def paint_chart(self, painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> None:
        rect.setTop(rect.top() + _legend(painter, rect, fm, [s.name for s in self.series]))
        lo, hi = self.value_range()
        ticks = nice_ticks(lo, hi)
        if self.horizontal:
            self._paint_horizontal(painter, rect, fm, ticks)
            return
        plot = self._plot_rect(rect, fm, ticks)
        y_of = self._value_axis(painter, plot, fm, ticks)
        n = len(self.categories)
        slot = plot.width() / n
        centres = [plot.left() + slot * (i + 0.5) for i in range(n)]
        self._category_labels(painter, plot, fm, centres)
        groups = 1 if self.stacked else len(self.series)
        width = min(slot * 0.7, 60.0) / groups
        painter.setPen(Qt.PenStyle.NoPen)
        for i, cx in enumerate(centres):
            base = 0.0
            for si, s in enumerate(self.series):
                v = s.values[i]
                if self.stacked:
                    x = cx - width / 2
                    top, bottom = y_of(base + v), y_of(base)
                    base += v
                else:
                    x = cx - width * groups / 2 + width * si
                    top, bottom = y_of(max(v, 0)), y_of(min(v, 0))
                bar = QRectF(x, top, width - (1 if groups > 1 else 0), bottom - top)
                painter.fillRect(bar, color(si))
                self.hit(bar.adjusted(0, -3, 0, 3), i, self._tip(si, i))
            if self.show_values and (self.stacked or groups == 1):
                total = sum(s.values[i] for s in self.series)
                text = self.value_format(total)
                if fm.horizontalAdvance(text) < slot:
                    painter.setPen(TEXT)
                    painter.drawText(
                        QRectF(
                            cx - slot / 2, y_of(max(total, 0)) - fm.height() - 2, slot, fm.height()
                        ),
                        Qt.AlignmentFlag.AlignCenter,
                        text,
                    )
                    painter.setPen(Qt.PenStyle.NoPen)

    def _paint_horizontal(
        self, painter: QPainter, rect: QRectF, fm: QFontMetricsF, ticks: list[float]
    ) -> None:
        label_w = min(max(fm.horizontalAdvance(c) for c in self.categories) + 10, rect.width() / 3)
        value_w = max(fm.horizontalAdvance(self.value_format(v)) for v in (ticks[0], ticks[-1])) + 8
        plot = QRectF(
            rect.left() + label_w,
            rect.top(),
            rect.width() - label_w - value_w,
            rect.height() - fm.height() - 6,
        )
        lo, hi = ticks[0], ticks[-1]

        def x_of(v: float) -> float:
            return plot.left() + (v - lo) / (hi - lo) * plot.width()

        for t in ticks:
            x = x_of(t)
            painter.setPen(QPen(AXIS if t == 0 else GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(TEXT)
            text = self._axis_text(t)
            w = fm.horizontalAdvance(text)
            if t == ticks[0] or t == ticks[-1] or len(ticks) <= 6:
                painter.drawText(QPointF(x - w / 2, plot.bottom() + fm.ascent() + 3), text)
        n = len(self.categories)
        slot = plot.height() / n
        groups = 1 if self.stacked else len(self.series)
        height = min(slot * 0.72, 28.0) / groups
        for i, cat in enumerate(self.categories):
            cy = plot.top() + slot * (i + 0.5)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(rect.left(), cy - fm.height() / 2, label_w - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(cat, Qt.TextElideMode.ElideRight, label_w - 6),
            )
            base = 0.0
            end = x_of(0)
            for si, s in enumerate(self.series):
                v = s.values[i]
                if self.stacked:
                    y = cy - height / 2
                    left, right = x_of(base), x_of(base + v)
                    base += v
                else:
                    y = cy - height * groups / 2 + height * si
                    left, right = x_of(min(v, 0)), x_of(max(v, 0))
                bar = QRectF(left, y, right - left, height - (1 if groups > 1 else 0))
                painter.fillRect(bar, color(si))
                end = max(end, right)
                self.hit(bar.adjusted(-2, 0, 2, 0), i, self._tip(si, i))
            if self.show_values and (self.stacked or groups == 1):
                painter.setPen(TEXT)
                text = self.value_format(sum(s.values[i] for s in self.series))
                painter.drawText(QPointF(end + 4, cy + fm.ascent() / 2 - 1), text)


class DonutChart(ChartBase):
    """Shares of a whole: a ring with a legend listing each part, its value and percentage."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.slices: list[tuple[str, float]] = []
        self.centre_text = ""

    def set_data(self, slices: Sequence[tuple[str, float]], centre_text: str = "") -> None:
        self.slices = [(name, float(v)) for name, v in slices if v > 0]
        self.centre_text = centre_text
        self._changed()

    def is_empty(self) -> bool:
        return not self.slices

    def _pct(self, v: float) -> str:
        total = sum(x for _, x in self.slices) or 1.0
        return grouped(100.0 * v / total, 1) + "%"

    def summary(self) -> str:
        lines = [self.title] if self.title else []
        lines += [f"{n}: {self.value_format(v)} ({self._pct(v)})" for n, v in self.slices]
        return "\n".join(lines)

    def paint_chart(self, painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> None:
        total = sum(v for _, v in self.slices)
        texts = [f"{n}  {self.value_format(v)}  {self._pct(v)}" for n, v in self.slices]
        text_w = max(fm.horizontalAdvance(t) for t in texts) + fm.height() + 10
        line_h = fm.height() + 4
        legend_h = len(texts) * line_h
        beside = min(rect.height(), rect.width() - text_w - 16)
        below = min(rect.width(), rect.height() - legend_h - 8)
        if beside >= below or beside >= 160:  # legend to the right of the ring
            side = max(beside, 60.0)
            ring = QRectF(
                rect.left() + 4, rect.top() + (rect.height() - side) / 2, side - 8, side - 8
            )
            x = ring.right() + 16
            y = rect.top() + max(0.0, (rect.height() - legend_h) / 2)
        else:  # legend under the ring
            side = max(below, 60.0)
            ring = QRectF(rect.left() + (rect.width() - side) / 2, rect.top(), side - 8, side - 8)
            x = rect.left() + max(0.0, (rect.width() - text_w) / 2)
            y = ring.bottom() + 10
        angle = 90.0 * 16
        thickness = ring.width() * 0.22
        for i, (_name, v) in enumerate(self.slices):
            span = -v / total * 360.0 * 16
            path = QPainterPath()
            path.arcMoveTo(ring, angle / 16)
            path.arcTo(ring, angle / 16, span / 16)
            inner = ring.adjusted(thickness, thickness, -thickness, -thickness)
            path.arcTo(inner, (angle + span) / 16, -span / 16)
            path.closeSubpath()
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(color(i))
            painter.drawPath(path)
            self._slice_hit(ring, angle / 16, span / 16, i, texts[i])
            angle += span
        if self.centre_text:
            painter.setPen(TEXT)
            painter.drawText(ring, Qt.AlignmentFlag.AlignCenter, self.centre_text)
        box = fm.height() * 0.7
        for i, text in enumerate(texts):
            painter.fillRect(QRectF(x, y + (fm.height() - box) / 2, box, box), color(i))
            painter.setPen(TEXT)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.right() - x - box - 6)
            painter.drawText(QPointF(x + box + 6, y + fm.ascent()), shown)
            self.hit(QRectF(x, y, rect.right() - x, fm.height()), i, text)
            y += line_h

    def _slice_hit(self, ring: QRectF, start: float, span: float, i: int, tip: str) -> None:
        """Approximate a slice by small squares along its arc (enough for hover and click)."""
        cx, cy = ring.center().x(), ring.center().y()
        r = ring.width() / 2 * 0.89
        steps = max(2, int(abs(span) / 6))
        for k in range(steps + 1):
            a = math.radians(start + span * k / steps)
            px, py = cx + r * math.cos(a), cy - r * math.sin(a)
            self.hit(QRectF(px - 6, py - 6, 12, 12), i, tip)
