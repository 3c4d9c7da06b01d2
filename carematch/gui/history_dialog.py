"""修改历史: who changed a record, when, and what (from the audit trail)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carematch.core import registry
from carematch.core.models import Record
from carematch.gui.context import AppContext
from carematch.gui.labels import field_label

ACTIONS = {
    "insert": "新建",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    "purge": "彻底删除",
}


class HistoryDialog(QDialog):
    def __init__(self, context: AppContext, record: Record, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("修改历史：{name}").format(name=title))
        lang = context.lang
        with context.reading() as session:
            self.entries = registry.history(session, record.id)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("“{name}”的全部修改记录，最早的在最上面。").format(name=title)))
        self.table = QTableWidget(len(self.entries), 4)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("操作员"), self.tr("操作"), self.tr("改动")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        action_names = {key: self.tr(value) for key, value in ACTIONS.items()}
        for row, entry in enumerate(self.entries):
            changes = "\n".join(self.change_text(change, lang) for change in entry.changes)
            cells = (
                f"{entry.at:%Y-%m-%d %H:%M}",
                entry.actor or self.tr("未署名"),
                action_names.get(entry.action, entry.action),
                changes,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def change_text(self, change: registry.Change, lang: str) -> str:
        blank = self.tr("（空）")
        label = field_label(change.label_zh) if lang == "zh" or change.label_zh else change.label_en
        return f"{label}: {change.old or blank} → {change.new or blank}"
