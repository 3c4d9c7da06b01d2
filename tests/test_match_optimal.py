"""The batch reaches the true optimum of DESIGN §4, checked against brute force and against HiGHS.

Eligibility is recomputed here from the rules' text with geopy's great-circle distance, so the
checks do not share code with the matcher: a wrong radius, skill or capacity rule shows up as a
rule break or a different optimum.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
from geopy.distance import great_circle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_match_kit import caregiver, centre, meal_point, resident

from carematch.core import assignments, matching
from carematch.core.db import Store
from carematch.core.enums import DEMENTIA_SKILL, HOLDING_STATUSES, AbilityLevel, Assistance, NeedKind
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident

AS_OF = dt.date(2026, 6, 1)
PENALTY = 1_000_000
SKILL_POOL = ("助洁", "助浴", DEMENTIA_SKILL)
DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('optimal') / 'o.sqlite'}") as opened:
        yield opened


def weight(person: Resident) -> int:
    return matching.priority_weight(person, AS_OF)


def metres(a: Resident, b: MealPoint | CareCentre | Caregiver) -> int:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return round(great_circle((a.lat, a.lon), (b.lat, b.lon)).meters)


def eligible(person: Resident, provider: MealPoint | CareCentre | Caregiver, kind: NeedKind) -> int | None:
    """The distance when the pair is eligible by DESIGN §4 (room aside), else None."""
    if person.lon is None or provider.closed or provider.is_deleted:
        return None
    d = metres(person, provider)
    if isinstance(provider, MealPoint):
        delivers = provider.delivers and d <= provider.delivery_radius_km * 1000
        ok = delivers if person.need_delivery else (d <= provider.dine_in_radius_km * 1000 or delivers)
        return d if ok else None
    if isinstance(provider, CareCentre):
        return d if provider.dementia_beds > 0 and d <= provider.service_radius_km * 1000 else None
    wanted = set(person.visit_skills) | ({DEMENTIA_SKILL} if person.dementia else set())
    if not wanted <= set(provider.skills) or len(set(provider.available_days)) < person.visits_per_week:
        return None
    return d if d <= provider.service_radius_km * 1000 else None


@dataclass
class Instance:
    needs: list[Resident]
    providers: list[MealPoint | CareCentre | Caregiver]
    room: list[int]
    dist: dict[tuple[int, int], int]
    weights: list[int]


def instance(session: Session, kind: NeedKind) -> Instance:
    model = {NeedKind.MEAL: MealPoint, NeedKind.DEMENTIA_CARE: CareCentre, NeedKind.HOME_VISIT: Caregiver}[kind]
    providers = list(session.scalars(select(model).order_by(model.code)))
    held = {
        p.id: sum(
            1
            for a in session.scalars(select(Assignment).where(Assignment.status.in_(HOLDING_STATUSES)))
            if a.provider.id == p.id
        )
        for p in providers
    }
    taken = {a.resident_id for a in session.scalars(select(Assignment).where(Assignment.status.in_(HOLDING_STATUSES)))}
    needs = [
        r
        for r in session.scalars(select(Resident).order_by(Resident.citizen_id))
        if kind in r.needs() and r.id not in taken and not r.is_deleted
    ]
    room = []
    for p in providers:
        if isinstance(p, MealPoint):
            places = p.daily_capacity
        elif isinstance(p, CareCentre):
            places = p.dementia_beds - p.dementia_beds_occupied
        else:
            places = p.max_clients
        room.append(0 if p.closed else max(0, places - held[p.id]))
    dist = {}
    for i, person in enumerate(needs):
        for j, provider in enumerate(providers):
            d = eligible(person, provider, kind)
            if d is not None:
                dist[i, j] = d
    return Instance(needs, providers, room, dist, [weight(r) for r in needs])


def brute_force(inst: Instance) -> int:
    options = [[None, *[j for j in range(len(inst.providers)) if (i, j) in inst.dist]] for i in range(len(inst.needs))]
    best = None
    for choice in itertools.product(*options):
        used = [0] * len(inst.providers)
        cost = 0
        for i, j in enumerate(choice):
            if j is None:
                cost += PENALTY * inst.weights[i]
            else:
                used[j] += 1
                cost += inst.dist[i, j]
        if all(u <= r for u, r in zip(used, inst.room, strict=True)) and (best is None or cost < best):
            best = cost
    assert best is not None
    return best


def highs(inst: Instance) -> int:
    """The same objective as an integer programme solved by HiGHS (scipy.optimize.milp)."""
    pairs = sorted(inst.dist)
    n, m, k = len(inst.needs), len(inst.providers), len(pairs)
    cost = np.array([inst.dist[p] for p in pairs] + [PENALTY * w for w in inst.weights], dtype=float)
    one_each = np.zeros((n, k + n))
    within_room = np.zeros((max(m, 1), k + n))
    for column, (i, j) in enumerate(pairs):
        one_each[i, column] = 1
        within_room[j, column] = 1
    for i in range(n):
        one_each[i, k + i] = 1
    constraints = [LinearConstraint(one_each, 1, 1)]
    if m:
        constraints.append(LinearConstraint(within_room, 0, np.array(inst.room, dtype=float)))
    found = milp(cost, constraints=constraints, integrality=np.ones(k + n), bounds=Bounds(0, 1))
    assert found.success
    return round(found.fun)


def check(session: Session, kind: NeedKind, *, brute: bool = True) -> matching.MatchResult:
    inst = instance(session, kind)
    result = matching.match_batch(session, [kind], as_of=AS_OF)
    index = {r.id: i for i, r in enumerate(inst.needs)}
    provider_index = {p.id: j for j, p in enumerate(inst.providers)}
    # Every need accounted for exactly once.
    seen = [m.resident_id for m in result.assignments] + [u.resident_id for u in result.unassigned]
    assert sorted(map(str, seen)) == sorted(str(r.id) for r in inst.needs)
    # No rule broken: each pair eligible with the distance of record, no provider beyond its room.
    used = [0] * len(inst.providers)
    for m in result.assignments:
        i, j = index[m.resident_id], provider_index[m.provider_id]
        assert inst.dist.get((i, j)) == m.distance_m
        used[j] += 1
    assert all(u <= r for u, r in zip(used, inst.room, strict=True))
    # The objective is what the lists say, and it is the optimum.
    recomputed = sum(m.distance_m for m in result.assignments) + sum(
        PENALTY * inst.weights[index[u.resident_id]] for u in result.unassigned
    )
    assert result.objective == recomputed == highs(inst)
    if brute:
        assert result.objective == brute_force(inst)
    return result


points = st.tuples(st.integers(-20, 20), st.integers(-20, 20)).map(lambda p: (p[0] / 10, p[1] / 10))
priority = st.sampled_from(
    [
        (Assistance.NONE, AbilityLevel.INTACT),
        (Assistance.NONE, AbilityLevel.INTACT),
        (Assistance.MINIMUM_ALLOWANCE, AbilityLevel.INTACT),
        (Assistance.EXTREME_POVERTY, AbilityLevel.INTACT),
        (Assistance.NONE, AbilityLevel.SEVERE),
    ]
)


@st.composite
def county(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from(list(NeedKind)))
    providers = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "at": points,
                    "capacity": st.integers(0, 3),
                    "radius": st.sampled_from([0.5, 1.0, 1.5, 2.5]),
                    "delivery": st.sampled_from([0.0, 1.5, 3.0]),
                    "skills": st.sets(st.sampled_from(SKILL_POOL), min_size=1),
                    "days": st.integers(1, 4),
                    "closed": st.integers(0, 4).map(lambda x: x == 0),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    people = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "at": st.one_of(points, points, points, st.none()),
                    "priority": priority,
                    "delivery": st.booleans(),
                    "skills": st.sets(st.sampled_from(SKILL_POOL[:2]), min_size=1),
                    "dementia": st.booleans(),
                    "visits": st.integers(1, 3),
                }
            ),
            min_size=1,
            max_size=6,
        )
    )
    held = draw(st.integers(0, 2))
    return {"kind": kind, "providers": providers, "people": people, "held": held}


def build(session: Session, data: dict[str, object]) -> NeedKind:
    kind = data["kind"]
    assert isinstance(kind, NeedKind)
    made = []
    for n, p in enumerate(data["providers"]):  # type: ignore[attr-defined]
        east, north = p["at"]
        code = f"P{n}"
        if kind is NeedKind.MEAL:
            provider = meal_point(
                session,
                code,
                east,
                north,
                capacity=p["capacity"],
                dine_in_km=p["radius"],
                delivers=p["delivery"] > 0,
                delivery_km=p["delivery"],
            )
        elif kind is NeedKind.DEMENTIA_CARE:
            provider = centre(session, code, east, north, beds=p["capacity"] + 1, occupied=1, radius_km=p["radius"])
        else:
            provider = caregiver(
                session,
                code,
                east,
                north,
                skills=tuple(sorted(p["skills"])),
                max_clients=p["capacity"],
                radius_km=p["radius"],
                days=DAYS[: p["days"]],
            )
        provider.closed = p["closed"]
        made.append(provider)
    flags = {
        NeedKind.MEAL: {"meal": True},
        NeedKind.DEMENTIA_CARE: {"dementia_care": True},
        NeedKind.HOME_VISIT: {"home": True},
    }[kind]
    for n, person in enumerate(data["people"]):  # type: ignore[attr-defined]
        east, north = person["at"] if person["at"] is not None else (None, None)
        assistance, ability = person["priority"]
        extra = dict(flags)
        if kind is NeedKind.MEAL:
            extra["delivery"] = person["delivery"]
        resident(
            session,
            n + 1,
            east,
            north,
            assistance=assistance,
            ability=ability,
            skills=tuple(sorted(person["skills"])),
            dementia=person["dementia"],
            visits=person["visits"],
            **extra,
        )
    # Some places already confirmed to people outside the batch: they stay and take room.
    for n in range(int(data["held"])):  # type: ignore[call-overload]
        provider = made[n % len(made)]
        if assignments.room_left(session, provider) > 0 and not provider.closed:
            holder = resident(session, 900 + n, 0.0, 0.0, skills=tuple(getattr(provider, "skills", ())[:1]), **flags)
            item = assignments.propose(session, holder, kind, provider, actor="t")
            assignments.confirm(session, item, "t")
    return kind


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=county())
def test_small_counties_reach_the_optimum_of_brute_force_and_highs(store: Store, data: dict[str, object]) -> None:
    with store.reading() as session:  # never committed: each example starts from an empty registry
        kind = build(session, data)
        check(session, kind)
        session.rollback()


@pytest.mark.parametrize("kind", list(NeedKind))
def test_a_scarce_county_of_sixty_needs_matches_highs(store: Store, kind: NeedKind) -> None:
    rng = random.Random(kind.value)
    with store.reading() as session:
        for n in range(8):
            east, north = rng.uniform(-4, 4), rng.uniform(-4, 4)
            if kind is NeedKind.MEAL:
                meal_point(
                    session, f"P{n}", east, north, capacity=rng.randint(1, 6), delivers=n % 2 == 0, delivery_km=2.5
                )
            elif kind is NeedKind.DEMENTIA_CARE:
                centre(session, f"P{n}", east, north, beds=rng.randint(1, 6), radius_km=rng.choice([2.0, 3.0, 4.0]))
            else:
                caregiver(
                    session,
                    f"P{n}",
                    east,
                    north,
                    skills=tuple(rng.sample(SKILL_POOL, 2)),
                    max_clients=rng.randint(1, 6),
                    radius_km=rng.choice([2.0, 3.0, 4.0]),
                    days=DAYS[: rng.randint(1, 5)],
                )
        for n in range(60):
            resident(
                session,
                n + 1,
                rng.uniform(-5, 5),
                rng.uniform(-5, 5),
                meal=kind is NeedKind.MEAL,
                delivery=kind is NeedKind.MEAL and rng.random() < 0.4,
                dementia_care=kind is NeedKind.DEMENTIA_CARE,
                home=kind is NeedKind.HOME_VISIT,
                skills=(rng.choice(SKILL_POOL[:2]),),
                dementia=rng.random() < 0.2,
                visits=rng.randint(1, 3),
                assistance=rng.choice(list(Assistance)),
                ability=rng.choice(list(AbilityLevel)),
            )
        result = check(session, kind, brute=False)
        assert result.assignments and result.unassigned  # scarce: both sides exercised
        session.rollback()
