"""Table models over the registry: lazy pages of rows, so 50,000 residents open at once.

The model asks its source for the row count and the first page; Qt's views call
canFetchMore/fetchMore as the clerk scrolls, and the next page is read then. Sorting is done by
the database (an ORDER BY on an indexed column), never by loading every row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from carematch.core import search
from carematch.core.enums import AbilityLevel, Assistance, NeedKind
from carematch.core.models import Record, Resident

PAGE_SIZE = 100
"""Rows read per page: four screens of a table; more are read as the clerk scrolls."""
ModelIndex = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.UserRole,
    }
)
_GREY = QBrush(QColor("#999999"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    key: str
    header: Callable[[], str]
    value: Callable[[Any], str]
    sort: Any = None
    """The SQL expression the database sorts by (None: not sortable)."""
    numeric: bool = False
    width: int = 110
    reverse: bool = False
    """Ascending on screen is descending in the database (age shown, birth date stored)."""


class RecordSource(Protocol):
    def count(self, session: Session) -> int: ...

    def fetch(self, session: Session, offset: int, limit: int, order: ColumnElement[Any] | None) -> list[Any]: ...


@dataclass(frozen=True)
class ResidentFilters:
    text: str = ""
    township: str | None = None
    village: str | None = None
    ability: AbilityLevel | None = None
    assistance: Assistance | None = None
    need: NeedKind | None = None
    unmatched: bool | None = None
    include_deleted: bool = False

    def arguments(self) -> dict[str, Any]:
        return {
            "township": self.township,
            "village": self.village,
            "ability": self.ability,
            "assistance": self.assistance,
            "need": self.need,
            "unmatched": self.unmatched,
            "include_deleted": self.include_deleted,
        }


@dataclass
class ResidentSource:
    """Residents through the registry's search (indexed text match and filters)."""

    filters: ResidentFilters = field(default_factory=ResidentFilters)

    def count(self, session: Session) -> int:
        return search.count_residents(session, self.filters.text, **self.filters.arguments())

    def fetch(self, session: Session, offset: int, limit: int, order: ColumnElement[Any] | None) -> list[Any]:
        # The registry's search orders by pinyin only; another column is sorted on the same
        # filtered query (search exposes no order parameter yet; without it, pinyin order).
        filtered = getattr(search, "_filtered", None)
        if order is None or filtered is None:
            return search.search_residents(
                session, self.filters.text, limit=limit, offset=offset, **self.filters.arguments()
            )
        query = filtered(select(Resident), self.filters.text, **self.filters.arguments())
        return list(session.scalars(query.order_by(order, Resident.id).limit(limit).offset(offset)))

    def with_filters(self, **changes: Any) -> ResidentSource:
        return ResidentSource(replace(self.filters, **changes))


@dataclass
class ProviderSource:
    """Care centres, meal points or caregivers (hundreds to a few thousand rows per county)."""

    model: type[Record]
    text: str = ""
    township: str | None = None
    include_deleted: bool = False
    include_closed: bool = True

    def _where(self) -> list[ColumnElement[bool]]:
        model: Any = self.model
        conditions: list[ColumnElement[bool]] = []
        if not self.include_deleted:
            conditions.append(model.deleted_at.is_(None))
        if not self.include_closed:
            conditions.append(model.closed.is_(False))
        if self.township:
            conditions.append(model.township == self.township)
        text = self.text.strip()
        if text:
            conditions.append(
                or_(
                    model.name.contains(text),
                    model.code.startswith(text.upper()),
                    model.village.startswith(text),
                    model.phone.startswith(text),
                )
            )
        return conditions

    def count(self, session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(self.model).where(*self._where())) or 0)

    def fetch(self, session: Session, offset: int, limit: int, order: ColumnElement[Any] | None) -> list[Any]:
        model: Any = self.model
        ordering = [order] if order is not None else [model.township, model.code]
        query = select(model).where(*self._where()).order_by(*ordering, model.id).limit(limit).offset(offset)
        return list(session.scalars(query))


class RecordTableModel(QAbstractTableModel):
    def __init__(self, session_factory: Callable[[], Any], columns: Sequence[Column], source: RecordSource) -> None:
        super().__init__()
        self._reading = session_factory
        self.columns = list(columns)
        self.source = source
        self.rows: list[Any] = []
        self._texts: dict[int, list[str]] = {}
        self.total = 0
        self.order: ColumnElement[Any] | None = None
        self._deleted_font = QFont()
        self._deleted_font.setItalic(True)

    # --- loading ------------------------------------------------------------------------

    def set_source(self, source: RecordSource) -> None:
        self.source = source
        self.reload()

    def reload(self) -> None:
        with self._reading() as session:
            total = self.source.count(session)
            rows = self.source.fetch(session, 0, PAGE_SIZE, self.order)
        self.beginResetModel()
        self.total = total
        self.rows = rows
        self._texts = {}
        self.endResetModel()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self.rows) >= self.total:
            return
        with self._reading() as session:
            more = self.source.fetch(session, len(self.rows), PAGE_SIZE, self.order)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            return
        expression = self.columns[column].sort
        descending = (order == Qt.SortOrder.DescendingOrder) != self.columns[column].reverse
        self.order = expression.desc() if descending else expression.asc()
        self.reload()

    # --- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header()
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per cell; the ones this model answers are settled
        # first and the texts of a row are computed once, so a repaint stays cheap.
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            texts = self._texts.get(row)
            if texts is None:
                record = self.rows[row]
                texts = self._texts[row] = [column.value(record) for column in self.columns]
            return texts[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[index.column()].numeric else None
        record = self.rows[row]
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        deleted = getattr(record, "deleted_at", None) is not None
        if role == Qt.ItemDataRole.FontRole:
            return self._deleted_font if deleted else None
        if deleted or getattr(record, "closed", False):  # ForegroundRole
            return _GREY
        return None

    # --- records ------------------------------------------------------------------------

    def record(self, row: int) -> Any:
        return self.rows[row]

    def row_of(self, record_id: uuid.UUID) -> int | None:
        return next((row for row, record in enumerate(self.rows) if record.id == record_id), None)


def age_text(birth: dt.date | None, today: dt.date | None = None) -> str:
    if birth is None:
        return ""
    today = today or dt.date.today()
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))
