"""Coordinates pasted from phones and map apps."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import UserInputError
from carematch.core.geo.coords import from_wgs84
from carematch.core.geo.pasted import read_pasted_coordinates

# What the brief's three pastes mean: 120.4301 E, 30.7132 N, and 120°25'48" E, 30°42'47" N.
DMS_LON = 120 + 25 / 60 + 48 / 3600
DMS_LAT = 30 + 42 / 60 + 47 / 3600


@pytest.mark.parametrize(
    ("text", "lon", "lat"),
    [
        ("120.4301,30.7132", 120.4301, 30.7132),
        ("30.7132, 120.4301", 120.4301, 30.7132),
        ("N30°42'47\" E120°25'48\"", DMS_LON, DMS_LAT),
        ("30°42′47″N 120°25′48″E", DMS_LON, DMS_LAT),
        ("E120°25'48\", N30°42'47\"", DMS_LON, DMS_LAT),
        ("北纬30°42′47″ 东经120°25′48″", DMS_LON, DMS_LAT),
        ("北纬30.7132 东经120.4301", 120.4301, 30.7132),
        ("纬度：30.7132，经度：120.4301", 120.4301, 30.7132),
        ("经度 120.4301 纬度 30.7132", 120.4301, 30.7132),
        ("lat: 30.7132 lng: 120.4301", 120.4301, 30.7132),
        ("30.7132N, 120.4301E", 120.4301, 30.7132),
        ("N30°42.5' E120°25.5'", 120 + 25.5 / 60, 30 + 42.5 / 60),
        ("１２０．４３０１，３０．７１３２", 120.4301, 30.7132),
        ("  120.4301 ,  30.7132  ", 120.4301, 30.7132),
        ("120.4301;30.7132", 120.4301, 30.7132),
        ("120.4301 30.7132", 120.4301, 30.7132),
        ("https://uri.amap.com/marker?position=120.4301,30.7132&name=荃步村", 120.4301, 30.7132),
        ("geo:30.7132,120.4301", 120.4301, 30.7132),
        ("lat=30.7132&lon=120.4301", 120.4301, 30.7132),
        ("N 30 42.5, E 120 25.5", 120 + 25.5 / 60, 30 + 42.5 / 60),  # a GPS unit's degrees and minutes
        ("N30 42 47 E120 25 48", DMS_LON, DMS_LAT),
        ("东经120°25′48″，北纬30°42′47″", DMS_LON, DMS_LAT),
        ("30度42分47秒 120度25分48秒", DMS_LON, DMS_LAT),
    ],
)
def test_the_ways_staff_paste_a_gps_point(text: str, lon: float, lat: float) -> None:
    point = read_pasted_coordinates(text, CoordSystem.WGS84)
    assert (point.lon, point.lat) == pytest.approx((lon, lat), abs=1e-12)
    assert point.source is CoordSource.GPS and point.error_m == 20
    assert point.warnings == ()


@pytest.mark.parametrize(
    ("app", "system", "source"),
    [
        ("GPS", CoordSystem.WGS84, CoordSource.GPS),
        ("高德", CoordSystem.GCJ02, CoordSource.CONVERTED_GCJ02),
        ("腾讯", CoordSystem.GCJ02, CoordSource.CONVERTED_GCJ02),
        ("百度", CoordSystem.BD09, CoordSource.CONVERTED_BD09),
    ],
)
def test_the_app_chosen_decides_the_conversion(app: str, system: CoordSystem, source: CoordSource) -> None:
    wgs = (120.42485, 30.69385)
    shown = from_wgs84(*wgs, system)
    point = read_pasted_coordinates(f"{shown[0]!r},{shown[1]!r}", app)
    assert point.system is system and point.source is source
    assert (point.shown_lon, point.shown_lat) == shown
    assert great_circle((point.lat, point.lon), (wgs[1], wgs[0])).m < 0.01


def test_marked_but_swapped_axes_are_put_back_with_a_warning() -> None:
    point = read_pasted_coordinates("N120.4301 E30.7132")
    assert (point.lon, point.lat) == (120.4301, 30.7132)
    assert "填反" in point.warnings[0].text("zh")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "没有粘贴"),
        ("120.4301", "两个数"),
        ("120.4301,30.7132,15", "两个数"),
        ("abc", "两个数"),
        ("13404871.52,3588219.96", "墨卡托"),
        ("N30 N120", "同一个方向"),
        ("30°70'N 120°E", "小于60"),
        ("S30.7 E120.4", "不在中国境内"),
        ("1,2", "不在中国境内"),
    ],
)
def test_unreadable_pastes_are_refused_in_words(text: str, why: str) -> None:
    with pytest.raises(UserInputError, match=why):
        read_pasted_coordinates(text)


china_lon = st.floats(73.5, 135.0)
china_lat = st.floats(18.0, 53.5)


def dms(value: float) -> tuple[int, int, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return degrees, minutes, min(seconds, 59.99)


@given(china_lon, china_lat, st.sampled_from(["{lon},{lat}", "{lat}, {lon}", "{lat} {lon}", "纬度{lat}经度{lon}"]))
def test_decimal_pastes_read_back_exactly(lon: float, lat: float, layout: str) -> None:
    point = read_pasted_coordinates(layout.format(lon=repr(lon), lat=repr(lat)))
    assert (point.lon, point.lat) == (lon, lat)


@given(china_lon, china_lat, st.booleans(), st.booleans())
def test_dms_pastes_read_back_to_the_hundredth_second(lon: float, lat: float, prefix: bool, lat_first: bool) -> None:
    (ld, lm, ls), (bd, bm, bs) = dms(lon), dms(lat)
    lon_text = f"E{ld}°{lm}'{ls}\"" if prefix else f"{ld}°{lm}′{ls}″E"
    lat_text = f"N{bd}°{bm}'{bs}\"" if prefix else f"{bd}°{bm}′{bs}″N"
    text = f"{lat_text} {lon_text}" if lat_first else f"{lon_text}, {lat_text}"
    point = read_pasted_coordinates(text)
    assert point.lon == pytest.approx(ld + lm / 60 + ls / 3600, abs=1e-9)
    assert point.lat == pytest.approx(bd + bm / 60 + bs / 3600, abs=1e-9)


@given(st.text(max_size=40))
def test_any_paste_is_read_or_refused_in_words(text: str) -> None:
    try:
        point = read_pasted_coordinates(text)
    except UserInputError as refused:
        assert refused.text("zh") and refused.text("en")
    else:
        assert 73 <= point.lon <= 136 and 3 <= point.lat <= 54
