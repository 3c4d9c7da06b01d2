from __future__ import annotations

from pytestqt.qtbot import QtBot

from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.gui.context import AppContext
from carematch.gui.dashboard_page import DashboardPage, StatisticsPage


def _context(store: Store) -> AppContext:
    with store.unit_of_work(actor="demo") as session:
        build_demo(session, residents=150)
    return AppContext(store, "zh", actor="沈丽")


def test_the_dashboard_shows_counts_figures_open_needs_and_recent_activity(qtbot: QtBot, store: Store) -> None:
    context = _context(store)
    page = DashboardPage(context)
    qtbot.addWidget(page)
    assert page.count_labels["residents"].text() == "150"
    assert page.activity.rowCount() > 0
    assert page.activity.item(0, 1).text() == "demo"
    qtbot.waitUntil(lambda: page.loader.figures is not None, timeout=30_000)
    figures = page.loader.figures
    assert figures is not None
    coverage = figures.total.figure("meal_coverage")
    assert page.figure_tiles["meal_coverage"].value.text() == f"{coverage.value:.1f}%"
    assert "助餐服务覆盖率" in page.figure_tiles["meal_coverage"].caption.text()
    open_total = sum(counts.open for counts in figures.total.needs.values())
    assert sum(value or 0 for _, value in page.reasons_chart.items) == open_total
    assert all(label and not label.isascii() for label, _ in page.reasons_chart.items)  # reasons in Chinese
    page.grab()  # paints the chart without error


def test_statistics_lists_every_township_beside_the_whole_registry(qtbot: QtBot, store: Store) -> None:
    context = _context(store)
    page = StatisticsPage(context)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.loader.figures is not None, timeout=30_000)
    figures = page.loader.figures
    assert figures is not None
    headers = [page.table.horizontalHeaderItem(column).text() for column in range(page.table.columnCount())]
    assert headers == ["指标", "目标", "全部", *[area.scope for area in figures.townships]]
    labels = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    row = labels.index("助餐服务覆盖率")
    assert page.table.item(row, 1).text() == "≥ 90%"
    assert page.table.item(row, 2).text() == f"{figures.total.figure('meal_coverage').value:.1f}%"
    assert len(page.charts["meal_coverage"].items) == len(figures.townships)
    assert sum(v or 0 for _, v in page.charts["ability"].items) == figures.total.residents
    page.grab()
