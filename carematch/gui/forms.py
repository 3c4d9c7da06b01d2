"""Add/edit forms for residents and providers, built from the registry's field table.

The form hands what the clerk typed to `registry.validate` (the same rules as import), shows
every fault under its field, and saves through `registry.save` in one unit of work. A record
changed by someone else since the form opened is never overwritten: the clerk sees both
versions side by side.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core import registry
from carematch.core.enums import MEAL_TIMES, SKILLS, SPECIAL_DIETS, WEEKDAYS, CoordSource, CoordSystem, LabelledEnum
from carematch.core.errors import ConflictError, NotFoundError, UserInputError, msg
from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.geo.placement import Placement, place
from carematch.core.models import CareCentre, Caregiver, Record
from carematch.core.validation import CitizenId, parse_citizen_id
from carematch.gui.context import AppContext
from carematch.gui.form_fields import ChoiceList, CoordinateHelper, Field, FieldGrid, combo, line_edit
from carematch.gui.labels import field_label, value_label, values_text
from carematch.gui.tasks import show_error

CHOICES: dict[str, Sequence[str]] = {
    "visit_skills": SKILLS,
    "skills": SKILLS,
    "diet": SPECIAL_DIETS,
    "special_diets": SPECIAL_DIETS,
    "meal_times": MEAL_TIMES,
    "available_days": WEEKDAYS,
}
# Derived from the citizen ID, so not typed (the form shows what the ID says).
DERIVED = {"residents": ("sex", "birth_date")}
# Coordinates that came from a centroid are not the record's own: left blank in the form, so
# moving the record to another village moves it to that village's centre.
OWN_COORDINATES = (CoordSource.GPS, CoordSource.CONVERTED_GCJ02, CoordSource.CONVERTED_BD09, CoordSource.MANUAL)
# The page key (change notices) for each registry kind.
PAGE_KIND = {
    "residents": "residents",
    "centres": "care_centres",
    "meal-points": "meal_points",
    "caregivers": "caregivers",
    "gazetteer": "gazetteer",
}


def display_value(value: Any, lang: str) -> str:
    """A stored value as a clerk reads it."""
    if value is None:
        return ""
    if isinstance(value, LabelledEnum):
        return value.label(lang)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("Yes" if value else "No")
    if isinstance(value, list | tuple):
        return values_text([str(v) for v in value])
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def form_value(value: Any) -> object:
    """A stored value as the form's editor takes it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class RecordForm(QDialog):
    """新增 / 修改 one record of `kind` ("residents", "centres", "meal-points", "caregivers")."""

    saved = Signal(object)

    def __init__(
        self, context: AppContext, kind: str, record: Record | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.setObjectName("record_form")
        self.setModal(True)
        self.existing: Record | None = None
        self.saved_record: Record | None = None
        self.conflict: ConflictDialog | None = None
        noun = self.kind_noun()
        self.setWindowTitle((self.tr("修改{noun}") if record else self.tr("新增{noun}")).format(noun=noun))
        with context.reading() as session:
            self.gazetteer = Gazetteer.load(session)
            centre_codes = list(
                session.scalars(
                    select(CareCentre.code).where(CareCentre.deleted_at.is_(None)).order_by(CareCentre.code)
                )
            )
            values: dict[str, object] = self.new_record_defaults() if record is None else {}
            if record is not None:
                fresh = session.get(type(record), record.id)
                if fresh is None:
                    raise NotFoundError(msg("这条记录已不存在", "This record no longer exists"))
                self.existing = fresh
                values = self.values_of(fresh)

        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("form_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.banner.hide()
        layout.addWidget(self.banner)
        fields = [self.make_field(column, centre_codes) for column in registry.field_table(kind) if self.shown(column)]
        self.grid = FieldGrid(fields, columns=2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid)
        layout.addWidget(scroll, 1)
        # Where the coordinates in the editors came from when pasted or picked (not typed), so
        # the record keeps "converted from GCJ-02" rather than "typed by hand".
        self.coordinate_origin: tuple[float, float, CoordSource] | None = None
        self.coordinates: CoordinateHelper | None = None
        lon_editor, lat_editor = (self.grid.fields[n].editor if n in self.grid.fields else None for n in ("lon", "lat"))
        if isinstance(lon_editor, QLineEdit) and isinstance(lat_editor, QLineEdit):
            self.coordinates = CoordinateHelper(lon_editor, lat_editor, context, self)
            self.coordinates.filled.connect(self.coordinates_filled)
            layout.addWidget(self.coordinates)
        # Tests and demos replay recorded answers through this (an OnlineGeocoder per session).
        self.online_geocoder_factory: Any = None
        self.derived = QLabel()
        self.derived.setObjectName("derived")
        self.derived.setStyleSheet("color: #555;")
        if kind == "residents":
            layout.addWidget(self.derived)
            id_editor = self.grid.fields["citizen_id"].editor
            assert isinstance(id_editor, QLineEdit)
            id_editor.textChanged.connect(self.show_derived)
        self.warnings = QLabel()
        self.warnings.setObjectName("form_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a6d00;")
        self.warnings.hide()
        layout.addWidget(self.warnings)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_record")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.grid.set_values(values)
        self.show_derived()
        self.resize(980, 660)

    def new_record_defaults(self) -> dict[str, object]:
        """The station's default radii (设置) for a new provider."""
        radius = self.context.radius_default
        defaults: dict[str, dict[str, object]] = {
            "centres": {"service_radius_km": f"{radius('default_centre_radius_km'):g}"},
            "meal-points": {
                "dine_in_radius_km": f"{radius('default_dine_in_radius_km'):g}",
                "delivery_radius_km": f"{radius('default_delivery_radius_km'):g}",
            },
            "caregivers": {"service_radius_km": f"{radius('default_caregiver_radius_km'):g}"},
        }
        return defaults.get(self.kind, {})

    def kind_noun(self) -> str:
        return {
            "residents": self.tr("老年人"),
            "centres": self.tr("照护机构"),
            "meal-points": self.tr("助餐点"),
            "caregivers": self.tr("护理员"),
        }[self.kind]

    # --- building -----------------------------------------------------------------------

    def shown(self, column: registry.Field) -> bool:
        return column.name not in DERIVED.get(self.kind, ())

    def make_field(self, column: registry.Field, centre_codes: list[str]) -> Field:
        lang = self.context.lang
        label = field_label(column.zh)
        editor: QWidget
        if column.enum is not None:
            editor = combo([(member.label(lang), member) for member in column.enum])
            if not column.required and column.default is None:
                editor.insertItem(0, "", None)
            default = column.default_value()
            if default is not None:
                editor.setCurrentIndex(editor.findData(default))
        elif column.name in CHOICES:
            choices = CHOICES[column.name]
            per_row = {"available_days": 7, "meal_times": 2, "diet": 4, "special_diets": 4}.get(column.name, 3)
            editor = ChoiceList(choices, columns=per_row)
            for choice, box in editor.boxes.items():
                box.setText(value_label(choice))
        elif column.default is False:
            editor = QCheckBox(self.tr("是"))
        elif column.name == "notes":
            editor = QPlainTextEdit()
            editor.setFixedHeight(60)
        elif column.name == "centre_code":
            editor = combo([("", ""), *((code, code) for code in centre_codes)], editable=True)
        else:
            editor = line_edit(max_length=200)
            if column.name == "citizen_id":
                editor.setMaxLength(18)
                editor.setPlaceholderText(self.tr("18位，最后一位可为X"))
            elif column.name in ("lon", "lat"):
                editor.setPlaceholderText(self.tr("可不填：按村(社区)中心定位"))
            elif column.default not in (None, "") and not callable(column.default):
                editor.setPlaceholderText(form_value(column.default_value()).__str__())
        return Field(column.name, label, editor, required=column.required)

    def values_of(self, record: Record) -> dict[str, object]:
        values: dict[str, object] = {}
        for column in registry.field_table(self.kind):
            if column.name == "centre_code":
                centre = record.centre if isinstance(record, Caregiver) else None
                values["centre_code"] = centre.code if centre is not None else ""
            elif column.name == "coord_system":
                continue
            elif column.stored:
                values[column.name] = form_value(getattr(record, column.name, None))
        if getattr(record, "coord_source", None) not in OWN_COORDINATES:
            values["lon"] = values["lat"] = ""
        return values

    def show_derived(self) -> None:
        if self.kind != "residents":
            return
        text = str(self.grid.fields["citizen_id"].value())
        try:
            person: CitizenId = parse_citizen_id(text)
        except UserInputError:
            self.derived.setText(self.tr("出生日期和性别由身份证号自动得出"))
            return
        self.derived.setText(
            self.tr("按身份证号：出生日期 {birth}，性别 {sex}").format(
                birth=person.birth_date.isoformat(), sex=person.sex.label(self.context.lang)
            )
        )

    # --- saving -------------------------------------------------------------------------

    def typed_values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, value in self.grid.values().items():
            values[name] = "、".join(value) if isinstance(value, list) else value
        return values

    def show_validation(self, validated: registry.Validated) -> None:
        lang = self.context.lang
        errors = {name: [m.text(lang) for m in messages] for name, messages in validated.errors.items()}
        leftover = self.grid.show_errors(errors)
        count = sum(len(texts) for texts in errors.values())
        if count:
            self.banner.setText(
                self.tr("有 {n} 处需要改正（见红字），没有保存").format(n=count)
                + ("\n" + "\n".join(leftover) if leftover else "")
            )
            self.banner.show()
            first = self.grid.first_error()
            if first is not None:
                first.editor.setFocus()
        else:
            self.banner.hide()
        if validated.warnings:
            self.warnings.setText("\n".join(m.text(lang) for m in validated.warnings))
            self.warnings.show()
        else:
            self.warnings.hide()

    def coordinates_filled(self, lon: float, lat: float, source: CoordSource) -> None:
        self.coordinate_origin = (round(lon, 6), round(lat, 6), source)
        if "coord_system" in self.grid.fields:  # the editors now hold WGS-84
            self.grid.fields["coord_system"].set_value(CoordSystem.WGS84)
        for name in ("lon", "lat"):
            self.grid.fields[name].clear_error()

    def keep_coordinate_origin(self, validated: registry.Validated) -> None:
        if self.coordinate_origin is None:
            return
        lon, lat, source = self.coordinate_origin
        saved_lon, saved_lat = validated.fields.get("lon"), validated.fields.get("lat")
        if not (isinstance(saved_lon, float) and isinstance(saved_lat, float)):
            return
        if abs(saved_lon - lon) < 1e-6 and abs(saved_lat - lat) < 1e-6:
            validated.fields["coord_source"], validated.fields["coord_error_m"] = source, source.error_m

    def placed_online(self, session: Session, values: dict[str, object]) -> Placement | None:
        """When the station turned online geocoding on (设置) and the gazetteer cannot place the
        record from its names and address, ask online (cached); None when not needed or not found."""
        if self.context.setting("online_geocoding", "0") != "1" or values.get("lon") or values.get("lat"):
            return None
        names = {key: str(values.get(key) or "") for key in ("township", "village", "address")}
        if not any(names.values()):
            return None
        township, village, address = names["township"], names["village"], names["address"]
        try:
            place(self.gazetteer, township=township, village=village, address=address)
            return None  # the gazetteer places it: no need to ask anyone
        except UserInputError:
            pass
        # Imported when used: geopy is not loaded by stations that never turn this on.
        from carematch.core.geo.online import OnlineGeocoder, place_or_ask_online

        factory = self.online_geocoder_factory or OnlineGeocoder
        # One lookup (cached, at most one a second) takes a moment: the clerk sees the wait cursor.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            placement = place_or_ask_online(
                session, self.gazetteer, township=township, village=village, address=address, online=factory(session)
            )
        except UserInputError:
            return None  # the offline message stands (validate shows it under the field)
        finally:
            QApplication.restoreOverrideCursor()
        return placement

    def save(self) -> bool:
        """Validate and save; True when saved (the dialog then closes)."""
        values = self.typed_values()
        validated: registry.Validated | None = None
        try:
            with self.context.unit_of_work() as session:
                online = self.placed_online(session, values)
                if online is not None:
                    values |= {"lon": f"{online.lon}", "lat": f"{online.lat}", "coord_system": CoordSystem.WGS84}
                validated = registry.validate(self.kind, values, session=session, gazetteer=self.gazetteer)
                if online is not None and validated.ok:
                    validated.fields["coord_source"], validated.fields["coord_error_m"] = online.source, online.error_m
                    validated.warnings.extend(online.warnings)
                else:
                    self.keep_coordinate_origin(validated)
                self.show_validation(validated)
                if not validated.ok:
                    return False
                record = registry.save(session, self.kind, validated, existing=self.existing)
        except ConflictError as error:
            assert validated is not None
            self.show_conflict(validated, error)
            return False
        except UserInputError as error:
            self.show_save_refusal(error)
            return False
        except Exception as error:  # an unexpected fault: clerk message with details, form kept open
            show_error(self, error)
            return False
        self.saved_record = record
        self.context.notify(PAGE_KIND[self.kind])
        self.saved.emit(record)
        self.accept()
        return True

    def show_save_refusal(self, error: UserInputError) -> None:
        key = registry.KEY_FIELD[self.kind]
        text = error.text(self.context.lang)
        self.grid.fields[key].show_errors([text])
        self.banner.setText(self.tr("没有保存：{reason}").format(reason=text))
        self.banner.show()

    def show_conflict(self, validated: registry.Validated, error: ConflictError) -> None:
        assert self.existing is not None
        with self.context.reading() as session:
            saved = session.get(type(self.existing), self.existing.id)
            history = registry.history(session, self.existing.id)
        self.banner.setText(error.text(self.context.lang))
        self.banner.show()
        self.conflict = ConflictDialog(self.context, self.kind, validated.fields, self.existing, saved, history, self)
        if saved is not None:
            self.conflict.accepted.connect(lambda: self.load_saved_version(saved))
        self.conflict.open()

    def load_saved_version(self, saved: Record) -> None:
        """Start again from the version someone else saved (the clerk chose so in the conflict dialog)."""
        self.existing = saved
        self.grid.clear_errors()
        self.grid.set_values(self.values_of(saved))
        self.banner.setText(self.tr("已载入别人保存的版本，请在此基础上重新修改"))


class ConflictDialog(QDialog):
    """Someone else saved this record first: yours and the saved version, field by field."""

    def __init__(
        self,
        context: AppContext,
        kind: str,
        yours: dict[str, Any],
        opened: Record,
        saved: Record | None,
        history: Sequence[registry.HistoryEntry],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.setWindowTitle(self.tr("别人已修改了这条记录"))
        lang = context.lang
        layout = QVBoxLayout(self)
        last = history[-1] if history else None
        who = (last.actor or self.tr("未署名")) if last else self.tr("未署名")
        when = f"{last.at:%Y-%m-%d %H:%M}" if last else ""
        intro = QLabel(
            self.tr(
                "在您打开这条记录之后，{who} 于 {when} 保存了修改。您的修改没有保存，已保存的内容也没有被覆盖。\n"
                "下表列出两边不同的内容。"
            ).format(who=who, when=when)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels([self.tr("项目"), self.tr("您的修改"), self.tr("已保存的版本")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows: list[tuple[str, str, str]] = []
        for column in registry.field_table(kind):
            if column.name not in yours:
                continue
            mine = display_value(yours[column.name], lang)
            theirs = display_value(getattr(saved, column.name, None), lang) if saved is not None else ""
            if mine != theirs:
                self.rows.append((field_label(column.zh), mine, theirs))
        for label, mine, theirs in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for index, text in enumerate((label, mine, theirs)):
                item = QTableWidgetItem(text)
                if index == 1:
                    item.setForeground(Qt.GlobalColor.darkBlue)
                self.table.setItem(row, index, item)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton(self.tr("载入已保存的版本再改"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("返回"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)
