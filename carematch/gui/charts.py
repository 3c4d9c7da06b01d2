"""Simple charts drawn with QPainter (QtCharts is not part of the program's Qt)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOUR = QColor("#3b7dd8")
BELOW_TARGET_COLOUR = QColor("#e08a2e")
TARGET_COLOUR = QColor("#c0392b")


class HorizontalBarChart(QWidget):
    """One bar per labelled value, labels on the left, the value at the end of each bar.

    With a target, bars below it are drawn in orange and a dashed line marks the target.
    """

    ROW_HEIGHT = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, float | None]] = []
        self.target: float | None = None
        self.maximum: float | None = None
        self.value_text: Callable[[float], str] = lambda value: f"{value:,.0f}"
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(
        self,
        items: Sequence[tuple[str, float | None]],
        *,
        target: float | None = None,
        maximum: float | None = None,
        value_text: Callable[[float], str] | None = None,
    ) -> None:
        self.items = list(items)
        self.target = target
        self.maximum = maximum
        if value_text is not None:
            self.value_text = value_text
        self.setFixedHeight(max(1, len(self.items)) * self.ROW_HEIGHT + 12)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.items)) * self.ROW_HEIGHT + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        if not self.items:
            painter.setPen(QColor("#777777"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _ in self.items) + 12, self.width() // 2)
        values = [value for _, value in self.items if value is not None]
        top = max([*values, self.target or 0.0, self.maximum or 0.0, 1e-9])
        value_width = max(metrics.horizontalAdvance(self.value_text(v)) for v in values) + 10 if values else 30
        area_left = label_width
        area_width = max(10, self.width() - label_width - value_width - 4)
        for row, (label, value) in enumerate(self.items):
            y = 6 + row * self.ROW_HEIGHT
            painter.setPen(QColor("#333333"))
            label_rect = QRectF(0, y, label_width - 8, self.ROW_HEIGHT)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            if value is None:
                painter.setPen(QColor("#999999"))
                painter.drawText(QRectF(area_left + 4, y, 60, self.ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, "—")
                continue
            length = area_width * value / top
            below = self.target is not None and value < self.target
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BELOW_TARGET_COLOUR if below else BAR_COLOUR)
            painter.drawRoundedRect(QRectF(area_left, y + 4, max(length, 1.5), self.ROW_HEIGHT - 8), 2, 2)
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(area_left + length + 4, y, value_width, self.ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(value),
            )
        if self.target is not None:
            x = area_left + area_width * self.target / top
            pen = QPen(TARGET_COLOUR, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(int(x), 2, int(x), self.height() - 2)
