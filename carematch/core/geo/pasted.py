"""Coordinates as staff paste them from a phone or a map app, read into WGS-84.

Accepted, with full-width characters and stray spaces: "120.4301,30.7132" (AMap's lon,lat),
"30.7132, 120.4301" (a phone's lat, lon), "N30°42'47\" E120°25'48\"", "30°42′47″N 120°25′48″E",
"北纬30.7132 东经120.4301", "纬度：30.7132，经度：120.4301", degrees with decimal minutes
("N30°42.783'"). Which number is which comes from N/S/E/W or 经度/纬度 when written, else from
China's ranges (longitude 73–136 is always larger than latitude 3–54), so either order is read
right without a warning. The app the clerk chose (GPS / 高德 / 腾讯 / 百度) says the system.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import Message, UserInputError, msg
from carematch.core.geo.coords import parse_coord_system, to_wgs84
from carematch.core.geo.placement import CHINA_LAT_RANGE, CHINA_LON_RANGE, checked_lon_lat

_SOURCE_OF_SYSTEM = {
    CoordSystem.WGS84: CoordSource.GPS,
    CoordSystem.GCJ02: CoordSource.CONVERTED_GCJ02,
    CoordSystem.BD09: CoordSource.CONVERTED_BD09,
}

# Marks people and apps use for degrees, minutes and seconds, folded to one each.
_FOLD = str.maketrans({"º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "´": "'", "″": '"', "“": '"', "”": '"'})
_TOKEN = re.compile(
    r"""
    (?P<hemisphere>北纬|南纬|东经|西经|纬度|经度|(?<![A-Z])(?:LATITUDE|LONGITUDE|LAT|LNG|LON|[NSEW])(?![A-Z]))
    | (?P<number>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>°|度|''|'|分|"|秒)?
    """,
    re.VERBOSE,
)
_HEMISPHERES = {
    "N": ("lat", 1),
    "北纬": ("lat", 1),
    "纬度": ("lat", 1),
    "LAT": ("lat", 1),
    "LATITUDE": ("lat", 1),
    "S": ("lat", -1),
    "南纬": ("lat", -1),
    "E": ("lon", 1),
    "东经": ("lon", 1),
    "经度": ("lon", 1),
    "LON": ("lon", 1),
    "LNG": ("lon", 1),
    "LONGITUDE": ("lon", 1),
    "W": ("lon", -1),
    "西经": ("lon", -1),
}


@dataclass
class _Component:
    degrees: float | None = None
    minutes: float | None = None
    seconds: float | None = None
    axis: str | None = None  # "lat" or "lon" when written
    sign: int = 1
    text: str = ""
    prefixed: bool = False  # N/E written before the number, as GPS units show "N 30 42.783"
    unmarked: bool = False  # the last number of this component had no ° ′ ″ mark

    def value(self) -> float:
        assert self.degrees is not None
        if (self.minutes is not None and not 0 <= self.minutes < 60) or (
            self.seconds is not None and not 0 <= self.seconds < 60
        ):
            raise _unreadable(self.text.strip(), "分和秒应小于60", "minutes and seconds must be below 60")
        return self.sign * (self.degrees + (self.minutes or 0.0) / 60 + (self.seconds or 0.0) / 3600)


@dataclass(frozen=True)
class PastedPoint:
    """A pasted point: as shown in the app (`shown_*`) and in WGS-84 (`lon`, `lat`)."""

    lon: float
    lat: float
    system: CoordSystem
    shown_lon: float
    shown_lat: float
    source: CoordSource
    warnings: tuple[Message, ...] = field(default=())

    @property
    def error_m(self) -> int:
        return self.source.error_m


def _unreadable(text: str, zh_why: str = "", en_why: str = "") -> UserInputError:
    return UserInputError(
        msg(
            "看不懂粘贴的坐标“{text}”{why}；请粘贴“经度,纬度”，如 120.4301,30.7132",
            "Cannot read the pasted coordinates '{text}'{why_en}; paste 'longitude,latitude' such as 120.4301,30.7132",
            text=text,
            why=f"（{zh_why}）" if zh_why else "",
            why_en=f" ({en_why})" if en_why else "",
        )
    )


def _components(text: str) -> list[_Component]:
    components: list[_Component] = []
    current: _Component | None = None
    last_end = 0
    for token in _TOKEN.finditer(text):
        gap, last_end = text[last_end : token.start()], token.end()
        if token.group("hemisphere"):
            axis, sign = _HEMISPHERES[token.group("hemisphere")]
            if current is not None and current.degrees is not None and current.axis is None:
                current.axis, current.sign = axis, sign  # written after the number: 30°42'N
            else:
                current = _Component(axis=axis, sign=sign, prefixed=True)  # written before it: N30°42'
                components.append(current)
            current.text += token.group(0)
            continue
        number = float(token.group("number"))
        unit = token.group("unit")
        if unit is None and current is not None and _continues_unmarked(current, gap, number):
            # "N 30 42.783": after a whole number of degrees marked N/E in front, a bare number
            # below 60 with only spaces between is the minutes (then the seconds), not a new value.
            if current.minutes is None:
                current.minutes = number
            else:
                current.seconds = number
            current.text += token.group(0)
            continue
        if unit in ("'", "分") and current is not None and current.degrees is not None and current.minutes is None:
            current.minutes = number
        elif unit in ('"', "''", "秒") and current is not None and current.degrees is not None:
            if current.seconds is not None:
                raise _unreadable(text)
            current.seconds = number
        elif unit in (None, "°", "度"):
            if current is None or current.degrees is not None:
                current = _Component()
                components.append(current)
            current.degrees = number
            current.unmarked = unit is None
            if token.group("number").startswith("-"):
                current.sign = -current.sign
                current.degrees = abs(number)
        else:
            raise _unreadable(text)
        current.text += token.group(0)
    return components


def _continues_unmarked(current: _Component, gap: str, number: float) -> bool:
    if not (current.prefixed and current.unmarked and current.degrees is not None) or gap.strip():
        return False
    if not (0 <= number < 60) or current.seconds is not None:
        return False
    if current.minutes is None:
        return current.degrees.is_integer()
    return current.minutes.is_integer()


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def read_pasted_coordinates(text: object, app: CoordSystem | str = CoordSystem.WGS84) -> PastedPoint:
    """The point pasted, converted from the chosen app's system to WGS-84; UserInputError when unreadable."""
    system = app if isinstance(app, CoordSystem) else parse_coord_system(app)
    raw = unicodedata.normalize("NFKC", str(text or "")).translate(_FOLD).strip()
    if not raw:
        raise UserInputError(msg("没有粘贴坐标", "No coordinates were pasted"))
    components = _components(raw.upper())
    if len(components) != 2 or any(c.degrees is None for c in components):
        raise _unreadable(raw, "应为两个数：经度和纬度", "it should be two numbers: longitude and latitude")
    first, second = components
    a, b = first.value(), second.value()
    if max(abs(a), abs(b)) > 1000:
        raise _unreadable(
            raw,
            "这像是墨卡托平面坐标，请改抄经纬度",
            "this looks like Mercator metres; copy longitude and latitude instead",
        )
    if first.axis == "lat" or second.axis == "lon":
        lat, lon = a, b
    elif first.axis == "lon" or second.axis == "lat":
        lon, lat = a, b
    elif _in(b, CHINA_LON_RANGE) and _in(a, CHINA_LAT_RANGE):
        lat, lon = a, b  # a phone's "lat, lon"
    else:
        lon, lat = a, b  # a map app's "lon,lat"
    if first.axis is not None and first.axis == second.axis:
        raise _unreadable(raw, "两个数都标成了同一个方向", "both numbers are marked as the same axis")
    lon, lat, warnings = checked_lon_lat(lon, lat)
    wgs_lon, wgs_lat = to_wgs84(lon, lat, system)
    return PastedPoint(wgs_lon, wgs_lat, system, lon, lat, _SOURCE_OF_SYSTEM[system], warnings)
