"""The 地图 page: the offline county map with layer toggles, record details on click, and picking coordinates.

Also `CoordinatePickerDialog`, which the registry forms can open to take a longitude and latitude
from the map (`CoordinatePickerDialog.pick(parent, context) -> (lon, lat) | None`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core import assignments as lifecycle
from carematch.core.errors import CareMatchError
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, Township, Village
from carematch.gui.map_data import MapData, load_map_data
from carematch.gui.map_tiles import MBTiles
from carematch.gui.map_view import LAYERS, MapView
from carematch.gui.workbench_common import as_uuid, lang_of, mask_citizen_id, muted_label, show_failure

# Setting that remembers the station's offline background map file (optional).
BACKGROUND_KEY = "map_mbtiles"


def _km(value: float, lang: str) -> str:
    return f"{value:g} 公里" if lang == "zh" else f"{value:g} km"


def record_details(session: Session, kind: str, record_id: uuid.UUID, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """A title and (field, value) lines describing a record for the side panel, in the window's language."""
    zh = lang == "zh"

    def label(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    def placed(record: Any) -> list[tuple[str, str]]:
        lines = [(label("乡镇/村", "Township/village"), f"{record.township} {record.village}".strip())]
        if record.address:
            lines.append((label("地址", "Address"), record.address))
        if record.lon is not None and record.lat is not None:
            where = f"{record.lon:.5f}, {record.lat:.5f}"
            if record.coord_source is not None:
                where += f"（{record.coord_source.label(lang)}）" if zh else f" ({record.coord_source.label(lang)})"
            lines.append((label("经纬度", "Lon, lat"), where))
        return lines

    if kind == "resident":
        resident = session.get(Resident, record_id)
        if resident is None:
            return label("记录已不存在", "Record no longer exists"), []
        today = dt.date.today()
        age = (
            today.year
            - resident.birth_date.year
            - ((today.month, today.day) < (resident.birth_date.month, resident.birth_date.day))
        )
        lines = [
            (label("身份证号", "Citizen ID"), mask_citizen_id(resident.citizen_id)),
            (label("性别/年龄", "Sex/age"), f"{resident.sex.label(lang)} {age}"),
            (label("能力等级", "Ability"), resident.ability.label(lang)),
            (label("保障类别", "Assistance"), resident.assistance.label(lang)),
            (label("居住情况", "Living"), resident.living.label(lang)),
            (label("电话", "Phone"), resident.phone),
            *placed(resident),
            (
                label("服务需求", "Needs"),
                ("、" if zh else ", ").join(k.label(lang) for k in resident.needs()) or label("无", "none"),
            ),
        ]
        for assignment in session.scalars(
            select(Assignment).where(
                Assignment.resident_id == resident.id,
                Assignment.deleted_at.is_(None),
                Assignment.status.in_(lifecycle.OPEN_STATUSES),
            )
        ):
            lines.append(
                (assignment.kind.label(lang), f"{assignment.provider.name}（{assignment.status.label(lang)}）")
            )
        return resident.name, lines
    if kind == "meal_point":
        point = session.get(MealPoint, record_id)
        if point is None:
            return label("记录已不存在", "Record no longer exists"), []
        lines = [
            (label("编号", "Code"), point.code),
            (label("日供餐能力", "Meals a day"), str(point.daily_capacity)),
            (label("剩余名额", "Room left"), str(lifecycle.room_left(session, point))),
            (label("堂食半径", "Dine-in radius"), _km(point.dine_in_radius_km, lang)),
            (
                label("送餐半径", "Delivery radius"),
                _km(point.delivery_radius_km, lang) if point.delivers else label("不送餐", "no delivery"),
            ),
            (label("联系人/电话", "Contact/phone"), f"{point.contact} {point.phone}".strip()),
            *placed(point),
        ]
        return point.name, lines
    if kind == "care_centre":
        centre = session.get(CareCentre, record_id)
        if centre is None:
            return label("记录已不存在", "Record no longer exists"), []
        lines = [
            (label("编号", "Code"), centre.code),
            (label("类型", "Type"), centre.centre_type.label(lang)),
            (label("认知障碍床位", "Dementia beds"), str(centre.dementia_beds)),
            (label("剩余床位", "Beds left"), str(lifecycle.room_left(session, centre))),
            (label("服务半径", "Service radius"), _km(centre.service_radius_km, lang)),
            (label("联系人/电话", "Contact/phone"), f"{centre.contact} {centre.phone}".strip()),
            *placed(centre),
        ]
        return centre.name, lines
    if kind == "caregiver":
        caregiver = session.get(Caregiver, record_id)
        if caregiver is None:
            return label("记录已不存在", "Record no longer exists"), []
        lines = [
            (label("编号", "Code"), caregiver.code),
            (label("证书等级", "Certificate"), caregiver.cert_level.label(lang)),
            (label("技能", "Skills"), "、".join(caregiver.skills)),
            (label("可服务日", "Days"), "、".join(caregiver.available_days)),
            (label("剩余名额", "Room left"), str(lifecycle.room_left(session, caregiver))),
            (label("服务半径", "Service radius"), _km(caregiver.service_radius_km, lang)),
            (label("电话", "Phone"), caregiver.phone),
            *placed(caregiver),
        ]
        return caregiver.name, lines
    if kind == "village":
        village = session.get(Village, record_id)
        if village is None:
            return label("记录已不存在", "Record no longer exists"), []
        lines = [
            (label("乡镇(街道)", "Township"), village.township.name),
            (label("老年人口", "Elderly (60+)"), str(village.elderly_population)),
        ]
        if village.lon is not None and village.lat is not None:
            lines.append((label("经纬度", "Lon, lat"), f"{village.lon:.5f}, {village.lat:.5f}"))
        return village.name, lines
    township = session.get(Township, record_id)
    if township is None:
        return label("记录已不存在", "Record no longer exists"), []
    villages = [v for v in township.villages if v.deleted_at is None]
    lines = [
        (label("村(社区)数", "Villages"), str(len(villages))),
        (label("老年人口", "Elderly (60+)"), str(sum(v.elderly_population for v in villages))),
    ]
    return township.name, lines


class MapPage(QWidget):
    """Signals: recordActivated(kind, id) when a record is clicked; coordinatePicked(lon, lat) in pick mode."""

    recordActivated = Signal(str, str)
    coordinatePicked = Signal(float, float)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = lang_of(context)
        self.map = MapView(lang=self.lang)
        self.map.setObjectName("county_map")
        self.map.setMinimumSize(480, 360)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        title = QLabel(self.tr("地图"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        header.addWidget(title)
        header.addSpacing(12)
        self.layer_boxes: dict[str, QCheckBox] = {}
        titles = self.layer_titles()
        for name in LAYERS:
            box = QCheckBox(titles[name])
            box.setObjectName(f"layer_{name}")
            box.toggled.connect(lambda on, layer=name: self.map.set_layer_visible(layer, on))
            header.addWidget(box)
            self.layer_boxes[name] = box
        header.addStretch(1)
        layout.addLayout(header)

        tools = QHBoxLayout()
        self.fit_button = QPushButton(self.tr("全县"))
        self.fit_button.setObjectName("fit_all")
        self.zoom_in_button = QPushButton(self.tr("放大"))
        self.zoom_out_button = QPushButton(self.tr("缩小"))
        self.pick_button = QPushButton(self.tr("在地图上取坐标"))
        self.pick_button.setObjectName("pick_mode")
        self.pick_button.setCheckable(True)
        self.coordinate_label = muted_label(self.tr("滚轮缩放，按住左键拖动，单击查看记录"))
        self.coordinate_label.setObjectName("picked_coordinates")
        self.coordinate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.background_button = QPushButton(self.tr("背景地图…"))
        self.background_button.setObjectName("map_background")
        self.background_button.setToolTip(self.tr("可选：显示本机的离线 MBTiles 地图文件作为底图；不选也能正常使用"))
        self.background_box = QCheckBox(self.tr("显示底图"))
        self.background_box.setObjectName("show_background")
        self.background_box.setEnabled(False)
        for button in (self.fit_button, self.zoom_in_button, self.zoom_out_button, self.pick_button):
            tools.addWidget(button)
        tools.addWidget(self.coordinate_label, 1)
        tools.addWidget(self.background_box)
        tools.addWidget(self.background_button)
        layout.addLayout(tools)

        side = QFrame()
        side.setObjectName("map_side")
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side.setMinimumWidth(250)
        side_layout = QVBoxLayout(side)
        self.details_title = QLabel(self.tr("单击地图上的点查看记录"))
        self.details_title.setObjectName("map_details_title")
        self.details_title.setWordWrap(True)
        self.details_title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.details = QWidget()
        self.details.setObjectName("map_details")
        self.details_form = QFormLayout(self.details)
        self.details_form.setContentsMargins(0, 4, 0, 4)
        self.details_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.details_values: dict[str, str] = {}
        self.open_button = QPushButton(self.tr("打开记录"))
        self.open_button.setObjectName("open_record")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self._open_current)
        legend = QLabel(self.legend_html())
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #444;")
        side_layout.addWidget(self.details_title)
        side_layout.addWidget(self.details)
        side_layout.addWidget(self.open_button)
        side_layout.addStretch(1)
        side_layout.addWidget(legend)
        splitter = QSplitter()
        splitter.addWidget(self.map)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.current: tuple[str, uuid.UUID] | None = None
        self.fit_button.clicked.connect(self.map.fit_all)
        self.zoom_in_button.clicked.connect(lambda: self.map.zoom_by(1.5))
        self.zoom_out_button.clicked.connect(lambda: self.map.zoom_by(1 / 1.5))
        self.pick_button.toggled.connect(self.set_pick_mode)
        self.map.placeActivated.connect(self.show_record)
        self.map.placeOpened.connect(self.open_place)
        self.map.coordinatePicked.connect(self._picked)
        self._stale = False
        changed = getattr(context, "changed", None)
        if changed is not None:
            changed.connect(self._on_changed)
        self.background_button.clicked.connect(self.choose_background)
        self.background_box.toggled.connect(self._show_background)
        self.reload()
        for name, box in self.layer_boxes.items():
            box.setChecked(self.map.layer_visible(name))
        self._restore_background()

    # -- optional offline background -----------------------------------------------------------

    def _restore_background(self) -> None:
        setting = getattr(self.context, "setting", None)
        path = setting(BACKGROUND_KEY, "") if callable(setting) else ""
        if path and Path(path).is_file():
            # A background that no longer opens is simply not shown; the map works without it.
            with contextlib.suppress(CareMatchError):
                self.set_background_file(Path(path))

    def set_background_file(self, path: Path | None) -> None:
        """Show an MBTiles file under the map (None: none). Raises UserInputError for a file that is not one."""
        tiles = MBTiles(path) if path is not None else None
        self.map.set_background(tiles)
        self.background_box.setEnabled(tiles is not None)
        self.background_box.setChecked(tiles is not None)

    def _show_background(self, on: bool) -> None:
        if self.map.background is not None:
            self.map.background.setVisible(on)

    def choose_background(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择离线地图文件"), str(Path.home()), self.tr("MBTiles 地图 (*.mbtiles);;所有文件 (*)")
        )
        if not path:
            return
        try:
            self.set_background_file(Path(path))
        except CareMatchError as error:
            show_failure(self, self.tr("背景地图"), error, self.lang)
            return
        saver = getattr(self.context, "save_settings", None)
        if callable(saver):
            saver({BACKGROUND_KEY: path})

    def layer_titles(self) -> dict[str, str]:
        return {
            "townships": self.tr("乡镇(街道)"),
            "villages": self.tr("村(社区)"),
            "meal_points": self.tr("助餐点"),
            "care_centres": self.tr("照护机构"),
            "caregivers": self.tr("护理员"),
            "residents": self.tr("老年人"),
            "meal_coverage": self.tr("助餐覆盖范围"),
            "caregiver_coverage": self.tr("护理员服务范围"),
        }

    def legend_html(self) -> str:
        items = [
            ("■", "#e07b00", self.tr("助餐点（实线圈：堂食半径，虚线圈：送餐半径）")),
            ("▲", "#c62828", self.tr("照护机构")),
            ("●", "#1565c0", self.tr("护理员（点线圈：服务半径）")),
            ("●", "#d32f2f", self.tr("有待匹配需求的老年人")),
            ("●", "#2e7d32", self.tr("需求都已派单的老年人")),
            ("●", "#8a8a8a", self.tr("未登记服务需求的老年人")),
        ]
        rows = "".join(
            f"<tr><td style='color:{colour}; padding-right:6px'>{symbol}</td><td>{html.escape(text)}</td></tr>"
            for symbol, colour, text in items
        )
        return f"<table>{rows}</table>"

    def reload(self) -> None:
        with self.context.store.reading() as session:
            data = load_map_data(session)
        self.set_map_data(data)

    def set_map_data(self, data: MapData) -> None:
        self.map.set_map_data(data, keep_view=bool(self.map.layers))

    def refresh(self) -> None:
        self.reload()

    def _on_changed(self, kind: str) -> None:
        if kind in ("residents", "care_centres", "meal_points", "caregivers", "assignments", "gazetteer"):
            # A hidden page reloads when it is next shown, not on every change made elsewhere.
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def set_pick_mode(self, on: bool) -> None:
        self.map.set_pick_mode(on)
        if self.pick_button.isChecked() != on:
            self.pick_button.setChecked(on)
        if on:
            self.coordinate_label.setText(self.tr("单击地图取经纬度（WGS-84）"))

    def _picked(self, lon: float, lat: float) -> None:
        text = f"{lon:.6f}, {lat:.6f}"
        self.coordinate_label.setText(self.tr("经度, 纬度：{coords}（已复制）").format(coords=text))
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self.coordinatePicked.emit(lon, lat)

    def show_record(self, kind: str, record_id: str) -> None:
        identifier = as_uuid(record_id)
        with self.context.store.reading() as session:
            title, lines = record_details(session, kind, identifier, self.lang)
        self.current = (kind, identifier)
        self.details_title.setText(title)
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        self.details_values = dict(lines)
        for name, value in lines:
            caption = QLabel(name)
            caption.setStyleSheet("color: #666;")
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_form.addRow(caption, shown)
        # Villages and townships have no registry form to open.
        openable = kind not in ("village", "township")
        self.open_button.setVisible(openable and callable(getattr(self.context, "open_record", None)))
        self.recordActivated.emit(kind, record_id)

    def open_place(self, kind: str, record_id: str) -> None:
        """A double click on a record: its registry page and form (AppContext.open_record)."""
        opener = getattr(self.context, "open_record", None)
        if callable(opener):
            opener(kind, record_id)

    def _open_current(self) -> None:
        opener = getattr(self.context, "open_record", None)
        if self.current is not None and callable(opener):
            opener(self.current[0], str(self.current[1]))


class CoordinatePickerDialog(QDialog):
    """A map to click on: returns the WGS-84 longitude and latitude clicked."""

    def __init__(self, context: Any, parent: QWidget | None = None, lon: float | None = None, lat: float | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("在地图上取坐标"))
        self.resize(900, 650)
        self.picked: tuple[float, float] | None = None
        layout = QVBoxLayout(self)
        self.label = muted_label(self.tr("单击地图上的位置，再按“确定”"))
        layout.addWidget(self.label)
        self.map = MapView(lang=lang_of(context))
        with context.store.reading() as session:
            self.map.set_map_data(load_map_data(session, residents=False))
        self.map.set_pick_mode(True)
        if lon is not None and lat is not None:
            self.map.show_focus(lon, lat, [])
        layout.addWidget(self.map, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.map.coordinatePicked.connect(self._picked)

    def _picked(self, lon: float, lat: float) -> None:
        self.picked = (lon, lat)
        self.map.show_focus(lon, lat, [], fit=False)
        self.label.setText(self.tr("经度, 纬度：{coords}").format(coords=f"{lon:.6f}, {lat:.6f}"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    @classmethod
    def pick(
        cls, parent: QWidget | None, context: Any, lon: float | None = None, lat: float | None = None
    ) -> tuple[float, float] | None:
        dialog = cls(context, parent, lon, lat)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.picked
        return None
