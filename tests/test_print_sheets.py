"""Assignment sheets, read back from real PDFs with poppler's tools."""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from carematch.cli.main import main
from carematch.core import assignments
from carematch.core.cancel import Cancelled, CancelToken
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, AssignmentStatus, NeedKind, Sex
from carematch.core.errors import NotFoundError, UserInputError
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, Setting, Township
from carematch.core.printing.sheets import render_sheets
from carematch.core.validation import citizen_id_check_digit

DAY = dt.date(2026, 11, 24)  # a Tuesday


def tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def flat_pages(pdf: Path) -> list[str]:
    return ["".join(page.split()) for page in tool("pdftotext", str(pdf), "-").split("\f")[:-1]]


def citizen_id(n: int) -> str:
    first17 = f"33050319{40 + n % 50:02d}0101{n:03d}"
    return first17 + citizen_id_check_digit(first17)


@dataclass
class Sheets:
    meal_point: uuid.UUID
    centre: uuid.UUID
    caregiver: uuid.UUID
    busy_point: uuid.UUID


@pytest.fixture
def sqlite_store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


def resident(n: int, name: str, lon: float, **needs: object) -> Resident:
    values: dict[str, object] = {
        "citizen_id": citizen_id(n),
        "name": name,
        "sex": Sex.MALE if n % 2 else Sex.FEMALE,
        "birth_date": dt.date(1940, 1, 1),
        "township": "双林镇",
        "village": "向阳村",
        "address": f"双林镇向阳村{n}组{n}号",
        "phone": f"1390000{n:04d}",
        "lon": lon,
        "lat": 30.78,
        "emergency_contact": f"子女{n}",
        "emergency_phone": f"1371111{n:04d}",
    }
    values.update(needs)
    return Resident(**values)


def build(store: Store) -> Sheets:
    with store.unit_of_work(actor="测试") as session:
        session.add_all(
            [
                Setting(key="station_name", value="双林镇居家养老服务中心"),
                Setting(key="station_phone", value="0572-3888888"),
                Township(name="双林镇", lon=120.33, lat=30.78),
            ]
        )
        point = MealPoint(code="ZC0001", name="向阳村爱心食堂", daily_capacity=80, delivers=True, delivery_radius_km=5)
        point.township, point.lon, point.lat, point.phone = "双林镇", 120.33, 30.78, "13800001111"
        point.special_diets = ["低盐", "软食"]
        busy = MealPoint(code="ZC0002", name="双林镇中心食堂", daily_capacity=200)
        busy.township, busy.lon, busy.lat = "双林镇", 120.331, 30.781
        centre = CareCentre(code="JG0001", name="双林镇敬老院", dementia_beds=4, dementia_beds_occupied=1)
        centre.township, centre.lon, centre.lat, centre.phone = "双林镇", 120.332, 30.78, "0572-3777777"
        carer = Caregiver(code="HL0001", name="钱美娟", phone="13600006666", skills=["助洁", "助浴", "认知照护"])
        carer.available_days = ["周一", "周三", "周五"]
        carer.township, carer.lon, carer.lat = "双林镇", 120.33, 30.78
        session.add_all([point, busy, centre, carer])
        people = [
            resident(1, "沈阿宝", 120.331, need_meal=True, diet=["低盐"]),
            resident(2, "朱根娣", 120.332, need_meal=True, need_delivery=True, diet=["软食"]),
            resident(3, "姚福林", 120.350, need_meal=True, need_delivery=True),
            resident(4, "费金荣", 120.333, need_dementia_care=True, dementia=True, ability=AbilityLevel.SEVERE),
            resident(5, "褚小妹", 120.334, need_dementia_care=True, dementia=True),
            resident(6, "严杏娥", 120.335, need_home_visit=True, visit_skills=["助洁"], visits_per_week=2),
            resident(7, "顾惠芬", 120.336, need_home_visit=True, visit_skills=["助浴"], dementia=True),
            resident(8, "唐待定", 120.337, need_meal=True),
        ]
        session.add_all(people)
        session.flush()
        plan = [
            (people[0], NeedKind.MEAL, point),
            (people[1], NeedKind.MEAL, point),
            (people[2], NeedKind.MEAL, point),
            (people[3], NeedKind.DEMENTIA_CARE, centre),
            (people[4], NeedKind.DEMENTIA_CARE, centre),
            (people[5], NeedKind.HOME_VISIT, carer),
            (people[6], NeedKind.HOME_VISIT, carer),
        ]
        for person, kind, provider in plan:
            assignments.confirm(session, assignments.propose(session, person, kind, provider, actor="测试"), "测试")
        held = session.scalars(select_assignment(people[3].id)).one()
        assignments.activate(session, held, "测试")
        assignments.propose(session, people[7], NeedKind.MEAL, point, actor="测试")  # stays a proposal
        # Sixty dine-in guests: the busy canteen's list runs over several pages.
        crowd = [resident(100 + n, f"食客{n:02d}号", 120.331, need_meal=True) for n in range(60)]
        session.add_all(crowd)
        session.flush()
        session.add_all(
            Assignment(
                resident_id=person.id,
                kind=NeedKind.MEAL,
                status=AssignmentStatus.ACTIVE,
                meal_point_id=busy.id,
                delivery=False,
            )
            for person in crowd
        )
        return Sheets(point.id, centre.id, carer.id, busy.id)


