"""The window's dialog for settling sync conflicts: both versions side by side, differences marked."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from carematch.core import sync
from carematch.core.db import Store
from carematch.core.enums import Sex
from carematch.core.models import Resident
from carematch.gui.context import AppContext
from carematch.gui.sync_dialogs import DIFFERENT, SyncConflictsDialog


@pytest.fixture
def county_with_a_conflict(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "county.sqlite")) as county, Store(str(tmp_path / "station.sqlite")) as station:
        with station.unit_of_work() as session:
            session.add(
                Resident(citizen_id="330503194005030027", name="王秀英", sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3))
            )
        for source, target, name in ((station, county, "s1"), (county, station, "c1")):
            with source.unit_of_work() as session:
                sync.export_changes(session, tmp_path / f"{name}.zip")
            sync.import_file(target, tmp_path / f"{name}.zip")
        for database, phone in ((station, "13800000001"), (county, "13800000002")):
            with database.unit_of_work() as session:
                session.scalars(select(Resident)).one().phone = phone
        with station.unit_of_work() as session:
            sync.export_changes(session, tmp_path / "s2.zip")
        assert sync.import_file(county, tmp_path / "s2.zip").conflicts == 1
        yield county


def test_both_versions_are_shown_and_the_held_one_can_be_taken(county_with_a_conflict: Store, qtbot: object) -> None:
    context = AppContext(county_with_a_conflict)
    dialog = SyncConflictsDialog(context)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.listing.count() == 1 and "王秀英" in dialog.listing.item(0).text()
    assert dialog.table.item(0, 0).text() == "联系电话"
    assert {dialog.table.item(0, 1).text(), dialog.table.item(0, 2).text()} == {"13800000001", "13800000002"}
    assert dialog.table.item(0, 1).background().color() == DIFFERENT
    assert dialog.table.item(1, 1).text() == dialog.table.item(1, 2).text()
    if os.environ.get("CAREMATCH_SCREENSHOTS"):
        from PySide6.QtWidgets import QApplication

        from carematch.gui.app import install_font

        install_font(QApplication.instance())  # type: ignore[arg-type]
        dialog.setFont(QApplication.font())
        dialog.show()
        dialog.grab().save(os.environ["CAREMATCH_SCREENSHOTS"] + "/sync-conflicts.png")
    held_phone = dialog.table.item(0, 2).text()
    changes: list[str] = []
    context.changed.connect(changes.append)
    qtbot.mouseClick(dialog.take_held, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert dialog.listing.count() == 0 and not dialog.take_held.isEnabled()
    assert changes == ["residents"]
    with county_with_a_conflict.reading() as session:
        assert session.scalars(select(Resident.phone)).one() == held_phone
        assert sync.open_conflicts(session) == []
