"""The registry pages: 老年人, 照护机构, 助餐点, 护理员.

One table per kind over the core (lazy pages of rows), search as you type, filters, sorting by
the database, add/edit forms, soft delete with undo, record history, import and export.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from carematch.core import registry
from carematch.core.enums import AbilityLevel, Assistance, NeedKind
from carematch.core.errors import NotFoundError, msg
from carematch.core.models import CareCentre, Caregiver, MealPoint, Record, Resident, Township, Village
from carematch.core.validation import mask_citizen_id
from carematch.gui.context import AppContext
from carematch.gui.forms import PAGE_KIND, RecordForm, display_value
from carematch.gui.history_dialog import HistoryDialog
from carematch.gui.labels import values_text
from carematch.gui.table_models import Column, ProviderSource, RecordTableModel, ResidentSource, age_text
from carematch.gui.tasks import show_error
from carematch.gui.widgets import page_title


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


def yes_no(value: bool) -> str:
    return display_value(bool(value), _lang())


def _lang() -> str:
    from carematch.gui.tasks import ui_lang

    return ui_lang()


def needs_text(resident: Resident) -> str:
    parts = []
    if resident.need_delivery:
        parts.append(tr("送餐"))
    elif resident.need_meal:
        parts.append(tr("助餐"))
    if resident.need_dementia_care:
        parts.append(tr("认知照护"))
    if resident.need_home_visit:
        parts.append(tr("上门"))
    return "、".join(parts) if _lang() == "zh" else ", ".join(parts)


def enum_text(value: Any) -> str:
    return display_value(value, _lang())


def resident_columns() -> list[Column]:
    return [
        Column("name", lambda: tr("姓名"), lambda r: r.name, Resident.name_pinyin, width=80),
        Column("sex", lambda: tr("性别"), lambda r: enum_text(r.sex), Resident.sex, width=50),
        Column("age", lambda: tr("年龄"), lambda r: age_text(r.birth_date), Resident.birth_date, True, 50, True),
        Column("citizen_id", lambda: tr("身份证号"), lambda r: mask_citizen_id(r.citizen_id), None, width=160),
        Column("phone", lambda: tr("联系电话"), lambda r: r.phone, Resident.phone, width=110),
        Column("township", lambda: tr("乡镇(街道)"), lambda r: r.township, Resident.township, width=90),
        Column("village", lambda: tr("村(社区)"), lambda r: r.village, Resident.village, width=90),
        Column("ability", lambda: tr("能力等级"), lambda r: enum_text(r.ability), Resident.ability, width=80),
        Column("assistance", lambda: tr("保障类别"), lambda r: enum_text(r.assistance), Resident.assistance, width=70),
        Column("living", lambda: tr("居住情况"), lambda r: enum_text(r.living), Resident.living, width=80),
        Column("needs", lambda: tr("服务需求"), needs_text, None, width=150),
    ]


def centre_columns() -> list[Column]:
    return [
        Column("code", lambda: tr("编号"), lambda r: r.code, CareCentre.code, width=80),
        Column("name", lambda: tr("名称"), lambda r: r.name, CareCentre.name, width=200),
        Column("type", lambda: tr("类型"), lambda r: enum_text(r.centre_type), CareCentre.centre_type, width=150),
        Column("township", lambda: tr("乡镇(街道)"), lambda r: r.township, CareCentre.township, width=90),
        Column("village", lambda: tr("村(社区)"), lambda r: r.village, CareCentre.village, width=90),
        Column("stars", lambda: tr("星级"), lambda r: str(r.stars), CareCentre.stars, True, 50),
        Column("beds", lambda: tr("总床位"), lambda r: str(r.total_beds), CareCentre.total_beds, True, 60),
        Column(
            "dementia_beds",
            lambda: tr("认知障碍床位(已占用)"),
            lambda r: f"{r.dementia_beds} ({r.dementia_beds_occupied})",
            CareCentre.dementia_beds,
            True,
            130,
        ),
        Column(
            "radius",
            lambda: tr("服务半径(公里)"),
            lambda r: f"{r.service_radius_km:g}",
            CareCentre.service_radius_km,
            True,
            100,
        ),
        Column("phone", lambda: tr("联系电话"), lambda r: r.phone, CareCentre.phone, width=110),
        Column("closed", lambda: tr("已停业"), lambda r: yes_no(r.closed), CareCentre.closed, width=60),
    ]


def meal_point_columns() -> list[Column]:
    return [
        Column("code", lambda: tr("编号"), lambda r: r.code, MealPoint.code, width=80),
        Column("name", lambda: tr("名称"), lambda r: r.name, MealPoint.name, width=180),
        Column("township", lambda: tr("乡镇(街道)"), lambda r: r.township, MealPoint.township, width=90),
        Column("village", lambda: tr("村(社区)"), lambda r: r.village, MealPoint.village, width=90),
        Column(
            "capacity",
            lambda: tr("日供餐能力(份)"),
            lambda r: str(r.daily_capacity),
            MealPoint.daily_capacity,
            True,
            110,
        ),
        Column(
            "dine_in",
            lambda: tr("堂食半径(公里)"),
            lambda r: f"{r.dine_in_radius_km:g}",
            MealPoint.dine_in_radius_km,
            True,
            110,
        ),
        Column(
            "delivery",
            lambda: tr("送餐半径(公里)"),
            lambda r: f"{r.delivery_radius_km:g}" if r.delivers else tr("不送餐"),
            MealPoint.delivery_radius_km,
            True,
            110,
        ),
        Column("times", lambda: tr("供餐时段"), lambda r: values_text(r.meal_times), None, width=90),
        Column("diets", lambda: tr("特殊膳食"), lambda r: values_text(r.special_diets), None, width=120),
        Column("phone", lambda: tr("联系电话"), lambda r: r.phone, MealPoint.phone, width=110),
        Column("closed", lambda: tr("已停业"), lambda r: yes_no(r.closed), MealPoint.closed, width=60),
    ]


def caregiver_columns() -> list[Column]:
    return [
        Column("code", lambda: tr("编号"), lambda r: r.code, Caregiver.code, width=80),
        Column("name", lambda: tr("姓名"), lambda r: r.name, Caregiver.name, width=80),
        Column("cert", lambda: tr("证书等级"), lambda r: enum_text(r.cert_level), Caregiver.cert_level, width=120),
        Column("first_aid", lambda: tr("救护员证"), lambda r: yes_no(r.first_aid), Caregiver.first_aid, width=70),
        Column("skills", lambda: tr("技能"), lambda r: values_text(r.skills), None, width=280),
        Column("township", lambda: tr("乡镇(街道)"), lambda r: r.township, Caregiver.township, width=90),
        Column("village", lambda: tr("村(社区)"), lambda r: r.village, Caregiver.village, width=90),
        Column(
            "radius",
            lambda: tr("服务半径(公里)"),
            lambda r: f"{r.service_radius_km:g}",
            Caregiver.service_radius_km,
            True,
            100,
        ),
        Column("max", lambda: tr("最大服务对象数"), lambda r: str(r.max_clients), Caregiver.max_clients, True, 110),
        Column("days", lambda: tr("可服务日"), lambda r: values_text(r.available_days), None, width=250),
        Column("phone", lambda: tr("联系电话"), lambda r: r.phone, Caregiver.phone, width=110),
        Column("closed", lambda: tr("已离职"), lambda r: yes_no(r.closed), Caregiver.closed, width=60),
    ]


def compact_combo() -> QComboBox:
    """A filter box as wide as a short entry; its list opens as wide as the longest."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(11)
    box.view().setMinimumWidth(220)
    return box


