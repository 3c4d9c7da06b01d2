"""Small builders for the matching tests (residents, meal points, centres, caregivers at given places).

Coordinates are given in kilometres east/north of a point in 南浔 so tests read as maps.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy.orm import Session

from carematch.core.enums import WEEKDAYS, AbilityLevel, Assistance, CoordSource, Living, Sex
from carematch.core.models import CareCentre, Caregiver, MealPoint, Resident
from carematch.core.validation import citizen_id_check_digit

ORIGIN_LON, ORIGIN_LAT = 120.43, 30.87
KM_PER_DEG_LAT = 6371.009 * math.pi / 180


def at_km(east: float, north: float) -> tuple[float, float]:
    lat = ORIGIN_LAT + north / KM_PER_DEG_LAT
    lon = ORIGIN_LON + east / (KM_PER_DEG_LAT * math.cos(math.radians(ORIGIN_LAT)))
    return lon, lat


def citizen_id(n: int, birth: dt.date = dt.date(1945, 3, 1)) -> str:
    first17 = f"330503{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + citizen_id_check_digit(first17)


def resident(
    session: Session,
    n: int,
    east: float | None = 0.0,
    north: float | None = 0.0,
    *,
    meal: bool = False,
    delivery: bool = False,
    dementia_care: bool = False,
    home: bool = False,
    skills: tuple[str, ...] = (),
    dementia: bool = False,
    visits: int = 1,
    assistance: Assistance = Assistance.NONE,
    ability: AbilityLevel = AbilityLevel.INTACT,
    living: Living = Living.OTHER,
    birth: dt.date | None = None,
) -> Resident:
    birth = birth or dt.date(1945 - n // 1000, 3, 1)
    person = Resident(
        citizen_id=citizen_id(n, birth),
        name=f"测试老人{n}",
        sex=Sex.FEMALE,
        birth_date=birth,
        township="南浔镇",
        village=f"{n % 7}村",
        living=living,
        ability=ability,
        dementia=dementia or dementia_care,
        assistance=assistance,
        need_meal=meal,
        need_delivery=delivery,
        need_dementia_care=dementia_care,
        need_home_visit=home,
        visit_skills=list(skills),
        visits_per_week=visits,
    )
    if east is not None and north is not None:
        person.lon, person.lat = at_km(east, north)
        person.coord_source = CoordSource.GPS
        person.coord_error_m = CoordSource.GPS.error_m
    session.add(person)
    session.flush()
    return person


def meal_point(
    session: Session,
    code: str,
    east: float = 0.0,
    north: float = 0.0,
    *,
    capacity: int = 10,
    dine_in_km: float = 1.0,
    delivers: bool = False,
    delivery_km: float = 0.0,
) -> MealPoint:
    point = MealPoint(
        code=code,
        name=f"{code}老年食堂",
        daily_capacity=capacity,
        dine_in_radius_km=dine_in_km,
        delivers=delivers,
        delivery_radius_km=delivery_km,
        meal_times=["午餐"],
    )
    point.lon, point.lat = at_km(east, north)
    point.coord_source, point.coord_error_m = CoordSource.GPS, 20
    session.add(point)
    session.flush()
    return point


def centre(
    session: Session,
    code: str,
    east: float = 0.0,
    north: float = 0.0,
    *,
    beds: int = 4,
    occupied: int = 0,
    radius_km: float = 10.0,
) -> CareCentre:
    place = CareCentre(
        code=code,
        name=f"{code}照料中心",
        dementia_beds=beds,
        dementia_beds_occupied=occupied,
        service_radius_km=radius_km,
    )
    place.lon, place.lat = at_km(east, north)
    place.coord_source, place.coord_error_m = CoordSource.MANUAL, 50
    session.add(place)
    session.flush()
    return place


def caregiver(
    session: Session,
    code: str,
    east: float = 0.0,
    north: float = 0.0,
    *,
    skills: tuple[str, ...] = ("助洁", "助浴"),
    max_clients: int = 5,
    radius_km: float = 5.0,
    days: tuple[str, ...] = WEEKDAYS[:5],
) -> Caregiver:
    worker = Caregiver(
        code=code,
        name=f"护理员{code}",
        skills=list(skills),
        max_clients=max_clients,
        service_radius_km=radius_km,
        available_days=list(days),
    )
    worker.lon, worker.lat = at_km(east, north)
    worker.coord_source, worker.coord_error_m = CoordSource.GPS, 20
    session.add(worker)
    session.flush()
    return worker


def test_the_builders_place_people_where_the_test_says() -> None:
    from carematch.core.geo.distance import distance_m

    lon, lat = at_km(3.0, 4.0)
    assert abs(distance_m(ORIGIN_LON, ORIGIN_LAT, lon, lat) - 5000) <= 5
    assert citizen_id(7)[-1] == citizen_id_check_digit(citizen_id(7)[:17])
