"""The 打印 centre: service cards, assignment sheets or the coverage report — preview, print, save as PDF.

The core renders the PDF (carematch.core.printing) off the GUI thread; the preview shows that very
file with QtPdf, printing draws its pages onto the printer the clerk chose in the system print
dialog, and 另存为 copies it. What is previewed is exactly what is printed and saved.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QDate, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from carematch.core.cancel import CancelToken, Progress
from carematch.core.errors import UserInputError, msg
from carematch.core.models import CareCentre, Caregiver, MealPoint, Township
from carematch.gui.workbench_common import lang_of, muted_label, show_failure

KINDS = ("cards", "sheets", "report")
PRINT_DPI = 300


def _call_supported(function: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """Call a renderer with the options its signature takes (progress/cancel/lang are optional extras)."""
    parameters = inspect.signature(function).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return function(*args, **options)
    return function(*args, **{key: value for key, value in options.items() if key in parameters})


def _renderer(module_name: str, function_name: str) -> Callable[..., Any]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        module = None
    function = getattr(module, function_name, None)
    if function is None:
        raise UserInputError(
            msg(
                "这个版本还不能生成这种打印件（缺少 {name}）",
                "This version cannot produce this printout yet ({name} is missing)",
                name=f"{module_name}.{function_name}",
            )
        )
    return function  # type: ignore[no-any-return]


def render_printout(
    session: Any,
    out: Path,
    kind: str,
    *,
    township: str | None,
    provider_ids: list[uuid.UUID] | None,
    day: dt.date | None,
    two_sided: bool,
    lang: str,
    progress: Progress,
    cancel: CancelToken,
) -> Path:
    """Render one printout with the printing core (cards, sheets) or the coverage report."""
    if kind == "cards":
        render = _renderer("carematch.core.printing.cards", "render_cards")
        options: dict[str, Any] = {"township": township, "two_sided": two_sided}
    elif kind == "sheets":
        render = _renderer("carematch.core.printing.sheets", "render_sheets")
        options = {"township": township, "provider_ids": provider_ids, "day": day}
    else:
        render = _renderer("carematch.core.printing.report", "render_coverage_report")
        options = {"township": township}
    written = _call_supported(render, session, out, lang=lang, progress=progress, cancel=cancel, **options)
    return Path(written) if written is not None else out


def print_pdf(
    path: Path,
    printer: QPrinter,
    *,
    dpi: int = PRINT_DPI,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Draw the PDF's pages (the printer's page range, else all) onto the printer; returns pages printed.

    Safe off the GUI thread: Qt allows painting on a QPrinter from a worker thread, and the PDF is
    opened here in a document of this thread's own.
    """
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise UserInputError(
            msg("无法打开要打印的 PDF：{path}", "Cannot open the PDF to print: {path}", path=str(path))
        )
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(count, printer.toPage() or count)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserInputError(msg("打印机无法开始打印，请检查打印机", "The printer could not start; check it"))
    printed = 0
    try:
        for number in range(first, last + 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if progress is not None:
                progress(number - first, last - first + 1)
            if printed:
                printer.newPage()
            points = document.pagePointSize(number - 1)
            size = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
            page = QImage(size, QImage.Format.Format_RGB32)
            page.fill(QColor("white"))
            # The PDF renders on a transparent background: laid on white here, so neither the
            # printer driver nor a PDF printer turns it black.
            page_painter = QPainter(page)
            page_painter.drawImage(0, 0, document.render(number - 1, size))
            page_painter.end()
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            # The page is drawn whole on the printable area, centred, never cropped.
            rect = QRect(
                target.x() + (target.width() - scaled.width()) // 2,
                target.y() + (target.height() - scaled.height()) // 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawImage(rect, page)
            printed += 1
        if progress is not None:
            progress(last - first + 1, last - first + 1)
    finally:
        painter.end()
        document.close()
    return printed


class PrintPage(QWidget):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = lang_of(context)
        self._folder = tempfile.TemporaryDirectory(prefix="carematch-print-")
        self.pdf_path: Path | None = None
        self.render_handle: Any = None
        self.print_handle: Any = None
        self.printer: QPrinter | None = None
        self._render_count = 0

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("打印中心"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)

        options = QFrame()
        options.setMinimumWidth(270)
        options.setMaximumWidth(360)
        options_layout = QVBoxLayout(options)
        options_layout.setContentsMargins(0, 0, 8, 0)
        what_box = QGroupBox(self.tr("打印什么"))
        what_layout = QVBoxLayout(what_box)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for key, text, note in (
            ("cards", self.tr("养老服务卡"), self.tr("每页 8 张，带裁切线，给已确认服务的老人")),
            ("sheets", self.tr("派单表"), self.tr("每个服务机构/护理员一节，含上门顺序和签字栏")),
            ("report", self.tr("覆盖情况报告"), self.tr("各乡镇的覆盖率、床位和护理员指标，附图表")),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"print_{key}")
            self.kind_group.addButton(button)
            self.kind_buttons[key] = button
            what_layout.addWidget(button)
            what_layout.addWidget(muted_label(note))
        self.kind_buttons["cards"].setChecked(True)
        options_layout.addWidget(what_box)

        scope_box = QGroupBox(self.tr("范围"))
        form = QFormLayout(scope_box)
        self.township_box = QComboBox()
        self.township_box.setObjectName("print_township")
        self.provider_box = QComboBox()
        self.provider_box.setObjectName("print_provider")
        self.provider_box.setMinimumContentsLength(12)
        self.provider_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setObjectName("print_day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.two_sided = QCheckBox(self.tr("双面（背面按长边翻转对齐）"))
        self.two_sided.setObjectName("print_two_sided")
        form.addRow(self.tr("乡镇(街道)"), self.township_box)
        form.addRow(self.tr("服务机构"), self.provider_box)
        form.addRow(self.tr("日期"), self.day_edit)
        form.addRow(self.two_sided)
        self.scope_form = form
        options_layout.addWidget(scope_box)

        self.preview_button = QPushButton(self.tr("生成预览"))
        self.preview_button.setObjectName("make_preview")
        self.preview_button.setDefault(True)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("print_pdf")
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.save_button.setObjectName("save_pdf")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        options_layout.addWidget(self.preview_button)
        options_layout.addLayout(buttons)
        self.status = muted_label(self.tr("选好内容和范围，按“生成预览”"))
        self.status.setObjectName("print_status")
        options_layout.addWidget(self.status)
        options_layout.addStretch(1)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8d9299; }")
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        zoom_row = QHBoxLayout()
        self.fit_width_button = QPushButton(self.tr("适合宽度"))
        self.fit_page_button = QPushButton(self.tr("整页"))
        self.page_label = muted_label()
        self.page_label.setObjectName("page_count")
        zoom_row.addWidget(self.page_label, 1)
        zoom_row.addWidget(self.fit_width_button)
        zoom_row.addWidget(self.fit_page_button)
        preview_layout.addLayout(zoom_row)
        self.placeholder = QLabel(self.tr("这里显示要打印的页面。\n在左边选好内容和范围，再按“生成预览”。"))
        self.placeholder.setObjectName("preview_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(
            "QLabel#preview_placeholder { background: #f4f5f7; color: #667; border: 1px dashed #b8bec8;"
            " font-size: 12pt; padding: 24px; }"
        )
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.placeholder)
        self.preview_stack.addWidget(self.view)
        preview_layout.addWidget(self.preview_stack, 1)

        splitter = QSplitter()
        splitter.addWidget(options)
        splitter.addWidget(preview)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.kind_group.buttonToggled.connect(self._kind_changed)
        self.township_box.currentIndexChanged.connect(self._load_providers)
        self.preview_button.clicked.connect(self.make_preview)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        self.fit_width_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        changed = getattr(context, "changed", None)
        if changed is not None:
            changed.connect(self._on_changed)
        self._load_townships()
        self._kind_changed()
        self._update_buttons()

    # -- choices -------------------------------------------------------------------------------

    def kind(self) -> str:
        for key, button in self.kind_buttons.items():
            if button.isChecked():
                return key
        return "cards"

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind()
        self.scope_form.setRowVisible(self.provider_box, kind == "sheets")
        self.scope_form.setRowVisible(self.day_edit, kind == "sheets")
        self.scope_form.setRowVisible(self.two_sided, kind == "cards")

    def _load_townships(self) -> None:
        current = self.township_box.currentData()
        self.township_box.blockSignals(True)
        self.township_box.clear()
        self.township_box.addItem(self.tr("全部乡镇"), "")
        with self.context.store.reading() as session:
            for name in session.scalars(
                select(Township.name).where(Township.deleted_at.is_(None)).order_by(Township.name)
            ):
                self.township_box.addItem(name, name)
        self.township_box.setCurrentIndex(max(0, self.township_box.findData(current)))
        self.township_box.blockSignals(False)
        self._load_providers()

    def _load_providers(self, *_: object) -> None:
        township = self.township_box.currentData() or None
        current = self.provider_box.currentData()
        self.provider_box.clear()
        self.provider_box.addItem(self.tr("全部服务机构和护理员"), "")
        labels = ((MealPoint, self.tr("助餐点")), (CareCentre, self.tr("照护机构")), (Caregiver, self.tr("护理员")))
        with self.context.store.reading() as session:
            for model, label in labels:
                query = select(model.id, model.name).where(model.deleted_at.is_(None), model.closed.is_(False))
                if township:
                    query = query.where(model.township == township)
                for provider_id, name in session.execute(query.order_by(model.name)):
                    self.provider_box.addItem(f"{label}：{name}", str(provider_id))
        self.provider_box.setCurrentIndex(max(0, self.provider_box.findData(current)))

    def refresh(self) -> None:
        self._load_townships()

    def _on_changed(self, kind: str) -> None:
        if kind in ("meal_points", "care_centres", "caregivers", "gazetteer"):
            self._load_townships()

    # -- preview -------------------------------------------------------------------------------

    def make_preview(self) -> Any:
        """Render the chosen printout off the GUI thread; the preview shows it when done."""
        from carematch.gui.tasks import run_task

        kind = self.kind()
        township = self.township_box.currentData() or None
        provider = self.provider_box.currentData()
        provider_ids = [uuid.UUID(provider)] if kind == "sheets" and provider else None
        day = cast(dt.date, self.day_edit.date().toPython()) if kind == "sheets" else None
        two_sided = self.two_sided.isChecked()
        lang = self.lang
        store = self.context.store
        self._render_count += 1
        out = Path(self._folder.name) / f"{kind}-{self._render_count}.pdf"

        def work(progress: Progress, cancel: CancelToken) -> Path:
            with store.reading() as session:
                return render_printout(
                    session,
                    out,
                    kind,
                    township=township,
                    provider_ids=provider_ids,
                    day=day,
                    two_sided=two_sided,
                    lang=lang,
                    progress=progress,
                    cancel=cancel,
                )

        self.preview_button.setEnabled(False)
        self.status.setText(self.tr("正在生成…"))
        self.render_handle = run_task(
            self, self.tr("生成打印预览"), work, self.show_pdf, self._render_failed, on_cancelled=self._cancelled
        )
        return self.render_handle

    def show_pdf(self, path: Path) -> None:
        self.preview_button.setEnabled(True)
        self.document.close()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.pdf_path = None
            self.status.setText(self.tr("无法打开生成的 PDF：{path}").format(path=path))
            self._update_buttons()
            return
        self.pdf_path = path
        self.preview_stack.setCurrentWidget(self.view)
        pages = self.document.pageCount()
        self.page_label.setText(self.tr("共 {n} 页").format(n=pages))
        self.status.setText(self.tr("预览已生成，可以打印或另存为 PDF"))
        self.view.pageNavigator().jump(0, QPointF(), 0)
        self._update_buttons()

    def _render_failed(self, error: BaseException) -> None:
        self.preview_button.setEnabled(True)
        self.status.setText(self.tr("没有生成预览"))
        show_failure(self, self.tr("打印"), error, self.lang)

    def _cancelled(self) -> None:
        self.preview_button.setEnabled(True)
        self.status.setText(self.tr("已取消"))

    def _update_buttons(self) -> None:
        ready = self.pdf_path is not None and self.document.pageCount() > 0
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.fit_width_button.setEnabled(ready)
        self.fit_page_button.setEnabled(ready)

    # -- print and save ----------------------------------------------------------------------

    def print_to(self, printer: QPrinter) -> Any:
        """Print the previewed PDF off the GUI thread, with progress and 取消; returns the task handle."""
        from carematch.gui.tasks import run_task

        path = self.pdf_path
        if path is None:
            return None
        self.printer = printer  # kept alive until the task is done

        def work(progress: Progress, cancel: CancelToken) -> int:
            return print_pdf(path, printer, progress=progress, cancel=cancel)

        self.status.setText(self.tr("正在打印…"))
        self.print_handle = run_task(
            self,
            self.tr("打印"),
            work,
            self._printed,
            lambda error: show_failure(self, self.tr("打印"), error, self.lang),
            on_cancelled=self._cancelled,
        )
        return self.print_handle

    def _printed(self, pages: int) -> None:
        self.status.setText(self.tr("已发送 {n} 页到打印机").format(n=pages))

    def print_dialog(self) -> None:
        if self.pdf_path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def save_pdf(self, target: Path) -> Path:
        if self.pdf_path is None:
            raise UserInputError(msg("请先生成预览", "Make the preview first"))
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        shutil.copyfile(self.pdf_path, target)
        self.status.setText(self.tr("已保存：{path}").format(path=target))
        return target

    def save_dialog(self) -> None:
        if self.pdf_path is None:
            return
        names = {"cards": self.tr("养老服务卡"), "sheets": self.tr("派单表"), "report": self.tr("覆盖情况报告")}
        township = self.township_box.currentData() or ""
        suggested = f"{names[self.kind()]}{township}{dt.date.today():%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), str(Path.home() / suggested), self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        try:
            self.save_pdf(Path(path))
        except Exception as error:  # shown to the clerk
            show_failure(self, self.tr("另存为 PDF"), error, self.lang)
