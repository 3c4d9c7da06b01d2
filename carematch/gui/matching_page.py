"""The 匹配 workbench: pick a resident, see the providers ranked with the reasons, assign, confirm, cancel.

The batch "自动匹配全部待匹配需求" runs `match_batch` off the GUI thread (window-a's `run_task`,
with a progress dialog and 取消), then `ProposalReviewDialog` shows the proposals; the clerk saves
them as 待确认 and confirms the ticked ones in bulk (that also runs off the GUI thread).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core import assignments as lifecycle
from carematch.core.cancel import CancelToken, Progress
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.errors import CareMatchError
from carematch.core.geo.display import format_distance
from carematch.core.matching import MatchResult, ProviderOption, match_batch, priority_weight, rank_providers
from carematch.core.matching import write_proposals as write_batch_proposals
from carematch.core.models import Assignment, Resident
from carematch.core.search import count_residents, search_residents
from carematch.gui.map_data import load_map_data
from carematch.gui.map_view import MapView
from carematch.gui.workbench_common import (
    STATUS_COLOURS,
    actor_of,
    error_message,
    lang_of,
    mask_citizen_id,
    muted_label,
    notify,
    show_failure,
)

SEARCH_LIMIT = 200
MAP_INELIGIBLE_LINKS = 8
ELIGIBLE_COLOUR = QColor("#2e7d32")
INELIGIBLE_COLOUR = QColor("#8a8a8a")


@dataclass(frozen=True)
class ConfirmOutcome:
    written: int
    confirmed: int
    refused: list[str]


def save_and_confirm(
    session: Session,
    result: MatchResult,
    confirm_keys: set[tuple[uuid.UUID, NeedKind]],
    actor: str,
    lang: str,
    progress: Progress,
    cancel: CancelToken,
) -> ConfirmOutcome:
    """Write the batch's proposals (待确认), then confirm those whose (resident, kind) is in `confirm_keys`."""
    summary = write_batch_proposals(session, result, actor)
    wanted = [(m.resident_id, m.kind) for m in result.assignments if (m.resident_id, m.kind) in confirm_keys]
    refused: list[str] = []
    confirmed = 0
    proposals = {
        (a.resident_id, a.kind): a
        for a in session.scalars(
            select(Assignment)
            .where(
                Assignment.status == AssignmentStatus.PROPOSED,
                Assignment.deleted_at.is_(None),
                Assignment.kind.in_(list(result.kinds)),
            )
            # Loaded with the proposals, so confirming one does not query its resident and provider.
            .options(
                selectinload(Assignment.resident),
                selectinload(Assignment.meal_point),
                selectinload(Assignment.care_centre),
                selectinload(Assignment.caregiver),
            )
        )
    }
    for done, key in enumerate(wanted):
        cancel.raise_if_cancelled()
        progress(done, len(wanted))
        assignment = proposals.get(key)
        if assignment is None:
            continue
        try:
            lifecycle.confirm(session, assignment, actor)
        except CareMatchError as error:
            refused.append(f"{assignment.resident.name}：{error_message(error, lang)}")
        else:
            confirmed += 1
    progress(len(wanted), len(wanted))
    return ConfirmOutcome(summary.created + summary.updated + summary.kept, confirmed, refused)


