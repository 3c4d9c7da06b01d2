"""工作台 (the day's overview) and 统计 (the bureau's figures per township).

Counts and recent activity are quick queries; the coverage figures (distances from every
village to every provider, needs by reason) are computed off the GUI thread with run_task.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from carematch.core.cancel import CancelToken, Progress
from carematch.core.enums import AbilityLevel, Assistance
from carematch.core.models import Assignment, AuditEntry, CareCentre, Caregiver, MealPoint, Resident, Township, Village
from carematch.core.validation import mask_citizen_id
from carematch.gui.charts import HorizontalBarChart
from carematch.gui.context import AppContext
from carematch.gui.tasks import TaskHandle, run_task
from carematch.gui.widgets import StatTile, hint, page_title

if TYPE_CHECKING:
    from carematch.core.coverage import AreaFigures, Figure, Figures

COUNT_KEYS = ("residents", "care_centres", "meal_points", "caregivers", "townships", "villages", "assignments")
HEADLINE_FIGURES = ("meal_coverage", "dementia_beds_per_10k", "caregivers_per_10k")
RECENT_ACTIVITY = 12
# The figures are computed a moment after the page appears, so the first paint of the window
# does not share the interpreter with the computation.
FIGURES_DELAY_MS = 600
COUNTED: dict[str, Any] = {
    "residents": Resident,
    "care_centres": CareCentre,
    "meal_points": MealPoint,
    "caregivers": Caregiver,
    "townships": Township,
    "villages": Village,
    "assignments": Assignment,
}
TABLE_MODELS: dict[str, Any] = {
    "residents": Resident,
    "care_centres": CareCentre,
    "meal_points": MealPoint,
    "caregivers": Caregiver,
}


def registry_counts(session: Any) -> dict[str, int]:
    """Live records of every kind (the same counts as `carematch report`)."""
    return {
        key: session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0
        for key, model in COUNTED.items()
    }


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


def count_captions() -> dict[str, str]:
    return {
        "residents": tr("老年人"),
        "care_centres": tr("照护机构"),
        "meal_points": tr("助餐点"),
        "caregivers": tr("持证养老护理员"),
        "townships": tr("乡镇(街道)数"),
        "villages": tr("村(社区)数"),
        "assignments": tr("派单"),
    }


def table_noun(table: str) -> str:
    return {
        "residents": tr("老年人"),
        "care_centres": tr("照护机构"),
        "meal_points": tr("助餐点"),
        "caregivers": tr("护理员"),
        "assignments": tr("派单"),
        "townships": tr("乡镇(街道)"),
        "villages": tr("村(社区)"),
    }.get(table, table)


def action_word(action: str) -> str:
    return {
        "insert": tr("新建"),
        "update": tr("修改"),
        "delete": tr("删除"),
        "restore": tr("恢复"),
        "purge": tr("彻底删除"),
    }.get(action, action)


def figure_text(figure: Figure) -> str:
    value = figure.value
    if value is None:
        return "—"
    return f"{value:.1f}%" if figure.definition.scale == 100 else f"{value:.1f}"


def figure_caption(figure: Figure, lang: str) -> str:
    definition = figure.definition
    parts = [definition.label(lang)]
    target = definition.target_text(lang)
    if target != "—":
        parts.append(tr("目标 {target}").format(target=target))
    if figure.last_month is not None:
        last = f"{figure.last_month:.1f}" + ("%" if definition.scale == 100 else "")
        parts.append(tr("上月 {value}").format(value=last))
    return "\n".join(parts)


class FiguresLoader:
    """Computes coverage.figures off the GUI thread; one computation at a time, re-run when stale."""

    def __init__(self, page: QWidget, context: AppContext, on_figures: Any) -> None:
        self.page = page
        self.context = context
        self.on_figures = on_figures
        self.task: TaskHandle[Figures] | None = None
        self.stale = False
        self.figures: Figures | None = None
        self.timer = QTimer(page)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)  # a burst of change notices (an import) computes once
        self.timer.timeout.connect(self.start)

    def request(self) -> None:
        self.timer.start()

    def start(self) -> TaskHandle[Figures] | None:
        if self.task is not None:
            self.stale = True
            return self.task
        store = self.context.store

        def work(progress: Progress, cancel: CancelToken) -> Figures:
            # Imported here, on the worker thread: coverage brings in OR-Tools and pandas, which
            # would add about a second to the window's start.
            from carematch.core import coverage

            with store.reading() as session:
                return coverage.figures(session)

        self.task = run_task(self.page, tr("正在计算统计数字"), work, self.done)
        self.task.finished.connect(self.finished)
        return self.task

    def done(self, figures: Figures) -> None:
        self.figures = figures
        self.on_figures(figures)

    def finished(self) -> None:
        self.task = None
        if self.stale:
            self.stale = False
            self.start()


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        outer = QVBoxLayout(self)
        outer.addWidget(page_title(tr("工作台")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        box = QGroupBox(tr("登记数量"))
        grid = QGridLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for index, (key, caption) in enumerate(count_captions().items()):
            tile = StatTile(caption, f"count_{key}")
            self.count_labels[key] = tile.value
            grid.addWidget(tile, 0, index)
        layout.addWidget(box)

        figures_box = QGroupBox(tr("主要指标（全部乡镇）"))
        figures_grid = QGridLayout(figures_box)
        self.figure_tiles: dict[str, StatTile] = {}
        for index, key in enumerate(HEADLINE_FIGURES):
            tile = StatTile(tr("计算中…"), f"figure_{key}")
            self.figure_tiles[key] = tile
            figures_grid.addWidget(tile, 0, index)
        self.needs_tile = StatTile(tr("需求已匹配"), "figure_matched")
        figures_grid.addWidget(self.needs_tile, 0, len(HEADLINE_FIGURES))
        layout.addWidget(figures_box)

        lower = QHBoxLayout()
        reasons_box = QGroupBox(tr("待匹配的需求（按原因）"))
        reasons_layout = QVBoxLayout(reasons_box)
        self.reasons_chart = HorizontalBarChart()
        self.reasons_chart.setObjectName("open_needs_chart")
        self.reasons_chart.empty_text = tr("计算中…")
        reasons_layout.addWidget(self.reasons_chart)
        reasons_layout.addStretch(1)
        lower.addWidget(reasons_box, 1)

        activity_box = QGroupBox(tr("最近的操作"))
        activity_layout = QVBoxLayout(activity_box)
        self.activity = QTableWidget(0, 4)
        self.activity.setObjectName("recent_activity")
        self.activity.setHorizontalHeaderLabels([tr("时间"), tr("操作员"), tr("操作"), tr("记录")])
        self.activity.verticalHeader().hide()
        self.activity.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.activity.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.activity.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.activity.setMinimumHeight(RECENT_ACTIVITY * 26 + 30)
        activity_layout.addWidget(self.activity)
        lower.addWidget(activity_box, 1)
        layout.addLayout(lower)
        layout.addStretch(1)

        self.loader = FiguresLoader(self, context, self.show_figures)
        context.changed.connect(self.on_changed)
        self.refresh_counts()
        self.refresh_activity()
        QTimer.singleShot(FIGURES_DELAY_MS, self, self.loader.start)  # cancelled if the page goes first

    def on_changed(self, kind: str) -> None:
        if kind == "settings":
            return
        self.refresh_counts()
        self.refresh_activity()
        self.loader.request()

    def refresh(self) -> None:
        self.refresh_counts()
        self.refresh_activity()
        self.loader.start()

    def refresh_counts(self) -> None:
        with self.context.reading() as session:
            counts = registry_counts(session)
        for key, label in self.count_labels.items():
            label.setText(f"{counts[key]:,}")

    def refresh_activity(self) -> None:
        with self.context.reading() as session:
            entries = list(
                session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.table_name.in_((*TABLE_MODELS, "assignments")))
                    .order_by(AuditEntry.seq.desc())
                    .limit(RECENT_ACTIVITY)
                )
            )
            rows = [(entry, self.describe(session, entry)) for entry in entries]
        self.activity.setRowCount(len(rows))
        for row, (entry, what) in enumerate(rows):
            cells = (f"{entry.at:%m-%d %H:%M}", entry.actor or tr("未署名"), action_word(entry.action), what)
            for column, text in enumerate(cells):
                self.activity.setItem(row, column, QTableWidgetItem(text))

    def describe(self, session: Any, entry: AuditEntry) -> str:
        model = TABLE_MODELS.get(entry.table_name)
        noun = table_noun(entry.table_name)
        if model is None:
            return noun
        record = session.get(model, entry.record_id)
        if record is None:
            return noun
        if isinstance(record, Resident):
            return f"{noun} {record.name}（{mask_citizen_id(record.citizen_id)}）"
        return f"{noun} {record.name}"

    def show_figures(self, figures: Figures) -> None:
        lang = self.context.lang
        total = figures.total
        for key, tile in self.figure_tiles.items():
            figure = total.figure(key)
            tile.set_value(figure_text(figure))
            tile.caption.setText(figure_caption(figure, lang))
            met = figure.meets_target
            colour = "#1f5fa8" if met is None else ("#2e7d32" if met else "#c0392b")
            tile.value.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {colour};")
        needs_total = sum(counts.total for counts in total.needs.values())
        matched = sum(counts.matched for counts in total.needs.values())
        self.needs_tile.set_value(f"{matched:,} / {needs_total:,}")
        reasons: dict[str, int] = {}
        for counts in total.needs.values():
            for code, number in counts.open_by_reason.items():
                reasons[code] = reasons.get(code, 0) + number
        items = [
            (figures.reasons[code].text(lang) if code in figures.reasons else code, float(number))
            for code, number in sorted(reasons.items(), key=lambda pair: -pair[1])
        ]
        self.reasons_chart.empty_text = tr("没有待匹配的需求")
        self.reasons_chart.set_data(items)


class StatisticsPage(QWidget):
    """统计: every figure per township beside its target, and the charts of the coverage report."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(page_title(tr("统计")))
        top.addStretch(1)
        self.as_of = hint("")
        top.addWidget(self.as_of)
        refresh = QPushButton(tr("重新计算"))
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        outer.addLayout(top)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.table = QTableWidget(0, 0)
        self.table.setObjectName("figures_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        layout.addWidget(self.table)

        charts = QGridLayout()
        self.charts: dict[str, HorizontalBarChart] = {}
        titles = (
            ("meal_coverage", tr("各乡镇助餐服务覆盖率（虚线为目标）")),
            ("dementia_beds_per_10k", tr("各乡镇每万老人认知障碍照护床位（虚线为目标）")),
            ("ability", tr("老年人能力等级")),
            ("assistance", tr("保障类别")),
        )
        for index, (key, title) in enumerate(titles):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            chart = HorizontalBarChart()
            chart.setObjectName(f"chart_{key}")
            chart.empty_text = tr("计算中…")
            box_layout.addWidget(chart)
            box_layout.addStretch(1)
            self.charts[key] = chart
            charts.addWidget(box, index // 2, index % 2)
        layout.addLayout(charts)
        layout.addStretch(1)
        self.loader = FiguresLoader(self, context, self.show_figures)
        context.changed.connect(lambda kind: self.loader.request() if kind != "settings" else None)
        QTimer.singleShot(FIGURES_DELAY_MS, self, self.loader.start)  # cancelled if the page goes first

    def refresh(self) -> None:
        self.loader.start()

    def show_figures(self, figures: Figures) -> None:
        lang = self.context.lang
        self.as_of.setText(tr("统计日期 {day}").format(day=figures.as_of.isoformat()))
        # One column per area (whole registry first), one row per figure: township names are
        # short, the figures' names are long, so this way round the table fits the page.
        areas = figures.areas()
        keys = list(figures.total.figures)
        rows: list[tuple[str, str, list[str], list[bool | None]]] = [
            (tr("村(社区)数"), "", [f"{area.villages:,}" for area in areas], []),
            (tr("老年人口"), "", [f"{area.elderly:,}" for area in areas], []),
            (tr("登记老年人"), "", [f"{area.residents:,}" for area in areas], []),
        ]
        for key in keys:
            definition = figures.total.figure(key).definition
            rows.append(
                (
                    definition.label(lang),
                    definition.target_text(lang),
                    [figure_text(area.figure(key)) for area in areas],
                    [area.figure(key).meets_target for area in areas],
                )
            )
        rows.append((tr("需求已匹配"), "", [f"{sum(c.matched for c in a.needs.values()):,}" for a in areas], []))
        rows.append((tr("待匹配"), "", [f"{sum(c.open for c in a.needs.values()):,}" for a in areas], []))
        headers = [tr("指标"), tr("目标"), *[area.scope or tr("全部") for area in areas]]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        bold = self.table.font()
        bold.setBold(True)
        for row, (label, target, values, met) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            target_item = QTableWidgetItem(target)
            target_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 1, target_item)
            for index, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if met and met[index] is False:
                    item.setForeground(Qt.GlobalColor.red)
                if index == 0:
                    item.setFont(bold)
                self.table.setItem(row, 2 + index, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        height = header.sizeHint().height() + sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)
        self.show_charts(figures, lang)

    def show_charts(self, figures: Figures, lang: str) -> None:
        townships: tuple[AreaFigures, ...] = figures.townships
        for key in ("meal_coverage", "dementia_beds_per_10k"):
            definition = figures.total.figure(key).definition
            percent = definition.scale == 100
            self.charts[key].set_data(
                [(area.scope, area.figure(key).value) for area in townships],
                target=definition.target_low,
                maximum=100.0 if percent else None,
                value_text=(lambda v: f"{v:.0f}%") if percent else (lambda v: f"{v:.1f}"),
            )
        total = figures.total
        self.charts["ability"].set_data(
            [(level.label(lang), float(total.residents_by_ability.get(level, 0))) for level in AbilityLevel]
        )
        self.charts["assistance"].set_data(
            [(category.label(lang), float(total.residents_by_assistance.get(category, 0))) for category in Assistance]
        )
