"""Suggested sites from the registry, checked against brute force over every k-subset of villages."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest
from geopy.distance import great_circle

from carematch.core import coverage
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, Assistance, Living, NeedKind, Sex
from carematch.core.models import CareCentre, MealPoint, Resident, Setting, Township, Village
from tests.test_coverage_figures import AS_OF, at, build_county


def design_weight(resident: Resident, as_of: dt.date) -> int:
    """DESIGN §4 priority weight, written out again here."""
    born = resident.birth_date
    age = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    if resident.assistance is Assistance.EXTREME_POVERTY or resident.ability.level >= 3:
        return 3
    if (
        resident.assistance in (Assistance.MINIMUM_ALLOWANCE, Assistance.NEAR_POVERTY)
        or resident.ability.level == 2
        or (age >= 80 and resident.living is Living.ALONE)
    ):
        return 2
    return 1


def metres(a: tuple[float, float], b: tuple[float, float]) -> int:
    return round(great_circle((a[1], a[0]), (b[1], b[0])).m)


def test_the_hand_made_county_gets_its_one_obvious_site(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'c.sqlite'}") as store:
        with store.unit_of_work() as session:
            build_county(session)
        with store.reading() as session:
            plan = coverage.suggest_sites(session, NeedKind.MEAL, 3, as_of=AS_OF)
    assert (plan.demand_needs, plan.demand_weight) == (1, 2)  # 乙一 at B2: 低边 and 中度失能
    assert [(v.township, v.village, v.needs, v.weighted) for v in plan.unreached_villages] == [("乙乡", "B2村", 1, 2)]
    first = plan.choices[0]
    assert [(s.township, s.village) for s in first.sites] == [("乙乡", "B2村")]
    assert (first.covered_weight, first.unreached_weight_after, first.optimal) == (2, 0, True)
    assert first.effect is not None
    assert (first.effect.before, first.effect.after) == (80.0, 100.0)
    assert first.effect.by_township == (("乙乡", 50.0, 100.0),)
    assert [len(c.sites) for c in plan.choices] == [1, 1, 1]  # nothing left to cover: no extra sites


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_counties_match_brute_force(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    centres = [at(rng.uniform(-8000, 8000), rng.uniform(-8000, 8000)) for _ in range(7)]
    homes = [at(rng.uniform(-9000, 9000), rng.uniform(-9000, 9000)) for _ in range(30)]
    point = at(0, 0)
    residents = []
    with Store(f"sqlite:///{tmp_path / 'r.sqlite'}") as store:
        with store.unit_of_work() as session:
            town = Township(name="镇")
            session.add(town)
            for n, (lon, lat) in enumerate(centres):
                session.add(Village(township=town, name=f"V{n}", lon=lon, lat=lat, elderly_population=100))
            session.add(
                MealPoint(
                    code="M",
                    name="M",
                    township="镇",
                    lon=point[0],
                    lat=point[1],
                    daily_capacity=5,
                    dine_in_radius_km=1.5,
                    delivers=True,
                    delivery_radius_km=2.5,
                )
            )
            for n, (lon, lat) in enumerate(homes):
                resident = Resident(
                    citizen_id=f"3305031930010{n:05d}",
                    name=f"R{n}",
                    sex=Sex.MALE,
                    birth_date=dt.date(rng.choice((1930, 1950, 1960)), 1, 1),
                    township="镇",
                    village=f"V{n % 7}",
                    lon=lon,
                    lat=lat,
                    ability=AbilityLevel(rng.choice((0, 0, 1, 2, 3))),
                    assistance=rng.choice(list(Assistance)),
                    living=rng.choice(list(Living)),
                    need_meal=True,
                    need_delivery=rng.random() < 0.4,
                )
                residents.append(resident)
                session.add(resident)
        with store.reading() as session:
            radii = coverage.SiteRadii(meal_dine_in_km=1.0, meal_delivery_km=3.0)
            plan = coverage.suggest_sites(session, NeedKind.MEAL, 4, as_of=AS_OF, radii=radii)

    def reached_now(r: Resident) -> bool:
        d = metres((r.lon or 0, r.lat or 0), point)
        return d <= 2500 if r.need_delivery else d <= 2500 or d <= 1500

    demand = [r for r in residents if not reached_now(r)]
    weights = [design_weight(r, AS_OF) for r in demand]
    covers = [{j for j, c in enumerate(centres) if metres((r.lon or 0, r.lat or 0), c) <= 3000} for r in demand]
    assert plan.demand_needs == len(demand)
    assert plan.demand_weight == sum(weights)
    for choice in plan.choices:
        best = max(
            sum(w for w, cover in zip(weights, covers, strict=True) if cover & set(subset))
            for subset in itertools.combinations(range(len(centres)), choice.k)
        )
        assert choice.optimal
        assert choice.covered_weight == best
        chosen = {int(s.village[1:]) for s in choice.sites}
        assert sum(w for w, cover in zip(weights, covers, strict=True) if cover & chosen) == best


def test_dementia_places_show_beds_per_10k_after(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'd.sqlite'}") as store:
        with store.unit_of_work() as session:
            build_county(session)
            for code in ("C1", "C4"):
                session.query(CareCentre).filter_by(code=code).one().service_radius_km = 1.0
            session.add(Setting(key="planning_care_radius_km", value="6"))
            session.add(Setting(key="planning_beds_per_care_site", value="8"))
        with store.reading() as session:
            plan = coverage.suggest_sites(session, NeedKind.DEMENTIA_CARE, 2, as_of=AS_OF)
    # 甲三 at A3 (5 km from C1 and C4, now of radius 1 km) is 特困 and 完全失能: weight 3.
    assert (plan.demand_needs, plan.demand_weight) == (1, 3)
    assert plan.radii.care_km == 6.0
    choice = plan.choices[0]
    assert choice.covered_weight == 3
    assert choice.sites[0].township == "甲镇"
    assert choice.effect is not None
    assert choice.effect.before == pytest.approx(17 * 10000 / 6200)
    assert choice.effect.after == pytest.approx(25 * 10000 / 6200)
    assert choice.effect.by_township == (("甲镇", pytest.approx(4 * 10000 / 2200), pytest.approx(12 * 10000 / 2200)),)


def test_a_bad_k_is_refused_in_words(tmp_path: Path) -> None:
    from carematch.core.errors import UserInputError

    with (
        Store(f"sqlite:///{tmp_path / 'e.sqlite'}") as store,
        store.reading() as session,
        pytest.raises(UserInputError) as error,
    ):
        coverage.suggest_sites(session, NeedKind.MEAL, 0)
    assert "1到20" in error.value.text("zh")


def test_planning_for_room_counts_every_open_need(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'o.sqlite'}") as store:
        with store.unit_of_work() as session:
            build_county(session)
        with store.reading() as session:
            plan = coverage.suggest_sites(session, NeedKind.MEAL, 2, as_of=AS_OF, include_reached=True)
    # 甲二 (reached by M2's delivery, weight 1) now counts beside 乙一 (weight 2); 甲一 is matched.
    assert (plan.demand_needs, plan.demand_weight) == (2, 3)
    assert [c.covered_weight for c in plan.choices] == [2, 3]


def test_the_demo_county_plan_is_the_optimum_of_every_k_subset(tmp_path: Path) -> None:
    import numpy as np

    from carematch.core.demo import build_demo

    with Store(f"sqlite:///{tmp_path / 'demo.sqlite'}") as store:
        with store.unit_of_work() as session:
            build_demo(session, residents=300, seed=11, today=AS_OF)
        with store.reading() as session:
            radii = coverage.SiteRadii(meal_dine_in_km=0.5, meal_delivery_km=1.5)
            instance = coverage.cover_instance(session, NeedKind.MEAL, as_of=AS_OF, radii=radii, include_reached=True)
            plan = coverage.suggest_sites(session, NeedKind.MEAL, 3, as_of=AS_OF, radii=radii, include_reached=True)
    sites = len(instance.villages)
    matrix = np.zeros((len(instance.weights), sites), dtype=bool)
    for i, cover in enumerate(instance.covers):
        matrix[i, cover] = True
    weights = np.array(instance.weights)
    assert plan.demand_weight == int(weights.sum()) > 0
    for choice in plan.choices:
        best = max(
            int(weights[matrix[:, list(subset)].any(axis=1)].sum())
            for subset in itertools.combinations(range(sites), choice.k)
        )
        assert (choice.covered_weight, choice.optimal) == (best, True)
