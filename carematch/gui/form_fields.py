"""Form rows with an inline error line under each editor, shared by the record forms and settings.

A clerk sees every fault at once, in words, under the field it belongs to, and nothing is
saved until all are put right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import Lang, UserInputError
from carematch.core.geo.pasted import read_pasted_coordinates

ERROR_STYLE = "color: #c0392b;"
INVALID_STYLE = "border: 1px solid #c0392b;"


class ChoiceList(QWidget):
    """Several check boxes in a wrapped grid, for list fields (skills, weekdays, diets)."""

    def __init__(self, choices: Sequence[str], columns: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        self.boxes: dict[str, QCheckBox] = {}
        for index, choice in enumerate(choices):
            box = QCheckBox(choice)
            self.boxes[choice] = box
            layout.addWidget(box, index // columns, index % columns)

    def values(self) -> list[str]:
        return [choice for choice, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: Iterable[str]) -> None:
        chosen = set(values)
        for choice, box in self.boxes.items():
            box.setChecked(choice in chosen)


class Field:
    """One labelled editor with its error line; value() gives what the clerk typed or chose."""

    def __init__(self, name: str, label: str, editor: QWidget, *, required: bool = False, tip: str = "") -> None:
        self.name = name
        self.label = QLabel(label + ("<span style='color:#c0392b'> *</span>" if required else ""))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.editor = editor
        editor.setObjectName(f"field_{name}")
        if tip:
            editor.setToolTip(tip)
        self.error = QLabel()
        self.error.setObjectName(f"error_{name}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self._plain_style = editor.styleSheet()

    def value(self) -> object:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            return editor.text().strip()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText().strip()
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return data if data is not None else editor.currentText()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, ChoiceList):
            return editor.values()
        raise TypeError(type(editor))

    def set_value(self, value: object) -> None:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.setCursorPosition(0)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0:
                index = editor.findText(str(value))
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, ChoiceList):
            editor.set_values(value if isinstance(value, list | tuple) else [])

    def show_errors(self, texts: Sequence[str]) -> None:
        if texts:
            self.error.setText("；".join(texts))
            self.error.show()
            if isinstance(self.editor, QLineEdit | QComboBox | QPlainTextEdit):
                self.editor.setStyleSheet(INVALID_STYLE)
        else:
            self.clear_error()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        self.editor.setStyleSheet(self._plain_style)

    @property
    def has_error(self) -> bool:
        return not self.error.isHidden()


def line_edit(placeholder: str = "", max_length: int = 200) -> QLineEdit:
    editor = QLineEdit()
    editor.setPlaceholderText(placeholder)
    editor.setMaxLength(max_length)
    return editor


def combo(items: Iterable[tuple[str, object]], editable: bool = False) -> QComboBox:
    editor = QComboBox()
    editor.setEditable(editable)
    for text, data in items:
        editor.addItem(text, data)
    return editor


class FieldGrid(QWidget):
    """Fields laid out as label | editor rows in one or two columns, each with its error line."""

    def __init__(self, fields: Sequence[Field], columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = {field.name: field for field in fields}
        # Each column is its own grid, so a tall editor in one column (notes, a list of check
        # boxes, an error line) does not stretch the rows beside it.
        columns_layout = QHBoxLayout(self)
        columns_layout.setContentsMargins(0, 0, 0, 0)
        columns_layout.setSpacing(24)
        rows_per_column = (len(fields) + columns - 1) // columns
        for column in range(columns):
            grid = QGridLayout()
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(2)
            grid.setColumnStretch(1, 1)
            chunk = fields[column * rows_per_column : (column + 1) * rows_per_column]
            for row, field in enumerate(chunk):
                holder = QWidget()
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 2, 0, 2)
                box.setSpacing(1)
                box.addWidget(field.editor)
                box.addWidget(field.error)
                field.label.setContentsMargins(0, 5, 0, 0)
                grid.addWidget(field.label, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
                grid.addWidget(holder, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.setRowStretch(len(chunk), 1)
            columns_layout.addLayout(grid, 1)

    def values(self) -> dict[str, object]:
        return {name: field.value() for name, field in self.fields.items()}

    def set_values(self, values: dict[str, object]) -> None:
        for name, value in values.items():
            if name in self.fields:
                self.fields[name].set_value(value)

    def show_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put each message under its field; return those that belong to no field shown."""
        leftover: list[str] = []
        for name, field in self.fields.items():
            field.show_errors(errors.get(name, []))
        for name, texts in errors.items():
            if name not in self.fields:
                leftover.extend(texts)
        return leftover

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.clear_error()

    def first_error(self) -> Field | None:
        return next((field for field in self.fields.values() if field.has_error), None)


