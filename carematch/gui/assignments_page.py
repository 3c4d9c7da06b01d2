"""The 派单 page: every assignment by status, filtered, with bulk confirm / start / end / cancel."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from carematch.core import assignments as lifecycle
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.errors import CareMatchError
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, Township
from carematch.gui.workbench_common import (
    STATUS_COLOURS,
    RowsModel,
    actor_of,
    error_message,
    lang_of,
    mask_citizen_id,
    muted_label,
    notify,
    show_failure,
)

REMATCH_FILTER = "rematch"
# The newest this many are listed; filters narrow the rest (a clerk does not scroll 20,000 rows).
ROW_LIMIT = 5_000
SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class AssignmentRow:
    key: object  # the id as the database returns it; `id` builds the UUID when asked
    status: AssignmentStatus
    kind: NeedKind
    resident_name: str
    citizen_id: str
    township: str
    village: str
    provider_name: str
    distance_m: int | None
    delivery: bool
    changed_at: dt.datetime | None
    changed_by: str
    needs_rematch: bool
    rematch_reason: str

    @property
    def id(self) -> uuid.UUID:
        return self.key if isinstance(self.key, uuid.UUID) else uuid.UUID(str(self.key))


# Status and kind are read as their stored text and looked up here: tens of thousands of rows
# through the model's enum type cost most of the page's loading time.
_STATUS_BY_VALUE = {str(status.value): status for status in AssignmentStatus}
_KIND_BY_VALUE = {str(kind.value): kind for kind in NeedKind}


def load_assignment_rows(
    session: Session,
    *,
    status: str | None = None,
    kind: NeedKind | None = None,
    township: str | None = None,
    text: str = "",
    limit: int = ROW_LIMIT,
) -> list[AssignmentRow]:
    """The assignments matching the filters, newest change first, in one query."""
    meal = aliased(MealPoint)
    centre = aliased(CareCentre)
    caregiver = aliased(Caregiver)
    provider_name = func.coalesce(meal.name, centre.name, caregiver.name, "")
    query = (
        select(
            type_coerce(Assignment.id, String),
            type_coerce(Assignment.status, String),
            type_coerce(Assignment.kind, String),
            Resident.name,
            Resident.citizen_id,
            Resident.township,
            Resident.village,
            provider_name,
            Assignment.distance_m,
            Assignment.delivery,
            Assignment.updated_at,
            Assignment.changed_by,
            Assignment.needs_rematch,
            Assignment.rematch_reason,
        )
        .join(Resident, Assignment.resident_id == Resident.id)
        .outerjoin(meal, Assignment.meal_point_id == meal.id)
        .outerjoin(centre, Assignment.care_centre_id == centre.id)
        .outerjoin(caregiver, Assignment.caregiver_id == caregiver.id)
        .where(Assignment.deleted_at.is_(None))
    )
    if status == REMATCH_FILTER:
        query = query.where(Assignment.needs_rematch.is_(True))
    elif status:
        query = query.where(Assignment.status == AssignmentStatus(status))
    if kind is not None:
        query = query.where(Assignment.kind == kind)
    if township:
        query = query.where(Resident.township == township)
    text = text.strip()
    if text:
        pattern = f"%{text}%"
        query = query.where(
            or_(
                Resident.name.like(pattern),
                Resident.name_initials.like(f"{text.lower()}%"),
                Resident.citizen_id.like(pattern),
                Resident.village.like(pattern),
                provider_name.like(pattern),
            )
        )
    query = query.order_by(Assignment.updated_at.desc(), Assignment.id).limit(limit)
    rows = []
    for row in session.execute(query):
        values = list(cast(tuple[Any, ...], row))
        values[1] = _STATUS_BY_VALUE[values[1]]
        values[2] = _KIND_BY_VALUE[values[2]]
        rows.append(AssignmentRow(*values))
    return rows


def status_counts(session: Session) -> dict[str, int]:
    counts: dict[str, int] = {str(status.value): 0 for status in AssignmentStatus}
    for status, count in session.execute(
        select(Assignment.status, func.count()).where(Assignment.deleted_at.is_(None)).group_by(Assignment.status)
    ):
        counts[str(status.value)] = int(count)
    counts[REMATCH_FILTER] = int(
        session.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.deleted_at.is_(None), Assignment.needs_rematch.is_(True))
        )
        or 0
    )
    return counts


def apply_to_assignments(
    session: Session,
    ids: list[uuid.UUID],
    action: Callable[[Session, Assignment, str], Assignment],
    actor: str,
) -> tuple[int, list[tuple[str, CareMatchError]]]:
    """Apply one lifecycle step to each assignment; refused ones are listed with the reason, the rest done."""
    done = 0
    refused: list[tuple[str, CareMatchError]] = []
    for assignment_id in ids:
        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            continue
        try:
            action(session, assignment, actor)
        except CareMatchError as error:
            refused.append((assignment.resident.name, error))
        else:
            done += 1
    return done, refused


class AssignmentsPage(QWidget):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = lang_of(context)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("派单"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        self.counts_label = muted_label()
        self.counts_label.setObjectName("assignment_counts")
        layout.addWidget(self.counts_label)

        filters = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(self.tr("全部状态"), "")
        for status in AssignmentStatus:
            self.status_filter.addItem(status.label(self.lang), status.value)
        self.status_filter.addItem(self.tr("需重新匹配"), REMATCH_FILTER)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind_filter")
        self.kind_filter.addItem(self.tr("全部服务"), "")
        for kind in NeedKind:
            self.kind_filter.addItem(kind.label(self.lang), kind.value)
        self.township_filter = QComboBox()
        self.township_filter.setObjectName("township_filter")
        self.search_box = QLineEdit()
        self.search_box.setObjectName("assignment_search")
        self.search_box.setPlaceholderText(self.tr("姓名、拼音首字母、身份证号、村或服务机构"))
        self.search_box.setClearButtonEnabled(True)
        for label, widget in (
            (self.tr("状态"), self.status_filter),
            (self.tr("服务"), self.kind_filter),
            (self.tr("乡镇(街道)"), self.township_filter),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_box, 1)
        layout.addLayout(filters)

        self.model = RowsModel(
            [
                (self.tr("状态"), self._status_text, self._status_colour),
                (self.tr("服务"), lambda r: r.kind.label(self.lang) + (self.tr("(送餐)") if r.delivery else ""), None),
                (self.tr("老年人"), lambda r: r.resident_name, None),
                (self.tr("身份证号"), lambda r: mask_citizen_id(r.citizen_id), None),
                (self.tr("乡镇(街道)"), lambda r: r.township, None),
                (self.tr("村(社区)"), lambda r: r.village, None),
                (self.tr("服务机构/护理员"), lambda r: r.provider_name, None),
                (self.tr("距离"), self._distance_text, None),
                (self.tr("更新时间"), lambda r: r.changed_at.strftime("%Y-%m-%d %H:%M") if r.changed_at else "", None),
                (self.tr("操作人"), lambda r: r.changed_by, None),
                (self.tr("重新匹配原因"), lambda r: r.rematch_reason if r.needs_rematch else "", self._rematch_colour),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("assignments_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Column widths from the first rows, not all twenty thousand.
        self.table.horizontalHeader().setResizeContentsPrecision(200)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.selection_label = muted_label()
        actions.addWidget(self.selection_label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, action in (
            ("confirm", self.tr("确认所选"), lifecycle.confirm),
            ("activate", self.tr("开始服务"), lifecycle.activate),
            ("end", self.tr("结束服务"), lifecycle.end),
            ("cancel", self.tr("取消派单"), lifecycle.cancel),
        ):
            button = QPushButton(text)
            button.setObjectName(f"bulk_{key}")
            button.clicked.connect(lambda _checked=False, a=action, t=text: self.apply_to_selected(a, t))
            actions.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(actions)

        self.status_filter.currentIndexChanged.connect(self.reload)
        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.township_filter.currentIndexChanged.connect(self.reload)
        # Typing waits for a pause before querying, so each keystroke does not reload the table.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search_box.textChanged.connect(self.search_timer.start)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._stale = False
        changed = getattr(context, "changed", None)
        if changed is not None:
            changed.connect(self._on_changed)
        self._load_townships()
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def _load_townships(self) -> None:
        self.township_filter.blockSignals(True)
        current = self.township_filter.currentData()
        self.township_filter.clear()
        self.township_filter.addItem(self.tr("全部乡镇"), "")
        with self.context.store.reading() as session:
            for name in session.scalars(
                select(Township.name).where(Township.deleted_at.is_(None)).order_by(Township.name)
            ):
                self.township_filter.addItem(name, name)
        index = self.township_filter.findData(current)
        self.township_filter.setCurrentIndex(max(index, 0))
        self.township_filter.blockSignals(False)

    def reload(self) -> None:
        kind_value = self.kind_filter.currentData()
        with self.context.store.reading() as session:
            rows = load_assignment_rows(
                session,
                status=self.status_filter.currentData() or None,
                kind=NeedKind(kind_value) if kind_value else None,
                township=self.township_filter.currentData() or None,
                text=self.search_box.text(),
            )
            counts = status_counts(session)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        parts = [f"{status.label(self.lang)} {counts[str(status.value)]}" for status in AssignmentStatus]
        parts.append(self.tr("需重新匹配 {n}").format(n=counts[REMATCH_FILTER]))
        if len(rows) >= ROW_LIMIT:
            shown = self.tr("显示最新的 {n} 条，可用筛选缩小范围").format(n=len(rows))
        else:
            shown = self.tr("显示 {n} 条").format(n=len(rows))
        self.counts_label.setText("  ·  ".join(parts) + "    " + shown)
        self._selection_changed()

    def refresh(self) -> None:
        self._load_townships()
        self.reload()

    def _on_changed(self, kind: str) -> None:
        if kind in ("assignments", "residents", "meal_points", "care_centres", "caregivers", "gazetteer"):
            # A hidden page reloads when it is next shown, not on every change made elsewhere.
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row).id for row in rows]

    def select_all(self) -> None:
        self.table.selectAll()

    def _selection_changed(self, *_: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(
            self.tr("已选 {n} 条").format(n=count) if count else self.tr("可按住 Ctrl 或 Shift 多选")
        )
        for button in self.buttons.values():
            button.setEnabled(count > 0)

    # -- actions ---------------------------------------------------------------------------

    def apply_to_selected(
        self, action: Callable[[Session, Assignment, str], Assignment], title: str
    ) -> tuple[int, int]:
        ids = self.selected_ids()
        if not ids:
            return 0, 0
        try:
            with self.context.store.unit_of_work(actor=actor_of(self.context)) as session:
                done, refused = apply_to_assignments(session, ids, action, actor_of(self.context))
        except Exception as error:
            show_failure(self, title, error, self.lang)
            return 0, len(ids)
        notify(self.context, "assignments")
        self.reload()
        if refused:
            lines = [f"{name}：{error_message(error, self.lang)}" for name, error in refused[:12]]
            if len(refused) > 12:
                lines.append(self.tr("……另有 {n} 条").format(n=len(refused) - 12))
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setObjectName("bulk_result")
            box.setWindowTitle(title)
            box.setText(self.tr("已处理 {done} 条，{refused} 条未处理：").format(done=done, refused=len(refused)))
            box.setInformativeText("\n".join(lines))
            box.open()
        return done, len(refused)

    # -- presentation ------------------------------------------------------------------------

    def _status_text(self, row: AssignmentRow) -> str:
        text = row.status.label(self.lang)
        return text + " ⚑" if row.needs_rematch else text

    @staticmethod
    def _status_colour(row: AssignmentRow) -> QColor | None:
        return STATUS_COLOURS.get(row.status)

    @staticmethod
    def _rematch_colour(row: AssignmentRow) -> QColor | None:
        return QColor("#c62828") if row.needs_rematch else None

    def _distance_text(self, row: AssignmentRow) -> str:
        if row.distance_m is None:
            return ""
        return f"{row.distance_m / 1000:.1f} 公里" if self.lang == "zh" else f"{row.distance_m / 1000:.1f} km"
