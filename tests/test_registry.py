"""Field tables, validation (every fault), saving, soft deletion and history."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from registry_data import add_gazetteer, citizen_id
from sqlalchemy import select

from carematch.core import registry
from carematch.core.db import Store
from carematch.core.enums import WEEKDAYS, CoordSource, Sex
from carematch.core.errors import ConflictError, UserInputError
from carematch.core.models import CareCentre, Resident, Village
from carematch.core.validation import InvalidValue, normalize_text

WANG = citizen_id(dt.date(1940, 5, 3), 1)


def resident_values(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "citizen_id": WANG,
        "name": "王秀英",
        "township": "南浔镇",
        "village": "东大街社区",
        "phone": "13812345678",
        "need_meal": "是",
    }
    values.update(changes)
    return values


@pytest.fixture
def placed_store(store: Store) -> Store:
    add_gazetteer(store)
    return store


def test_every_kind_has_chinese_headers_and_english_names() -> None:
    for kind in registry.KINDS:
        table = registry.field_table(kind)
        assert all(f.zh and f.en for f in table)
        assert len({f.zh for f in table}) == len(table)
        assert registry.KEY_FIELD[kind] in {f.name for f in table}
    assert [f.zh for f in registry.RESIDENT_FIELDS][:5] == ["身份证号", "姓名", "性别", "出生日期", "联系电话"]


def test_birth_date_and_sex_come_from_the_citizen_id(placed_store: Store) -> None:
    with placed_store.reading() as session:
        checked = registry.validate("residents", resident_values(), session=session)
    assert checked.ok, checked.messages()
    assert checked.fields["birth_date"] == dt.date(1940, 5, 3)
    assert checked.fields["sex"] is Sex.FEMALE
    assert checked.fields["coord_source"] is CoordSource.VILLAGE


def test_every_fault_of_a_record_is_collected_per_field(placed_store: Store) -> None:
    values = resident_values(
        birth_date="1941-05-03", sex="男", phone="138", visits_per_week="8", visit_skills="助浴、理发", need_meal="也许"
    )
    with placed_store.reading() as session:
        checked = registry.validate("residents", values, session=session)
    assert set(checked.errors) == {"birth_date", "sex", "phone", "visits_per_week", "visit_skills", "need_meal"}
    texts = [m.text("zh") for m in checked.messages()]
    assert any("1940-05-03" in t and "出生日期" in t for t in texts)
    assert all(m.text("en") for m in checked.messages())


def test_a_missing_key_and_name_and_no_place_are_each_reported(placed_store: Store) -> None:
    with placed_store.reading() as session:
        checked = registry.validate("residents", {"phone": "13812345678"}, session=session)
    assert {"citizen_id", "name", "village"} <= set(checked.errors)


def test_an_unknown_village_and_swapped_coordinates(placed_store: Store) -> None:
    with placed_store.reading() as session:
        unknown = registry.validate("residents", resident_values(village="桃花村"), session=session)
        swapped = registry.validate(
            "residents", resident_values(township="", village="", lon="30.87", lat="120.42"), session=session
        )
    assert "桃花村" in unknown.errors["village"][0].text("zh")
    assert swapped.ok and swapped.fields["lon"] == pytest.approx(120.42) and swapped.warnings


def test_gcj02_coordinates_are_converted_to_wgs84(placed_store: Store) -> None:
    from carematch.core.geo.coords import wgs84_to_gcj02

    gcj = wgs84_to_gcj02(120.42, 30.87)
    values = resident_values(lon=gcj[0], lat=gcj[1], coord_system="GCJ02")
    with placed_store.reading() as session:
        checked = registry.validate("residents", values, session=session)
    assert checked.fields["lon"] == pytest.approx(120.42, abs=1e-6)
    assert checked.fields["coord_source"] is CoordSource.CONVERTED_GCJ02


def test_providers_need_their_capacity_and_radius(placed_store: Store) -> None:
    with placed_store.reading() as session:
        centre = registry.validate(
            "centres",
            {"code": "jg1", "name": "颐养院", "township": "南浔镇", "dementia_beds": 4, "dementia_beds_occupied": 5},
            session=session,
        )
        point = registry.validate(
            "meal-points",
            {"code": "ZC1", "name": "食堂", "village": "息塘村", "daily_capacity": 30, "delivers": "是"},
            session=session,
        )
    assert centre.fields["code"] == "JG1"
    assert set(centre.errors) == {"service_radius_km", "dementia_beds_occupied"}
    assert set(point.errors) == {"delivery_radius_km"}


def test_caregiver_centre_is_a_care_centre_code(placed_store: Store) -> None:
    base = {"code": "HG1", "name": "李护理", "township": "南浔镇", "service_radius_km": 5, "max_clients": 8}
    with placed_store.unit_of_work() as session:
        centre = registry.validate(
            "centres",
            {"code": "JG1", "name": "中心", "township": "南浔镇", "dementia_beds": 2, "service_radius_km": 8},
            session=session,
        )
        registry.save(session, "centres", centre)
    with placed_store.reading() as session:
        good = registry.validate(
            "caregivers", base | {"centre_code": "jg1", "available_days": "周一至周五"}, session=session
        )
        bad = registry.validate("caregivers", base | {"centre_code": "JG9", "available_days": "周八"}, session=session)
    assert good.ok and good.fields["centre_id"] is not None
    assert good.fields["available_days"] == list(WEEKDAYS[:5])
    assert set(bad.errors) == {"centre_code", "available_days"}


def test_save_creates_updates_and_refuses_a_second_registration(placed_store: Store) -> None:
    with placed_store.unit_of_work(actor="甲") as session:
        checked = registry.validate("residents", resident_values(), session=session)
        record = registry.save(session, "residents", checked)
    with placed_store.unit_of_work(actor="乙") as session:
        again = registry.validate("residents", resident_values(name="王秀兰"), session=session)
        with pytest.raises(UserInputError, match="已登记过"):
            registry.save(session, "residents", again)
    with placed_store.reading() as session:
        detached = session.get(Resident, record.id)
    with placed_store.unit_of_work(actor="乙") as session:
        changed = registry.validate("residents", resident_values(phone="13900000000"), session=session)
        registry.save(session, "residents", changed, existing=detached)
    with placed_store.reading() as session:
        assert session.get(Resident, record.id).phone == "13900000000"  # type: ignore[union-attr]
        entries = registry.history(session, record.id)
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[1].actor == "乙"
    assert entries[1].text("zh").endswith("联系电话：13812345678 → 13900000000")
    assert "phone: 13812345678 → 13900000000" in entries[1].text("en")


def test_saving_a_record_changed_meanwhile_raises_conflict(placed_store: Store) -> None:
    with placed_store.unit_of_work() as session:
        record = registry.save(session, "residents", registry.validate("residents", resident_values(), session=session))
    with placed_store.reading() as session:
        stale = session.get(Resident, record.id)
    with placed_store.unit_of_work() as session:
        registry.save(
            session,
            "residents",
            registry.validate("residents", resident_values(phone="13900000001"), session=session),
            existing=stale,
        )
    with pytest.raises(ConflictError), placed_store.unit_of_work() as session:
        registry.save(
            session,
            "residents",
            registry.validate("residents", resident_values(phone="13900000002"), session=session),
            existing=stale,
        )
    with placed_store.reading() as session:
        assert session.get(Resident, record.id).phone == "13900000001"  # type: ignore[union-attr]


def test_a_gazetteer_place_changed_meanwhile_raises_conflict(placed_store: Store) -> None:
    with placed_store.reading() as session:
        stale = session.scalars(select(Village).order_by(Village.name)).first()
        assert stale is not None
        township = stale.township.name
    values = {"township": township, "village": stale.name, "lon": stale.lon, "lat": stale.lat}
    with placed_store.unit_of_work() as session:
        fresh = registry.validate("gazetteer", {**values, "elderly_population": 111}, session=session)
        registry.save(session, "gazetteer", fresh, existing=stale)
    with pytest.raises(ConflictError), placed_store.unit_of_work() as session:
        mine = registry.validate("gazetteer", {**values, "elderly_population": 222}, session=session)
        registry.save(session, "gazetteer", mine, existing=stale)
    with placed_store.reading() as session:
        assert session.get(Village, stale.id).elderly_population == 111  # type: ignore[union-attr]


def test_soft_delete_and_undelete_are_in_the_history(placed_store: Store) -> None:
    with placed_store.unit_of_work() as session:
        record = registry.save(session, "residents", registry.validate("residents", resident_values(), session=session))
    with placed_store.unit_of_work() as session:
        registry.soft_delete(session, session.get(Resident, record.id))  # type: ignore[arg-type]
    with placed_store.unit_of_work() as session:
        again = registry.validate("residents", resident_values(), session=session)
        with pytest.raises(UserInputError, match="已被删除"):
            registry.save(session, "residents", again)
        registry.undelete(session, session.get(Resident, record.id))  # type: ignore[arg-type]
    with placed_store.reading() as session:
        actions = [e.action for e in registry.history(session, record.id)]
        assert session.scalars(select(Resident)).one().deleted_at is None
    assert actions == ["insert", "delete", "restore"]


def test_a_capacity_drop_or_closure_flags_assignments_for_rematching(placed_store: Store) -> None:
    from carematch.core import assignments
    from carematch.core.enums import NeedKind
    from carematch.core.models import Assignment

    centre_values = {"code": "JG2", "name": "中心", "township": "南浔镇", "dementia_beds": 2, "service_radius_km": 8}
    with placed_store.unit_of_work(actor="甲") as session:
        centre = registry.save(session, "centres", registry.validate("centres", centre_values, session=session))
        for n in (1, 2):
            values = resident_values(citizen_id=citizen_id(dt.date(1940, 1, n), n), need_dementia_care="是")
            person = registry.save(session, "residents", registry.validate("residents", values, session=session))
            assert isinstance(person, Resident) and isinstance(centre, CareCentre)
            assignments.confirm(
                session, assignments.propose(session, person, NeedKind.DEMENTIA_CARE, centre, actor="甲"), "甲"
            )
    with placed_store.unit_of_work(actor="甲") as session:
        smaller = registry.validate("centres", centre_values | {"dementia_beds": 1}, session=session)
        registry.save(session, "centres", smaller, existing=session.get(CareCentre, centre.id))
    with placed_store.reading() as session:
        assert sorted(a.needs_rematch for a in session.scalars(select(Assignment))) == [False, True]
    with placed_store.unit_of_work(actor="甲") as session:
        registry.soft_delete(session, session.get(CareCentre, centre.id))  # type: ignore[arg-type]
    with placed_store.reading() as session:
        assert [a.needs_rematch for a in session.scalars(select(Assignment))] == [True, True]


@given(st.text(max_size=30))
def test_clean_text_agrees_with_normalize_text(text: str) -> None:
    assert registry.clean_text(text) == normalize_text(text)


@given(st.lists(st.sampled_from(WEEKDAYS), max_size=7))
def test_weekdays_come_back_in_week_order_whatever_the_separator(days: list[str]) -> None:
    for separator in ("、", ",", "，", ";", " "):
        assert registry.parse_weekdays(separator.join(days)) == [d for d in WEEKDAYS if d in days]


@given(st.text(max_size=12))
def test_weekday_parser_raises_only_clerk_errors(text: str) -> None:
    try:
        registry.parse_weekdays(text)
    except InvalidValue as error:
        assert error.message.text("zh") and error.message.text("en")


def test_fullwidth_text_is_folded() -> None:
    assert registry.clean_text("  １２３ 　ａｂｃ ") == unicodedata.normalize("NFKC", "１２３ ａｂｃ")


def test_history_shows_labels_a_clerk_reads(placed_store: Store) -> None:
    with placed_store.unit_of_work(actor="甲") as session:
        record = registry.save(
            session, "residents", registry.validate("residents", resident_values(ability="轻度"), session=session)
        )
    with placed_store.unit_of_work(actor="乙") as session:
        changed = resident_values(ability="重度失能", dementia="是", visit_skills="助浴、助洁")
        registry.save(session, "residents", registry.validate("residents", changed, session=session), existing=record)
    with placed_store.reading() as session:
        last = registry.history(session, record.id)[-1]
    text = last.text("zh")
    assert "能力等级：轻度失能 → 重度失能" in text
    assert "认知障碍：否 → 是" in text
    assert "上门服务项目：（空） → 助浴、助洁" in text


def test_spaces_clerks_put_inside_chinese_names_are_dropped() -> None:
    name = registry.field_named("residents", "name")
    assert name is not None
    assert [name.parse(v) for v in ("王  芳", " 王 秀英 ", "王\u3000秀英", "Maria Wang")] == [
        "王芳",
        "王秀英",
        "王秀英",
        "Maria Wang",
    ]
