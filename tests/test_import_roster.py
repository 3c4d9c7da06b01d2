"""Import of a roster kept as a township clerk keeps it, and what a second import and an export make of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from registry_data import add_gazetteer, clerk_roster
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, Living, Sex
from carematch.core.models import AuditEntry, Resident
from carematch.core.transfer import export_file, import_file, write_rejected_report


@pytest.fixture
def roster(tmp_path: Path, store: Store) -> tuple[Path, dict[str, object]]:
    add_gazetteer(store)
    path = tmp_path / "花名册.xlsx"
    return path, clerk_roster(path)


def test_the_clerks_roster_imports_every_good_row_and_rejects_each_bad_one_with_its_reasons(
    store: Store, roster: tuple[Path, dict]
) -> None:
    path, expected = roster
    verdict = import_file(store, "residents", path)
    assert verdict.rows == expected["data_rows"] == 21
    assert verdict.imported == len(expected["good"]) == 10
    assert verdict.imported + verdict.updated + len(verdict.rejected) == verdict.rows
    assert verdict.skipped_footer == [27]
    rejected = {r.row: " ".join(m.text("zh") for m in r.errors) for r in verdict.rejected}
    assert sorted(rejected) == [expected["duplicate_row"], *sorted(expected["faults"])]
    assert f"第{expected['first_row']}行" in rejected[expected["duplicate_row"]]
    for row, words in expected["faults"].items():
        for word in words:
            assert word in rejected[row], (row, word, rejected[row])
    assert len(next(r for r in verdict.rejected if r.row == 25).errors) == 3
    with store.reading() as session:
        people = {r.citizen_id: r for r in session.scalars(select(Resident))}
    assert {cid: r.name for cid, r in people.items()} == expected["good"]
    wang = next(r for r in people.values() if r.name == "王秀英")
    assert (wang.sex, wang.birth_date.isoformat(), wang.living, wang.ability) == (
        Sex.FEMALE,
        "1940-05-03",
        Living.ALONE,
        AbilityLevel.MILD,
    )
    assert wang.need_meal and not wang.need_delivery and wang.village == "东大街社区"
    assert wang.coord_error_m == 1000 and wang.lon == pytest.approx(120.425)
    zhou = next(r for r in people.values() if r.name == "周金荣")
    assert zhou.phone == "13912345678" and zhou.sex is Sex.MALE
    # 向阳村 is in two townships: the township merged down over rows 5-9 tells which one
    assert (zhou.township, zhou.village, zhou.lon) == ("南浔镇", "向阳村", pytest.approx(120.45))
    chen = next(r for r in people.values() if r.name == "陈凤英")
    assert chen.visit_skills == ["助浴", "助医", "精神慰藉"] and chen.need_home_visit and not chen.need_delivery
    assert next(r for r in people.values() if r.name == "张玉英").visits_per_week == 2
    assert next(r for r in people.values() if r.name == "李桂英").name == "李桂英"
    assert next(r for r in people.values() if r.name == "徐杏娥").phone == "0572-3012345"


def test_a_second_import_changes_nothing(store: Store, roster: tuple[Path, dict]) -> None:
    path, _ = roster
    import_file(store, "residents", path)
    with store.reading() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
        versions = sorted(session.execute(select(Resident.citizen_id, Resident.version)).all())
    again = import_file(store, "residents", path)
    assert (again.imported, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 10, 11)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
        assert sorted(session.execute(select(Resident.citizen_id, Resident.version)).all()) == versions


def test_a_changed_row_updates_the_record_and_the_audit_trail_says_so(
    store: Store, roster: tuple[Path, dict], tmp_path: Path
) -> None:
    path, _ = roster
    import_file(store, "residents", path)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet["B5"].value == "王秀英"
    sheet["F5"] = "13800002222"
    workbook.save(path)
    verdict = import_file(store, "residents", path, actor="李红")
    assert (verdict.imported, verdict.updated, verdict.unchanged) == (0, 1, 9)
    from carematch.core.registry import history

    with store.reading() as session:
        wang = session.scalars(select(Resident).where(Resident.name == "王秀英")).one()
        assert wang.phone == "13800002222" and wang.version == 2
        last = history(session, wang.id)[-1]
    assert last.actor == "李红" and last.action == "update"
    assert "联系电话" in last.text("zh") and "13800002222" in last.text("zh")


def test_the_export_holds_the_same_people(store: Store, roster: tuple[Path, dict], tmp_path: Path) -> None:
    path, expected = roster
    import_file(store, "residents", path)
    out = tmp_path / "export.xlsx"
    with store.reading() as session:
        assert export_file(session, "residents", out) == 10
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    people = {row[header.index("身份证号")]: row[header.index("姓名")] for row in rows[1:]}
    assert people == expected["good"]


def test_the_rejected_rows_report_can_be_fixed_and_imported_again(
    store: Store, roster: tuple[Path, dict], tmp_path: Path
) -> None:
    path, _ = roster
    verdict = import_file(store, "residents", path)
    report = write_rejected_report(verdict, tmp_path / "退回.xlsx")
    sheet = load_workbook(report).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert "错误原因" in header and "身份证号" in header
    assert sheet.max_row == 1 + len(verdict.rejected)
    reason_column = header.index("错误原因") + 1
    assert "桃花村" in str(sheet.cell(row=1 + 7, column=reason_column).value)
    # the clerk fixes the unknown village (桃花村 -> 息塘村) and deletes the rest
    fix_row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=header.index("村(社区)") + 1).value == "桃花村"
    )
    sheet.cell(row=fix_row, column=header.index("村(社区)") + 1).value = "息塘村"
    for row in range(sheet.max_row, 1, -1):
        if row != fix_row:
            sheet.delete_rows(row)
    sheet.parent.save(report)
    again = import_file(store, "residents", report)
    assert (again.rows, again.imported, again.rejected) == (1, 1, [])
