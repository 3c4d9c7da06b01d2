"""The main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QMainWindow, QVBoxLayout, QWidget

from carematch.core.db import Store
from carematch.core.errors import Lang
from carematch.core.report import registry_counts

COUNT_LABELS = {
    "residents": ("老年人", "Residents"),
    "care_centres": ("照护机构", "Care centres"),
    "meal_points": ("助餐点", "Meal points"),
    "caregivers": ("持证养老护理员", "Certified caregivers"),
    "townships": ("乡镇(街道)", "Townships"),
    "villages": ("村(社区)", "Villages"),
    "assignments": ("派单", "Assignments"),
}


class MainWindow(QMainWindow):
    def __init__(self, store: Store, lang: Lang = "zh") -> None:
        super().__init__()
        self.store = store
        self.lang = lang
        self.setWindowTitle("养老服务匹配 CareMatch" if lang == "zh" else "CareMatch")
        self.resize(900, 600)
        central = QWidget()
        layout = QVBoxLayout(central)
        title = QLabel("养老服务匹配" if lang == "zh" else "CareMatch — elderly-care matching")
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        layout.addWidget(title)
        box = QGroupBox("登记数量" if lang == "zh" else "Registry")
        self.count_form = QFormLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for key, (zh, en) in COUNT_LABELS.items():
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName(f"count_{key}")
            self.count_labels[key] = value
            self.count_form.addRow(zh if lang == "zh" else en, value)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(store.url)
        self.refresh()

    def refresh(self) -> None:
        with self.store.reading() as session:
            counts = registry_counts(session)
        for key, label in self.count_labels.items():
            label.setText(f"{counts[key]:,}")