class CoordinateHelper(QWidget):
    """粘贴坐标 and 在地图上选 beside a pair of 经度/纬度 editors, which it fills in WGS-84.

    Staff copy a point from a phone (GPS, WGS-84) or a map app (高德/腾讯 GCJ-02, 百度 BD-09);
    the app chosen says which, and the point is converted before it reaches the editors, so a
    clerk never types shifted coordinates. `filled(lon, lat, source)` tells where they came from.
    """

    filled = Signal(float, float, object)

    def __init__(
        self, lon_editor: QLineEdit, lat_editor: QLineEdit, context: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("coordinate_helper")
        self.context = context
        self.lon_editor = lon_editor
        self.lat_editor = lat_editor
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("粘贴坐标")))
        self.paste = line_edit(self.tr("如 120.4301,30.7132 或 30.7132, 120.4301"), 120)
        self.paste.setObjectName("paste_coordinates")
        self.paste.returnPressed.connect(self.apply_paste)
        row.addWidget(self.paste, 1)
        self.app = combo(
            [
                (self.tr("GPS / 手机定位"), CoordSystem.WGS84),
                (self.tr("高德地图"), CoordSystem.GCJ02),
                (self.tr("腾讯地图"), CoordSystem.GCJ02),
                (self.tr("百度地图"), CoordSystem.BD09),
            ]
        )
        self.app.setObjectName("paste_app")
        self.app.setToolTip(self.tr("坐标是从哪里复制的：高德、腾讯和百度的坐标有偏移，程序会换算成 GPS 坐标"))
        row.addWidget(self.app)
        self.fill_button = QPushButton(self.tr("填入"))
        self.fill_button.setObjectName("paste_fill")
        self.fill_button.clicked.connect(self.apply_paste)
        row.addWidget(self.fill_button)
        self.pick_button = QPushButton(self.tr("在地图上选…"))
        self.pick_button.setObjectName("pick_on_map")
        self.pick_button.clicked.connect(self.pick_on_map)
        row.addWidget(self.pick_button)
        outer.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("paste_message")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #2e7d32;")
        self.message.setText(text)
        self.message.show()

    def _fill(self, lon: float, lat: float, source: CoordSource) -> None:
        self.lon_editor.setText(f"{lon:.6f}")
        self.lat_editor.setText(f"{lat:.6f}")
        self.filled.emit(lon, lat, source)

    def apply_paste(self) -> bool:
        """Read the pasted text with the chosen app's system; fill the editors, or say what is wrong."""
        lang: Lang = "en" if getattr(self.context, "lang", "zh") == "en" else "zh"
        system = self.app.currentData()
        try:
            point = read_pasted_coordinates(self.paste.text(), system)
        except UserInputError as error:
            self._say(error.text(lang), error=True)
            return False
        self._fill(point.lon, point.lat, point.source)
        text = self.tr("已填入 GPS(WGS-84) 坐标：经度 {lon}，纬度 {lat}").format(
            lon=f"{point.lon:.6f}", lat=f"{point.lat:.6f}"
        )
        if system is not CoordSystem.WGS84:
            text += self.tr("（由{app}坐标 {shown} 换算）").format(
                app=self.app.currentText(), shown=f"{point.shown_lon:.6f},{point.shown_lat:.6f}"
            )
        notes = [warning.text(lang) for warning in point.warnings]
        self._say("；".join([text, *notes]), error=False)
        return True

    def current_point(self) -> tuple[float | None, float | None]:
        try:
            return float(self.lon_editor.text()), float(self.lat_editor.text())
        except ValueError:
            return None, None

    def pick_on_map(self) -> tuple[float, float] | None:
        # The map is imported when first asked for: the forms open without loading it.
        from carematch.gui.map_page import CoordinatePickerDialog

        lon, lat = self.current_point()
        picked = CoordinatePickerDialog.pick(self.window(), self.context, lon, lat)
        if picked is None:
            return None
        self._fill(picked[0], picked[1], CoordSource.MANUAL)
        self._say(
            self.tr("已填入在地图上选的位置：经度 {lon}，纬度 {lat}").format(
                lon=f"{picked[0]:.6f}", lat=f"{picked[1]:.6f}"
            ),
            error=False,
        )
        return picked
