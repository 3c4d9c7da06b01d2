"""Resident search: characters, full pinyin, initials, ID tail, phone, village, filters — from indexes."""

from __future__ import annotations

import datetime as dt

import pytest
from registry_data import add_gazetteer, citizen_id
from sqlalchemy import select, text

from carematch.core import registry
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, Assistance, NeedKind
from carematch.core.models import Resident
from carematch.core.search import count_residents, search_residents, text_condition

PEOPLE = [
    ("王秀英", "13812340001", "东大街社区", "轻度失能", "低保", "是", "否"),
    ("王桂英", "13812340002", "东大街社区", "重度失能", "特困", "否", "是"),
    ("汪小英", "0572-3012345", "息塘村", "能力完好", "普通", "是", "否"),
    ("李建国", "13912340004", "息塘村", "中度失能", "普通", "否", "否"),
]


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    add_gazetteer(store)
    ids = {}
    with store.unit_of_work() as session:
        for n, (name, phone, village, ability, assistance, meal, dementia) in enumerate(PEOPLE, start=1):
            cid = citizen_id(dt.date(1940, 1, n), n)
            values = {
                "citizen_id": cid,
                "name": name,
                "phone": phone,
                "township": "南浔镇",
                "village": village,
                "ability": ability,
                "assistance": assistance,
                "need_meal": meal,
                "need_dementia_care": dementia,
            }
            registry.save(session, "residents", registry.validate("residents", values, session=session))
            ids[name] = cid
    return ids


def names(store: Store, query: str = "", **filters: object) -> list[str]:
    with store.reading() as session:
        found = [r.name for r in search_residents(session, query, **filters)]  # type: ignore[arg-type]
        assert count_residents(session, query, **filters) == len(found)  # type: ignore[arg-type]
    return sorted(found)


def test_initials_full_pinyin_and_characters(store: Store, people: dict[str, str]) -> None:
    assert names(store, "wxy") == ["汪小英", "王秀英"]  # wang xiao ying and wang xiu ying
    assert names(store, "WGY") == ["王桂英"]
    assert names(store, "wangxiu") == ["王秀英"]
    assert names(store, "wang") == ["汪小英", "王桂英", "王秀英"]
    assert names(store, "王") == ["王桂英", "王秀英"]
    assert names(store, "王秀英") == ["王秀英"]
    assert names(store, "nobody") == []


def test_id_tail_phone_and_village(store: Store, people: dict[str, str]) -> None:
    wang = people["王秀英"]
    assert names(store, wang[-4:]) == ["王秀英"]
    assert names(store, wang[-6:]) == ["王秀英"]
    assert names(store, wang) == ["王秀英"]
    assert names(store, "13812340002") == ["王桂英"]
    assert names(store, "1381234") == ["王桂英", "王秀英"]
    assert names(store, "0572-3012345") == ["汪小英"]
    assert names(store, "息塘村") == ["李建国", "汪小英"]


def test_filters(store: Store, people: dict[str, str]) -> None:
    assert names(store, village="息塘村") == ["李建国", "汪小英"]
    assert names(store, "w", ability=AbilityLevel.SEVERE) == ["王桂英"]
    assert names(store, assistance=Assistance.EXTREME_POVERTY) == ["王桂英"]
    assert names(store, need=NeedKind.MEAL) == ["汪小英", "王秀英"]
    assert names(store, need=NeedKind.MEAL, unmatched=True) == ["汪小英", "王秀英"]
    assert names(store, unmatched=False) == ["李建国"]
    with store.unit_of_work() as session:
        registry.soft_delete(session, session.scalars(select(Resident).where(Resident.name == "汪小英")).one())
    assert names(store, need=NeedKind.MEAL) == ["王秀英"]


def test_an_unmatched_need_stops_being_unmatched_once_proposed(store: Store, people: dict[str, str]) -> None:
    from carematch.core import assignments

    with store.unit_of_work() as session:
        values = {"code": "ZC1", "name": "食堂", "village": "东大街社区", "daily_capacity": 10}
        point = registry.save(session, "meal-points", registry.validate("meal-points", values, session=session))
        wang = session.scalars(select(Resident).where(Resident.name == "王秀英")).one()
        assignments.propose(session, wang, NeedKind.MEAL, point, actor="t")  # type: ignore[arg-type]
    assert names(store, need=NeedKind.MEAL, unmatched=True) == ["汪小英"]


@pytest.mark.parametrize("query", ["wxy", "wangxiu", "王秀", "0001", "1381234", "息塘村"])
def test_every_text_search_is_answered_from_an_index(store: Store, people: dict[str, str], query: str) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("query plans are read from SQLite")
    statement = select(Resident.id).where(text_condition(query))
    sql = str(statement.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "SCAN residents" not in plan and "USING INDEX" in plan, plan
