"""Former names (曾用名) of merged or renamed villages, still written in addresses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.enums import CoordSource
from carematch.core.errors import UserInputError
from carematch.core.geo.address import read_address
from carematch.core.geo.gazetteer import Gazetteer, upsert_village
from carematch.core.geo.placement import place
from carematch.core.models import AuditEntry, Village


@pytest.fixture
def merged() -> Gazetteer:
    # 东风村 and 红旗村 were merged into 甲镇's 新华村; 乙镇 still has a 红旗村 of its own.
    return Gazetteer.from_mapping(
        {
            "townships": [
                {
                    "name": "甲镇",
                    "lon": 120.0,
                    "lat": 30.0,
                    "villages": [
                        {"name": "新华村", "lon": 120.01, "lat": 30.0, "aliases": ["东风村", "红旗村", "新华"]},
                    ],
                },
                {
                    "name": "乙镇",
                    "lon": 120.3,
                    "lat": 30.0,
                    "villages": [{"name": "红旗村", "lon": 120.31, "lat": 30.0}],
                },
            ]
        }
    )


def test_an_address_with_a_former_name_finds_the_present_village(merged: Gazetteer) -> None:
    reading = read_address(merged, "东风村3组12号")
    assert reading.village is not None and reading.village.name == "新华村"
    assert reading.former_name == "东风村" and reading.detail == "3组12号"
    placed = place(merged, address="东风村3组12号")
    assert (placed.township, placed.village, placed.source) == ("甲镇", "新华村", CoordSource.VILLAGE)
    assert "曾用名" in placed.warnings[0].text("zh") and "former name" in placed.warnings[0].text("en")
    assert read_address(merged, "甲镇新华村").former_name == ""


def test_a_former_name_another_village_still_carries_is_ambiguous(merged: Gazetteer) -> None:
    reading = read_address(merged, "红旗村5组")
    assert reading.village is None
    assert sorted(v.township + v.name for v in reading.village_candidates) == ["乙镇红旗村", "甲镇新华村"]
    with pytest.raises(UserInputError, match="甲镇新华村"):
        place(merged, village="红旗村")
    assert place(merged, township="甲镇", village="红旗村").village == "新华村"
    assert place(merged, township="乙镇", village="红旗村").village == "红旗村"
    assert place(merged, address="甲镇红旗村").village == "新华村"


def test_former_names_work_in_the_village_cell_and_beside_coordinates(merged: Gazetteer) -> None:
    placed = place(merged, township="甲镇", village="东风")
    assert placed.village == "新华村" and "曾用名" in placed.warnings[0].text("zh")
    beside = place(merged, village="东风村", lon=120.011, lat=30.0)
    assert beside.village == "新华村" and beside.source is CoordSource.GPS
    # A village's own stem given as an alias does not make it look ambiguous.
    assert place(merged, village="新华").warnings == ()


def test_aliases_are_stored_and_loaded(store: Store) -> None:
    with store.unit_of_work() as session:
        upsert_village(
            session, township="甲镇", name="新华村", lon=120.0, lat=30.0, aliases=["东风村", " 东风村", "新华村"]
        )
    with store.unit_of_work() as session:
        village = session.scalars(select(Village)).one()
        assert village.aliases == ["东风村"]  # cleaned, once, never its own name
        before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()))
        upsert_village(session, township="甲镇", name="新华村", aliases=["东风村"])  # nothing changes
        upsert_village(session, township="甲镇", name="新华村", elderly_population=5)  # aliases kept
        session.flush()
        changed = session.scalars(select(AuditEntry).where(AuditEntry.seq > before)).all()
        assert [sorted(e.changes) for e in changed] == [["elderly_population"]]
    with store.reading() as session:
        loaded = Gazetteer.load(session)
        assert loaded.villages[0].aliases == ("东风村",)
        assert read_address(loaded, "东风村").former_name == "东风村"
