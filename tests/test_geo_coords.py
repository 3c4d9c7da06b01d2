"""Coordinate systems against published reference points, and exact round trips."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from carematch.core.enums import CoordSystem
from carematch.core.errors import UserInputError
from carematch.core.geo.coords import (
    _bd09_to_gcj02_one_step,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    parse_coord_system,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from carematch.core.geo.distance import distance_m


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(great_circle((a[1], a[0]), (b[1], b[0])).m)


# googollee/eviltransform python/test.py: (wgsLat, wgsLng, gcjLat, gcjLng).
EVILTRANSFORM_WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]

# wandergis/coordtransform test/app.js: every function applied to (116.404, 39.915).
COORDTRANSFORM_INPUT = (116.404, 39.915)
COORDTRANSFORM_BD09_TO_GCJ02 = (116.39762729119315, 39.90865673957631)  # Baidu's one-step inverse
COORDTRANSFORM_GCJ02_TO_BD09 = (116.41036949371029, 39.92133699351021)
COORDTRANSFORM_WGS84_TO_GCJ02 = (116.41024449916938, 39.91640428150164)
COORDTRANSFORM_GCJ02_TO_WGS84 = (116.39775550083061, 39.91359571849836)  # the one-step inverse
# A Rust port's tests (coordtransform_rs) add the two-step conversions for the same input.
COORDTRANSFORM_WGS84_TO_BD09 = (116.41662724378733, 39.922699552216216)
COORDTRANSFORM_BD09_TO_WGS84 = (116.3913836995125, 39.907253214522164)  # one-step inverses chained


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_gives_the_published_points(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    lon, lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert lon == pytest.approx(gcj_lon, abs=1e-9)
    assert lat == pytest.approx(gcj_lat, abs=1e-9)


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_is_the_exact_inverse_of_the_published_points(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    assert metres(gcj02_to_wgs84(gcj_lon, gcj_lat), (wgs_lon, wgs_lat)) < 0.01


def test_the_coordtransform_reference_points() -> None:
    lon, lat = COORDTRANSFORM_INPUT
    assert wgs84_to_gcj02(lon, lat) == pytest.approx(COORDTRANSFORM_WGS84_TO_GCJ02, abs=1e-12)
    assert gcj02_to_bd09(lon, lat) == pytest.approx(COORDTRANSFORM_GCJ02_TO_BD09, abs=1e-12)
    assert _bd09_to_gcj02_one_step(lon, lat) == pytest.approx(COORDTRANSFORM_BD09_TO_GCJ02, abs=1e-12)
    # The published inverses are one-step approximations (a few centimetres off here, metres
    # elsewhere): ours lands close to them, and unlike them it goes back exactly.
    exact_gcj = bd09_to_gcj02(lon, lat)
    assert 0.001 < metres(exact_gcj, COORDTRANSFORM_BD09_TO_GCJ02) < 0.2
    assert metres(gcj02_to_bd09(*exact_gcj), (lon, lat)) < 0.001
    assert metres(gcj02_to_bd09(*COORDTRANSFORM_BD09_TO_GCJ02), (lon, lat)) > 0.01
    assert wgs84_to_bd09(lon, lat) == pytest.approx(COORDTRANSFORM_WGS84_TO_BD09, abs=1e-12)
    exact_from_bd = bd09_to_wgs84(lon, lat)
    assert 0.01 < metres(exact_from_bd, COORDTRANSFORM_BD09_TO_WGS84) < 2.0
    assert metres(wgs84_to_bd09(*exact_from_bd), (lon, lat)) < 0.001
    exact_wgs = gcj02_to_wgs84(lon, lat)
    assert 0.01 < metres(exact_wgs, COORDTRANSFORM_GCJ02_TO_WGS84) < 2.0
    assert metres(wgs84_to_gcj02(*exact_wgs), (lon, lat)) < 0.001
    assert metres(wgs84_to_gcj02(*COORDTRANSFORM_GCJ02_TO_WGS84), (lon, lat)) > 0.01


def test_offsets_around_the_demo_county_are_those_design_measured() -> None:
    # DESIGN §8: left unconverted, GCJ-02 is off by about 0.5 km and BD-09 by about 1.1 km near 30.7N 120.3E.
    lon, lat = 120.3, 30.7
    assert 450 < distance_m(lon, lat, *wgs84_to_gcj02(lon, lat)) < 550
    assert 1050 < distance_m(lon, lat, *wgs84_to_bd09(lon, lat)) < 1200


def test_points_outside_china_are_left_alone() -> None:
    for system in CoordSystem:
        assert to_wgs84(2.35, 48.85, system) == (2.35, 48.85)
        assert from_wgs84(2.35, 48.85, system) == (2.35, 48.85)


inside_china = st.tuples(st.floats(74.0, 134.5), st.floats(18.0, 53.5))


@given(inside_china)
def test_gcj02_round_trip_is_under_a_centimetre(point: tuple[float, float]) -> None:
    assert metres(gcj02_to_wgs84(*wgs84_to_gcj02(*point)), point) < 0.01
    assert metres(wgs84_to_gcj02(*gcj02_to_wgs84(*point)), point) < 0.01


@given(inside_china)
def test_bd09_round_trip_is_under_a_centimetre(point: tuple[float, float]) -> None:
    assert metres(bd09_to_gcj02(*gcj02_to_bd09(*point)), point) < 0.01
    assert metres(bd09_to_wgs84(*wgs84_to_bd09(*point)), point) < 0.01
    assert metres(wgs84_to_bd09(*bd09_to_wgs84(*point)), point) < 0.01


@given(inside_china, st.sampled_from(list(CoordSystem)))
def test_to_and_from_wgs84_are_inverse(point: tuple[float, float], system: CoordSystem) -> None:
    assert metres(to_wgs84(*from_wgs84(*point, system), system), point) < 0.01


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("", CoordSystem.WGS84),
        ("WGS84", CoordSystem.WGS84),
        ("wgs-84", CoordSystem.WGS84),
        ("GPS", CoordSystem.WGS84),
        ("ＧＣＪ０２", CoordSystem.GCJ02),
        ("高德", CoordSystem.GCJ02),
        ("腾讯地图", CoordSystem.GCJ02),
        ("BD09", CoordSystem.BD09),
        ("百度", CoordSystem.BD09),
        ("BD-09(百度)", CoordSystem.BD09),
        ("GCJ02(高德/腾讯)", CoordSystem.GCJ02),
        ("WGS84(GPS)", CoordSystem.WGS84),
    ],
)
def test_coordinate_system_names_staff_write(text: str, system: CoordSystem) -> None:
    assert parse_coord_system(text) is system


def test_every_labelled_system_reads_back() -> None:
    for system in CoordSystem:
        assert parse_coord_system(system.zh) is system
        assert parse_coord_system(system.value) is system


def test_an_unknown_coordinate_system_is_refused_in_words() -> None:
    with pytest.raises(UserInputError, match="坐标系"):
        parse_coord_system("北京54")
