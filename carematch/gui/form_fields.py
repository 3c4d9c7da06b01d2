"""Form rows with an inline error line under each editor, shared by the record forms and settings.

A clerk sees every fault at once, in words, under the field it belongs to, and nothing is
saved until all are put right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

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
