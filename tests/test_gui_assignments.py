"""The 派单 page: filters and bulk lifecycle steps through the real widgets."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from carematch.core import assignments as lifecycle
from carematch.core.db import Store
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.matching import match_batch, write_proposals
from carematch.core.models import Assignment
from carematch.core.names import pinyin_keys
from carematch.gui.assignments_page import AssignmentsPage
from carematch.gui.context import AppContext


@pytest.fixture(scope="module")
def demo_file(small_demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo county with the batch's proposals written (all 待确认)."""
    path = tmp_path_factory.mktemp("proposed") / "demo.sqlite"
    shutil.copyfile(small_demo_file, path)
    with Store(f"sqlite:///{path}") as opened, opened.unit_of_work(actor="test") as session:
        write_proposals(session, match_batch(session), "test")
    return path


@pytest.fixture
def store(demo_file: Path, copy_of: Callable[[Path], Store]) -> Store:
    return copy_of(demo_file)


@pytest.fixture
def context(store: Store) -> AppContext:
    return AppContext(store, "zh", actor="测试员")


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> AssignmentsPage:
    widget = AssignmentsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def status_counts(store: Store) -> dict[AssignmentStatus, int]:
    with store.reading() as session:
        rows = session.execute(select(Assignment.status, func.count()).group_by(Assignment.status)).all()
    return {status: count for status, count in rows}


def select_rows(page: AssignmentsPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_the_table_lists_assignments_and_filters_by_status_kind_and_text(
    qtbot: QtBot, page: AssignmentsPage, store: Store
) -> None:
    proposed = status_counts(store)[AssignmentStatus.PROPOSED]
    assert page.model.rowCount() == proposed
    assert f"待确认 {proposed}" in page.counts_label.text()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(NeedKind.MEAL.value))
    assert page.model.rowCount() > 0
    assert all(row.kind is NeedKind.MEAL for row in page.model.rows)
    page.status_filter.setCurrentIndex(page.status_filter.findData(AssignmentStatus.CONFIRMED.value))
    assert page.model.rowCount() == 0
    page.status_filter.setCurrentIndex(0)
    page.kind_filter.setCurrentIndex(0)
    first = page.model.rows[0]
    with qtbot.waitSignal(page.search_timer.timeout, timeout=2000):
        page.search_box.setText(first.resident_name)
    assert page.model.rowCount() >= 1
    assert all(
        first.resident_name in row.resident_name or first.resident_name in row.provider_name for row in page.model.rows
    )
    # Pinyin initials typed on the keyboard find the same person.
    page.search_box.clear()
    with qtbot.waitSignal(page.search_timer.timeout, timeout=2000):
        qtbot.keyClicks(page.search_box, pinyin_keys(first.resident_name)[1])
    assert first.id in [row.id for row in page.model.rows]
    # The ID is shown masked, first 6 and last 4.
    shown = page.model.data(page.model.index(0, 3))
    assert isinstance(shown, str) and "*" in shown and shown[-4:] == page.model.rows[0].citizen_id[-4:]


def test_bulk_confirm_then_start_then_end(qtbot: QtBot, page: AssignmentsPage, store: Store) -> None:
    assert not page.buttons["confirm"].isEnabled()
    select_rows(page, [0, 1, 2])
    assert page.buttons["confirm"].isEnabled()
    assert page.selection_label.text() == "已选 3 条"
    chosen = page.selected_ids()
    qtbot.mouseClick(page.buttons["confirm"], Qt.MouseButton.LeftButton)
    with store.reading() as session:
        statuses = {session.get(Assignment, i).status for i in chosen}  # type: ignore[union-attr]
        actors = {session.get(Assignment, i).changed_by for i in chosen}  # type: ignore[union-attr]
    assert statuses == {AssignmentStatus.CONFIRMED}
    assert actors == {"测试员"}
    page.status_filter.setCurrentIndex(page.status_filter.findData(AssignmentStatus.CONFIRMED.value))
    assert page.model.rowCount() == 3
    page.select_all()
    qtbot.mouseClick(page.buttons["activate"], Qt.MouseButton.LeftButton)
    assert status_counts(store)[AssignmentStatus.ACTIVE] == 3
    page.status_filter.setCurrentIndex(page.status_filter.findData(AssignmentStatus.ACTIVE.value))
    select_rows(page, [0])
    qtbot.mouseClick(page.buttons["end"], Qt.MouseButton.LeftButton)
    counts = status_counts(store)
    assert counts[AssignmentStatus.ACTIVE] == 2 and counts[AssignmentStatus.ENDED] == 1


def test_wrong_steps_are_refused_one_by_one_and_the_rest_done(
    qtbot: QtBot, page: AssignmentsPage, store: Store
) -> None:
    first, second = page.model.rows[0].id, page.model.rows[1].id
    with store.unit_of_work(actor="test") as session:
        assignment = session.get(Assignment, first)
        assert assignment is not None
        lifecycle.confirm(session, assignment, "test")
        lifecycle.activate(session, assignment, "test")
    page.reload()
    rows = [i for i, row in enumerate(page.model.rows) if row.id in (first, second)]
    select_rows(page, rows)
    qtbot.mouseClick(page.buttons["cancel"], Qt.MouseButton.LeftButton)
    with store.reading() as session:
        assert session.get(Assignment, first).status is AssignmentStatus.ACTIVE  # type: ignore[union-attr]
        assert session.get(Assignment, second).status is AssignmentStatus.CANCELLED  # type: ignore[union-attr]
    box = page.findChild(__import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox, "bulk_result")
    assert box is not None
    assert "已处理 1 条，1 条未处理" in box.text()
    assert "服务中" in box.informativeText()


def test_flagged_assignments_have_their_own_filter(page: AssignmentsPage, store: Store, context: AppContext) -> None:
    target = page.model.rows[0].id
    with store.unit_of_work(actor="test") as session:
        assignment = session.get(Assignment, target)
        assert assignment is not None
        lifecycle.confirm(session, assignment, "test")
        lifecycle.flag_assignments([assignment], "名额减少")
    context.notify("assignments")
    assert "需重新匹配 1" in page.counts_label.text()
    page.status_filter.setCurrentIndex(page.status_filter.findData("rematch"))
    assert [row.id for row in page.model.rows] == [target]
    assert page.model.data(page.model.index(0, 10)) == "名额减少"
    assert page.model.data(page.model.index(0, 0)).endswith("⚑")  # type: ignore[union-attr]


def test_a_hidden_page_catches_up_when_shown_again(page: AssignmentsPage, store: Store, context: AppContext) -> None:
    target = page.model.rows[0].id
    page.hide()
    with store.unit_of_work(actor="test") as session:
        assignment = session.get(Assignment, target)
        assert assignment is not None
        lifecycle.confirm(session, assignment, "test")
    context.notify("assignments")
    assert "已确认 0" in page.counts_label.text()  # not reloaded while hidden
    page.show()
    assert "已确认 1" in page.counts_label.text()