def select_assignment(resident_id: uuid.UUID) -> object:
    from sqlalchemy import select

    return select(Assignment).where(Assignment.resident_id == resident_id)


def test_meal_point_and_care_centre_sheets(sqlite_store: Store, tmp_path: Path) -> None:
    ids = build(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_sheets(session, tmp_path / "s.pdf", provider_ids=[ids.meal_point, ids.centre], day=DAY)
    for row in tool("pdffonts", str(out)).splitlines()[2:]:
        assert row.split()[-5:-3] == ["yes", "yes"], row
    pages = flat_pages(out)
    assert len(pages) == 2, "one page per provider here"
    meal, centre = pages
    assert "向阳村爱心食堂" in meal and "双林镇居家养老服务中心" in meal and "2026年11月24日" in meal
    assert "今日堂食名单（1人）" in meal and "沈阿宝" in meal and "低盐" in meal
    assert "唐待定" not in meal, "a proposal is not on the provider's sheet"
    assert "签到" in meal and "签收" in meal
    assert "第1页/共1页" in meal and "第1页/共1页" in centre
    assert "费金荣" in centre and "褚小妹" in centre and "重度失能" in centre
    assert "已入住" in centre and "待入住" in centre
    assert "子女4" in centre
    assert centre.index("费金荣") < centre.index("褚小妹"), "admitted residents first"


def test_a_long_list_numbers_its_own_pages_and_never_splits_a_row(sqlite_store: Store, tmp_path: Path) -> None:
    ids = build(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_sheets(session, tmp_path / "s.pdf", provider_ids=[ids.busy_point, ids.centre], day=DAY)
    pages = flat_pages(out)
    busy = [page for page in pages if "双林镇中心食堂" in page and "双林镇敬老院" not in page]
    assert len(busy) >= 2
    for number, page in enumerate(busy, start=1):
        assert f"第{number}页/共{len(busy)}页" in page
        assert "签到" in page, "the table header repeats on every page"
    for n in range(60):
        holders = [i for i, page in enumerate(busy) if f"食客{n:02d}号" in page]
        assert len(holders) == 1
        # The row's address is on the same page as its name: the row was not split.
        assert f"双林镇向阳村{100 + n}组" in busy[holders[0]]
    assert "第1页/共1页" in pages[-1] and "双林镇敬老院" in pages[-1]


def test_cli_prints_the_sheets_of_a_township(sqlite_store: Store, db_url: str, tmp_path: Path) -> None:
    build(sqlite_store)
    out = tmp_path / "sheets.pdf"
    assert (
        main(["--db", db_url, "print", "sheets", "--township", "双林镇", "--day", "2026-11-24", "--out", str(out)]) == 0
    )
    text = "".join(flat_pages(out))
    for name in ("向阳村爱心食堂", "双林镇中心食堂", "双林镇敬老院", "钱美娟"):
        assert name in text


def test_bad_requests_are_clerk_errors(sqlite_store: Store, db_url: str, tmp_path: Path) -> None:
    with sqlite_store.reading() as session, pytest.raises(UserInputError):
        render_sheets(session, tmp_path / "none.pdf")
    build(sqlite_store)
    with sqlite_store.reading() as session, pytest.raises(NotFoundError):
        render_sheets(session, tmp_path / "none.pdf", provider_ids=[uuid.uuid4()])
    with pytest.raises(SystemExit) as usage:
        main(["--db", db_url, "print", "sheets", "--day", "24/11/2026", "--out", str(tmp_path / "x.pdf")])
    assert usage.value.code == 2
    assert main(["--db", db_url, "print", "sheets", "--township", "无此镇", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not list(tmp_path.glob("*.pdf"))


def test_cancel_leaves_no_file(sqlite_store: Store, tmp_path: Path) -> None:
    ids = build(sqlite_store)
    token = CancelToken()
    token.cancel()
    with sqlite_store.reading() as session, pytest.raises(Cancelled):
        render_sheets(session, tmp_path / "s.pdf", provider_ids=[ids.busy_point], day=DAY, cancel=token)
    assert not list(tmp_path.glob("*.pdf*"))


def test_deliveries_are_listed_in_the_route_planners_order(sqlite_store: Store, tmp_path: Path) -> None:
    from carematch.core.matching.routes import delivery_route

    ids = build(sqlite_store)
    with sqlite_store.reading() as session:
        point = session.get(MealPoint, ids.meal_point)
        assert point is not None
        planned = [stop.name for stop in delivery_route(session, point)]
        out = render_sheets(session, tmp_path / "s.pdf", provider_ids=[ids.meal_point], day=DAY)
    assert sorted(planned) == sorted(["朱根娣", "姚福林"])
    text = flat_pages(out)[0]
    deliveries = text[text.index("今日送餐名单") :]
    assert "（按送餐顺序，2户）" in deliveries
    assert "路线：向阳村爱心食堂→" + "→".join(planned) in deliveries
    rows = tool("pdftotext", "-layout", str(out), "-").splitlines()
    first, second = (next(i for i, row in enumerate(rows) if name in row and "1390000" in row) for name in planned)
    assert first < second, "table rows follow the route"
    assert "软食" in deliveries and "距上一站" in deliveries


def test_caregiver_sheet_has_the_week_then_each_days_visits_in_order(sqlite_store: Store, tmp_path: Path) -> None:
    from carematch.core.matching.routes import weekly_plan

    ids = build(sqlite_store)
    with sqlite_store.reading() as session:
        carer = session.get(Caregiver, ids.caregiver)
        assert carer is not None
        plan = weekly_plan(session, carer)
        out = render_sheets(session, tmp_path / "s.pdf", provider_ids=[ids.caregiver], day=DAY)
    text = "".join(flat_pages(out))
    assert "上门服务派单表·钱美娟" in text and "本周计划" in text
    # The week of 2026-11-24 (a Tuesday) runs from Monday 23 to Sunday 29 November.
    assert "周一11/23" in text and "周三11/25" in text and "周五11/27" in text
    visits = {client.name: client.days for client in plan.clients}
    assert len(visits["严杏娥"]) == 2 and len(visits["顾惠芬"]) == 1
    for day in plan.days:
        if day.stops:
            date = DAY + dt.timedelta(days=("周一", "周二", "周三", "周四", "周五").index(day.day) - 1)
            heading = f"{day.day}{date.year}年{date.month}月{date.day}日·{len(day.stops)}户"
            assert heading in text
            section = text[text.index(heading) :]
            names = [stop.name for stop in day.stops]
            positions = [section.index(name) for name in names]
            assert positions == sorted(positions), f"{day.day} visits out of order"
    assert "助浴、认知照护" in text, "a client with dementia needs 认知照护 as well"
    assert "严杏娥" in text and "1390000" in text


def test_progress_rises_to_the_end_and_english_sheets_read_in_english(sqlite_store: Store, tmp_path: Path) -> None:
    ids = build(sqlite_store)
    seen: list[tuple[int, int]] = []
    with sqlite_store.reading() as session:
        out = render_sheets(
            session,
            tmp_path / "en.pdf",
            provider_ids=[ids.meal_point, ids.caregiver, ids.centre],
            day=DAY,
            lang="en",
            progress=lambda done, total: seen.append((done, total)),
        )
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    text = "".join(flat_pages(out))
    for words in ("Home-visitsheet", "Mealsheet", "Dementia-careadmissions", "Page1of1", "Thisweek", "Signature"):
        assert words in text
