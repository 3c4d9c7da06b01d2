"""设置: the station's own details and logo, default radii, the operator's name and the language."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carematch.core import backups, paths
from carematch.core.errors import CareMatchError
from carematch.core.validation import parse_coordinates, parse_float_in_range, parse_phone
from carematch.gui.context import LANGUAGE_KEY, OPERATOR_KEY, RADIUS_DEFAULTS, AppContext
from carematch.gui.form_fields import CoordinateHelper, Field, FieldGrid, combo, line_edit
from carematch.gui.widgets import hint, page_title

RADIUS_LIMITS_KM = (0.1, 100.0)
# The Setting carematch.core.geo.online reads (kept here as text so this page does not load geopy).
ONLINE_GEOCODING_KEY = "online_geocoding"
# The Setting carematch.core.printing.layout reads: a path to the logo printed in every page header.
LOGO_KEY = "station_logo"
LOGO_FORMATS = (b"png", b"jpeg")  # what the PDF printer embeds
LOGO_MAX_BYTES = 10_000_000
LOGO_PREVIEW_PX = 56


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


class LogoRefused(Exception):
    """A chosen file that cannot be the station logo; str() is the clerk's sentence."""


def logo_folder() -> Path:
    folder = paths.data_dir() / "logo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_logo_copy(chosen: Path) -> Path:
    """Check that `chosen` is a readable PNG or JPEG and copy it into the user's data folder
    (named by its content), so printing does not depend on a USB stick or a download folder."""
    if not chosen.is_file():
        raise LogoRefused(tr("找不到这个文件：{path}").format(path=chosen))
    if chosen.stat().st_size > LOGO_MAX_BYTES:
        raise LogoRefused(tr("图片太大（超过 10 MB），请选一个小一些的 PNG 或 JPG 图片"))
    reader = QImageReader(str(chosen))
    reader.setDecideFormatFromContent(True)
    kind = bytes(reader.format().data())
    if kind not in LOGO_FORMATS:
        raise LogoRefused(tr("“{name}”不是 PNG 或 JPG 图片，请选择 PNG 或 JPG 格式的图标").format(name=chosen.name))
    if reader.read().isNull():
        raise LogoRefused(tr("“{name}”读不出来，文件可能已损坏，请换一个图片").format(name=chosen.name))
    data = chosen.read_bytes()
    suffix = ".png" if kind == b"png" else ".jpg"
    target = logo_folder() / f"station-logo-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    if not target.exists():
        partial = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(chosen, partial)
        partial.replace(target)  # never a half-copied logo under the final name
    return target


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        outer = QVBoxLayout(self)
        outer.addWidget(page_title(self.tr("设置")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        station = QGroupBox(self.tr("本站信息（打印在服务卡和派单表上）"))
        self.station = FieldGrid(
            [
                Field("station_name", self.tr("站点名称"), line_edit(self.tr("如：南浔镇居家养老服务中心"), 60)),
                Field("station_phone", self.tr("联系电话"), line_edit(self.tr("如：0572-3012345"), 24)),
                Field("station_address", self.tr("地址"), line_edit("", 120)),
                Field("station_lon", self.tr("经度"), line_edit(self.tr("如：120.4183"), 20)),
                Field("station_lat", self.tr("纬度"), line_edit(self.tr("如：30.8722"), 20)),
            ]
        )
        station_layout = QVBoxLayout(station)
        station_layout.addWidget(self.station)
        lon_editor, lat_editor = self.station.fields["station_lon"].editor, self.station.fields["station_lat"].editor
        assert isinstance(lon_editor, QLineEdit) and isinstance(lat_editor, QLineEdit)
        self.station_coordinates = CoordinateHelper(lon_editor, lat_editor, context, self)
        station_layout.addWidget(self.station_coordinates)
        station_layout.addLayout(self.logo_row())
        layout.addWidget(station)

        online = QGroupBox(self.tr("联网查找地址（可选）"))
        online_layout = QVBoxLayout(online)
        self.online_geocoding = QCheckBox(self.tr("地名库里找不到的地址，联网查找位置"))
        self.online_geocoding.setObjectName("online_geocoding")
        online_layout.addWidget(self.online_geocoding)
        online_note = hint(
            self.tr(
                "不联网，程序的全部功能照常使用：位置按经纬度或地名库定位。打开后，地名库里找不到的地址"
                "会发送给 OpenStreetMap 的 Nominatim 在线服务查找位置（每秒最多一次，查到的结果保存在本机，"
                "同一地址只查一次），定位后请核对。默认关闭。"
            )
        )
        online_note.setObjectName("online_geocoding_note")
        online_note.setWordWrap(True)
        online_layout.addWidget(online_note)
        layout.addWidget(online)

        radii = QGroupBox(self.tr("新登记服务机构的默认服务半径（公里）"))
        self.radii = FieldGrid(
            [
                Field("default_dine_in_radius_km", self.tr("助餐点堂食半径"), line_edit("1.0", 8)),
                Field("default_delivery_radius_km", self.tr("助餐点送餐半径"), line_edit("3.0", 8)),
                Field("default_centre_radius_km", self.tr("照护机构服务半径"), line_edit("10.0", 8)),
                Field("default_caregiver_radius_km", self.tr("护理员服务半径"), line_edit("5.0", 8)),
            ],
            columns=2,
        )
        QVBoxLayout(radii).addWidget(self.radii)
        layout.addWidget(radii)

        person = QGroupBox(self.tr("操作员与语言"))
        self.person = FieldGrid(
            [
                Field(
                    OPERATOR_KEY,
                    self.tr("操作员姓名"),
                    line_edit(self.tr("记录在修改历史中"), 40),
                    tip=self.tr("每一次保存都以这个名字记入修改历史"),
                ),
                Field(LANGUAGE_KEY, self.tr("界面语言"), combo([("中文", "zh"), ("English", "en")])),
            ]
        )
        QVBoxLayout(person).addWidget(self.person)
        layout.addWidget(person)

        self.backup_box = QGroupBox(self.tr("自动备份"))
        backup_layout = QVBoxLayout(self.backup_box)
        self.backup_info = QLabel()
        self.backup_info.setObjectName("backup_info")
        self.backup_info.setWordWrap(True)
        self.backup_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        backup_layout.addWidget(self.backup_info)
        layout.addWidget(self.backup_box)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.saved_label = hint("")
        self.saved_label.setObjectName("saved_label")
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.setObjectName("save_settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("放弃修改"))
        self.revert_button.clicked.connect(self.load)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.load()

    # --- station logo -------------------------------------------------------------------

    def logo_row(self) -> QHBoxLayout:
        self.logo_path = ""
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("站点图标")))
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logo_preview")
        self.logo_preview.setFixedSize(LOGO_PREVIEW_PX + 8, LOGO_PREVIEW_PX + 8)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("QLabel#logo_preview { border: 1px solid #c8ccd2; background: white; }")
        row.addWidget(self.logo_preview)
        self.choose_logo_button = QPushButton(self.tr("选择图标…"))
        self.choose_logo_button.setObjectName("choose_logo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.clear_logo_button = QPushButton(self.tr("清除"))
        self.clear_logo_button.setObjectName("clear_logo")
        self.clear_logo_button.clicked.connect(self.clear_logo)
        row.addWidget(self.choose_logo_button)
        row.addWidget(self.clear_logo_button)
        self.logo_message = hint("")
        self.logo_message.setObjectName("logo_message")
        self.logo_message.setWordWrap(True)
        row.addWidget(self.logo_message, 1)
        return row

    def choose_logo(self) -> bool:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择站点图标"), str(Path.home()), self.tr("PNG 或 JPG 图片 (*.png *.jpg *.jpeg)")
        )
        return self.use_logo_file(Path(chosen)) if chosen else False

    def use_logo_file(self, chosen: Path) -> bool:
        """Keep a copy of `chosen` as the logo (saved with 保存设置); False with a message when refused."""
        try:
            kept = keep_logo_copy(chosen)
        except LogoRefused as refusal:
            self.say_logo(str(refusal), error=True)
            return False
        except OSError as error:
            self.say_logo(self.tr("图片复制不了：{reason}").format(reason=error.strerror or error), error=True)
            return False
        self.show_logo(str(kept))
        self.say_logo(self.tr("已复制到本机数据文件夹；点“保存设置”后打印时使用"), error=False)
        return True

    def clear_logo(self) -> None:
        self.show_logo("")
        self.say_logo(self.tr("点“保存设置”后打印时不再印图标"), error=False)

    def show_logo(self, path: str) -> None:
        self.logo_path = path
        self.clear_logo_button.setEnabled(bool(path))
        picture = QPixmap(path) if path else QPixmap()
        if picture.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("无") if not path else "?")
            return
        self.logo_preview.setPixmap(
            picture.scaled(
                LOGO_PREVIEW_PX,
                LOGO_PREVIEW_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def say_logo(self, text: str, *, error: bool) -> None:
        self.logo_message.setStyleSheet("color: #c0392b;" if error else "color: #555;")
        self.logo_message.setText(text)

    @property
    def grids(self) -> tuple[FieldGrid, ...]:
        return (self.station, self.radii, self.person)

    def field(self, name: str) -> Field:
        for grid in self.grids:
            if name in grid.fields:
                return grid.fields[name]
        raise KeyError(name)

    def load(self) -> None:
        settings = self.context.load_settings()
        for grid in self.grids:
            grid.clear_errors()
            grid.set_values({name: settings.get(name, RADIUS_DEFAULTS.get(name, "")) for name in grid.fields})
        self.field(LANGUAGE_KEY).set_value(self.context.lang)
        self.field(OPERATOR_KEY).set_value(self.context.actor)
        self.online_geocoding.setChecked(settings.get(ONLINE_GEOCODING_KEY, "0") == "1")
        logo = settings.get(LOGO_KEY, "")
        self.show_logo(logo)
        if logo and not Path(logo).is_file():
            self.say_logo(self.tr("图标文件找不到了：{path}，请重新选择").format(path=logo), error=True)
        else:
            self.say_logo(self.tr("印在服务卡和派单表的页眉上（PNG 或 JPG）"), error=False)
        self.saved_label.setText("")
        self.show_backups()

    def show_backups(self) -> None:
        file = self.context.store.file
        if file is None:
            self.backup_info.setText(self.tr("数据库在服务器上，由服务器负责备份。"))
            return
        lines = [self.tr("数据库文件：{path}\n每天第一次打开程序时自动备份一次。").format(path=file)]
        folder = backups.backup_folder(self.context.store)
        lines.append(self.tr("备份文件夹：{path}（保留最近 {n} 份）").format(path=folder, n=backups.KEPT))
        found = backups.list_backups(self.context.store)
        if found:
            newest = found[0]
            lines.append(
                self.tr("最近一次备份：{day}，{size} MB；共 {n} 份").format(
                    day=newest.day.isoformat(), size=f"{newest.size / 1e6:.1f}", n=len(found)
                )
            )
        else:
            lines.append(self.tr("还没有自动备份"))
        self.backup_info.setText("\n".join(lines))

    def checked_values(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """The values to store, and the clerk's messages per field for those that cannot be used."""
        lang = self.context.lang
        values: dict[str, str] = {}
        errors: dict[str, list[str]] = {}
        for grid in self.grids:
            for name, value in grid.values().items():
                values[name] = str(value).strip()
        values[ONLINE_GEOCODING_KEY] = "1" if self.online_geocoding.isChecked() else "0"
        values[LOGO_KEY] = self.logo_path
        if values["station_phone"]:
            try:
                values["station_phone"] = parse_phone(values["station_phone"])
            except CareMatchError as error:
                errors["station_phone"] = [error.text(lang)]
        lon, lat = values["station_lon"], values["station_lat"]
        if lon or lat:
            try:
                place = parse_coordinates(lon, lat)
                values["station_lon"], values["station_lat"] = f"{place.lon:.6f}", f"{place.lat:.6f}"
            except CareMatchError as error:
                target = "station_lat" if lon and not lat else "station_lon"
                errors[target] = [error.text(lang)]
        for name in RADIUS_DEFAULTS:
            try:
                radius = parse_float_in_range(values[name], *RADIUS_LIMITS_KM, "半径", "radius")
                values[name] = f"{radius:g}"
            except CareMatchError as error:
                errors[name] = [error.text(lang)]
        return values, errors

    def save(self) -> bool:
        values, errors = self.checked_values()
        for grid in self.grids:
            grid.show_errors(errors)
        if errors:
            self.saved_label.setText(self.tr("有 {n} 处需要改正，设置没有保存").format(n=len(errors)))
            return False
        language_changes = values[LANGUAGE_KEY] != self.context.lang
        self.context.save_settings(values)
        if not language_changes:  # a language change rebuilds this page
            self.saved_label.setText(self.tr("设置已保存"))
        return True
