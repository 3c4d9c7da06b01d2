"""地名库: the station's townships and villages, edited like the other registries.

The gazetteer is small (a county has a few hundred villages), so the page reads it whole:
one row per township, then its villages. Add/edit go through the registry form machinery
(kind "gazetteer", the same checks as import), delete is soft with undo, import/export use the
shared dialogs, and the review below the table lists what will make placing records go wrong.
Every change is announced as "gazetteer" so the map, matching and statistics refresh.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from carematch.core import registry
from carematch.core.errors import UserInputError, msg
from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.geo.review import GazetteerFinding, review_gazetteer
from carematch.core.models import Record, Township, Village
from carematch.gui.context import AppContext
from carematch.gui.forms import RecordForm, display_value
from carematch.gui.history_dialog import HistoryDialog
from carematch.gui.registry_pages import RecordActions, compact_combo
from carematch.gui.tasks import show_error
from carematch.gui.widgets import page_title

KIND = "gazetteer"


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


@dataclass(frozen=True)
class PlaceRow:
    """One line of the table: a township (village "") or one of its villages."""

    model: type[Record]
    id: uuid.UUID
    township: str
    village: str
    lon: float | None
    lat: float | None
    source: Any
    population: int | None
    aliases: tuple[str, ...]
    deleted: bool

    @property
    def title(self) -> str:
        return f"{self.township}{self.village}"


class GazetteerForm(RecordForm):
    """新增 / 修改 one township or village. The names are the key: fixed once saved."""

    def __init__(self, context: AppContext, record: Record | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, KIND, record, parent)
        if record is not None:
            names_tip = self.tr("名称是地名库的关键字，保存后不能修改；改名请新增一条，再删除旧的")
            self.fix_field("township", names_tip)
            self.fix_field("village", names_tip)
            if isinstance(record, Village):
                self.fix_field("county", self.tr("县(区)属于乡镇(街道)，请在乡镇(街道)那一行修改"))
            else:
                for name in ("elderly_population", "aliases"):
                    self.fix_field(name, self.tr("老年人口和曾用名登记在各村(社区)"))
        else:
            village = self.grid.fields["village"].editor
            assert isinstance(village, QLineEdit)
            village.setPlaceholderText(self.tr("留空：登记乡镇(街道)本身"))
        self.resize(900, 320)

    def fix_field(self, name: str, why: str) -> None:
        """Shown but not editable here (greyed), with the reason as its tooltip."""
        editor = self.grid.fields[name].editor
        assert isinstance(editor, QLineEdit)
        editor.setReadOnly(True)
        editor.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.setStyleSheet("QLineEdit { background: #eceef1; color: #555; }")
        editor.setToolTip(why)

    def kind_noun(self) -> str:
        return self.tr("地名")

    def values_of(self, record: Record) -> dict[str, object]:
        # A gazetteer centre is the place's own coordinate whatever its source: always shown.
        if isinstance(record, Village):
            return {
                "township": record.township.name,
                "village": record.name,
                "lon": _number(record.lon),
                "lat": _number(record.lat),
                "elderly_population": str(record.elderly_population),
                "county": record.township.county,
                "aliases": "、".join(record.aliases or []),
            }
        assert isinstance(record, Township)
        return {
            "township": record.name,
            "village": "",
            "lon": _number(record.lon),
            "lat": _number(record.lat),
            "county": record.county,
            "elderly_population": "",
            "aliases": "",
        }


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


class GazetteerPage(RecordActions, QWidget):
    kind = KIND

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[PlaceRow] = []
        self.findings: list[GazetteerFinding] = []
        self.deleted: list[tuple[type[Record], uuid.UUID, str]] = []
        self.dialogs: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(tr("地名库")))

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("查找：乡镇、村、曾用名"))
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self.fill_table)
        self.township_filter = compact_combo()
        self.township_filter.setObjectName("township_filter")
        self.township_filter.currentIndexChanged.connect(self.fill_table)
        self.show_deleted = QCheckBox(tr("显示已删除"))
        self.show_deleted.setObjectName("show_deleted")
        self.show_deleted.toggled.connect(self.refresh)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.township_filter)
        bar.addWidget(self.show_deleted)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.add_record_actions(layout)

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("table")
        self.table.setHorizontalHeaderLabels(
            [tr("乡镇(街道)"), tr("村(社区)"), tr("经度"), tr("纬度"), tr("坐标来源"), tr("老年人口"), tr("曾用名")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self.update_buttons)

        review = QWidget()
        review_layout = QVBoxLayout(review)
        review_layout.setContentsMargins(0, 4, 0, 0)
        self.review_label = QLabel()
        self.review_label.setObjectName("review_label")
        self.review_label.setStyleSheet("font-weight: bold;")
        review_layout.addWidget(self.review_label)
        self.review_list = QListWidget()
        self.review_list.setObjectName("review_list")
        self.review_list.setWordWrap(True)
        self.review_list.setToolTip(tr("双击一条，打开这个地名修改"))
        self.review_list.itemActivated.connect(self.open_finding)
        self.review_list.itemDoubleClicked.connect(self.open_finding)
        review_layout.addWidget(self.review_list, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(review)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 130])  # the review is a short list below the table
        layout.addWidget(splitter, 1)

        context.changed.connect(self.on_changed)
        self.refresh()
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 16, 220))

    # --- reading ------------------------------------------------------------------------

    def load(self) -> None:
        include_deleted = self.show_deleted.isChecked()
        rows: list[PlaceRow] = []
        with self.context.reading() as session:
            query = select(Township).options(selectinload(Township.villages)).order_by(Township.name)
            if not include_deleted:
                query = query.where(Township.deleted_at.is_(None))
            for township in session.scalars(query):
                rows.append(
                    PlaceRow(
                        Township,
                        township.id,
                        township.name,
                        "",
                        township.lon,
                        township.lat,
                        township.coord_source,
                        sum(v.elderly_population for v in township.villages if v.deleted_at is None),
                        (),
                        township.deleted_at is not None,
                    )
                )
                villages = [v for v in township.villages if include_deleted or v.deleted_at is None]
                for village in sorted(villages, key=lambda v: v.name):
                    rows.append(
                        PlaceRow(
                            Village,
                            village.id,
                            township.name,
                            village.name,
                            village.lon,
                            village.lat,
                            village.coord_source,
                            village.elderly_population,
                            tuple(village.aliases or ()),
                            village.deleted_at is not None,
                        )
                    )
            self.findings = review_gazetteer(Gazetteer.load(session))
        self.rows = rows

    def refresh(self, *_: object) -> None:
        chosen = self.township_filter.currentData()
        self.load()
        self.township_filter.blockSignals(True)
        self.township_filter.clear()
        self.township_filter.addItem(tr("全部乡镇(街道)"), None)
        for row in self.rows:
            if not row.village and not row.deleted:
                self.township_filter.addItem(row.township, row.township)
        self.township_filter.setCurrentIndex(max(self.township_filter.findData(chosen), 0))
        self.township_filter.blockSignals(False)
        self.fill_table()
        self.fill_review()

    def visible_rows(self) -> list[PlaceRow]:
        text = self.search.text().strip()
        township = self.township_filter.currentData()
        shown = []
        for row in self.rows:
            if township and row.township != township:
                continue
            if text and not any(text in name for name in (row.township, row.village, *row.aliases)):
                continue
            shown.append(row)
        return shown

    def fill_table(self, *_: object) -> None:
        selected = self.selected_row()
        lang = self.context.lang
        shown = self.visible_rows()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(shown))
        grey = Qt.GlobalColor.gray
        for index, row in enumerate(shown):
            texts = [
                row.township,
                row.village,
                _number(row.lon),
                _number(row.lat),
                display_value(row.source, lang) if row.lon is not None else tr("没有中心坐标"),
                "" if row.population is None else f"{row.population:,}",
                "、".join(row.aliases) if lang == "zh" else ", ".join(row.aliases),
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row)
                if column in (2, 3, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 5 and not row.village:
                    item.setToolTip(tr("各村(社区)老年人口合计"))
                if row.deleted:
                    item.setForeground(grey)
                elif not row.village:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column == 4 and row.lon is None:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)
        villages = sum(1 for row in shown if row.village)
        self.count_label.setText(tr("{t} 个乡镇(街道)，{v} 个村(社区)").format(t=len(shown) - villages, v=villages))
        if selected is not None:
            self.select_place(selected.id)
        self.update_buttons()

    def fill_review(self) -> None:
        lang = self.context.lang
        self.review_list.clear()
        for finding in self.findings:
            place = finding.township + (f" · {finding.village}" if finding.village else "")
            item = QListWidgetItem(f"{place}：{finding.message.text(lang)}")
            item.setData(Qt.ItemDataRole.UserRole, finding)
            self.review_list.addItem(item)
        if self.findings:
            self.review_label.setText(tr("需要核对 {n} 处（双击一条去修改）").format(n=len(self.findings)))
            self.review_label.setStyleSheet("font-weight: bold; color: #8a6d00;")
        else:
            self.review_label.setText(tr("地名库检查：没有发现问题"))
            self.review_label.setStyleSheet("font-weight: bold; color: #2e7d32;")

    def on_changed(self, kind: str) -> None:
        if kind == KIND:
            self.refresh()

    # --- selection ----------------------------------------------------------------------

    def selected_row(self) -> PlaceRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, PlaceRow) else None

    def select_place(self, place_id: uuid.UUID) -> bool:
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            row = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(row, PlaceRow) and row.id == place_id:
                self.table.selectRow(index)
                self.table.scrollTo(self.table.model().index(index, 0))
                return True
        return False

    def update_buttons(self, *_: object) -> None:
        row = self.selected_row()
        live = row is not None and not row.deleted
        self.edit_button.setEnabled(live)
        self.delete_button.setEnabled(live)
        self.restore_button.setVisible(self.show_deleted.isChecked())
        self.restore_button.setEnabled(row is not None and row.deleted)
        self.history_button.setEnabled(row is not None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- actions ------------------------------------------------------------------------

    def open_form(self, record: Record | None) -> GazetteerForm | None:
        try:
            form = GazetteerForm(self.context, record, self)
        except Exception as error:
            show_error(self, error)
            return None
        form.saved.connect(lambda saved: self.select_place(saved.id))
        self.dialogs.append(form)
        form.finished.connect(lambda _code: self.dialogs.remove(form) if form in self.dialogs else None)
        form.open()
        return form

    def add_record(self) -> GazetteerForm | None:
        form = self.open_form(None)
        township = self.township_filter.currentData()
        if form is not None and township:
            form.grid.fields["township"].set_value(township)
        return form

    def _record(self, row: PlaceRow) -> Record | None:
        with self.context.reading() as session:
            record = session.get(row.model, row.id)
            if isinstance(record, Village):
                _ = record.township.name  # loaded now: the form reads it after the session closed
            return record

    def edit_selected(self) -> GazetteerForm | None:
        row = self.selected_row()
        if row is None or row.deleted:
            return None
        record = self._record(row)
        return self.open_form(record) if record is not None else None

    def open_finding(self, item: QListWidgetItem) -> GazetteerForm | None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(finding, GazetteerFinding):
            return None
        self.search.clear()
        self.township_filter.setCurrentIndex(0)
        for row in self.rows:
            if row.township == finding.township and row.village == finding.village and not row.deleted:
                self.select_place(row.id)
                return self.edit_selected()
        return None

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.deleted:
            return
        try:
            with self.context.unit_of_work() as session:
                current = session.get(row.model, row.id)
                if current is None:
                    return
                if isinstance(current, Township) and any(v.deleted_at is None for v in current.villages):
                    raise UserInputError(
                        msg(
                            "{name}下还有村(社区)，请先删除这些村(社区)",
                            "{name} still has villages; delete them first",
                            name=current.name,
                        )
                    )
                registry.soft_delete(session, current)
        except Exception as error:
            show_error(self, error)
            return
        self.deleted.append((row.model, row.id, row.title))
        self.undo_label.setText(tr("已删除“{name}”。记录仍保留，可以撤销。").format(name=row.title))
        self.undo_bar.show()
        self.context.notify(KIND)

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        model, place_id, _title = self.deleted.pop()
        self.restore(model, place_id)
        if self.deleted:
            self.undo_label.setText(tr("已删除“{name}”。记录仍保留，可以撤销。").format(name=self.deleted[-1][2]))
        else:
            self.undo_bar.hide()
        self.select_place(place_id)

    def restore_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row.deleted:
            self.restore(row.model, row.id)
            self.select_place(row.id)

    def restore(self, model: type[Record], place_id: uuid.UUID) -> None:
        try:
            with self.context.unit_of_work() as session:
                current = session.get(model, place_id)
                if current is not None:
                    registry.undelete(session, current)
                    if isinstance(current, Village):  # a village comes back with its township
                        registry.undelete(session, current.township)
        except Exception as error:
            show_error(self, error)
            return
        self.context.notify(KIND)

    def show_history(self) -> HistoryDialog | None:
        row = self.selected_row()
        record = self._record(row) if row is not None else None
        if row is None or record is None:
            return None
        dialog = HistoryDialog(self.context, record, row.title, self)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self.dialogs.remove(dialog) if dialog in self.dialogs else None)
        dialog.open()
        return dialog

    def import_file(self) -> None:
        from carematch.gui.transfer_dialogs import ImportDialog

        dialog = ImportDialog(self.context, KIND, self)
        self.dialogs.append(dialog)
        dialog.open()

    def export_file(self) -> None:
        from carematch.gui.transfer_dialogs import export_records

        export_records(self.context, KIND, self)
