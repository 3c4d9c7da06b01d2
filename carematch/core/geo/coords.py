"""China's map coordinate systems: WGS-84 (GPS), GCJ-02 (AMap, Tencent) and BD-09 (Baidu).

GCJ-02 is WGS-84 moved by a published, deterministic offset (a few hundred metres); BD-09 is
GCJ-02 moved once more. The forward formulas are the ones every open-source converter uses
(Krasovsky semi-major axis 6378245 m). Their inverses have no closed form: the one-step inverse
most snippets use leaves about a metre, so the inverses here iterate until the forward
transform of the answer gives back the input to within 1e-10 degree (about 0.01 mm).

All functions take and return (lon, lat) in degrees, longitude first, like the map apps show.
Points outside mainland China's bounding box are left as they are, as the map apps do.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from carematch.core.enums import CoordSystem

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0

# The box the converters treat as "China" (outside it the offset is not applied).
CHINA_LON = (72.004, 137.8347)
CHINA_LAT = (0.8293, 55.8271)

_INVERSE_TOLERANCE_DEG = 1e-10
_INVERSE_MAX_STEPS = 50

Point = tuple[float, float]


def out_of_china(lon: float, lat: float) -> bool:
    return not (CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1])


def _offset_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _offset_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon: float, lat: float) -> Point:
    if out_of_china(lon, lat):
        return lon, lat
    dlat = _offset_lat(lon - 105.0, lat - 35.0)
    dlon = _offset_lon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - _KRASOVSKY_EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_KRASOVSKY_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_bd09(lon: float, lat: float) -> Point:
    if out_of_china(lon, lat):
        return lon, lat
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def _bd09_to_gcj02_one_step(lon: float, lat: float) -> Point:
    """Baidu's published inverse: an approximation that leaves up to about a metre."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def _invert(forward: Callable[[float, float], Point], lon: float, lat: float, start: Point) -> Point:
    """Solve forward(p) = (lon, lat) for p by fixed-point iteration.

    The offsets change slowly with position (their derivative is about 1e-3), so each step
    shrinks the error about a thousandfold; a handful of steps reach the tolerance.
    """
    guess_lon, guess_lat = start
    for _ in range(_INVERSE_MAX_STEPS):
        got_lon, got_lat = forward(guess_lon, guess_lat)
        err_lon, err_lat = got_lon - lon, got_lat - lat
        guess_lon -= err_lon
        guess_lat -= err_lat
        if abs(err_lon) < _INVERSE_TOLERANCE_DEG and abs(err_lat) < _INVERSE_TOLERANCE_DEG:
            break
    return guess_lon, guess_lat


def gcj02_to_wgs84(lon: float, lat: float) -> Point:
    """The exact inverse of `wgs84_to_gcj02` (iterative; round trip well under 0.01 m)."""
    if out_of_china(lon, lat):
        return lon, lat
    return _invert(wgs84_to_gcj02, lon, lat, (lon, lat))


def bd09_to_gcj02(lon: float, lat: float) -> Point:
    """The exact inverse of `gcj02_to_bd09`, starting from Baidu's one-step formula."""
    if out_of_china(lon, lat):
        return lon, lat
    return _invert(gcj02_to_bd09, lon, lat, _bd09_to_gcj02_one_step(lon, lat))


def wgs84_to_bd09(lon: float, lat: float) -> Point:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: float, lat: float) -> Point:
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_TO_WGS84: dict[CoordSystem, Callable[[float, float], Point]] = {
    CoordSystem.WGS84: lambda lon, lat: (lon, lat),
    CoordSystem.GCJ02: gcj02_to_wgs84,
    CoordSystem.BD09: bd09_to_wgs84,
}

_FROM_WGS84: dict[CoordSystem, Callable[[float, float], Point]] = {
    CoordSystem.WGS84: lambda lon, lat: (lon, lat),
    CoordSystem.GCJ02: wgs84_to_gcj02,
    CoordSystem.BD09: wgs84_to_bd09,
}


def to_wgs84(lon: float, lat: float, system: CoordSystem) -> Point:
    """(lon, lat) given in `system`, as WGS-84."""
    return _TO_WGS84[system](lon, lat)


def from_wgs84(lon: float, lat: float, system: CoordSystem) -> Point:
    """(lon, lat) in WGS-84, as `system` shows it (for showing a point on a map app's terms)."""
    return _FROM_WGS84[system](lon, lat)


def parse_coord_system(value: object) -> CoordSystem:
    """The 坐标系 column or a chosen app: WGS84 / GPS / GCJ02 / 高德 / 腾讯 / BD09 / 百度 … (blank = WGS84)."""
    from carematch.core.validation import fail, normalize_text

    text = normalize_text(value).upper().replace("-", "").replace("_", "").replace(" ", "")
    if not text:
        return CoordSystem.WGS84
    for system, words in _SYSTEM_WORDS.items():
        if any(word in text for word in words):
            return system
    raise fail(
        "坐标系“{v}”不认识，请填 WGS84(GPS)、GCJ02(高德/腾讯) 或 BD09(百度)",
        "Coordinate system '{v}' is unknown; use WGS84 (GPS), GCJ02 (AMap/Tencent) or BD09 (Baidu)",
        v=normalize_text(value),
    )


_SYSTEM_WORDS: dict[CoordSystem, tuple[str, ...]] = {
    CoordSystem.BD09: ("BD09", "BD", "BAIDU", "百度"),
    CoordSystem.GCJ02: (
        "GCJ02",
        "GCJ",
        "高德",
        "腾讯",
        "AMAP",
        "AUTONAVI",
        "GAODE",
        "TENCENT",
        "QQ",
        "火星",
        "谷歌中国",
    ),
    CoordSystem.WGS84: ("WGS84", "WGS", "GPS", "天地图", "北斗", "TIANDITU"),
}
