"""The §7 figures on a small hand-made county: known answers, and an independent recomputation.

The recomputation reads the database with plain sqlite3 and measures with geopy's great_circle
(the distance DESIGN §4 names), sharing no code with carematch.core.coverage.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from geopy.distance import great_circle
from sqlalchemy.orm import Session

from carematch.core import coverage
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, CertLevel, NeedKind, Sex
from carematch.core.models import (
    Assignment,
    CareCentre,
    Caregiver,
    CoverageSnapshot,
    MealPoint,
    Resident,
    Township,
    Village,
    utcnow,
)

ORIGIN = (120.3, 30.7)
EARTH_M = 6371009.0
AS_OF = dt.date(2026, 11, 15)


def at(east_m: float, north_m: float) -> tuple[float, float]:
    """A point east and north of the origin (north along the meridian, so exact in great-circle metres)."""
    lon0, lat0 = ORIGIN
    lat = lat0 + math.degrees(north_m / EARTH_M)
    lon = lon0 + math.degrees(east_m / (EARTH_M * math.cos(math.radians(lat0))))
    return lon, lat


@dataclass
class County:
    db: Path
    store: Store


_ids = iter(range(1000, 9999))


def person(name: str, township: str, village: str, where: tuple[float, float], **fields: object) -> Resident:
    number = next(_ids)
    resident = Resident(
        citizen_id=f"33050319400503{number:04d}",
        name=name,
        sex=Sex.FEMALE,
        birth_date=dt.date(1940, 5, 3),
        township=township,
        village=village,
        lon=where[0],
        lat=where[1],
        **fields,
    )
    return resident


def build_county(session: Session) -> None:
    jia = Township(name="甲镇")
    yi = Township(name="乙乡")
    gone = Township(name="丙镇", deleted_at=utcnow())
    session.add_all([jia, yi, gone])
    a1, a2, a3 = at(0, 0), at(2000, 0), at(0, 5000)
    b1, b2 = at(20000, 0), at(24000, 0)
    session.add_all(
        [
            Village(township=jia, name="A1村", lon=a1[0], lat=a1[1], elderly_population=1000),
            Village(township=jia, name="A2村", lon=a2[0], lat=a2[1], elderly_population=500),
            Village(township=jia, name="A3村", lon=a3[0], lat=a3[1], elderly_population=500),
            Village(township=jia, name="A4村", elderly_population=200),  # no centre
            Village(township=jia, name="旧村", lon=a1[0], lat=a1[1], elderly_population=900, deleted_at=utcnow()),
            Village(township=yi, name="B1村", lon=b1[0], lat=b1[1], elderly_population=3000),
            Village(township=yi, name="B2村", lon=b2[0], lat=b2[1], elderly_population=1000),
            Village(township=gone, name="C1村", lon=b2[0], lat=b2[1], elderly_population=700),
        ]
    )

    def point(code: str, township: str, where: tuple[float, float], **fields: object) -> MealPoint:
        return MealPoint(
            code=code, name=code, township=township, lon=where[0], lat=where[1], daily_capacity=20, **fields
        )

    m1 = point("M1", "甲镇", a1, dine_in_radius_km=1.0)
    m2 = point("M2", "甲镇", at(0, 2000), dine_in_radius_km=1.0, delivers=True, delivery_radius_km=3.0)
    session.add_all(
        [
            m1,
            m2,
            point("M3", "乙乡", b1, dine_in_radius_km=5.0, closed=True),
            point("M4", "乙乡", b2, dine_in_radius_km=5.0, deleted_at=utcnow()),
            point("M5", "乙乡", at(20000, 500), dine_in_radius_km=1.0, delivers=True, delivery_radius_km=0.4),
        ]
    )

    def centre(code: str, township: str, beds: int, **fields: object) -> CareCentre:
        return CareCentre(code=code, name=code, township=township, lon=a1[0], lat=a1[1], dementia_beds=beds, **fields)

    session.add_all(
        [
            centre("C1", "甲镇", 4, service_radius_km=10.0),
            centre("C2", "乙乡", 10, service_radius_km=1.0),
            centre("C3", "乙乡", 20, closed=True),
            centre("C4", "外县镇", 3),
        ]
    )

    def carer(code: str, township: str, grade: CertLevel, first_aid: bool, **fields: object) -> Caregiver:
        where = b1 if township == "乙乡" else a1
        return Caregiver(
            code=code,
            name=code,
            township=township,
            lon=where[0],
            lat=where[1],
            cert_level=grade,
            first_aid=first_aid,
            available_days=["周一", "周二"],
            **fields,
        )

    session.add_all(
        [
            carer("G1", "甲镇", CertLevel.GRADE3, True, skills=["助洁"]),
            carer("G2", "甲镇", CertLevel.GRADE5, False),
            carer("G3", "甲镇", CertLevel.GRADE1, True),
            carer("G4", "甲镇", CertLevel.GRADE1, True, closed=True),
            carer("G5", "甲镇", CertLevel.GRADE2, True, deleted_at=utcnow()),
            carer("G6", "乙乡", CertLevel.GRADE4, True, skills=["助浴"]),
        ]
    )
    r1 = person(
        "甲一", "甲镇", "A1村", a1, ability=AbilityLevel.SEVERE, assistance=Assistance.MINIMUM_ALLOWANCE, need_meal=True
    )
    session.add_all(
        [
            r1,
            person("甲二", "甲镇", "A2村", a2, need_meal=True, need_delivery=True),
            person(
                "甲三",
                "甲镇",
                "A3村",
                a3,
                ability=AbilityLevel.TOTAL,
                assistance=Assistance.EXTREME_POVERTY,
                dementia=True,
                need_dementia_care=True,
            ),
            person("甲四", "甲镇", "A1村", a1, need_meal=True, deleted_at=utcnow()),
            person(
                "乙一",
                "乙乡",
                "B2村",
                b2,
                ability=AbilityLevel.MODERATE,
                assistance=Assistance.NEAR_POVERTY,
                need_meal=True,
            ),
            person("乙二", "乙乡", "B1村", b1, need_home_visit=True, visit_skills=["助洁"]),
        ]
    )
    session.flush()
    session.add(Assignment(resident=r1, kind=NeedKind.MEAL, meal_point=m1, status=AssignmentStatus.PROPOSED))


@pytest.fixture
def county(tmp_path: Path) -> County:
    db = tmp_path / "county.sqlite"
    store = Store(f"sqlite:///{db}")
    with store.unit_of_work(actor="test") as session:
        build_county(session)
    return County(db, store)


def test_known_answers_per_township_and_in_total(county: County) -> None:
    with county.store.reading() as session:
        figures = coverage.figures(session, as_of=AS_OF)
    total, jia, yi = figures.total, figures.township("甲镇"), figures.township("乙乡")
    assert [area.scope for area in figures.townships] == ["乙乡", "甲镇"]  # by name; 丙镇 is deleted

    def ratio(area: coverage.AreaFigures, key: str) -> tuple[int, int]:
        return area.figure(key).numerator, area.figure(key).denominator

    assert (jia.villages, jia.villages_without_centre, jia.elderly) == (3, 1, 2200)
    assert (yi.villages, yi.elderly) == (2, 4000)
    assert (total.villages, total.elderly) == (5, 6200)
    assert ratio(jia, "meal_coverage_dine_in") == (1, 3)
    assert ratio(jia, "meal_coverage_delivery") == (3, 3)  # A3 exactly 3,000 m from M2: inclusive
    assert ratio(yi, "meal_coverage_dine_in") == (1, 2)
    assert ratio(yi, "meal_coverage_delivery") == (0, 2)
    assert ratio(total, "meal_coverage") == (4, 5)
    assert total.figure("meal_coverage").value == 80.0
    assert total.figure("meal_coverage").meets_target is False
    assert ratio(jia, "dementia_beds_per_10k") == (4, 2200)
    assert ratio(yi, "dementia_beds_per_10k") == (10, 4000)
    assert yi.figure("dementia_beds_per_10k").value == 25.0
    assert ratio(total, "dementia_beds_per_10k") == (17, 6200)  # C4's township is not in the gazetteer
    assert ratio(jia, "caregivers_per_10k") == (3, 2200)
    assert ratio(jia, "caregivers_double_certified") == (2, 3)
    assert ratio(jia, "caregivers_senior") == (2, 3)
    assert ratio(yi, "caregivers_senior") == (0, 1)
    assert ratio(total, "caregivers_double_certified") == (3, 4)
    assert total.figure("caregivers_per_10k").meets_target is False
    meal = total.needs[NeedKind.MEAL]
    assert (meal.total, meal.matched, meal.confirmed, meal.open) == (3, 1, 0, 2)
    assert dict(meal.open_by_reason) == {"not_matched_yet": 1, "no_provider_in_range": 1}
    assert dict(yi.needs[NeedKind.MEAL].open_by_reason) == {"no_provider_in_range": 1}
    assert dict(total.needs[NeedKind.HOME_VISIT].open_by_reason) == {"no_skilled_provider": 1}
    assert total.needs[NeedKind.DEMENTIA_CARE].open == 1
    for area in figures.areas():
        for counts in area.needs.values():
            assert counts.matched + counts.open == counts.total
    assert total.residents == 5
    assert total.residents_by_ability[AbilityLevel.INTACT] == 2
    assert jia.residents_by_assistance[Assistance.EXTREME_POVERTY] == 1
    assert total.figure("meal_coverage").last_month is None


def independent_figures(db: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """Recompute every ratio from the tables with plain SQL and geopy, as an outside checker would."""
    con = sqlite3.connect(db)
    townships = {name for (name,) in con.execute("SELECT name FROM townships WHERE deleted_at IS NULL")}
    villages = con.execute(
        "SELECT t.name, v.lon, v.lat, v.elderly_population FROM villages v JOIN townships t ON t.id = v.township_id"
        " WHERE v.deleted_at IS NULL AND t.deleted_at IS NULL"
    ).fetchall()
    points = con.execute(
        "SELECT lon, lat, dine_in_radius_km, delivers, delivery_radius_km FROM meal_points"
        " WHERE deleted_at IS NULL AND closed = 0"
    ).fetchall()
    centres = con.execute(
        "SELECT township, dementia_beds FROM care_centres WHERE deleted_at IS NULL AND closed = 0"
    ).fetchall()
    carers = con.execute(
        "SELECT township, cert_level, first_aid FROM caregivers WHERE deleted_at IS NULL AND closed = 0"
    ).fetchall()
    con.close()

    def d(lon1: float, lat1: float, lon2: float, lat2: float) -> int:
        return round(great_circle((lat1, lon1), (lat2, lon2)).m)

    result: dict[str, dict[str, tuple[int, int]]] = {}
    for scope in ["", *townships]:
        mine = [v for v in villages if scope in ("", v[0])]
        located = [v for v in mine if v[1] is not None]
        dine = [any(d(p[0], p[1], v[1], v[2]) <= p[2] * 1000 for p in points) for v in located]
        deliver = [any(p[3] and d(p[0], p[1], v[1], v[2]) <= p[4] * 1000 for p in points) for v in located]
        elderly = sum(v[3] for v in mine)
        beds = sum(c[1] for c in centres if scope in ("", c[0]))
        staff = [c for c in carers if scope in ("", c[0])]
        result[scope] = {
            "meal_coverage": (sum(a or b for a, b in zip(dine, deliver, strict=True)), len(located)),
            "meal_coverage_dine_in": (sum(dine), len(located)),
            "meal_coverage_delivery": (sum(deliver), len(located)),
            "dementia_beds_per_10k": (beds, elderly),
            "caregivers_per_10k": (len(staff), elderly),
            "caregivers_double_certified": (sum(1 for c in staff if c[2]), len(staff)),
            "caregivers_senior": (sum(1 for c in staff if int(c[1]) <= 3), len(staff)),
        }
    return result


def test_figures_agree_exactly_with_an_independent_recomputation(county: County) -> None:
    with county.store.reading() as session:
        figures = coverage.figures(session, as_of=AS_OF)
    expected = independent_figures(county.db)
    assert set(expected) == {area.scope for area in figures.areas()}
    for area in figures.areas():
        got = {key: (f.numerator, f.denominator) for key, f in area.figures.items()}
        assert got == expected[area.scope], area.scope


def test_the_demo_county_agrees_with_the_independent_recomputation(tmp_path: Path) -> None:
    from carematch.core.demo import build_demo

    db = tmp_path / "demo.sqlite"
    with Store(f"sqlite:///{db}") as store:
        with store.unit_of_work() as session:
            build_demo(session, residents=200, seed=5, today=AS_OF)
        with store.reading() as session:
            figures = coverage.figures(session, as_of=AS_OF)
    expected = independent_figures(db)
    for area in figures.areas():
        assert {k: (f.numerator, f.denominator) for k, f in area.figures.items()} == expected[area.scope]


def test_last_month_comes_from_the_snapshot_kept_that_month(county: County) -> None:
    october = dt.date(2026, 10, 20)
    with county.store.unit_of_work() as session:
        october_figures = coverage.figures(session, as_of=october)
        assert coverage.save_snapshot(session, october_figures, today=october)
        assert not coverage.save_snapshot(session, october_figures, today=AS_OF)  # not October any more
    with county.store.unit_of_work() as session:
        mp = session.query(MealPoint).filter_by(code="M1").one()
        mp.closed = True  # coverage falls after October's snapshot
    with county.store.reading() as session:
        november = coverage.figures(session, as_of=AS_OF)
        assert session.query(CoverageSnapshot).filter_by(month="2026-10").count() == 7 * 3
    assert november.previous_month == "2026-10"
    assert november.total.figure("meal_coverage").last_month == 80.0
    assert november.township("甲镇").figure("meal_coverage_dine_in").last_month == pytest.approx(100 / 3)
    assert november.township("甲镇").figure("meal_coverage_dine_in").value == 0.0
    december = dt.date(2026, 12, 1)
    with county.store.reading() as session:
        assert coverage.figures(session, as_of=december).total.figure("meal_coverage").last_month is None


def test_an_empty_registry_gives_dashes_not_errors(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'empty.sqlite'}") as store, store.reading() as session:
        figures = coverage.figures(session, as_of=AS_OF)
    assert figures.townships == ()
    assert all(f.value is None and f.meets_target is None for f in figures.total.figures.values())


def test_a_flagged_assignment_counts_as_open_again(county: County) -> None:
    with county.store.unit_of_work() as session:
        assignment = session.query(Assignment).one()
        assignment.status = AssignmentStatus.CONFIRMED
        assignment.needs_rematch = True
        assignment.rematch_reason = "助餐点停办"
    with county.store.reading() as session:
        meal = coverage.figures(session, as_of=AS_OF).total.needs[NeedKind.MEAL]
    assert (meal.total, meal.matched, meal.confirmed, meal.open) == (3, 0, 0, 3)
    with county.store.unit_of_work() as session:
        session.query(Assignment).one().needs_rematch = False
    with county.store.reading() as session:
        meal = coverage.figures(session, as_of=AS_OF).total.needs[NeedKind.MEAL]
    assert (meal.total, meal.matched, meal.confirmed, meal.open) == (3, 1, 1, 2)