class RecordActions:
    """The row of record actions (新增 修改 删除 恢复 修改历史 … count … 导入 导出) and the 撤销删除 bar, the same
    on every registry page, the 地名库 page included; the page provides the slots."""

    if TYPE_CHECKING:

        def add_record(self) -> object: ...
        def edit_selected(self) -> object: ...
        def delete_selected(self) -> object: ...
        def restore_selected(self) -> object: ...
        def show_history(self) -> object: ...
        def import_file(self) -> object: ...
        def export_file(self) -> object: ...
        def undo_delete(self) -> object: ...

    def add_record_actions(self, layout: QVBoxLayout) -> None:
        actions = QHBoxLayout()
        self.add_button = self.button(tr("新增"), "add", self.add_record)
        self.edit_button = self.button(tr("修改"), "edit", self.edit_selected)
        self.delete_button = self.button(tr("删除"), "delete", self.delete_selected)
        self.restore_button = self.button(tr("恢复"), "restore", self.restore_selected)
        self.history_button = self.button(tr("修改历史"), "history", self.show_history)
        self.import_button = self.button(tr("导入…"), "import", self.import_file)
        self.export_button = self.button(tr("导出…"), "export", self.export_file)
        for button in (self.add_button, self.edit_button, self.delete_button, self.restore_button, self.history_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        actions.addWidget(self.count_label)
        actions.addSpacing(16)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        self.undo_bar = QWidget()
        self.undo_bar.setObjectName("undo_bar")
        self.undo_bar.setStyleSheet("#undo_bar { background: #fff6d6; border: 1px solid #e6cf7a; border-radius: 4px; }")
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(10, 4, 10, 4)
        self.undo_label = QLabel()
        self.undo_button = QPushButton(tr("撤销删除"))
        self.undo_button.setObjectName("undo")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)

    def button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button


