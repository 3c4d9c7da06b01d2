"""工作台: the registry at a glance, open needs by reason and what was done lately."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from carematch.core.report import registry_counts
from carematch.gui.context import AppContext
from carematch.gui.widgets import StatTile, page_title

COUNT_KEYS = ("residents", "care_centres", "meal_points", "caregivers", "townships", "villages", "assignments")


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


def count_captions() -> dict[str, str]:
    return {
        "residents": tr("老年人"),
        "care_centres": tr("照护机构"),
        "meal_points": tr("助餐点"),
        "caregivers": tr("持证养老护理员"),
        "townships": tr("乡镇(街道)"),
        "villages": tr("村(社区)"),
        "assignments": tr("派单"),
    }


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("工作台")))
        box = QGroupBox(self.tr("登记数量"))
        grid = QGridLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for index, (key, caption) in enumerate(count_captions().items()):
            tile = StatTile(caption, f"count_{key}")
            tile.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.count_labels[key] = tile.value
            grid.addWidget(tile, index // 4, index % 4)
        layout.addWidget(box)
        layout.addStretch(1)
        context.changed.connect(self.on_changed)
        self.refresh()

    def on_changed(self, kind: str) -> None:
        if kind != "settings":
            self.refresh()

    def refresh(self) -> None:
        with self.context.reading() as session:
            counts = registry_counts(session)
        for key, label in self.count_labels.items():
            label.setText(f"{counts[key]:,}")
