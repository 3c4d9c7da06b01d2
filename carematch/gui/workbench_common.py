"""Helpers the matching, assignments, map and print pages share (window-b)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from carematch.core.enums import AssignmentStatus
from carematch.core.errors import CareMatchError

Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    AssignmentStatus.PROPOSED: QColor("#b26a00"),
    AssignmentStatus.CONFIRMED: QColor("#1f5fa8"),
    AssignmentStatus.ACTIVE: QColor("#2e7d32"),
    AssignmentStatus.ENDED: QColor("#757575"),
    AssignmentStatus.CANCELLED: QColor("#9e9e9e"),
}


def lang_of(context: Any) -> str:
    """The window's language: the context's, else the application's property, else Chinese."""
    lang = getattr(context, "lang", None)
    if lang in ("zh", "en"):
        return str(lang)
    app = QCoreApplication.instance()
    value = app.property("carematch_lang") if app is not None else None
    return "en" if value == "en" else "zh"


def actor_of(context: Any) -> str:
    return str(getattr(context, "actor", "") or "窗口")


def notify(context: Any, kind: str) -> None:
    method = getattr(context, "notify", None)
    if callable(method):
        method(kind)


def error_message(error: BaseException, lang: str) -> str:
    if isinstance(error, CareMatchError):
        return error.text("en" if lang == "en" else "zh")
    return str(error)


def show_failure(parent: QWidget, title: str, error: BaseException, lang: str) -> None:
    """A clerk's message box; unexpected faults go through window-a's box with details on demand."""
    if isinstance(error, CareMatchError):
        # Window-modal and opened, not exec'd: the window keeps painting and nothing waits on it.
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, error_message(error, lang), QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("error_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return
    from carematch.gui.tasks import show_error

    show_error(parent, error)


def mask_citizen_id(citizen_id: str) -> str:
    """First 6 and last 4 shown, as on the service card (DESIGN §6)."""
    if len(citizen_id) <= 10:
        return citizen_id
    return citizen_id[:6] + "*" * (len(citizen_id) - 10) + citizen_id[-4:]


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows; each column is (header, value getter, optional colour getter)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[Any], object], Callable[[Any], QColor | None] | None]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        _header, getter, colour = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getter(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
            return colour(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            value = getter(row)
            return None if value is None else str(value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def row_at(self, row: int) -> Any:
        return self.rows[row]


def as_uuid(value: str | uuid.UUID) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
