"""Import robustness: CSV encodings, other kinds, missing columns, cancel, SIGKILL midway, two writers, fuzzed cells."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registry_data import add_gazetteer, citizen_id, write_csv
from sqlalchemy import func, select

from carematch.core import registry
from carematch.core.cancel import Cancelled, CancelToken
from carematch.core.db import Store
from carematch.core.errors import UserInputError
from carematch.core.maintenance import integrity_problems
from carematch.core.models import AuditEntry, CareCentre, Caregiver, MealPoint, Resident, Village
from carematch.core.transfer import import_file
from carematch.core.transfer.importer import import_table
from carematch.core.transfer.sheets import DataRow, Table

HEADER = ["身份证号", "姓名", "联系电话", "乡镇(街道)", "村(社区)", "助餐", "出生日期"]
TESTS = Path(__file__).parent


def resident_rows(count: int, start: int = 0) -> list[list[Any]]:
    rows = []
    for n in range(start, start + count):
        birth = dt.date(1930 + n % 30, 1 + n % 12, 1 + n % 28)
        rows.append([citizen_id(birth, n), f"王{'秀桂玉凤'[n % 4]}英", f"138{n:08d}", "南浔镇", "东大街社区", "是", ""])
    return rows


def counts(store: Store) -> tuple[int, int]:
    with store.reading() as session:
        residents = session.scalar(select(func.count()).select_from(Resident)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return residents, audit


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gb18030(store: Store, tmp_path: Path, encoding: str) -> None:
    add_gazetteer(store)
    path = tmp_path / "roster.csv"
    rows = resident_rows(3)
    rows[1][6] = "1940年5月3日"  # a wrong birth date in Chinese text: that row is rejected
    write_csv(path, HEADER, rows, encoding)
    verdict = import_file(store, "residents", path)
    assert (verdict.rows, verdict.imported, [r.row for r in verdict.rejected]) == (3, 2, [3])
    with store.reading() as session:
        assert sorted(session.scalars(select(Resident.name))) == ["王玉英", "王秀英"]


def test_english_field_names_are_accepted_as_headers(store: Store, tmp_path: Path) -> None:
    add_gazetteer(store)
    path = tmp_path / "roster.csv"
    write_csv(
        path,
        ["citizen_id", "name", "phone", "township", "village", "need_meal", "birth_date"],
        resident_rows(2),
        "utf-8",
    )
    assert import_file(store, "residents", path).imported == 2


def test_providers_caregivers_and_gazetteer_import(store: Store, tmp_path: Path) -> None:
    add_gazetteer(store)
    write_csv(
        tmp_path / "g.csv",
        ["乡镇(街道)", "村(社区)", "经度", "纬度", "老年人口", "坐标系"],
        [["南浔镇", "新村", "120.43", "30.89", "300", "GCJ02"], ["南浔镇", "", "", "", "", ""]],
        "utf-8",
    )
    gazetteer = import_file(store, "gazetteer", tmp_path / "g.csv")
    assert (gazetteer.imported, gazetteer.unchanged) == (1, 1)
    write_csv(
        tmp_path / "c.csv",
        ["编号", "名称", "村(社区)", "认知障碍床位", "服务半径(公里)", "星级"],
        [["jg01", "颐养院", "新村", "6", "10", "3"], ["JG02", "康乐院", "三田漾村", "4", "", "9"]],
        "utf-8",
    )
    centres = import_file(store, "centres", tmp_path / "c.csv")
    assert centres.imported == 1 and centres.rejected[0].row == 3 and len(centres.rejected[0].errors) == 2
    write_csv(
        tmp_path / "m.csv",
        ["编号", "名称", "村(社区)", "日供餐能力(份)", "是否送餐", "送餐半径(公里)", "供餐时段"],
        [["ZC1", "食堂", "息塘村", "40", "是", "3", "午餐、晚餐"]],
        "utf-8",
    )
    assert import_file(store, "meal-points", tmp_path / "m.csv").imported == 1
    write_csv(
        tmp_path / "h.csv",
        ["编号", "姓名", "所属机构", "乡镇(街道)", "服务半径(公里)", "最大服务对象数", "可服务日", "技能"],
        [
            ["HG1", "李红", "JG01", "双林镇", "5", "8", "周一至周五", "助浴、助洁"],
            ["HG2", "张芳", "JG99", "双林镇", "5", "8", "每天", ""],
        ],
        "utf-8",
    )
    caregivers = import_file(store, "caregivers", tmp_path / "h.csv")
    assert caregivers.imported == 1 and "JG99" in caregivers.rejected[0].errors[0].text("zh")
    with store.reading() as session:
        assert session.scalars(select(CareCentre.code)).all() == ["JG01"]
        point = session.scalars(select(MealPoint)).one()
        assert point.delivers and point.meal_times == ["午餐", "晚餐"]
        helper = session.scalars(select(Caregiver)).one()
        assert helper.centre is not None and helper.centre.code == "JG01" and helper.coord_error_m == 5000
        village = session.scalars(select(Village).where(Village.name == "新村")).one()
        assert village.elderly_population == 300 and abs(village.lon - 120.43) > 1e-3  # converted from GCJ-02


def test_a_sheet_without_the_required_columns_is_refused_whole(store: Store, tmp_path: Path) -> None:
    add_gazetteer(store)
    path = tmp_path / "roster.csv"
    write_csv(path, ["身份证号", "姓名", "联系电话"], [r[:3] for r in resident_rows(2)], "utf-8")
    with pytest.raises(UserInputError, match="缺少必需的列"):
        import_file(store, "residents", path)
    write_csv(path, ["编号", "名称", "村(社区)"], [["ZC1", "食堂", "息塘村"]], "utf-8")
    with pytest.raises(UserInputError, match="日供餐能力"):
        import_file(store, "meal-points", path)
    assert counts(store)[0] == 0


def test_files_that_are_not_rosters_are_refused_with_a_clerk_message(store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(2000))
    with pytest.raises(UserInputError, match="不是有效的 Excel 文件"):
        import_file(store, "residents", junk)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UserInputError, match="只能导入"):
        import_file(store, "residents", tmp_path / "a.pdf")
    with pytest.raises(UserInputError, match="找不到文件"):
        import_file(store, "residents", tmp_path / "missing.xlsx")
    empty = tmp_path / "empty.csv"
    empty.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UserInputError, match="找不到表头"):
        import_file(store, "residents", empty)


def test_a_cancelled_import_changes_nothing(store: Store, tmp_path: Path) -> None:
    add_gazetteer(store)
    path = tmp_path / "roster.csv"
    write_csv(path, HEADER, resident_rows(1200), "utf-8")
    before = counts(store)
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done >= 500:
            token.cancel()

    with pytest.raises(Cancelled):
        import_file(store, "residents", path, progress, token)
    assert counts(store) == before


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from carematch.core.db import Store
    from carematch.core.transfer import import_file

    def progress(done, total):
        if 0 < done < total:
            print("midway", flush=True)
            time.sleep(120)

    import_file(Store(sys.argv[1]), "residents", Path(sys.argv[2]), progress)
    """
)


