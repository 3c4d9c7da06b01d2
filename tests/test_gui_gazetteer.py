"""地名库 page: list, filter, add/edit through the registry form, soft delete with undo, review, import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.enums import CoordSource
from carematch.core.models import Township, Village
from carematch.gui.context import AppContext
from carematch.gui.gazetteer_page import GazetteerForm, GazetteerPage


@pytest.fixture
def context(small_demo_file: Path, copy_of: Callable[[Path], Store]) -> AppContext:
    return AppContext(copy_of(small_demo_file), "zh", actor="沈丽")


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> GazetteerPage:
    widget = GazetteerPage(context)
    qtbot.addWidget(widget)
    return widget


def _form(page: GazetteerPage) -> GazetteerForm:
    forms = [dialog for dialog in page.dialogs if isinstance(dialog, GazetteerForm)]
    assert forms, "no form open"
    return forms[-1]


def _editor(form: GazetteerForm, name: str) -> QLineEdit:
    editor = form.grid.fields[name].editor
    assert isinstance(editor, QLineEdit)
    return editor


def _notices(context: AppContext) -> list[str]:
    heard: list[str] = []
    context.changed.connect(heard.append)
    return heard


def _row_of(page: GazetteerPage, township: str, village: str) -> int:
    for index in range(page.table.rowCount()):
        if (page.table.item(index, 0).text(), page.table.item(index, 1).text()) == (township, village):
            return index
    raise AssertionError(f"{township}{village} not in the table")


def test_the_page_lists_townships_and_villages_and_filters_them(qtbot: QtBot, page: GazetteerPage) -> None:
    with page.context.reading() as session:
        townships = session.scalars(select(Township).where(Township.deleted_at.is_(None))).all()
        villages = session.scalars(select(Village).where(Village.deleted_at.is_(None))).all()
    assert page.table.rowCount() == len(townships) + len(villages)
    assert page.count_label.text() == f"{len(townships)} 个乡镇(街道)，{len(villages)} 个村(社区)"
    row = _row_of(page, "千金镇", "东马干村")
    assert page.table.item(row, 4).text() == "GPS定位"
    assert page.table.item(row, 5).text().replace(",", "").isdigit()
    qianjin = next(t for t in townships if t.name == "千金镇")
    total = sum(v.elderly_population for v in villages if v.township_id == qianjin.id)
    assert page.table.item(_row_of(page, "千金镇", ""), 5).text() == f"{total:,}"  # the township's villages summed

    page.township_filter.setCurrentIndex(page.township_filter.findData("千金镇"))
    shown = {page.table.item(i, 0).text() for i in range(page.table.rowCount())}
    assert shown == {"千金镇"}
    in_qianjin = sum(1 for v in villages if v.township_id == qianjin.id)
    assert page.table.rowCount() == in_qianjin + 1

    page.township_filter.setCurrentIndex(0)
    page.search.insert("新华")  # Chinese arrives from the input method as one string; two townships have a 新华村
    assert sorted(page.table.item(i, 0).text() for i in range(page.table.rowCount())) == ["千金镇", "练市镇"]


def test_add_a_village_with_a_bad_population_then_fix_it_with_pasted_gaode_coordinates(
    qtbot: QtBot, page: GazetteerPage
) -> None:
    heard = _notices(page.context)
    page.township_filter.setCurrentIndex(page.township_filter.findData("千金镇"))
    page.add_record()
    form = _form(page)
    assert form.windowTitle() == "新增地名"
    assert _editor(form, "township").text() == "千金镇"  # the township the page is filtered on
    _editor(form, "village").setText("新建村")
    qtbot.keyClicks(_editor(form, "elderly_population"), "-12")
    assert form.save() is False
    assert form.grid.fields["elderly_population"].has_error
    assert "老年人口" in form.grid.fields["elderly_population"].error.text()
    assert form.banner.isVisibleTo(form)
    with page.context.reading() as session:
        assert session.scalars(select(Village).where(Village.name == "新建村")).first() is None

    _editor(form, "elderly_population").setText("820")
    assert form.coordinates is not None
    form.coordinates.paste.setText("120.2561,30.7002")
    form.coordinates.app.setCurrentIndex(1)  # 高德地图 (GCJ-02)
    qtbot.mouseClick(form.coordinates.fill_button, Qt.MouseButton.LeftButton)
    assert form.save() is True
    assert "gazetteer" in heard  # the map, matching and statistics hear of it
    with page.context.reading() as session:
        village = session.scalars(select(Village).where(Village.name == "新建村")).one()
        assert village.township.name == "千金镇"
        assert village.elderly_population == 820
        assert village.coord_source is CoordSource.CONVERTED_GCJ02
        assert village.lon is not None and abs(village.lon - 120.2561) > 1e-3  # converted, not kept shifted
    row = _row_of(page, "千金镇", "新建村")
    assert page.selected_row() is not None and page.selected_row().village == "新建村"  # type: ignore[union-attr]
    assert page.table.item(row, 4).text() == "由高德/腾讯坐标换算"


def test_edit_a_village_population_and_centre_notifies_the_change(qtbot: QtBot, page: GazetteerPage) -> None:
    heard = _notices(page.context)
    page.table.selectRow(_row_of(page, "千金镇", "东马干村"))
    form = page.edit_selected()
    assert form is not None
    assert form.windowTitle() == "修改地名"
    assert _editor(form, "township").isReadOnly() and _editor(form, "village").isReadOnly()
    assert _editor(form, "county").isReadOnly()  # a village's county is its township's
    assert not _editor(form, "elderly_population").isReadOnly()
    assert _editor(form, "lon").text() != ""  # the village's own centre is shown
    _editor(form, "elderly_population").setText("1234")
    _editor(form, "lat").setText("30.7100")
    assert form.save() is True
    assert heard == ["gazetteer"]
    with page.context.reading() as session:
        village = session.scalars(select(Village).where(Village.name == "东马干村")).one()
        assert village.elderly_population == 1234
        assert village.lat == pytest.approx(30.71)
    row = _row_of(page, "千金镇", "东马干村")
    assert page.table.item(row, 5).text() == "1,234"
    history = page.show_history()
    assert history is not None
    assert history.table.item(history.table.rowCount() - 1, 1).text() == "沈丽"


def test_soft_delete_with_undo_and_a_township_with_villages_is_kept(qtbot: QtBot, page: GazetteerPage) -> None:
    rows = page.table.rowCount()
    page.table.selectRow(_row_of(page, "千金镇", "中华村"))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == rows - 1
    assert page.undo_bar.isVisibleTo(page)
    assert "千金镇中华村" in page.undo_label.text()
    with page.context.reading() as session:
        village = session.scalars(select(Village).where(Village.name == "中华村")).one()
        assert village.deleted_at is not None
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == rows
    assert not page.undo_bar.isVisibleTo(page)
    assert page.selected_row() is not None and page.selected_row().village == "中华村"  # type: ignore[union-attr]

    page.table.selectRow(_row_of(page, "千金镇", ""))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    boxes = [box for box in page.findChildren(QMessageBox) if box.isVisible()]
    assert boxes and "千金镇下还有村(社区)" in boxes[-1].text()
    boxes[-1].close()
    assert page.table.rowCount() == rows
    with page.context.reading() as session:
        assert session.scalars(select(Township).where(Township.name == "千金镇")).one().deleted_at is None


def test_the_review_lists_what_to_fix_and_opens_the_place(qtbot: QtBot, page: GazetteerPage) -> None:
    with page.context.unit_of_work() as session:
        village = session.scalars(select(Village).where(Village.name == "东马干村")).one()
        village.elderly_population = 0
    page.context.notify("gazetteer")
    texts = [page.review_list.item(i).text() for i in range(page.review_list.count())]
    assert any(text.startswith("千金镇 · 东马干村：") and "老年人口" in text for text in texts)
    assert any("新华村" in text for text in texts)  # two townships share the name
    assert page.review_label.text().startswith(f"需要核对 {len(texts)} 处")
    item = next(page.review_list.item(i) for i in range(page.review_list.count()) if "东马干村" in texts[i])
    page.review_list.itemDoubleClicked.emit(item)
    form = _form(page)
    assert _editor(form, "village").text() == "东马干村"
    _editor(form, "elderly_population").setText("900")
    assert form.save() is True
    assert not any("东马干村" in page.review_list.item(i).text() for i in range(page.review_list.count()))


def test_import_a_gazetteer_sheet_through_the_shared_dialog(qtbot: QtBot, page: GazetteerPage, tmp_path: Path) -> None:
    from carematch.gui.transfer_dialogs import ImportDialog

    sheet = tmp_path / "地名库.csv"
    sheet.write_text(
        "乡镇(街道),村(社区),经度,纬度,老年人口\n千金镇,新丰村,120.2400,30.7000,300\n千金镇,坏村,abc,30.7,10\n",
        encoding="utf-8",
    )
    page.import_file()
    dialog = next(d for d in page.dialogs if isinstance(d, ImportDialog))
    assert dialog.windowTitle() == "导入地名库"
    task = dialog.start_import(sheet)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert dialog.figures["imported"].text() == "1"
    assert dialog.figures["rejected"].text() == "1"
    _row_of(page, "千金镇", "新丰村")  # the page heard the change notice


def test_the_window_shows_the_page_before_settings_and_keeps_the_shortcuts(qtbot: QtBot, context: AppContext) -> None:
    from carematch.gui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    keys = [spec.key for spec in window.specs]
    assert keys[-2:] == ["gazetteer", "settings"]
    shortcuts = {action.text(): action.shortcut().toString() for action in window.findChildren(QAction)}
    assert shortcuts["设置"] == "Ctrl+,"
    assert shortcuts["统计"] == "Ctrl+0"
    assert shortcuts["地名库"] == ""
    assert isinstance(window.show_page("gazetteer"), GazetteerPage)


def test_a_township_is_edited_for_its_centre_and_county_only(qtbot: QtBot, page: GazetteerPage) -> None:
    page.table.selectRow(_row_of(page, "千金镇", ""))
    form = page.edit_selected()
    assert form is not None
    assert _editor(form, "village").text() == ""
    assert _editor(form, "elderly_population").isReadOnly() and _editor(form, "aliases").isReadOnly()
    _editor(form, "lon").setText("120.2600")
    assert form.save() is True
    with page.context.reading() as session:
        township = session.scalars(select(Township).where(Township.name == "千金镇")).one()
        assert township.lon == pytest.approx(120.26)
        assert township.coord_source is CoordSource.GPS  # typed as WGS-84 in the form
    assert page.table.item(_row_of(page, "千金镇", ""), 2).text() == "120.260000"
