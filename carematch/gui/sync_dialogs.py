"""Sync with the county or other stations by file, and settle the conflicts a merge held back.

Entry points for the main window's menu (window-a adds them):
- `export_sync_file(parent, context)`: 导出同步文件… (file chooser, then the export off the GUI thread);
- `import_sync_file(parent, context)`: 导入同步文件… (then the conflicts dialog if any were found);
- `open_sync_conflicts(parent, context)`: 处理同步冲突… (the two versions side by side).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carematch.core import sync
from carematch.core.cancel import CancelToken, Progress
from carematch.core.enums import LabelledEnum
from carematch.core.sync import rows
from carematch.gui.context import AppContext
from carematch.gui.tasks import run_task, show_error

TABLES = {
    "residents": ("老年人", "Resident", "residents"),
    "care_centres": ("照护机构", "Care centre", "centres"),
    "meal_points": ("助餐点", "Meal point", "meal-points"),
    "caregivers": ("护理员", "Caregiver", "caregivers"),
    "townships": ("乡镇", "Township", "gazetteer"),
    "villages": ("村(社区)", "Village", "gazetteer"),
    "assignments": ("派单", "Assignment", ""),
}
EXTRA_LABELS = {
    "deleted_at": ("删除时间", "Deleted at"),
    "updated_at": ("保存时间", "Saved at"),
    "status": ("状态", "Status"),
    "kind": ("服务类别", "Service"),
    "needs_rematch": ("需重新匹配", "Needs re-matching"),
    "rematch_reason": ("重新匹配原因", "Re-matching reason"),
    "notes": ("备注", "Notes"),
    "closed": ("已停办", "Closed"),
}
HIDDEN = frozenset({"id", "created_at", "name_pinyin", "name_initials", "id_tail"})
DIFFERENT = QColor("#fff2c6")


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


def _lang(context: AppContext) -> str:
    return "en" if context.lang == "en" else "zh"


def field_labels(table_name: str, lang: str) -> dict[str, str]:
    """Column → the header clerks know from the import templates (English names in English)."""
    labels = {key: zh if lang == "zh" else en for key, (zh, en) in EXTRA_LABELS.items()}
    kind = TABLES.get(table_name, ("", "", ""))[2]
    if kind:
        try:
            from carematch.core.registry import field_table

            for field in field_table(kind):
                labels[field.name] = field.zh if lang == "zh" else field.en
        except (ImportError, KeyError, ValueError):
            pass
    return labels


def shown_value(value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, LabelledEnum):
        return value.label(lang)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if value else "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _decoded(table_name: str, row: dict[str, Any] | None) -> dict[str, Any]:
    if not row:
        return {}
    try:
        return rows.from_row(rows.MODELS_BY_TABLE[table_name], row)
    except (KeyError, ValueError):
        return dict(row)


class SyncConflictsDialog(QDialog):
    """Open conflicts on the left; for the chosen one, the registry's version beside the held one."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("处理同步冲突"))
        self.resize(980, 560)
        self.views: list[sync.ConflictView] = []

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.listing = QListWidget()
        self.listing.setMinimumWidth(220)
        self.listing.currentRowChanged.connect(self._show)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.keep_current = QPushButton(tr("保留当前版本"))
        self.take_held = QPushButton(tr("采用另一版本"))
        self.keep_current.clicked.connect(lambda: self._settle("current"))
        self.take_held.clicked.connect(lambda: self._settle("held"))

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.explanation)
        detail_layout.addWidget(self.table, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.keep_current)
        buttons_row.addWidget(self.take_held)
        detail_layout.addLayout(buttons_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        with self.context.reading() as session:
            self.views = sync.open_conflicts(session)
        lang = _lang(self.context)
        self.listing.blockSignals(True)
        self.listing.clear()
        for view in self.views:
            zh, en, _ = TABLES.get(view.table_name, (view.table_name, view.table_name, ""))
            what = (tr("重复登记") if view.kind == "duplicate" else tr("两处同时修改")) if lang == "zh" else view.kind
            item = QListWidgetItem(f"{zh if lang == 'zh' else en}  {view.title or '—'}\n{what}")
            self.listing.addItem(item)
        self.listing.blockSignals(False)
        if self.views:
            self.summary.setText(
                tr(
                    "以下记录在两处被同时修改（或同一人登记了两次）。登记中暂时显示其中一个版本，另一个版本保留在这里，请逐条选择保留哪一个。"
                )
            )
            self.listing.setCurrentRow(0)
            self._show(0)
        else:
            self.summary.setText(tr("没有待处理的同步冲突。"))
            self.table.setRowCount(0)
            self.explanation.setText("")
        self.keep_current.setEnabled(bool(self.views))
        self.take_held.setEnabled(bool(self.views))

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.views):
            return
        view = self.views[index]
        lang = _lang(self.context)
        labels = field_labels(view.table_name, lang)
        current, held = _decoded(view.table_name, view.current), _decoded(view.table_name, view.held)
        held_from = view.held_origin or tr("另一站点")
        self.table.setHorizontalHeaderLabels(
            [tr("项目"), tr("当前版本（登记中显示）"), tr("另一版本（来自 {0}）").format(held_from)]
        )
        keys = [key for key in (view.current or view.held) if key not in HIDDEN]
        # Differences first: that is what the person decides on.
        keys.sort(key=lambda key: (key not in view.differing, key == "updated_at"))
        self.table.setRowCount(len(keys))
        bold = QFont()
        bold.setBold(True)
        for row, key in enumerate(keys):
            cells = [
                QTableWidgetItem(labels.get(key, key)),
                QTableWidgetItem(shown_value(current.get(key), lang)),
                QTableWidgetItem(shown_value(held.get(key), lang)),
            ]
            for column, cell in enumerate(cells):
                if key in view.differing:
                    cell.setBackground(QBrush(DIFFERENT))
                    cell.setFont(bold)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        if view.kind == "duplicate":
            self.explanation.setText(
                tr("同一人（或同一编号）在两处各登记了一次。请对照两份记录，在登记中手工补全后点“保留当前版本”。")
            )
        else:
            self.explanation.setText(
                tr("黄色的项目两边不同。选“采用另一版本”会把右边的内容存为一次新的修改，下次同步时传到各站点。")
            )
        self.take_held.setEnabled(view.kind != "duplicate")

    def _settle(self, choice: sync.Choice) -> None:
        index = self.listing.currentRow()
        if not 0 <= index < len(self.views):
            return
        view = self.views[index]
        try:
            with self.context.unit_of_work() as session:
                sync.settle(session, view.id, choice, self.context.actor or "窗口")
        except Exception as error:
            show_error(self, error)
            return
        self.context.notify(TABLES.get(view.table_name, ("", "", view.table_name))[2] or view.table_name)
        self.refresh()


