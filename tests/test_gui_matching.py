"""The matching workbench driven through its real widgets on a small demo county."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.models import Assignment, Resident
from carematch.gui import matching_page
from carematch.gui.context import AppContext
from carematch.gui.matching_page import MatchingPage


@pytest.fixture
def store(small_demo_file: Path, copy_of: Callable[[Path], Store]) -> Store:
    """The window over a copy of the small demo county (the core's own tests cover PostgreSQL)."""
    return copy_of(small_demo_file)


@pytest.fixture
def context(store: Store) -> AppContext:
    return AppContext(store, "zh", actor="测试员")


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> MatchingPage:
    widget = MatchingPage(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def assignments_of(store: Store, resident_id: object) -> list[tuple[NeedKind, AssignmentStatus, object]]:
    with store.reading() as session:
        rows = session.execute(
            select(Assignment.kind, Assignment.status, Assignment.meal_point_id).where(
                Assignment.resident_id == resident_id
            )
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def a_resident_needing_meals(store: Store) -> Resident:
    with store.reading() as session:
        resident = session.scalars(
            select(Resident)
            .where(Resident.need_meal.is_(True), Resident.need_dementia_care.is_(False))
            .order_by(Resident.name_pinyin)
        ).first()
    assert resident is not None
    return resident


def test_pinyin_initials_find_the_resident_and_assign_confirms_the_nearest_eligible_provider(
    qtbot: QtBot, page: MatchingPage, store: Store
) -> None:
    resident = a_resident_needing_meals(store)
    qtbot.keyClicks(page.search_box, resident.name_initials)
    rows = [page.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.results.count())]
    assert str(resident.id) in rows
    page.results.setCurrentRow(rows.index(str(resident.id)))
    assert page.resident_title.text().startswith(resident.name)
    page.kind_box.setCurrentIndex(page.kind_box.findData(NeedKind.MEAL.value))

    eligible = [option for option in page.options if option.eligible]
    assert eligible, "the demo county serves every meal need of this resident"
    distances = [option.distance_m for option in eligible]
    assert distances == sorted(distances)
    # The first row is the nearest eligible provider, shown with its distance ± error.
    assert page.options_table.item(0, 1).text() == eligible[0].provider.name
    assert "±" in page.options_table.item(0, 2).text() or "km" in page.options_table.item(0, 2).text()

    qtbot.mouseClick(page.assign_confirm_button, Qt.MouseButton.LeftButton)

    held = assignments_of(store, resident.id)
    assert held == [(NeedKind.MEAL, AssignmentStatus.CONFIRMED, eligible[0].provider.id)]
    assert page.current_table.rowCount() == 1
    assert page.current_table.item(0, 2).text() == "已确认"
    with store.reading() as session:
        actor = session.scalar(select(Assignment.changed_by).where(Assignment.resident_id == resident.id))
    assert actor == "测试员"

    # Cancel it from the same panel: the need is open again.
    page.current_table.selectRow(0)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert assignments_of(store, resident.id) == [(NeedKind.MEAL, AssignmentStatus.CANCELLED, eligible[0].provider.id)]


def test_propose_then_confirm_from_the_current_assignments(qtbot: QtBot, page: MatchingPage, store: Store) -> None:
    resident = a_resident_needing_meals(store)
    page.select_resident(resident.id, NeedKind.MEAL)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    [(kind, status, _provider)] = assignments_of(store, resident.id)
    assert (kind, status) == (NeedKind.MEAL, AssignmentStatus.PROPOSED)
    assert page.current_table.item(0, 2).text() == "待确认"
    page.current_table.selectRow(0)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    [(_kind, status, _provider)] = assignments_of(store, resident.id)
    assert status is AssignmentStatus.CONFIRMED


def test_providers_out_of_reach_are_listed_with_the_reason(page: MatchingPage, store: Store) -> None:
    resident = a_resident_needing_meals(store)
    page.select_resident(resident.id, NeedKind.MEAL)
    ineligible_rows = [row for row, option in enumerate(page.options) if not option.eligible]
    assert ineligible_rows
    row = ineligible_rows[-1]
    assert page.options_table.item(row, 0).text() == "✗"
    assert "半径" in page.options_table.item(row, 4).text() or "已满" in page.options_table.item(row, 4).text()
    page.show_ineligible.setChecked(False)
    assert all(option.eligible for option in page.options)


def test_a_second_confirmation_of_the_same_need_is_refused_with_a_message(
    qtbot: QtBot, page: MatchingPage, store: Store
) -> None:
    resident = a_resident_needing_meals(store)
    page.select_resident(resident.id, NeedKind.MEAL)
    assert page.assign_selected(confirm=True) is not None
    page.options_table.selectRow(0)
    assert page.assign_selected(confirm=True) is None
    box = page.findChild(QMessageBox, "error_box")
    assert box is not None and box.isVisible()
    assert "已由" in box.text()
    assert [status for _k, status, _p in assignments_of(store, resident.id)] == [AssignmentStatus.CONFIRMED]


def test_batch_auto_assign_shows_proposals_and_confirms_the_ticked_ones(
    qtbot: QtBot, page: MatchingPage, store: Store
) -> None:
    handle = page.start_batch()
    with qtbot.waitSignal(handle.finished, timeout=20_000):
        pass
    dialog = page.review_dialog
    assert dialog is not None
    proposals = len(dialog.match_result.assignments)
    assert proposals > 0
    assert dialog.model.rowCount() == proposals
    assert dialog.unassigned.rowCount() == len(dialog.match_result.unassigned)
    # Leave the first proposal unticked: it is saved as 待确认, the others confirmed.
    dialog.model.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert page.confirm_handle is not None
    with qtbot.waitSignal(page.confirm_handle.finished, timeout=20_000):
        pass
    with store.reading() as session:
        counts = dict(
            session.execute(select(Assignment.status, func.count()).group_by(Assignment.status)).all()  # type: ignore[arg-type]
        )
    assert counts == {AssignmentStatus.CONFIRMED: proposals - 1, AssignmentStatus.PROPOSED: 1}
    assert page.last_outcome is not None and page.last_outcome.confirmed == proposals - 1
    assert "确认" in page.batch_status.text()


def test_batch_auto_assign_can_be_cancelled_and_writes_nothing(
    qtbot: QtBot, page: MatchingPage, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real batch, held at its start until the clerk has pressed 取消 so the test does not race it.
    pressed = threading.Event()
    real_batch = matching_page.match_batch

    def held_batch(session: object, **options: object) -> object:
        pressed.wait(10)
        return real_batch(session, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(matching_page, "match_batch", held_batch)
    handle = page.start_batch()
    assert not page.batch_button.isEnabled()
    cancel_button = handle.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "取消"
    cancel_button.click()
    pressed.set()
    with qtbot.waitSignal(handle.finished, timeout=20_000):
        pass
    assert handle.token.cancelled
    assert page.review_dialog is None
    assert "取消" in page.batch_status.text()
    assert page.batch_button.isEnabled()
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_the_pages_speak_english_from_the_workbench_translation_file(qtbot: QtBot, store: Store) -> None:
    from carematch.gui.assignments_page import AssignmentsPage
    from carematch.gui.map_page import MapPage
    from carematch.gui.print_page import PrintPage

    context = AppContext(store, "en", actor="tester")
    try:
        matching = MatchingPage(context)
        qtbot.addWidget(matching)
        assert matching.batch_button.text() == "Auto-assign all open needs…"
        assert matching.open_only.text() == "Only residents with open needs"
        resident = a_resident_needing_meals(store)
        matching.select_resident(resident.id, NeedKind.MEAL)
        assert matching.options_table.horizontalHeaderItem(4).text() == "Why not eligible"
        ineligible = next(row for row, option in enumerate(matching.options) if not option.eligible)
        reason = matching.options_table.item(ineligible, 4).text()
        assert reason and not any("\u4e00" <= char <= "\u9fff" for char in reason)
        assignments = AssignmentsPage(context)
        qtbot.addWidget(assignments)
        assert assignments.buttons["confirm"].text() == "Confirm selected"
        map_page = MapPage(context)
        qtbot.addWidget(map_page)
        assert map_page.layer_boxes["meal_coverage"].text() == "Meal coverage"
        print_page = PrintPage(context)
        qtbot.addWidget(print_page)
        assert print_page.kind_buttons["sheets"].text() == "Assignment sheets"
    finally:
        context.set_language("zh")
