"""导入 / 导出: Excel or CSV in, the verdict as a table, the rejected rows as a report to fix.

The work runs off the GUI thread (run_task) with progress and cancel; a cancelled import
changes nothing (the core writes the file in one unit of work).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carematch.core.cancel import CancelToken, Progress
from carematch.core.transfer import ImportVerdict, export_file, import_file, write_rejected_report
from carematch.gui.context import AppContext
from carematch.gui.forms import PAGE_KIND
from carematch.gui.tasks import TaskHandle, run_task, show_error
from carematch.gui.widgets import hint

SHEET_FILTER = "Excel (*.xlsx);;CSV (*.csv)"


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


def kind_noun(kind: str) -> str:
    return {
        "residents": tr("老年人"),
        "centres": tr("照护机构"),
        "meal-points": tr("助餐点"),
        "caregivers": tr("护理员"),
        "gazetteer": tr("地名库"),
    }[kind]


class ImportDialog(QDialog):
    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.verdict: ImportVerdict | None = None
        self.task: TaskHandle[ImportVerdict] | None = None
        self.setObjectName("import_dialog")
        self.setWindowTitle(tr("导入{noun}").format(noun=kind_noun(kind)))
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                tr(
                    "选择 Excel（.xlsx）或 CSV 文件。表头用中文列名（如 身份证号、姓名、乡镇(街道)、村(社区)）。"
                    "有问题的行会被退回并说明原因，其余的行照常导入；同一个文件导入两次不会重复登记。"
                )
            )
        )
        chooser = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(tr("文件路径"))
        browse = QPushButton(tr("选择文件…"))
        browse.clicked.connect(self.choose_file)
        self.start_button = QPushButton(tr("开始导入"))
        self.start_button.setObjectName("start_import")
        self.start_button.clicked.connect(lambda: self.start_import())
        chooser.addWidget(self.path_edit, 1)
        chooser.addWidget(browse)
        chooser.addWidget(self.start_button)
        layout.addLayout(chooser)

        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        captions = (
            ("rows", tr("数据行")),
            ("imported", tr("新增")),
            ("updated", tr("更新")),
            ("unchanged", tr("未变")),
            ("rejected", tr("退回")),
        )
        for column, (key, caption) in enumerate(captions):
            value = QLabel("—")
            value.setObjectName(f"verdict_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet(
                "font-size: 16pt; font-weight: bold;" + (" color: #c0392b;" if key == "rejected" else "")
            )
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(value, 0, column)
            self.figures[key] = value
            grid.addWidget(label, 1, column)
        layout.addLayout(grid)

        self.rejected_table = QTableWidget(0, 2)
        self.rejected_table.setObjectName("rejected_table")
        self.rejected_table.setHorizontalHeaderLabels([tr("行号"), tr("退回原因")])
        self.rejected_table.verticalHeader().hide()
        self.rejected_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rejected_table.setWordWrap(True)
        header = self.rejected_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.rejected_table, 1)
        self.report_label = hint("")
        self.report_label.setObjectName("report_saved")
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.hide()
        layout.addWidget(self.report_label)

        buttons = QDialogButtonBox()
        self.report_button = buttons.addButton(tr("保存退回行报告…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button.setObjectName("save_report")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(lambda: self.save_report())
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择要导入的文件"), str(Path.home()), SHEET_FILTER)
        if path:
            self.path_edit.setText(path)

    def start_import(self, path: str | Path | None = None) -> TaskHandle[ImportVerdict] | None:
        chosen = Path(path) if path else Path(self.path_edit.text().strip()) if self.path_edit.text().strip() else None
        if chosen is None:
            self.choose_file()
            if not self.path_edit.text().strip():
                return None
            chosen = Path(self.path_edit.text().strip())
        self.path_edit.setText(str(chosen))
        store, kind, actor = self.context.store, self.kind, self.context.actor

        def work(progress: Progress, cancel: CancelToken) -> ImportVerdict:
            return import_file(store, kind, chosen, progress, cancel, actor=actor)

        self.start_button.setEnabled(False)
        self.task = run_task(self, tr("正在导入 {name}").format(name=chosen.name), work, self.show_verdict)
        self.task.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.task

    def show_verdict(self, verdict: ImportVerdict) -> None:
        self.verdict = verdict
        lang = self.context.lang
        for key, label in self.figures.items():
            value = len(verdict.rejected) if key == "rejected" else getattr(verdict, key)
            label.setText(f"{value:,}")
        self.rejected_table.setRowCount(len(verdict.rejected))
        for row, rejected in enumerate(verdict.rejected):
            self.rejected_table.setItem(row, 0, QTableWidgetItem(str(rejected.row)))
            reasons = "；" if lang == "zh" else "; "
            self.rejected_table.setItem(row, 1, QTableWidgetItem(reasons.join(m.text(lang) for m in rejected.errors)))
        self.rejected_table.resizeRowsToContents()
        self.report_button.setEnabled(bool(verdict.rejected))
        self.context.notify(PAGE_KIND[self.kind])

    def save_report(self, path: str | Path | None = None) -> Path | None:
        if self.verdict is None or not self.verdict.rejected:
            return None
        if path is None:
            source = Path(self.path_edit.text() or "import.xlsx")
            suggested = source.with_name(source.stem + tr("_退回的行") + ".xlsx")
            chosen, _ = QFileDialog.getSaveFileName(self, tr("保存退回行报告"), str(suggested), "Excel (*.xlsx)")
            if not chosen:
                return None
            path = chosen
        try:
            written = write_rejected_report(self.verdict, Path(path))
        except Exception as error:
            show_error(self, error)
            return None
        self.report_label.setText(
            tr("退回的行已保存到：{path}\n改正“错误原因”列所说的问题后，可直接再导入这个文件。").format(path=written)
        )
        self.report_label.show()
        return written


def export_records(
    context: AppContext, kind: str, parent: QWidget | None, path: str | Path | None = None
) -> TaskHandle[int] | None:
    """Ask where, then write the template off the GUI thread; a message says how many rows."""
    if path is None:
        suggested = Path.home() / f"{kind_noun(kind)}_{dt.date.today():%Y%m%d}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(parent, tr("导出到文件"), str(suggested), SHEET_FILTER)
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    store = context.store

    def work(progress: Progress, cancel: CancelToken) -> int:
        with store.reading() as session:
            return export_file(session, kind, target, progress, cancel)

    def done(count: int) -> None:
        box = QMessageBox(parent)
        box.setObjectName("export_done")
        box.setWindowTitle(tr("导出完成"))
        box.setText(tr("已导出 {n} 行到：\n{path}").format(n=f"{count:,}", path=target))
        box.open()

    return run_task(parent, tr("正在导出 {name}").format(name=target.name), work, done)
