"""Placing a record: where it is in WGS-84, where that came from, and how sure it is.

The order of trust (DESIGN §2, §3): coordinates given (GPS, or GCJ-02/BD-09 converted), else
the centre of the village the record or its address names, else the centre of its township.
Each source implies an error (`CoordSource.error_m`: about 20 m, 1 km, 5 km) that is shown
beside every distance. A name the gazetteer does not know, or knows twice, is reported to the
clerk with the candidates; it is never guessed.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from carematch.core.enums import CoordSource, CoordSystem
from carematch.core.errors import Message, UserInputError, msg
from carematch.core.geo.address import AddressReading, read_address
from carematch.core.geo.coords import to_wgs84
from carematch.core.geo.distance import distance_m
from carematch.core.geo.gazetteer import Gazetteer, TownshipPlace, VillagePlace, clean_name
from carematch.core.geo.places import check_township, check_village
from carematch.core.models import Placed

# Where coordinates in China can be at all (mainland, Hainan, the South China Sea islands).
CHINA_LON_RANGE = (73.0, 136.0)
CHINA_LAT_RANGE = (3.0, 54.0)
# Coordinates this far from the village / township named beside them are probably in the wrong
# coordinate system or typed wrong: the record is placed, with a warning to check.
VILLAGE_DOUBT_M = 5_000
TOWNSHIP_DOUBT_M = 25_000
# A record given only coordinates is filed under the nearest village when its centre is this near.
NEAREST_VILLAGE_M = 3_000

_SOURCE_OF_SYSTEM = {
    CoordSystem.WGS84: CoordSource.GPS,
    CoordSystem.GCJ02: CoordSource.CONVERTED_GCJ02,
    CoordSystem.BD09: CoordSource.CONVERTED_BD09,
}


@dataclass(frozen=True)
class Placement:
    lon: float
    lat: float
    source: CoordSource
    error_m: int
    township: str
    village: str
    warnings: tuple[Message, ...] = ()
    address: str = ""


def _in_china(lon: float, lat: float) -> bool:
    return CHINA_LON_RANGE[0] <= lon <= CHINA_LON_RANGE[1] and CHINA_LAT_RANGE[0] <= lat <= CHINA_LAT_RANGE[1]


def checked_lon_lat(lon: float, lat: float) -> tuple[float, float, tuple[Message, ...]]:
    """(lon, lat, warnings): a pair inside China, with latitude and longitude put back when swapped.

    In China the longitude (73–136) is always larger than the latitude (3–54), so a swapped pair
    is recognised for sure.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise UserInputError(msg("经纬度不是有效的数字", "The longitude and latitude are not valid numbers"))
    if _in_china(lon, lat):
        return lon, lat, ()
    if _in_china(lat, lon):
        warning = msg(
            "经度和纬度填反了，已对调：经度{lon}，纬度{lat}",
            "Longitude and latitude were swapped; put back as longitude {lon}, latitude {lat}",
            lon=lat,
            lat=lon,
        )
        return lat, lon, (warning,)
    raise UserInputError(
        msg(
            "经纬度（经度{lon}，纬度{lat}）不在中国境内，请核对",
            "The coordinates (longitude {lon}, latitude {lat}) are not in China; please check them",
            lon=lon,
            lat=lat,
        )
    )


def _names(places: tuple[VillagePlace, ...]) -> str:
    return "、".join(v.township + v.name for v in places)


def _ambiguous_village(name: str, candidates: tuple[VillagePlace, ...]) -> UserInputError:
    return UserInputError(
        msg(
            "“{name}”有{n}个：{candidates}。请写明乡镇(街道)",
            "'{name}' matches {n} villages: {candidates}. Please give the township",
            name=name,
            n=len(candidates),
            candidates=_names(candidates),
        )
    )


