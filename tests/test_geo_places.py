"""Gazetteer look-ups, address reading, placing records and showing distances with their error."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.enums import CoordSource, CoordSystem, Sex
from carematch.core.errors import UserInputError
from carematch.core.geo.address import read_address
from carematch.core.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from carematch.core.geo.display import combined_error_m, format_distance
from carematch.core.geo.distance import distance_m
from carematch.core.geo.gazetteer import (
    Gazetteer,
    clean_name,
    township_key,
    upsert_township,
    upsert_village,
    village_key,
)
from carematch.core.geo.placement import apply_placement, place
from carematch.core.models import AuditEntry, Resident, Township, Village
from carematch.core.paths import resource_path

QUANBU = (120.42485, 30.69385)  # 荃步村's centre in the demo gazetteer
LIANSHI = (120.43, 30.712)  # 练市镇's centre


@pytest.fixture(scope="module")
def demo_data() -> dict[str, object]:
    with resource_path("places", "nanxun_demo_gazetteer.json").open(encoding="utf-8") as handle:
        data: dict[str, object] = json.load(handle)
    return data


@pytest.fixture(scope="module")
def gazetteer(demo_data: dict[str, object]) -> Gazetteer:
    return Gazetteer.from_mapping(demo_data)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- names --------------------------------------------------------------------------------


def test_name_stems() -> None:
    assert township_key("练市镇") == "练市"
    assert township_key("旧馆街道") == "旧馆"
    assert township_key(" 旧馆 街道办事处") == "旧馆"
    assert village_key("荃步村") == "荃步"
    assert village_key("适园社区") == "适园"
    assert village_key("荃步村村民委员会") == "荃步村"  # one suffix at a time
    assert village_key("新村") == "新村"  # a stem keeps two characters
    assert clean_name("荃步村\u3000") == "荃步村"


def test_township_lookups_tolerate_suffix_and_width(gazetteer: Gazetteer) -> None:
    for name in ("练市镇", "练市", " 练市镇 ", "练市街道"):
        township = gazetteer.township(name)
        assert township is not None and township.name == "练市镇", name
    assert gazetteer.township("旧馆") is not None
    assert gazetteer.township("不存在镇") is None


def test_village_lookups(gazetteer: Gazetteer) -> None:
    village = gazetteer.village("练市", "荃步")
    assert village is not None and (village.township, village.name) == ("练市镇", "荃步村")
    assert gazetteer.village("双林镇", "荃步村") is None
    assert sorted(v.township for v in gazetteer.villages_named("新华村")) == ["千金镇", "练市镇"]
    assert len(gazetteer.villages_named("新华")) == 2
    assert gazetteer.village("", "新华村") is None  # two villages: never guessed
    assert gazetteer.villages_in("善琏镇")[0].township == "善琏镇"


# --- address reading ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "练市镇荃步村3组12号",
        "浙江省湖州市南浔区练市镇荃步村",
        "荃步村",
        "荃步村3组",
        "练市荃步3组12号",
        "湖州市南浔区练市镇 荃步村 3组",
        to_full_width("练市镇荃步村3组12号"),
    ],
)
def test_addresses_clerks_write_find_the_village(gazetteer: Gazetteer, address: str) -> None:
    reading = read_address(gazetteer, address)
    assert reading.village is not None, address
    assert (reading.township and reading.township.name, reading.village.name) == ("练市镇", "荃步村")


def test_the_rest_of_the_address_is_kept(gazetteer: Gazetteer) -> None:
    assert read_address(gazetteer, "练市镇荃步村3组12号").detail == "3组12号"
    assert read_address(gazetteer, "浙江省湖州市南浔区练市镇荃步村").detail == ""


def test_the_district_name_is_not_taken_for_a_township(gazetteer: Gazetteer) -> None:
    # 南浔区 contains 南浔, the stem of 南浔镇: the district is not the township.
    reading = read_address(gazetteer, "浙江省湖州市南浔区练市镇")
    assert reading.township is not None and reading.township.name == "练市镇"
    assert reading.village is None


def test_a_village_two_townships_share_is_ambiguous_with_both_named(gazetteer: Gazetteer) -> None:
    reading = read_address(gazetteer, "新华村5组")
    assert reading.village is None and reading.ambiguous
    assert sorted(v.township for v in reading.village_candidates) == ["千金镇", "练市镇"]
    with pytest.raises(UserInputError) as raised:
        place(gazetteer, address="新华村5组")
    assert "练市镇新华村" in raised.value.text("zh") and "千金镇新华村" in raised.value.text("zh")
    assert "练市镇新华村" in raised.value.text("en")


def test_the_township_settles_an_ambiguous_village(gazetteer: Gazetteer) -> None:
    reading = read_address(gazetteer, "千金镇新华村5组")
    assert reading.village is not None and reading.village.township == "千金镇"
    placed = place(gazetteer, township="练市镇", village="新华村")
    assert (placed.township, placed.village) == ("练市镇", "新华村")


def test_unknown_and_misplaced_addresses_are_reported(gazetteer: Gazetteer) -> None:
    assert not read_address(gazetteer, "北京市海淀区中关村大街1号").found
    with pytest.raises(UserInputError, match="找不到"):
        place(gazetteer, address="北京市海淀区中关村大街1号")
    reading = read_address(gazetteer, "双林镇荃步村")
    assert reading.misplaced and reading.village is None
    with pytest.raises(UserInputError, match="不在双林镇"):
        place(gazetteer, address="双林镇荃步村")


@given(st.text(alphabet="练市镇荃步村新华组号0123456789省湖州南浔区 ，,", max_size=30))
def test_the_address_reader_never_fails_and_never_guesses(text: str) -> None:
    gazetteer = Gazetteer.from_mapping(
        json.loads(resource_path("places", "nanxun_demo_gazetteer.json").read_text(encoding="utf-8"))
    )
    reading = read_address(gazetteer, text)
    if reading.village is not None:
        assert reading.township is not None and reading.village.township == reading.township.name
        assert not reading.village_candidates
        assert reading.village.name in clean_name(text) or village_key(reading.village.name) in clean_name(text)
    if reading.village_candidates:
        assert len(reading.village_candidates) >= 2 and reading.village is None


@given(st.data())
def test_every_village_is_read_back_from_the_addresses_clerks_write(data: st.DataObject) -> None:
    gazetteer = Gazetteer.from_mapping(
        json.loads(resource_path("places", "nanxun_demo_gazetteer.json").read_text(encoding="utf-8"))
    )
    village = data.draw(st.sampled_from(gazetteer.villages))
    group, house = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 200))
    prefix = data.draw(st.sampled_from(["", "浙江省湖州市南浔区", "湖州市", "南浔区"]))
    township = data.draw(st.sampled_from([village.township, township_key(village.township)]))
    text = f"{prefix}{township}{village.name}{group}组{house}号"
    if data.draw(st.booleans()):
        text = to_full_width(text)
    reading = read_address(gazetteer, text)
    assert reading.village == village, text
    assert reading.detail == f"{group}组{house}号"


# --- placing ------------------------------------------------------------------------------


def test_gps_coordinates_are_kept_with_a_20_m_error(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, township="练市镇", village="荃步村", lon=120.4301, lat=30.7132)
    assert (placed.lon, placed.lat) == (120.4301, 30.7132)
    assert placed.source is CoordSource.GPS and placed.error_m == 20
    assert placed.warnings == ()


@pytest.mark.parametrize(
    ("system", "forward", "source"),
    [
        (CoordSystem.GCJ02, wgs84_to_gcj02, CoordSource.CONVERTED_GCJ02),
        (CoordSystem.BD09, wgs84_to_bd09, CoordSource.CONVERTED_BD09),
    ],
)
def test_map_app_coordinates_are_converted_to_wgs84(
    gazetteer: Gazetteer,
    system: CoordSystem,
    forward: Callable[[float, float], tuple[float, float]],
    source: CoordSource,
) -> None:
    shown = forward(*QUANBU)
    placed = place(gazetteer, village="荃步村", lon=shown[0], lat=shown[1], system=system)
    assert distance_m(placed.lon, placed.lat, *QUANBU) == 0
    assert placed.source is source and placed.error_m == 20
    assert placed.township == "练市镇"


def test_swapped_latitude_and_longitude_are_fixed_with_a_warning(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, lon=30.7132, lat=120.4301)
    assert (placed.lon, placed.lat) == (120.4301, 30.7132)
    assert "填反" in placed.warnings[0].text("zh")
    assert "swapped" in placed.warnings[0].text("en")


def test_coordinates_alone_are_filed_under_the_nearest_village_with_a_warning(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, lon=QUANBU[0] + 0.003, lat=QUANBU[1])
    assert (placed.township, placed.village) == ("练市镇", "荃步村")
    assert placed.source is CoordSource.GPS
    assert "最近的练市镇荃步村" in placed.warnings[-1].text("zh")
    far = place(gazetteer, lon=116.4, lat=39.9)  # Beijing: no village of the county within 3 km
    assert (far.township, far.village, far.warnings) == ("", "", ())


def test_coordinates_outside_china_or_half_given_are_refused(gazetteer: Gazetteer) -> None:
    with pytest.raises(UserInputError, match="不在中国境内"):
        place(gazetteer, lon=2.35, lat=48.85)
    with pytest.raises(UserInputError, match="一起"):
        place(gazetteer, lon=120.4, village="荃步村")
    with pytest.raises(UserInputError):
        place(gazetteer, lon=float("nan"), lat=30.0)


def test_coordinates_far_from_their_village_are_placed_with_a_warning(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, village="荃步村", lon=120.10, lat=30.20)
    assert placed.source is CoordSource.GPS
    assert any("核对坐标" in w.text("zh") for w in placed.warnings)


def test_coordinates_with_an_unknown_village_keep_the_coordinates_and_warn(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, township="练市镇", village="荃布村", lon=120.425, lat=30.694)
    assert placed.source is CoordSource.GPS and placed.village == "荃布村"
    assert any("荃步村" in w.text("zh") for w in placed.warnings)  # the likely spelling is suggested


def test_a_village_without_coordinates_is_placed_at_its_centre_within_1_km(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, address="练市镇荃步村3组12号")
    assert (placed.lon, placed.lat) == QUANBU
    assert placed.source is CoordSource.VILLAGE and placed.error_m == 1000
    assert (placed.township, placed.village, placed.address) == ("练市镇", "荃步村", "练市镇荃步村3组12号")
    assert place(gazetteer, village="荃步").village == "荃步村"


def test_the_address_completes_a_record_whose_village_cell_is_empty(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, township="练市镇", address="荃步村3组12号")
    assert (placed.village, placed.source, placed.error_m) == ("荃步村", CoordSource.VILLAGE, 1000)
    # 新华村 is in two townships: the 乡镇 cell settles which.
    assert place(gazetteer, township="千金", address="新华村5组").village == "新华村"
    assert place(gazetteer, township="千金", address="新华村5组").lon != place(gazetteer, address="练市镇新华村").lon
    # A village of another township is not taken: the township's centre, with a warning.
    other = place(gazetteer, township="双林镇", address="荃步村3组")
    assert (other.township, other.village, other.source) == ("双林镇", "", CoordSource.TOWNSHIP)
    assert "不在双林镇" in other.warnings[0].text("zh")
    differs = place(gazetteer, village="湖盛村", address="练市镇荃步村3组")
    assert differs.village == "湖盛村" and "与村(社区)栏的练市镇湖盛村不同" in differs.warnings[0].text("zh")
    assert place(gazetteer, village="荃步村", address="练市镇荃步村3组").warnings == ()
    with_gps = place(gazetteer, township="练市镇", address="荃步村3组", lon=120.4249, lat=30.6939)
    assert (with_gps.village, with_gps.source) == ("荃步村", CoordSource.GPS)


def test_a_township_alone_is_placed_at_its_centre_within_5_km(gazetteer: Gazetteer) -> None:
    placed = place(gazetteer, township="练市")
    assert (placed.lon, placed.lat) == LIANSHI
    assert placed.source is CoordSource.TOWNSHIP and placed.error_m == 5000
    assert placed.township == "练市镇" and placed.village == ""


def test_unknown_names_are_reported_with_the_likely_spelling(gazetteer: Gazetteer) -> None:
    with pytest.raises(UserInputError, match="荃步村"):
        place(gazetteer, township="练市镇", village="荃布村")
    with pytest.raises(UserInputError, match="练市镇"):
        place(gazetteer, township="炼市镇")
    with pytest.raises(UserInputError, match="不在练市镇"):
        place(gazetteer, township="练市镇", village="含山村")
    with pytest.raises(UserInputError, match="没有位置"):
        place(gazetteer)


def test_a_village_without_a_centre_falls_back_to_its_township() -> None:
    gazetteer = Gazetteer.from_mapping(
        {"townships": [{"name": "甲镇", "lon": 120.0, "lat": 30.0, "villages": [{"name": "乙村"}]}]}
    )
    placed = place(gazetteer, village="乙村")
    assert placed.source is CoordSource.TOWNSHIP and placed.village == "乙村"
    assert "没有中心坐标" in placed.warnings[0].text("zh")


# --- the database side ----------------------------------------------------------------------


def test_upserts_write_the_tables_and_load_back(store: Store, demo_data: dict[str, object]) -> None:
    with store.unit_of_work(actor="测试") as session:
        for entry in demo_data["townships"]:  # type: ignore[attr-defined]
            township = upsert_township(
                session, name=entry["name"], county="湖州市南浔区", lon=entry["lon"], lat=entry["lat"]
            )
            for v in entry["villages"]:
                upsert_village(
                    session,
                    township=township,
                    name=v["name"],
                    lon=v["lon"],
                    lat=v["lat"],
                    coord_source=CoordSource.GPS,
                    elderly_population=v["elderly_population"],
                )
    with store.unit_of_work(actor="测试") as session:
        # The same names again, full-width and with stray spaces, change only what differs.
        before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()))
        upsert_village(session, township="练市镇", name=" 荃步村 ", elderly_population=610)
        upsert_village(session, township="练市镇", name="荃步村", elderly_population=640)
        upsert_village(session, township="新设镇", name="新设村")
        session.flush()
        changes = session.scalars(select(AuditEntry).where(AuditEntry.seq > before)).all()
        assert sorted(e.table_name for e in changes) == ["townships", "villages", "villages"]
    with store.reading() as session:
        loaded = Gazetteer.load(session)
        assert len(loaded) == 10
        village = loaded.village("练市镇", "荃步村")
        assert village is not None and village.elderly_population == 640 and village.coord_source is CoordSource.GPS
        assert session.scalar(select(Township).where(Township.name == "新设镇")) is not None
        assert len(session.scalars(select(Village)).all()) == 63


def test_deleted_places_are_left_out_and_come_back_on_upsert(store: Store) -> None:
    import datetime as dt

    with store.unit_of_work() as session:
        upsert_village(session, township="甲镇", name="乙村", lon=120.0, lat=30.0)
    with store.unit_of_work() as session:
        village = session.scalars(select(Village)).one()
        village.deleted_at = dt.datetime(2026, 1, 1)
    with store.reading() as session:
        assert Gazetteer.load(session).villages == ()
    with store.unit_of_work() as session:
        upsert_village(session, township="甲镇", name="乙村")
    with store.reading() as session:
        assert [v.name for v in Gazetteer.load(session).villages] == ["乙村"]


def test_apply_placement_sets_the_place_columns(gazetteer: Gazetteer) -> None:
    import datetime as dt

    resident = Resident(citizen_id="x", name="王秀英", sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3))
    apply_placement(resident, place(gazetteer, address="练市镇荃步村3组12号"))
    assert (resident.township, resident.village, resident.address) == ("练市镇", "荃步村", "练市镇荃步村3组12号")
    assert (resident.lon, resident.lat) == QUANBU
    assert resident.coord_source is CoordSource.VILLAGE and resident.coord_error_m == 1000


# --- display --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distance", "error", "shown"),
    [
        (2300, 1000, "2.3 km ± 1 km"),
        (2345, 5000, "2.3 km ± 5 km"),
        (850, 20, "850 m ± 20 m"),
        (1000, None, "1 km"),
        (12_400, 1500, "12 km ± 1.5 km"),
        (0, 40, "0 m ± 40 m"),
    ],
)
def test_format_distance(distance: int, error: int | None, shown: str) -> None:
    assert format_distance(distance, error) == shown
    assert format_distance(distance, error, lang="en") == shown


def test_unknown_distance_and_combined_errors() -> None:
    assert format_distance(None, 20) == "未知"
    assert format_distance(None, 20, lang="en") == "unknown"
    assert combined_error_m(20, 1000) == 1020
    assert combined_error_m(20, None) is None


@given(st.integers(0, 2_000_000), st.one_of(st.none(), st.integers(1, 50_000)))
def test_format_distance_is_always_a_number_and_a_unit(distance: int, error: int | None) -> None:
    shown = format_distance(distance, error)
    pattern = r"\d+(\.\d)? (m|km)( ± \d+(\.\d)? (m|km))?"
    assert re.fullmatch(pattern, shown)
    assert ("±" in shown) == (error is not None)
