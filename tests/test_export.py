"""Export writes the import template back: export -> import into an empty database -> export is the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from carematch.cli.main import main
from carematch.core.db import Store
from carematch.core.enums import NeedKind
from carematch.core.models import MealPoint, Resident
from carematch.core.transfer import export_file, import_file

ORDER = ("gazetteer", "centres", "meal-points", "caregivers", "residents")


def sheet_values(path: Path) -> list[tuple[Any, ...]]:
    if path.suffix == ".csv":
        return [tuple(line.split(",")) for line in path.read_text(encoding="utf-8-sig").splitlines()]
    return list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    assert main(["--db", db, "demo", "--residents", "120", "--seed", "5"]) == 0
    return db


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_export_gives_the_same_content(demo_db: str, tmp_path: Path, suffix: str) -> None:
    first: dict[str, Path] = {}
    with Store(demo_db) as store, store.reading() as session:
        for kind in ORDER:
            first[kind] = tmp_path / f"{kind}-1{suffix}"
            export_file(session, kind, first[kind])
    with Store(str(tmp_path / "empty.sqlite")) as empty:
        for kind in ORDER:
            verdict = import_file(empty, kind, first[kind])
            assert verdict.rejected == [], (kind, [r.to_json() for r in verdict.rejected[:3]])
            assert verdict.imported == verdict.rows
        with empty.reading() as session:
            for kind in ORDER:
                export_file(session, kind, tmp_path / f"{kind}-2{suffix}")
        for kind in ORDER:
            again = import_file(empty, kind, first[kind])
            assert (again.imported, again.updated) == (0, 0), kind
    for kind in ORDER:
        assert sheet_values(first[kind]) == sheet_values(tmp_path / f"{kind}-2{suffix}"), kind
    residents = sheet_values(first["residents"])
    assert len(residents) == 121 and residents[0][:2] == ("身份证号", "姓名")
    assert all(len(str(row[0])) == 18 and "*" not in str(row[0]) for row in residents[1:])


def test_reimporting_the_export_into_its_own_database_changes_nothing(demo_db: str, tmp_path: Path) -> None:
    with Store(demo_db) as store:
        with store.reading() as session:
            for kind in ORDER:
                export_file(session, kind, tmp_path / f"{kind}.xlsx")
        for kind in ORDER:
            verdict = import_file(store, kind, tmp_path / f"{kind}.xlsx")
            assert (verdict.imported, verdict.updated, verdict.rejected) == (0, 0, []), kind


def test_the_assignments_export_masks_citizen_ids(demo_db: str, tmp_path: Path) -> None:
    from carematch.core import assignments

    db = tmp_path / "copy.sqlite"
    assert main(["--db", demo_db, "backup", str(db)]) == 0
    with Store(str(db)) as store:
        with store.unit_of_work(actor="t") as session:
            person = session.scalars(
                select(Resident).where(Resident.need_meal.is_(True)).order_by(Resident.citizen_id)
            ).first()
            point = session.scalars(select(MealPoint).order_by(MealPoint.code)).first()
            assert person is not None and point is not None
            assignments.propose(session, person, NeedKind.MEAL, point, actor="t")
            full_id = person.citizen_id
        with store.reading() as session:
            assert export_file(session, "assignments", tmp_path / "a.xlsx") == 1
    rows = sheet_values(tmp_path / "a.xlsx")
    assert rows[0][0] == "身份证号" and rows[1][0] == full_id[:6] + "********" + full_id[-4:]
    assert rows[1][4] == "助餐" and rows[1][5] == point.code and rows[1][10] == "待确认"