def test_sigkill_midway_leaves_the_database_exactly_as_before(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    add_gazetteer(store)
    first = tmp_path / "first.csv"
    write_csv(first, HEADER, resident_rows(5), "utf-8")
    import_file(store, "residents", first)
    with store.reading() as session:
        before = sorted((r.citizen_id, r.phone, r.version) for r in session.scalars(select(Resident)))
    audit_before = counts(store)[1]
    store.close()
    big = tmp_path / "big.csv"
    rows = resident_rows(1500)
    rows[0][2] = "13900000000"  # an update of a known person in the first chunk
    write_csv(big, HEADER, rows, "utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, db_url, str(big)], stdout=subprocess.PIPE, text=True, cwd=TESTS
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "midway"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = Store(db_url)
    try:
        with store.reading() as session:
            after = sorted((r.citizen_id, r.phone, r.version) for r in session.scalars(select(Resident)))
        assert after == before
        assert counts(store)[1] == audit_before
        assert store.file is not None and integrity_problems(store.file) == []
    finally:
        store.close()


TWO_WRITERS = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sqlalchemy import select
    from carematch.core import registry
    from carematch.core.db import Store
    from carematch.core.errors import ConflictError
    from carematch.core.models import Resident

    url, phone, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    store = Store(url)
    with store.reading() as session:
        mine = session.scalars(select(Resident)).one()
    print("read", flush=True)
    while not go.exists():
        time.sleep(0.01)
    try:
        with store.unit_of_work(actor=phone) as session:
            values = {"citizen_id": mine.citizen_id, "name": mine.name, "village": mine.village,
                      "township": mine.township, "phone": phone}
            checked = registry.validate("residents", values, session=session)
            registry.save(session, "residents", checked, existing=mine)
        print("saved", flush=True)
    except ConflictError as error:
        print("conflict", error.text("en"), flush=True)
    """
)


def test_two_processes_updating_one_record_one_wins_the_other_gets_a_conflict(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    add_gazetteer(store)
    path = tmp_path / "one.csv"
    write_csv(path, HEADER, resident_rows(1), "utf-8")
    import_file(store, "residents", path)
    store.close()
    go = tmp_path / "go"
    phones = ["13900000001", "13900000002"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_WRITERS, db_url, phone, str(go)], stdout=subprocess.PIPE, text=True, cwd=TESTS
        )
        for phone in phones
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "read"
    go.touch()
    outcomes = [child.communicate(timeout=60)[0].strip() for child in children]
    assert sorted(o.split()[0] for o in outcomes) == ["conflict", "saved"], outcomes
    winner = phones[[o.split()[0] for o in outcomes].index("saved")]
    store = Store(db_url)
    try:
        with store.reading() as session:
            person = session.scalars(select(Resident)).one()
            assert (person.phone, person.version) == (winner, 2)
            updates = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
            assert [u.actor for u in updates] == [winner]
    finally:
        store.close()


CELLS = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        [
            "是",
            "否",
            "√",
            "１３８１２３４５６７８",
            "1940.5.3",
            "1940年13月1日",
            "东大街社区",
            "南浔镇",
            "周一至周日",
            citizen_id(dt.date(1940, 5, 3), 1),
            "助浴、理发",
            "重度失能",
            "WGS84",
            "BD09",
            "120.4",
            "30.8",
            "",
        ]
    ),
)


@pytest.mark.parametrize("kind", ["residents", "centres", "meal-points", "caregivers", "gazetteer"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_cells_never_crash_the_importer(db_url: str, kind: str, data: st.DataObject) -> None:
    store = _fuzz_store(db_url)
    fields = registry.field_table(kind)
    rows = data.draw(st.lists(st.lists(CELLS, min_size=len(fields), max_size=len(fields)), min_size=1, max_size=4))
    table = Table(
        headers=[f.zh for f in fields],
        columns=dict(enumerate(fields)),
        rows=[DataRow(n + 2, tuple(cells)) for n, cells in enumerate(rows)],
    )
    with store.unit_of_work() as session:
        verdict = import_table(session, kind, table, lambda done, total: None, CancelToken())
    assert verdict.imported + verdict.updated + verdict.unchanged + len(verdict.rejected) == verdict.rows == len(rows)
    assert all(r.errors and all(m.text("zh") and m.text("en") for m in r.errors) for r in verdict.rejected)


_STORES: dict[str, Store] = {}


def _fuzz_store(db_url: str) -> Store:
    if db_url not in _STORES:
        _STORES[db_url] = Store(db_url)
        add_gazetteer(_STORES[db_url])
    return _STORES[db_url]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list(',"\n\r;\t身份证号姓名村乡镇(街道)1934X是否 ')), max_size=200))
def test_fuzzed_csv_text_is_imported_or_refused_with_a_message(tmp_path: Path, db_url: str, text: str) -> None:
    store = _fuzz_store(db_url)
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8")
    try:
        verdict = import_file(store, "residents", path)
    except UserInputError as error:
        assert error.text("zh") and error.text("en")
    else:
        assert verdict.imported + len(verdict.rejected) + verdict.unchanged + verdict.updated == verdict.rows


def test_headers_as_clerks_write_them(store: Store, tmp_path: Path) -> None:
    add_gazetteer(store)
    path = tmp_path / "roster.csv"
    headers = ["身份证号码*", "老人姓名", "手机号码", "所属乡镇", "村（居）", "助餐(是/否)", "出生日期（必填）"]
    write_csv(path, headers, resident_rows(2), "gb18030")
    verdict = import_file(store, "residents", path)
    assert (verdict.imported, verdict.rejected) == (2, [])
    with store.reading() as session:
        assert all(r.need_meal and r.phone.startswith("138") for r in session.scalars(select(Resident)))
