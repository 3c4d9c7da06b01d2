from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.models import MealPoint, Resident
from carematch.core.validation import citizen_id_check_digit
from carematch.gui.context import AppContext
from carematch.gui.forms import ConflictDialog, RecordForm
from carematch.gui.registry_pages import MealPointsPage, ResidentsPage

GOOD_ID_17 = "33050319420305123"
GOOD_ID = GOOD_ID_17 + citizen_id_check_digit(GOOD_ID_17)
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


@pytest.fixture
def context(store: Store) -> Iterator[AppContext]:
    with store.unit_of_work(actor="demo") as session:
        build_demo(session, residents=120)
    yield AppContext(store, "zh", actor="沈丽")


def _type(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    editor.clear()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # Chinese arrives from the input method as one committed string
        editor.insert(text)


def _form(page: ResidentsPage) -> RecordForm:
    forms = [dialog for dialog in page.dialogs if isinstance(dialog, RecordForm)]
    assert forms, "no form open"
    return forms[-1]


def test_a_bad_citizen_id_is_shown_under_the_field_and_nothing_is_saved_until_fixed(
    qtbot: QtBot, context: AppContext
) -> None:
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    before = page.table_model.total
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = _form(page)
    fields = form.grid.fields
    _type(qtbot, fields["citizen_id"].editor, BAD_ID)  # type: ignore[arg-type]
    _type(qtbot, fields["name"].editor, "费桂英")  # type: ignore[arg-type]
    _type(qtbot, fields["township"].editor, "南浔镇")  # type: ignore[arg-type]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert not fields["citizen_id"].error.isHidden()
    assert "校验位" in fields["citizen_id"].error.text()
    assert "1 处需要改正" in form.banner.text()
    with context.reading() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == before

    _type(qtbot, fields["citizen_id"].editor, GOOD_ID)  # type: ignore[arg-type]
    assert "1942-03-05" in form.derived.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert page.table_model.total == before + 1
    with context.reading() as session:
        saved = session.scalars(select(Resident).where(Resident.citizen_id == GOOD_ID)).one()
    assert saved.name == "费桂英"
    assert saved.township == "南浔镇"
    assert saved.lon is not None  # placed at the township centre
    selected = page.selected_record()
    assert selected is not None and selected.id == saved.id
    row = page.table_model.row_of(saved.id)
    assert row is not None
    shown = page.table_model.data(page.table_model.index(row, 3))
    assert shown == GOOD_ID[:6] + "********" + GOOD_ID[-4:]  # masked in the table


def test_search_by_pinyin_initials_as_you_type(qtbot: QtBot, context: AppContext) -> None:
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    with context.reading() as session:
        someone = session.scalars(select(Resident).order_by(Resident.citizen_id)).first()
        assert someone is not None
        initials = someone.name_initials
        expected = session.scalar(
            select(func.count()).select_from(Resident).where(Resident.name_initials.startswith(initials))
        )
    qtbot.keyClicks(page.search, initials)
    assert page.table_model.total == expected
    names = {page.table_model.record(row).name for row in range(page.table_model.rowCount())}
    assert someone.name in names
    assert f"共 {expected} 条" in page.count_label.text()
    page.search.clear()
    assert page.table_model.total == 120


def test_filters_and_sorting_are_done_by_the_database(qtbot: QtBot, context: AppContext) -> None:
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    township = page.township_filter.itemData(1)
    page.township_filter.setCurrentIndex(1)
    assert page.table_model.total > 0
    assert {page.table_model.record(r).township for r in range(page.table_model.rowCount())} == {township}
    assert page.village_filter.count() > 1
    age_column = next(i for i, c in enumerate(page.table_model.columns) if c.key == "age")
    page.table.sortByColumn(age_column, Qt.SortOrder.AscendingOrder)
    births = [page.table_model.record(r).birth_date for r in range(page.table_model.rowCount())]
    assert births == sorted(births, reverse=True)  # youngest first


def test_soft_delete_then_undo(qtbot: QtBot, context: AppContext) -> None:
    page = MealPointsPage(context)
    qtbot.addWidget(page)
    total = page.table_model.total
    first = page.table_model.record(0)
    page.select_record(first.id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.table_model.total == total - 1
    assert page.undo_bar.isVisibleTo(page)
    with context.reading() as session:
        assert session.get(MealPoint, first.id).deleted_at is not None  # type: ignore[union-attr]
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.table_model.total == total
    assert not page.undo_bar.isVisibleTo(page)
    with context.reading() as session:
        assert session.get(MealPoint, first.id).deleted_at is None  # type: ignore[union-attr]
    page.select_record(first.id)
    history = page.show_history()
    assert history is not None
    actions = [history.table.item(row, 2).text() for row in range(history.table.rowCount())]
    assert actions[-2:] == ["删除", "恢复"]
    assert history.table.item(history.table.rowCount() - 1, 1).text() == "沈丽"


def test_a_stale_edit_shows_both_versions_and_overwrites_nothing(qtbot: QtBot, context: AppContext) -> None:
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    record = page.table_model.record(0)
    page.select_record(record.id)
    form = page.edit_selected()
    assert form is not None
    id_editor = form.grid.fields["citizen_id"].editor
    assert isinstance(id_editor, QLineEdit)
    assert id_editor.text() == record.citizen_id  # shown in full only in the edit form
    # Someone else (another PC) saves the same person meanwhile.
    with context.store.unit_of_work(actor="另一台电脑") as session:
        other = session.get(Resident, record.id)
        assert other is not None
        other.phone = "13900000000"
    _type(qtbot, form.grid.fields["phone"].editor, "13811112222")  # type: ignore[arg-type]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    conflict = form.conflict
    assert isinstance(conflict, ConflictDialog)
    assert ("联系电话", "13811112222", "13900000000") in conflict.rows
    with context.reading() as session:
        assert session.get(Resident, record.id).phone == "13900000000"  # type: ignore[union-attr]
    conflict.accept()
    assert form.grid.fields["phone"].value() == "13900000000"
    _type(qtbot, form.grid.fields["phone"].editor, "13811112222")  # type: ignore[arg-type]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    with context.reading() as session:
        assert session.get(Resident, record.id).phone == "13811112222"  # type: ignore[union-attr]


def test_import_shows_the_verdict_and_saves_the_rejected_rows_report(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from carematch.gui.transfer_dialogs import ImportDialog, export_records

    sheet = tmp_path / "新登记.csv"
    sheet.write_text(
        "身份证号,姓名,乡镇(街道),村(社区),能力等级\n"
        f"{GOOD_ID},费桂英,南浔镇,,轻度失能\n"
        f"{BAD_ID},沈阿大,南浔镇,,能力完好\n",
        encoding="utf-8",
    )
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    before = page.table_model.total
    dialog = ImportDialog(context, "residents", page)
    qtbot.addWidget(dialog)
    task = dialog.start_import(sheet)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert dialog.figures["rows"].text() == "2"
    assert dialog.figures["imported"].text() == "1"
    assert dialog.figures["rejected"].text() == "1"
    assert dialog.rejected_table.item(0, 0).text() == "3"  # the row number Excel shows
    assert "校验位" in dialog.rejected_table.item(0, 1).text()
    assert page.table_model.total == before + 1  # the page heard the change notice

    report = dialog.save_report(tmp_path / "退回.xlsx")
    assert report is not None
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[1][0] == BAD_ID and "校验位" in str(rows[1][-2])

    exported = tmp_path / "老年人.xlsx"
    handle = export_records(context, "residents", page, exported)
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=20_000):
        pass
    assert len(list(load_workbook(exported).active.iter_rows(values_only=True))) == before + 2


def test_unmatched_filter_and_restoring_a_deleted_record_from_the_list(qtbot: QtBot, context: AppContext) -> None:
    page = ResidentsPage(context)
    qtbot.addWidget(page)
    with context.reading() as session:
        with_needs = session.scalar(
            select(func.count())
            .select_from(Resident)
            .where(Resident.need_meal | Resident.need_delivery | Resident.need_dementia_care | Resident.need_home_visit)
        )
    page.unmatched_filter.setChecked(True)  # the demo county has no assignments yet
    assert page.table_model.total == with_needs
    page.unmatched_filter.setChecked(False)

    record = page.table_model.record(0)
    page.select_record(record.id)
    page.delete_selected()
    assert page.table_model.row_of(record.id) is None
    page.show_deleted.setChecked(True)
    assert page.restore_button.isVisible() or page.restore_button.isVisibleTo(page)
    page.select_record(record.id)
    assert page.restore_button.isEnabled() and not page.edit_button.isEnabled()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    with context.reading() as session:
        assert session.get(Resident, record.id).deleted_at is None  # type: ignore[union-attr]