class ProposalReviewDialog(QDialog):
    """The batch's proposals to review (tick the ones to confirm now) and the needs left open, with why."""

    def __init__(self, result: MatchResult, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.match_result = result
        self.lang = lang
        self.setWindowTitle(self.tr("自动匹配结果"))
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        summary = QLabel(
            self.tr(
                "建议派单 {n} 条，仍无法匹配 {m} 条。勾选的将直接确认，其余保存为“待确认”，可在派单页处理。"
            ).format(n=len(result.assignments), m=len(result.unassigned))
        )
        summary.setWordWrap(True)
        summary.setObjectName("review_summary")
        layout.addWidget(summary)
        tabs = QTabWidget()
        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("确认"),
                self.tr("老年人"),
                self.tr("身份证号"),
                self.tr("服务"),
                self.tr("服务机构/护理员"),
                self.tr("距离"),
                self.tr("优先级"),
            ]
        )
        for match in result.assignments:
            tick = QStandardItem()
            tick.setCheckable(True)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setEditable(False)
            kind_text = match.kind.label(lang) + (self.tr("(送餐)") if match.delivery else "")
            cells = [
                tick,
                QStandardItem(match.resident_name),
                QStandardItem(mask_citizen_id(match.citizen_id)),
                QStandardItem(kind_text),
                QStandardItem(match.provider_name),
                QStandardItem(format_distance(match.distance_m, None, "en" if lang == "en" else "zh")),
                QStandardItem(str(match.weight)),
            ]
            for cell in cells[1:]:
                cell.setEditable(False)
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setObjectName("proposals_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        proposals_tab = QWidget()
        proposals_layout = QVBoxLayout(proposals_tab)
        proposals_layout.addWidget(self.table)
        ticks = QHBoxLayout()
        all_button = QPushButton(self.tr("全选"))
        none_button = QPushButton(self.tr("全不选"))
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button.clicked.connect(lambda: self.set_all(False))
        ticks.addWidget(all_button)
        ticks.addWidget(none_button)
        ticks.addStretch(1)
        proposals_layout.addLayout(ticks)
        tabs.addTab(proposals_tab, self.tr("建议派单 ({n})").format(n=len(result.assignments)))

        self.unassigned = QTableWidget(len(result.unassigned), 5)
        self.unassigned.setObjectName("unassigned_table")
        self.unassigned.setHorizontalHeaderLabels(
            [self.tr("老年人"), self.tr("服务"), self.tr("乡镇(街道)"), self.tr("村(社区)"), self.tr("原因")]
        )
        self.unassigned.verticalHeader().setVisible(False)
        self.unassigned.verticalHeader().setDefaultSectionSize(24)
        self.unassigned.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, need in enumerate(result.unassigned):
            values = [need.name, need.kind.label(lang), need.township, need.village, need.reason.text(_lang(lang))]
            for column, value in enumerate(values):
                self.unassigned.setItem(row, column, QTableWidgetItem(value))
        self.unassigned.resizeColumnsToContents()
        self.unassigned.horizontalHeader().setStretchLastSection(True)
        tabs.addTab(self.unassigned, self.tr("无法匹配 ({n})").format(n=len(result.unassigned)))
        layout.addWidget(tabs, 1)

        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(
            self.tr("保存并确认勾选的"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("save_and_confirm")
        self.save_button = self.buttons.addButton(self.tr("全部保存为待确认"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("save_proposed")
        self.discard_button = self.buttons.addButton(self.tr("放弃"), QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_all_ticked = True
        self.confirm_button.clicked.connect(self._confirm_ticked)
        self.save_button.clicked.connect(self._save_only)
        self.discard_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        if not result.assignments:
            self.confirm_button.setEnabled(False)
            self.save_button.setEnabled(False)

    def set_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item is not None:
                item.setCheckState(state)

    def ticked_keys(self) -> set[tuple[uuid.UUID, NeedKind]]:
        keys = set()
        for row, match in enumerate(self.match_result.assignments):
            item = self.model.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                keys.add((match.resident_id, match.kind))
        return keys

    def _confirm_ticked(self) -> None:
        self.confirm_all_ticked = True
        self.accept()

    def _save_only(self) -> None:
        self.confirm_all_ticked = False
        self.accept()

    def keys_to_confirm(self) -> set[tuple[uuid.UUID, NeedKind]]:
        return self.ticked_keys() if self.confirm_all_ticked else set()


def _lang(lang: str) -> Any:
    return "en" if lang == "en" else "zh"


class MatchingPage(QWidget):
    """Signals: assignmentsChanged() after anything was written (the context is notified too)."""

    assignmentsChanged = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = lang_of(context)
        self.resident_id: uuid.UUID | None = None
        self.options: list[ProviderOption] = []
        self.batch_handle: Any = None
        self.confirm_handle: Any = None
        self.review_dialog: ProposalReviewDialog | None = None
        self.last_outcome: ConfirmOutcome | None = None
        self.current_ids: list[uuid.UUID] = []
        self.resident_location: tuple[float | None, float | None] = (None, None)

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        title = QLabel(self.tr("匹配工作台"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        header.addWidget(title)
        header.addStretch(1)
        self.batch_status = muted_label()
        self.batch_status.setObjectName("batch_status")
        self.batch_status.setWordWrap(False)
        header.addWidget(self.batch_status)
        self.batch_button = QPushButton(self.tr("自动匹配全部待匹配需求…"))
        self.batch_button.setObjectName("auto_assign_all")
        self.batch_button.setToolTip(self.tr("按最短总距离、优先照顾特困和失能老人，为所有待匹配需求给出建议"))
        header.addWidget(self.batch_button)
        layout.addLayout(header)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_search_panel())
        splitter.addWidget(self._build_resident_panel())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 790])
        layout.addWidget(splitter, 1)

        self.batch_button.clicked.connect(self.start_batch)
        changed = getattr(context, "changed", None)
        if changed is not None:
            changed.connect(self._on_changed)
        self._load_map()
        self.run_search()
        self._show_resident(None)
        if self.results.count():
            # Open on the first resident waiting for a match, so the page shows work straight away.
            self.results.setCurrentRow(0)

    # -- building --------------------------------------------------------------------------

    def _build_search_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(200)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("resident_search")
        self.search_box.setPlaceholderText(self.tr("姓名、拼音首字母、身份证后4位、电话"))
        self.search_box.setClearButtonEnabled(True)
        self.need_filter = QComboBox()
        self.need_filter.setObjectName("need_filter")
        self.need_filter.addItem(self.tr("全部需求"), "")
        for kind in NeedKind:
            self.need_filter.addItem(kind.label(self.lang), kind.value)
        self.open_only = QCheckBox(self.tr("只看有待匹配需求的"))
        self.open_only.setObjectName("open_only")
        self.open_only.setChecked(True)
        self.results = QListWidget()
        self.results.setObjectName("resident_results")
        self.results.setAlternatingRowColors(True)
        self.result_count = muted_label()
        layout.addWidget(self.search_box)
        layout.addWidget(self.need_filter)
        layout.addWidget(self.open_only)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.result_count)
        self.search_box.textChanged.connect(self.run_search)
        self.need_filter.currentIndexChanged.connect(self.run_search)
        self.open_only.toggled.connect(self.run_search)
        self.results.currentItemChanged.connect(self._result_chosen)
        return panel

    def _build_resident_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(470)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.resident_title = QLabel()
        self.resident_title.setObjectName("resident_title")
        self.resident_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.resident_facts = muted_label()
        self.resident_facts.setObjectName("resident_facts")
        # Top: who, and their current assignments, beside the small map; below: the providers table.
        top = QHBoxLayout()
        who = QVBoxLayout()
        who.addWidget(self.resident_title)
        who.addWidget(self.resident_facts)
        top.addLayout(who, 1)
        top.addWidget(self._build_map_panel())
        layout.addLayout(top)

        current_box = QGroupBox(self.tr("已有派单"))
        current_layout = QVBoxLayout(current_box)
        self.current_table = QTableWidget(0, 4)
        self.current_table.setObjectName("current_assignments")
        self.current_table.setHorizontalHeaderLabels(
            [self.tr("服务"), self.tr("服务机构/护理员"), self.tr("状态"), self.tr("距离")]
        )
        self.current_table.verticalHeader().setVisible(False)
        self.current_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.current_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.current_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.current_table.horizontalHeader().setStretchLastSection(True)
        self.current_table.setMaximumHeight(130)
        current_layout.addWidget(self.current_table)
        current_buttons = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("确认派单"))
        self.confirm_button.setObjectName("confirm_assignment")
        self.cancel_button = QPushButton(self.tr("取消派单"))
        self.cancel_button.setObjectName("cancel_assignment")
        current_buttons.addStretch(1)
        current_buttons.addWidget(self.confirm_button)
        current_buttons.addWidget(self.cancel_button)
        current_layout.addLayout(current_buttons)
        who.addWidget(current_box, 1)

        options_box = QGroupBox(self.tr("可选的服务机构（由近到远）"))
        options_layout = QVBoxLayout(options_box)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(self.tr("服务需求")))
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("need_kind")
        self.kind_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        kind_row.addWidget(self.kind_box)
        self.show_ineligible = QCheckBox(self.tr("也显示不符合条件的"))
        self.show_ineligible.setObjectName("show_ineligible")
        self.show_ineligible.setChecked(True)
        kind_row.addWidget(self.show_ineligible)
        kind_row.addStretch(1)
        options_layout.addLayout(kind_row)
        self.options_table = QTableWidget(0, 6)
        self.options_table.setObjectName("provider_options")
        self.options_table.setHorizontalHeaderLabels(
            [
                self.tr("可派"),
                self.tr("服务机构/护理员"),
                self.tr("距离"),
                self.tr("剩余名额"),
                self.tr("不符合的原因"),
                self.tr("技能/方式"),
            ]
        )
        self.options_table.verticalHeader().setVisible(False)
        self.options_table.verticalHeader().setDefaultSectionSize(24)
        self.options_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.options_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.options_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.options_table.horizontalHeader().setStretchLastSection(True)
        self.options_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.options_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        options_layout.addWidget(self.options_table, 1)
        assign_row = QHBoxLayout()
        self.option_hint = muted_label()
        assign_row.addWidget(self.option_hint, 1)
        self.assign_button = QPushButton(self.tr("派给所选（待确认）"))
        self.assign_button.setObjectName("assign_selected")
        self.assign_confirm_button = QPushButton(self.tr("派给所选并确认"))
        self.assign_confirm_button.setObjectName("assign_and_confirm")
        assign_row.addWidget(self.assign_button)
        assign_row.addWidget(self.assign_confirm_button)
        options_layout.addLayout(assign_row)
        layout.addWidget(options_box, 1)

        self.kind_box.currentIndexChanged.connect(self._show_options)
        self.show_ineligible.toggled.connect(self._show_options)
        self.options_table.itemSelectionChanged.connect(self._update_buttons)
        self.options_table.itemDoubleClicked.connect(lambda _item: self.assign_selected(confirm=False))
        self.current_table.itemSelectionChanged.connect(self._update_buttons)
        self.assign_button.clicked.connect(lambda: self.assign_selected(confirm=False))
        self.assign_confirm_button.clicked.connect(lambda: self.assign_selected(confirm=True))
        self.confirm_button.clicked.connect(lambda: self.change_current(lifecycle.confirm))
        self.cancel_button.clicked.connect(lambda: self.change_current(lifecycle.cancel))
        return panel

    def _build_map_panel(self) -> QWidget:
        panel = QFrame()
        panel.setFixedWidth(300)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.map = MapView(lang=self.lang)
        self.map.setObjectName("matching_map")
        self.map.setMinimumHeight(220)
        layout.addWidget(self.map, 1)
        legend = muted_label(self.tr("★ 老年人　绿线：可派　灰线：不可派"))
        layout.addWidget(legend)
        self.map.placeActivated.connect(self._map_clicked)
        return panel

    # -- search ------------------------------------------------------------------------------

    def _load_map(self) -> None:
        with self.context.store.reading() as session:
            data = load_map_data(session, residents=False)
        self.map.set_map_data(data)
        self.map.set_layer_visible("meal_coverage", False)

    def run_search(self, *_: object) -> None:
        need_value = self.need_filter.currentData()
        need = NeedKind(need_value) if need_value else None
        unmatched = True if self.open_only.isChecked() else None
        text = self.search_box.text().strip()
        with self.context.store.reading() as session:
            residents = search_residents(session, text, need=need, unmatched=unmatched, limit=SEARCH_LIMIT)
            total = count_residents(session, text, need=need, unmatched=unmatched)
            rows = [(r.id, r.name, r.township, r.village, [k.label(self.lang) for k in r.needs()]) for r in residents]
        self.results.blockSignals(True)
        self.results.clear()
        selected_row = -1
        for index, (resident_id, name, township, village, needs) in enumerate(rows):
            needs_text = ("、" if self.lang == "zh" else ", ").join(needs) or self.tr("无服务需求")
            item = QListWidgetItem(f"{name}　{township}{village}\n{needs_text}")
            item.setData(Qt.ItemDataRole.UserRole, str(resident_id))
            self.results.addItem(item)
            if resident_id == self.resident_id:
                selected_row = index
        if selected_row >= 0:
            self.results.setCurrentRow(selected_row)
        self.results.blockSignals(False)
        if total > len(rows):
            self.result_count.setText(self.tr("共 {total} 人，显示前 {shown} 人").format(total=total, shown=len(rows)))
        else:
            self.result_count.setText(self.tr("共 {total} 人").format(total=total))

    def _result_chosen(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            return
        self.select_resident(uuid.UUID(current.data(Qt.ItemDataRole.UserRole)))

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # -- one resident ---------------------------------------------------------------------

    def select_resident(self, resident_id: uuid.UUID, kind: NeedKind | None = None) -> None:
        self.resident_id = resident_id
        self._show_resident(kind)

    def _show_resident(self, kind: NeedKind | None) -> None:
        self.current_ids = []
        self.current_table.setRowCount(0)
        if self.resident_id is None:
            self.resident_title.setText(self.tr("请在左边查找并选择一位老年人"))
            self.resident_facts.setText(self.tr("可以输入姓名、拼音首字母（如 zxy）、身份证号后几位或电话。"))
            self.kind_box.clear()
            self._fill_options([])
            self.map.clear_focus()
            self._update_buttons()
            return
        with self.context.store.reading() as session:
            resident = session.get(Resident, self.resident_id)
            if resident is None or resident.is_deleted:
                self.resident_id = None
                self._show_resident(None)
                return
            today = dt.date.today()
            born = resident.birth_date
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            weight = priority_weight(resident, today)
            self.resident_title.setText(f"{resident.name}　{mask_citizen_id(resident.citizen_id)}")
            facts = [
                f"{resident.sex.label(self.lang)} {age}岁"
                if self.lang == "zh"
                else f"{resident.sex.label('en')}, {age}",
                f"{resident.township}{resident.village}",
                resident.ability.label(self.lang),
                resident.assistance.label(self.lang),
                resident.living.label(self.lang),
                self.tr("优先级 {w}").format(w=weight),
            ]
            # Who the person is on the first line, what they ask for on the second.
            if resident.dementia:
                facts.append(self.tr("认知障碍"))
            asks = []
            for need in resident.needs():
                if need is NeedKind.HOME_VISIT:
                    skills = ("、" if self.lang == "zh" else ", ").join(resident.visit_skills) or "—"
                    asks.append(
                        self.tr("上门：{skills}，每周 {n} 次").format(skills=skills, n=resident.visits_per_week)
                    )
                elif need is NeedKind.MEAL and resident.need_delivery:
                    asks.append(need.label(self.lang) + self.tr("(送餐)"))
                else:
                    asks.append(need.label(self.lang))
            self.resident_facts.setText("　·　".join(facts) + "\n" + "　·　".join(asks or [self.tr("无服务需求")]))
            self._fill_current(session, resident)
            needs = resident.needs()
            self.resident_location = (resident.lon, resident.lat)
        previous = kind or (NeedKind(self.kind_box.currentData()) if self.kind_box.currentData() else None)
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        for need in needs:
            self.kind_box.addItem(need.label(self.lang), need.value)
        if previous is not None and self.kind_box.findData(previous.value) >= 0:
            self.kind_box.setCurrentIndex(self.kind_box.findData(previous.value))
        self.kind_box.blockSignals(False)
        self._show_options()

    def _fill_current(self, session: Session, resident: Resident) -> None:
        assignments = list(
            session.scalars(
                select(Assignment)
                .where(
                    Assignment.resident_id == resident.id,
                    Assignment.deleted_at.is_(None),
                    Assignment.status.in_(lifecycle.OPEN_STATUSES),
                )
                .order_by(Assignment.kind, Assignment.created_at)
            )
        )
        self.current_ids = [a.id for a in assignments]
        self.current_table.setRowCount(len(assignments))
        for row, assignment in enumerate(assignments):
            status = assignment.status.label(self.lang)
            if assignment.needs_rematch:
                status += self.tr("（需重新匹配）")
            values = [
                assignment.kind.label(self.lang) + (self.tr("(送餐)") if assignment.delivery else ""),
                assignment.provider.name,
                status,
                format_distance(assignment.distance_m, None, _lang(self.lang)),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setForeground(STATUS_COLOURS[assignment.status])
                self.current_table.setItem(row, column, item)
        self.current_table.resizeColumnsToContents()
        if assignments:
            self.current_table.selectRow(0)

    def current_kind(self) -> NeedKind | None:
        value = self.kind_box.currentData()
        return NeedKind(value) if value else None

    def _show_options(self, *_: object) -> None:
        kind = self.current_kind()
        if self.resident_id is None or kind is None:
            self._fill_options([])
            self.map.clear_focus()
            if self.resident_id is not None:
                self.option_hint.setText(self.tr("这位老人没有登记服务需求"))
                lon, lat = self.resident_location
                if lon is not None and lat is not None:
                    self.map.show_focus(lon, lat, [])
            return
        with self.context.store.reading() as session:
            resident = session.get(Resident, self.resident_id)
            assert resident is not None
            options = rank_providers(session, resident, kind)
            # Read what the table shows while the session is open (providers are ORM objects).
            for option in options:
                _ = option.provider.name, option.provider.lon, option.provider.lat
        self._fill_options(options)
        lon, lat = self.resident_location
        if lon is not None and lat is not None:
            links: list[tuple[float, float, bool]] = []
            shown_ineligible = 0
            for option in options:
                p_lon, p_lat = option.provider.lon, option.provider.lat
                if p_lon is None or p_lat is None:
                    continue
                # Every eligible provider, and the nearest few that are not (the reasons are in the table).
                if option.eligible or shown_ineligible < MAP_INELIGIBLE_LINKS:
                    links.append((p_lon, p_lat, option.eligible))
                    shown_ineligible += 0 if option.eligible else 1
            self.map.show_focus(lon, lat, links)

    def _fill_options(self, options: list[ProviderOption]) -> None:
        self.options = [o for o in options if o.eligible or self.show_ineligible.isChecked()]
        table = self.options_table
        table.setRowCount(len(self.options))
        eligible_count = sum(1 for o in options if o.eligible)
        for row, option in enumerate(self.options):
            colour = ELIGIBLE_COLOUR if option.eligible else INELIGIBLE_COLOUR
            way = "、".join(option.skills)
            if self.current_kind() is NeedKind.MEAL:
                way = self.tr("送餐") if option.delivery else self.tr("堂食")
            values = [
                "✓" if option.eligible else "✗",
                option.provider.name,
                format_distance(option.distance_m, option.error_m, _lang(self.lang)),
                str(option.room_left),
                "；".join(reason.text(_lang(self.lang)) for reason in option.reasons),
                way,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setForeground(colour)
                if column in (4, 5):
                    item.setToolTip(value)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        for column in (1, 4):
            # Long names and reasons are cut with "…" (the whole text is in the tooltip).
            table.setColumnWidth(column, min(table.columnWidth(column), 260))
        if self.options and self.options[0].eligible:
            table.selectRow(0)
        if self.resident_id is not None and self.current_kind() is not None:
            if eligible_count:
                self.option_hint.setText(self.tr("符合条件的有 {n} 家").format(n=eligible_count))
            else:
                self.option_hint.setText(self.tr("没有符合条件的服务机构，原因见表中"))
        else:
            self.option_hint.setText("")
        self._update_buttons()

    def selected_option(self) -> ProviderOption | None:
        rows = self.options_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.options[rows[0].row()]

    def select_option(self, provider_id: uuid.UUID) -> None:
        for row, option in enumerate(self.options):
            if option.provider.id == provider_id:
                self.options_table.selectRow(row)
                return

    def selected_assignment_id(self) -> uuid.UUID | None:
        rows = self.current_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.current_ids):
            return None
        return self.current_ids[rows[0].row()]

    def _update_buttons(self) -> None:
        has_option = self.selected_option() is not None
        self.assign_button.setEnabled(has_option)
        self.assign_confirm_button.setEnabled(has_option)
        has_current = self.selected_assignment_id() is not None
        self.confirm_button.setEnabled(has_current)
        self.cancel_button.setEnabled(has_current)

    def _map_clicked(self, kind: str, record_id: str) -> None:
        if kind in ("meal_point", "care_centre", "caregiver"):
            self.select_option(uuid.UUID(record_id))

    # -- actions -----------------------------------------------------------------------------

    def assign_selected(self, *, confirm: bool) -> uuid.UUID | None:
        """Propose the selected provider for the current need (and confirm it when asked)."""
        option = self.selected_option()
        kind = self.current_kind()
        if option is None or kind is None or self.resident_id is None:
            return None
        if not option.eligible:
            reasons = "；".join(reason.text(_lang(self.lang)) for reason in option.reasons)
            answer = QMessageBox.question(
                self,
                self.tr("派单"),
                self.tr("{provider}不符合条件：{reasons}\n仍然派给它吗？").format(
                    provider=option.provider.name, reasons=reasons
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        actor = actor_of(self.context)
        try:
            with self.context.store.unit_of_work(actor=actor) as session:
                resident = session.get(Resident, self.resident_id)
                provider = session.get(type(option.provider), option.provider.id)
                assert resident is not None and provider is not None
                assignment = lifecycle.propose(
                    session, resident, kind, provider, actor=actor, distance_m=option.distance_m
                )
                if confirm:
                    lifecycle.confirm(session, assignment, actor)
                assignment_id = assignment.id
        except Exception as error:  # shown to the clerk; the unit of work rolled back
            show_failure(self, self.tr("派单"), error, self.lang)
            return None
        self._written()
        return assignment_id

    def change_current(self, action: Any) -> bool:
        assignment_id = self.selected_assignment_id()
        if assignment_id is None:
            return False
        actor = actor_of(self.context)
        try:
            with self.context.store.unit_of_work(actor=actor) as session:
                assignment = session.get(Assignment, assignment_id)
                assert assignment is not None
                action(session, assignment, actor)
        except Exception as error:  # shown to the clerk; the unit of work rolled back
            show_failure(self, self.tr("派单"), error, self.lang)
            return False
        self._written()
        return True

    def _written(self) -> None:
        self.assignmentsChanged.emit()
        notify(self.context, "assignments")
        if getattr(self.context, "changed", None) is None:
            self.refresh()

    def refresh(self) -> None:
        self.run_search()
        self._show_resident(self.current_kind())

    def _on_changed(self, kind: str) -> None:
        if kind in ("meal_points", "care_centres", "caregivers", "gazetteer"):
            self._load_map()
        if kind in ("assignments", "residents", "meal_points", "care_centres", "caregivers", "gazetteer"):
            self.refresh()

    # -- batch -------------------------------------------------------------------------------

    def start_batch(self) -> Any:
        """Run the optimal batch off the GUI thread; the review dialog opens when it is done."""
        from carematch.gui.tasks import run_task

        store = self.context.store

        def work(progress: Progress, cancel: CancelToken) -> MatchResult:
            with store.reading() as session:
                return match_batch(session, progress=progress, cancel=cancel)

        self.batch_button.setEnabled(False)
        self.batch_status.setText(self.tr("正在计算最优匹配…"))
        self.batch_handle = run_task(
            self,
            self.tr("自动匹配全部待匹配需求"),
            work,
            self._batch_done,
            self._batch_failed,
            on_cancelled=self._batch_cancelled,
        )
        return self.batch_handle

    def _batch_cancelled(self) -> None:
        self.batch_button.setEnabled(True)
        self.batch_status.setText(self.tr("自动匹配已取消，没有保存任何改动"))

    def _batch_failed(self, error: BaseException) -> None:
        self.batch_button.setEnabled(True)
        self.batch_status.setText(self.tr("自动匹配没有完成"))
        show_failure(self, self.tr("自动匹配"), error, self.lang)

    def _batch_done(self, result: MatchResult) -> None:
        self.batch_button.setEnabled(True)
        self.batch_status.setText(
            self.tr("建议 {n} 条，无法匹配 {m} 条").format(n=len(result.assignments), m=len(result.unassigned))
        )
        dialog = ProposalReviewDialog(result, self.lang, self)
        dialog.setObjectName("proposal_review")
        self.review_dialog = dialog
        dialog.accepted.connect(lambda: self.save_batch(result, dialog.keys_to_confirm()))
        dialog.open()

    def save_batch(self, result: MatchResult, confirm_keys: set[tuple[uuid.UUID, NeedKind]]) -> Any:
        """Write the proposals and confirm the ticked ones, off the GUI thread, in one unit of work."""
        from carematch.gui.tasks import run_task

        store = self.context.store
        actor = actor_of(self.context)
        lang = self.lang

        def work(progress: Progress, cancel: CancelToken) -> ConfirmOutcome:
            with store.unit_of_work(actor=actor) as session:
                return save_and_confirm(session, result, confirm_keys, actor, lang, progress, cancel)

        self.batch_status.setText(self.tr("正在保存派单…"))
        self.confirm_handle = run_task(
            self,
            self.tr("保存派单"),
            work,
            self._saved,
            self._batch_failed,
            on_cancelled=self._batch_cancelled,
        )
        return self.confirm_handle

    def _saved(self, outcome: ConfirmOutcome) -> None:
        self.last_outcome = outcome
        text = self.tr("已保存 {n} 条建议，其中确认 {c} 条").format(n=outcome.written, c=outcome.confirmed)
        self.batch_status.setText(text)
        self._written()
        if outcome.refused:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(self.tr("自动匹配"))
            box.setText(text + "\n" + self.tr("{n} 条没有确认：").format(n=len(outcome.refused)))
            box.setDetailedText("\n".join(outcome.refused))
            box.open()