def _suggestion(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    return "、".join(close)


def _unknown_village(gazetteer: Gazetteer, name: str, township: TownshipPlace | None) -> UserInputError:
    pool = [v.name for v in (township.villages if township else gazetteer.villages)]
    close = _suggestion(name, pool)
    where = township.name if township else "地名库"
    where_en = township.name if township else "the gazetteer"
    if not close and township is not None:
        listed = check_village(name, township=township.name, county=township.county)
        if listed.canonical is not None:
            return UserInputError(
                msg(
                    "村名录中{township}有{canonical}，但地名库还没有它，请先在地名库中添加（含中心坐标）",
                    "The village list has {canonical} in {township}, but the gazetteer does not yet; "
                    "add it (with its centre) first",
                    township=township.name,
                    canonical=listed.canonical,
                )
            )
    if close:
        return UserInputError(
            msg(
                "{where}没有“{name}”这个村(社区)；是不是：{close}？",
                "There is no village '{name}' in {where_en}; did you mean: {close}?",
                where=where,
                where_en=where_en,
                name=name,
                close=close,
            )
        )
    return UserInputError(
        msg(
            "{where}没有“{name}”这个村(社区)，请先在地名库中添加",
            "There is no village '{name}' in {where_en}; add it to the gazetteer first",
            where=where,
            where_en=where_en,
            name=name,
        )
    )


def _unknown_township(gazetteer: Gazetteer, name: str) -> UserInputError:
    candidates = gazetteer.townships_named(name)
    if len(candidates) > 1:
        return UserInputError(
            msg(
                "“{name}”可能是：{candidates}，请写全名",
                "'{name}' may be: {candidates}; please write the full name",
                name=name,
                candidates="、".join(t.name for t in candidates),
            )
        )
    close = _suggestion(name, [t.name for t in gazetteer.townships])
    if not close:
        # Not in the station's gazetteer: the bundled names of Zhejiang and Sichuan may know it.
        listed = check_township(name)
        if listed.canonical is not None:
            first = listed.suggestions[0].township
            return UserInputError(
                msg(
                    "地名库中没有“{name}”；乡镇名录中有{listed}，如需要请先把它加入地名库",
                    "There is no township '{name}' in the gazetteer; the township list has {listed}, "
                    "add it to the gazetteer first if needed",
                    name=name,
                    listed=first.city + first.county + first.name,
                )
            )
    if close:
        return UserInputError(
            msg(
                "地名库中没有“{name}”这个乡镇(街道)；是不是：{close}？",
                "There is no township '{name}' in the gazetteer; did you mean: {close}?",
                name=name,
                close=close,
            )
        )
    return UserInputError(
        msg(
            "地名库中没有“{name}”这个乡镇(街道)，请先在地名库中添加",
            "There is no township '{name}' in the gazetteer; add it first",
            name=name,
        )
    )


@dataclass(frozen=True)
class _Named:
    township: TownshipPlace | None
    village: VillagePlace | None
    former_name: str = ""  # the village was named by a former name (曾用名)

    def notes(self) -> list[Message]:
        if not (self.former_name and self.village):
            return []
        return [
            msg(
                "“{former}”是曾用名，已按现名{township}{village}定位",
                "'{former}' is a former name; placed as {village} of {township}",
                former=self.former_name,
                township=self.village.township,
                village=self.village.name,
            )
        ]


def _resolve_names(gazetteer: Gazetteer, township: str, village: str) -> _Named:
    """The township and village the record's own 乡镇 and 村 cells name (errors raised)."""
    found_township: TownshipPlace | None = None
    if township:
        found_township = gazetteer.township(township)
        if found_township is None:
            raise _unknown_township(gazetteer, township)
    if not village:
        return _Named(found_township, None)
    candidates = tuple(gazetteer.villages_named(village, found_township.name if found_township else ""))
    if len(candidates) == 1:
        found_village = candidates[0]
        owner = gazetteer.township(found_village.township)
        former = "" if found_village.called(village) else village
        return _Named(owner, found_village, former)
    if len(candidates) > 1:
        raise _ambiguous_village(village, candidates)
    if found_township is not None:
        elsewhere = tuple(gazetteer.villages_named(village))
        if elsewhere:
            raise UserInputError(
                msg(
                    "{township}没有“{name}”；地名库中的{candidates}不在{township}，请核对乡镇和村",
                    "{township} has no village '{name}'; the gazetteer has {candidates}, in another township",
                    township=found_township.name,
                    name=village,
                    candidates=_names(elsewhere),
                )
            )
    raise _unknown_village(gazetteer, village, found_township)


def _with_address_village(gazetteer: Gazetteer, named: _Named, address: str, warnings: list[Message]) -> _Named:
    """A record whose 乡镇 cell is filled but 村 is not: its address may still name the village.

    Only a village of that township counts (a name two townships share is settled by the cell);
    a village of another township is left alone, with a warning.
    """
    if named.township is None or not address:
        return named
    reading = read_address(gazetteer, address)
    if named.village is not None:
        if reading.village is not None and reading.village is not named.village:
            warnings.append(
                msg(
                    "地址中的{other}与村(社区)栏的{village}不同，按{village}定位，请核对",
                    "The address names {other}, the village column {village}; placed at {village}, please check",
                    other=reading.village.township + reading.village.name,
                    village=named.village.township + named.village.name,
                )
            )
        return named
    named_in_address = (reading.village,) if reading.village else reading.village_candidates or reading.misplaced
    inside = [v for v in named_in_address if v is not None and v.township == named.township.name]
    if len(inside) == 1:
        return _Named(named.township, inside[0], reading.former_name if reading.village is inside[0] else "")
    elsewhere = [v for v in named_in_address if v is not None and v.township != named.township.name]
    if elsewhere and not inside:
        warnings.append(
            msg(
                "地址中的{candidates}不在{township}，按{township}中心定位，请核对",
                "The address names {candidates}, not in {township}; placed at the centre of {township}, please check",
                candidates=_names(tuple(elsewhere)),
                township=named.township.name,
            )
        )
    return named


def _resolve_address(reading: AddressReading) -> _Named:
    if reading.village_candidates:
        raise UserInputError(
            msg(
                "地址“{address}”中的村名有{n}个可能：{candidates}。请写明乡镇(街道)",
                "The address '{address}' may mean {n} villages: {candidates}. Please give the township",
                address=reading.text,
                n=len(reading.village_candidates),
                candidates=_names(reading.village_candidates),
            )
        )
    if reading.misplaced:
        raise UserInputError(
            msg(
                "地址“{address}”中的{candidates}不在{township}，请核对",
                "In the address '{address}', {candidates} is not in {township}; please check",
                address=reading.text,
                candidates=_names(reading.misplaced),
                township=reading.township.name if reading.township else "所写乡镇",
            )
        )
    if reading.township_candidates:
        raise UserInputError(
            msg(
                "地址“{address}”中有多个乡镇(街道)：{candidates}，请核对",
                "The address '{address}' names several townships: {candidates}; please check",
                address=reading.text,
                candidates="、".join(t.name for t in reading.township_candidates),
            )
        )
    return _Named(reading.township, reading.village, reading.former_name)


def _nowhere(address: str) -> UserInputError:
    if address:
        return UserInputError(
            msg(
                "地址“{address}”中找不到地名库里的乡镇或村，请填写乡镇、村或经纬度",
                "No township or village of the gazetteer was found in the address '{address}'; "
                "give the township, the village or coordinates",
                address=address,
            )
        )
    return UserInputError(
        msg(
            "没有位置：请填写经纬度，或乡镇(街道)和村(社区)",
            "No place given: fill in the coordinates, or the township and village",
        )
    )


def place(
    gazetteer: Gazetteer,
    *,
    township: str = "",
    village: str = "",
    address: str = "",
    lon: float | None = None,
    lat: float | None = None,
    system: CoordSystem = CoordSystem.WGS84,
    source: CoordSource | None = None,
) -> Placement:
    """Where the record is (see the module's docstring); raises UserInputError with a clerk's message.

    `source` overrides the source of given WGS-84 coordinates (e.g. MANUAL for typed ones).
    """
    township, village, address = clean_name(township), clean_name(village), " ".join(str(address or "").split())
    if (lon is None) != (lat is None):
        raise UserInputError(msg("经度和纬度要一起填写", "Longitude and latitude must be given together"))
    warnings: list[Message] = []

    if lon is not None and lat is not None:
        return _place_by_coordinates(gazetteer, township, village, address, lon, lat, system, source)

    if township or village:
        named = _with_address_village(gazetteer, _resolve_names(gazetteer, township, village), address, warnings)
    elif address:
        named = _resolve_address(read_address(gazetteer, address))
    else:
        raise _nowhere(address)
    if named.township is None:
        raise _nowhere(address)
    warnings.extend(named.notes())

    if named.village is not None and named.village.has_centre:
        assert named.village.lon is not None and named.village.lat is not None
        return Placement(
            named.village.lon,
            named.village.lat,
            CoordSource.VILLAGE,
            CoordSource.VILLAGE.error_m,
            named.township.name,
            named.village.name,
            tuple(warnings),
            address,
        )
    if named.village is not None:
        warnings.append(
            msg(
                "{village}在地名库中没有中心坐标，按{township}中心定位（误差约5公里）",
                "{village} has no centre in the gazetteer; placed at the centre of {township} (about 5 km off)",
                village=named.village.name,
                township=named.township.name,
            )
        )
    if not named.township.has_centre:
        raise UserInputError(
            msg(
                "{township}在地名库中没有中心坐标，请填写经纬度或先补全地名库",
                "{township} has no centre in the gazetteer; give coordinates or complete the gazetteer first",
                township=named.township.name,
            )
        )
    assert named.township.lon is not None and named.township.lat is not None
    return Placement(
        named.township.lon,
        named.township.lat,
        CoordSource.TOWNSHIP,
        CoordSource.TOWNSHIP.error_m,
        named.township.name,
        named.village.name if named.village else "",
        tuple(warnings),
        address,
    )


def _place_by_coordinates(
    gazetteer: Gazetteer,
    township: str,
    village: str,
    address: str,
    lon: float,
    lat: float,
    system: CoordSystem,
    source: CoordSource | None,
) -> Placement:
    lon, lat, swap_warnings = checked_lon_lat(float(lon), float(lat))
    warnings = list(swap_warnings)
    wgs_lon, wgs_lat = to_wgs84(lon, lat, system)
    chosen = source if system is CoordSystem.WGS84 and source is not None else _SOURCE_OF_SYSTEM[system]

    # The names beside coordinates are kept as the gazetteer spells them when it knows them;
    # when it does not, the coordinates still place the record and the clerk is told.
    named = _Named(None, None)
    if township or village:
        try:
            named = _with_address_village(gazetteer, _resolve_names(gazetteer, township, village), address, warnings)
        except UserInputError as problem:
            warnings.append(problem.message)
    elif address:
        reading = read_address(gazetteer, address)
        if reading.village is not None or (reading.township is not None and not reading.misplaced):
            named = _Named(reading.township, reading.village, reading.former_name)
    warnings.extend(named.notes())
    warnings.extend(_doubts(wgs_lon, wgs_lat, named, system))
    if not (township or village or address):
        named = _nearest_names(gazetteer, wgs_lon, wgs_lat, warnings)
    return Placement(
        wgs_lon,
        wgs_lat,
        chosen,
        chosen.error_m,
        named.township.name if named.township else township,
        named.village.name if named.village else village,
        tuple(warnings),
        address,
    )


def _nearest_names(gazetteer: Gazetteer, lon: float, lat: float, warnings: list[Message]) -> _Named:
    """Township and village for a record given only coordinates: the nearest village centre, if near.

    Figures are kept per township, so a record without one would count nowhere; the names are
    filled in from the nearest village centre and the clerk is told, never silently.
    """
    nearest = gazetteer.nearest_village(lon, lat)
    if nearest is None or nearest[1] > NEAREST_VILLAGE_M:
        return _Named(None, None)
    village, metres = nearest
    warnings.append(
        msg(
            "未填乡镇和村，按坐标归入最近的{township}{village}（离村中心{km}公里），请核对",
            "No township or village given; filed under the nearest, {village} of {township} "
            "({km} km from its centre); please check",
            township=village.township,
            village=village.name,
            km=round(metres / 1000, 1),
        )
    )
    return _Named(gazetteer.township(village.township), village)


def _doubts(lon: float, lat: float, named: _Named, system: CoordSystem) -> list[Message]:
    """A warning when the coordinates lie far from the village or township named with them."""
    for place_, limit in ((named.village, VILLAGE_DOUBT_M), (named.township, TOWNSHIP_DOUBT_M)):
        if place_ is None or place_.lon is None or place_.lat is None:
            continue
        away = distance_m(lon, lat, place_.lon, place_.lat)
        if away > limit:
            return [
                msg(
                    "坐标离{place}中心{km}公里，请核对坐标和坐标系（现为{system}）",
                    "The coordinates are {km} km from the centre of {place}; "
                    "check them and their coordinate system (now {system_en})",
                    place=place_.name,
                    km=round(away / 1000, 1),
                    system=system.zh,
                    system_en=system.en,
                )
            ]
        return []
    return []


def apply_placement(record: Placed, placement: Placement) -> None:
    """Set the record's place columns (only those that change, so the audit trail stays honest)."""
    values: dict[str, object] = {
        "township": placement.township,
        "village": placement.village,
        "lon": placement.lon,
        "lat": placement.lat,
        "coord_source": placement.source,
        "coord_error_m": placement.error_m,
    }
    if placement.address:
        values["address"] = placement.address
    for column, value in values.items():
        if getattr(record, column) != value:
            setattr(record, column, value)