class RegistryPage(RecordActions, QWidget):
    """The parts every registry page shares; subclasses add their filters."""

    kind = ""
    model_class: type[Record] = Resident

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.deleted: list[tuple[type[Record], Any, str]] = []
        self.dialogs: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.title()))

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.search_hint())
        self.search.setToolTip(self.search_hint())
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(self.apply_filters)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search, 2)
        self.add_filters(self.filter_bar)
        self.show_deleted = QCheckBox(tr("显示已删除"))
        self.show_deleted.setObjectName("show_deleted")
        self.show_deleted.toggled.connect(self.apply_filters)
        self.filter_bar.addWidget(self.show_deleted)
        self.filter_bar.addStretch(1)
        layout.addLayout(self.filter_bar)

        self.add_record_actions(layout)

        self.table_model = RecordTableModel(context.reading, self.columns(), self.source())
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # No indicator before sorting is enabled: enabling sorts by the indicator's column, and
        # the registry's own order (pinyin of the name) is the one a clerk expects first.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.table_model.modelReset.connect(self.update_count)
        layout.addWidget(self.table, 1)
        context.changed.connect(self.on_changed)
        self.apply_filters()
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as the first page's contents and headers (in either language), within reason."""
        self.table.resizeColumnsToContents()
        for index, column in enumerate(self.table_model.columns):
            width = self.table.columnWidth(index)
            self.table.setColumnWidth(index, max(min(width + 8, max(column.width, 320)), 40))

    # --- what subclasses say ------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def search_hint(self) -> str:
        return tr("查找：名称、编号、村、电话")

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def source(self) -> Any:
        return ProviderSource(self.model_class)

    def add_filters(self, bar: QHBoxLayout) -> None:
        self.township_filter = self.township_combo()
        bar.addWidget(self.township_filter)

    def current_source(self) -> Any:
        return ProviderSource(
            self.model_class,
            text=self.search.text(),
            township=self.township_filter.currentData(),
            include_deleted=self.show_deleted.isChecked(),
        )

    def record_title(self, record: Any) -> str:
        return f"{record.name}（{record.code}）"

    # --- helpers ------------------------------------------------------------------------

    def township_combo(self) -> QComboBox:
        box = compact_combo()
        box.setObjectName("township_filter")
        box.addItem(tr("全部乡镇(街道)"), None)
        with self.context.reading() as session:
            names = session.scalars(select(Township.name).where(Township.deleted_at.is_(None)).order_by(Township.name))
            for name in names:
                box.addItem(name, name)
        box.currentIndexChanged.connect(self.apply_filters)
        return box

    def apply_filters(self, *_: object) -> None:
        if not hasattr(self, "table_model"):
            return
        self.table_model.set_source(self.current_source())
        self.update_buttons()

    def refresh(self) -> None:
        self.table_model.reload()
        self.update_buttons()

    def on_changed(self, kind: str) -> None:
        # Registry kind names ("centres") and page keys ("care_centres") both announce changes.
        if kind in (self.kind, PAGE_KIND.get(self.kind, ""), "gazetteer", "assignments"):
            self.refresh()

    def update_count(self) -> None:
        self.count_label.setText(tr("共 {n} 条").format(n=f"{self.table_model.total:,}"))

    def selected_record(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table_model.record(rows[0].row())

    def select_record(self, record_id: Any) -> None:
        row = self.table_model.row_of(record_id)
        if row is not None:
            index = self.table_model.index(row, 0)
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def update_buttons(self, *_: object) -> None:
        record = self.selected_record()
        deleted = record is not None and record.deleted_at is not None
        self.edit_button.setEnabled(record is not None and not deleted)
        self.delete_button.setEnabled(record is not None and not deleted)
        self.restore_button.setVisible(self.show_deleted.isChecked())
        self.restore_button.setEnabled(deleted)
        self.history_button.setEnabled(record is not None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- actions ------------------------------------------------------------------------

    def open_form(self, record: Any | None) -> RecordForm | None:
        try:
            form = RecordForm(self.context, self.kind, record, self)
        except Exception as error:
            show_error(self, error)
            return None
        form.saved.connect(lambda saved: self.select_record(saved.id))
        self.dialogs.append(form)
        form.finished.connect(lambda _code: self.dialogs.remove(form) if form in self.dialogs else None)
        form.open()
        return form

    def open_record(self, record_id: Any) -> RecordForm | None:
        """Select the record (when the table shows it) and open its edit form; for the map's 打开记录."""
        identifier = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
        with self.context.reading() as session:
            record = session.get(self.model_class, identifier)
        if record is None:
            show_error(self, NotFoundError(msg("这条记录已不存在", "This record no longer exists")))
            return None
        self.select_record(identifier)
        return self.open_form(record)

    def add_record(self) -> RecordForm | None:
        return self.open_form(None)

    def edit_selected(self) -> RecordForm | None:
        record = self.selected_record()
        if record is None or record.deleted_at is not None:
            return None
        return self.open_form(record)

    def delete_selected(self) -> None:
        record = self.selected_record()
        if record is None or record.deleted_at is not None:
            return
        try:
            with self.context.unit_of_work() as session:
                current = session.get(type(record), record.id)
                if current is None:
                    return
                registry.soft_delete(session, current)
        except Exception as error:
            show_error(self, error)
            return
        title = self.record_title(record)
        self.deleted.append((type(record), record.id, title))
        self.undo_label.setText(tr("已删除“{name}”。记录仍保留，可以撤销。").format(name=title))
        self.undo_bar.show()
        self.context.notify(PAGE_KIND[self.kind])

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        model, record_id, _title = self.deleted.pop()
        self.restore(model, record_id)
        if self.deleted:
            self.undo_label.setText(tr("已删除“{name}”。记录仍保留，可以撤销。").format(name=self.deleted[-1][2]))
        else:
            self.undo_bar.hide()
        self.select_record(record_id)

    def restore_selected(self) -> None:
        record = self.selected_record()
        if record is not None and record.deleted_at is not None:
            self.restore(type(record), record.id)
            self.select_record(record.id)

    def restore(self, model: type[Record], record_id: Any) -> None:
        try:
            with self.context.unit_of_work() as session:
                current = session.get(model, record_id)
                if current is not None:
                    registry.undelete(session, current)
        except Exception as error:
            show_error(self, error)
            return
        self.context.notify(PAGE_KIND[self.kind])

    def show_history(self) -> HistoryDialog | None:
        record = self.selected_record()
        if record is None:
            return None
        dialog = HistoryDialog(self.context, record, self.record_title(record), self)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self.dialogs.remove(dialog) if dialog in self.dialogs else None)
        dialog.open()
        return dialog

    def import_file(self) -> None:
        from carematch.gui.transfer_dialogs import ImportDialog

        dialog = ImportDialog(self.context, self.kind, self)
        self.dialogs.append(dialog)
        dialog.open()

    def export_file(self) -> None:
        from carematch.gui.transfer_dialogs import export_records

        export_records(self.context, self.kind, self)


class ResidentsPage(RegistryPage):
    kind = "residents"
    model_class = Resident

    def title(self) -> str:
        return tr("老年人")

    def search_hint(self) -> str:
        return tr("姓名、拼音首字母(wxy)、身份证尾号、电话")

    def columns(self) -> list[Column]:
        return resident_columns()

    def source(self) -> Any:
        return ResidentSource()

    def add_filters(self, bar: QHBoxLayout) -> None:
        self.township_filter = self.township_combo()
        self.township_filter.currentIndexChanged.connect(self.fill_villages)
        self.village_filter = compact_combo()
        self.village_filter.setObjectName("village_filter")
        self.village_filter.addItem(tr("全部村(社区)"), None)
        self.village_filter.currentIndexChanged.connect(self.apply_filters)
        self.ability_filter = self.enum_combo("ability_filter", tr("全部能力等级"), AbilityLevel)
        self.assistance_filter = self.enum_combo("assistance_filter", tr("全部保障类别"), Assistance)
        self.need_filter = self.enum_combo("need_filter", tr("全部需求"), NeedKind)
        self.unmatched_filter = QCheckBox(tr("仅未匹配"))
        self.unmatched_filter.setObjectName("unmatched_filter")
        self.unmatched_filter.setToolTip(tr("只看还有需求没有派单的老年人"))
        self.unmatched_filter.toggled.connect(self.apply_filters)
        for widget in (
            self.township_filter,
            self.village_filter,
            self.ability_filter,
            self.assistance_filter,
            self.need_filter,
            self.unmatched_filter,
        ):
            bar.addWidget(widget)

    def enum_combo(self, name: str, everything: str, enum_class: Any) -> QComboBox:
        box = compact_combo()
        box.setObjectName(name)
        box.addItem(everything, None)
        for member in enum_class:
            box.addItem(member.label(self.context.lang), member)
        box.currentIndexChanged.connect(self.apply_filters)
        return box

    def fill_villages(self) -> None:
        township = self.township_filter.currentData()
        self.village_filter.blockSignals(True)
        self.village_filter.clear()
        self.village_filter.addItem(tr("全部村(社区)"), None)
        if township:
            with self.context.reading() as session:
                names = session.scalars(
                    select(Village.name)
                    .join(Township, Village.township_id == Township.id)
                    .where(Township.name == township, Village.deleted_at.is_(None))
                    .order_by(Village.name)
                )
                for name in names:
                    self.village_filter.addItem(name, name)
        self.village_filter.blockSignals(False)

    def current_source(self) -> Any:
        return ResidentSource().with_filters(
            text=self.search.text(),
            township=self.township_filter.currentData(),
            village=self.village_filter.currentData(),
            ability=self.ability_filter.currentData(),
            assistance=self.assistance_filter.currentData(),
            need=self.need_filter.currentData(),
            unmatched=True if self.unmatched_filter.isChecked() else None,
            include_deleted=self.show_deleted.isChecked(),
        )

    def record_title(self, record: Any) -> str:
        return f"{record.name}（{mask_citizen_id(record.citizen_id)}）"


class CentresPage(RegistryPage):
    kind = "centres"
    model_class = CareCentre

    def title(self) -> str:
        return tr("照护机构")

    def columns(self) -> list[Column]:
        return centre_columns()


class MealPointsPage(RegistryPage):
    kind = "meal-points"
    model_class = MealPoint

    def title(self) -> str:
        return tr("助餐点")

    def columns(self) -> list[Column]:
        return meal_point_columns()


class CaregiversPage(RegistryPage):
    kind = "caregivers"
    model_class = Caregiver

    def title(self) -> str:
        return tr("护理员")

    def search_hint(self) -> str:
        return tr("查找：姓名、编号、村、电话")

    def columns(self) -> list[Column]:
        return caregiver_columns()
