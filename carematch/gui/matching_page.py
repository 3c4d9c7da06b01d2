"""The 匹配工作台 page (window-b): 为老年人的服务需求挑选合适的服务机构."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class MatchingPage(QWidget):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("匹配工作台"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("为老年人的服务需求挑选合适的服务机构")))
        layout.addStretch(1)