def open_sync_conflicts(parent: QWidget | None, context: AppContext) -> SyncConflictsDialog:
    dialog = SyncConflictsDialog(context, parent)
    dialog.open()
    return dialog


def export_sync_file(parent: QWidget | None, context: AppContext) -> None:
    suggested = f"carematch-sync-{dt.date.today():%Y%m%d}.zip"
    name, _ = QFileDialog.getSaveFileName(parent, tr("导出同步文件"), suggested, tr("同步文件 (*.zip)"))
    if not name:
        return
    path = Path(name)

    def work(progress: Progress, cancel: CancelToken) -> sync.ExportSummary:
        with context.unit_of_work() as session:
            return sync.export_changes(session, path, progress=progress, cancel=cancel)

    def done(summary: sync.ExportSummary) -> None:
        QMessageBox.information(
            parent,
            tr("导出同步文件"),
            tr("已导出 {0} 条记录到\n{1}\n请把这个文件带到县里（或另一站点）导入。").format(
                summary.records, summary.path
            ),
        )

    run_task(parent, tr("正在导出同步文件…"), work, done)


def import_sync_file(parent: QWidget | None, context: AppContext) -> None:
    name, _ = QFileDialog.getOpenFileName(parent, tr("导入同步文件"), "", tr("同步文件 (*.zip)"))
    if not name:
        return
    path = Path(name)

    def work(progress: Progress, cancel: CancelToken) -> sync.ImportSummary:
        return sync.import_file(context.store, path, actor=context.actor, progress=progress, cancel=cancel)

    def done(summary: sync.ImportSummary) -> None:
        for kind in ("residents", "centres", "meal-points", "caregivers", "gazetteer", "assignments"):
            context.notify(kind)
        QMessageBox.information(
            parent,
            tr("导入同步文件"),
            tr("已导入“{0}”的同步文件：更新 {1} 条，未变 {2} 条，新冲突 {3} 个，需重新匹配的派单 {4} 条。").format(
                summary.origin_name,
                summary.applied,
                summary.unchanged,
                summary.conflicts + summary.duplicates,
                summary.flagged,
            ),
        )
        if summary.conflicts or summary.duplicates or summary.conflicts_received:
            open_sync_conflicts(parent, context)

    run_task(parent, tr("正在导入同步文件…"), work, done)
