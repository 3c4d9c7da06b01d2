"""Weekly caregiver plans and delivery orders: days spread over the week, shortest visiting order."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session
from test_match_kit import at_km, caregiver, meal_point, resident

from carematch.core import assignments
from carematch.core.db import Store
from carematch.core.enums import WEEKDAYS, NeedKind
from carematch.core.geo.distance import distance_m
from carematch.core.matching import routes


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with Store(f"sqlite:///{tmp_path / 'r.sqlite'}") as store, store.unit_of_work(actor="t") as opened:
        yield opened


def closed_tour(base: tuple[float, float], points: list[tuple[float, float]]) -> int:
    path = [base, *points, base]
    return sum(distance_m(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(path))


def shortest_by_permutation(base: tuple[float, float], points: list[tuple[float, float]]) -> int:
    return min(closed_tour(base, [points[k] for k in order]) for order in itertools.permutations(range(len(points))))


km = st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 2))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(km, km), min_size=0, max_size=6), st.tuples(km, km))
def test_small_days_get_the_proven_shortest_order(offsets: list[tuple[float, float]], base_km) -> None:
    base = at_km(*base_km)
    points = [at_km(*p) for p in offsets]
    order, matrix = routes.tour_order(base, points)
    assert sorted(order) == list(range(len(points)))
    length = routes.tour_length(matrix, order)
    assert length == closed_tour(base, [points[k] for k in order])
    if points:
        assert length == shortest_by_permutation(base, points)


def test_long_days_use_routing_and_find_the_circle() -> None:
    # Fourteen stops on a circle around the base: the shortest tour walks the circle in order.
    points = [at_km(3 * math.cos(2 * math.pi * k / 14), 3 * math.sin(2 * math.pi * k / 14)) for k in range(14)]
    shuffled = [points[(k * 5) % 14] for k in range(14)]
    order, _ = routes.tour_order(at_km(3.0, 0.0), shuffled)
    visited = [(k * 5) % 14 for k in order]
    start = visited.index(0) if visited[0] != 0 else 0
    rotated = visited[start:] + visited[:start]
    assert rotated in (list(range(14)), [0, *range(13, 0, -1)])


def hold(session: Session, person, kind: NeedKind, provider, days: tuple[str, ...] = ()) -> None:
    item = assignments.propose(session, person, kind, provider, actor="t")
    item.visit_days = list(days)
    assignments.confirm(session, item, "t")


def test_a_weekly_plan_gives_each_client_its_visits_and_spreads_the_load(session: Session) -> None:
    worker = caregiver(session, "HL01", skills=("助洁",), max_clients=12, days=("周一", "周二", "周三", "周四", "周五"))
    wanted = {}
    for n, visits in enumerate((3, 3, 2, 2, 2, 1, 1, 1, 1, 1), start=1):
        person = resident(session, n, (n % 4) - 1.5, (n // 4) - 1.0, home=True, skills=("助洁",), visits=visits)
        hold(session, person, NeedKind.HOME_VISIT, worker)
        wanted[person.name] = visits
    fixed = resident(session, 20, 0.5, 0.5, home=True, skills=("助洁",), visits=2)
    hold(session, fixed, NeedKind.HOME_VISIT, worker, days=("周二", "周四"))
    proposed_only = resident(session, 21, 0.1, 0.1, home=True, skills=("助洁",))
    assignments.propose(session, proposed_only, NeedKind.HOME_VISIT, worker, actor="t")

    week = routes.weekly_plan(session, worker)
    assert [plan.day for plan in week.days] == ["周一", "周二", "周三", "周四", "周五"]
    days_of = {client.name: client.days for client in week.clients}
    assert days_of[fixed.name] == ("周二", "周四")
    assert proposed_only.name not in days_of  # only confirmed and active clients are visited
    for name, visits in wanted.items():
        assert len(set(days_of[name])) == visits
    load = Counter(day for days in days_of.values() for day in days)
    assert max(load.values()) - min(load.values()) <= 1  # 19 visits over 5 days: 4 or 3 a day
    assert days_of["测试老人1"] in (("周一", "周三", "周五"), ("周一", "周三", "周四"), ("周一", "周二", "周四"))
    base = (worker.lon or 0.0, worker.lat or 0.0)
    for plan in week.days:
        points = [(s.lon or 0.0, s.lat or 0.0) for s in plan.stops]
        assert plan.total_m == closed_tour(base, points) == shortest_by_permutation(base, points)
        assert [s.order for s in plan.stops] == list(range(1, len(plan.stops) + 1))
        assert plan.stops[-1].cumulative_m + plan.stops[-1].to_base_m == plan.total_m
        assert {s.name for s in plan.stops} == {n for n, d in days_of.items() if plan.day in d}
    assert week.warnings == []


def test_the_same_week_is_planned_the_same_way(session: Session) -> None:
    worker = caregiver(session, "HL01", skills=("助洁",), max_clients=8, days=("周一", "周三", "周五"))
    for n in range(6):
        hold(
            session,
            resident(session, n, n * 0.3, 0.2, home=True, skills=("助洁",), visits=1 + n % 2),
            NeedKind.HOME_VISIT,
            worker,
        )
    first = routes.weekly_plan(session, worker)
    assert routes.weekly_plan(session, worker) == first


def test_more_visits_than_service_days_are_planned_with_a_warning(session: Session) -> None:
    worker = caregiver(session, "HL01", skills=("助洁",), days=("周六",))
    hold(session, resident(session, 1, 0.2, 0.0, home=True, skills=("助洁",), visits=3), NeedKind.HOME_VISIT, worker)
    week = routes.weekly_plan(session, worker)
    assert [c.days for c in week.clients] == [("周六",)]
    assert "只有1个可服务日" in week.warnings[0].text("zh")


def test_a_delivery_route_visits_delivery_clients_from_the_point_and_back(session: Session) -> None:
    point = meal_point(session, "ZC01", capacity=20, dine_in_km=0.5, delivers=True, delivery_km=4.0)
    offsets = [(1.0, 0.0), (-2.0, 1.0), (0.5, 2.5), (3.0, -1.0), (-1.0, -1.5)]
    for n, (east, north) in enumerate(offsets, start=1):
        hold(session, resident(session, n, east, north, delivery=True), NeedKind.MEAL, point)
    hold(session, resident(session, 9, 0.1, 0.0, meal=True), NeedKind.MEAL, point)  # dines in: not on the route
    hold(session, resident(session, 10, None, None, delivery=True), NeedKind.MEAL, point)  # no location: last
    stops = routes.delivery_route(session, point)
    assert [s.name for s in stops][-1] == "测试老人10" and stops[-1].leg_m is None
    located = stops[:-1]
    assert {s.name for s in located} == {f"测试老人{n}" for n in range(1, 6)}
    base = (point.lon or 0.0, point.lat or 0.0)
    points = [(s.lon or 0.0, s.lat or 0.0) for s in located]
    assert closed_tour(base, points) == shortest_by_permutation(base, points)
    assert located[-1].to_base_m == distance_m(*points[-1], *base)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('routes') / 'w.sqlite'}") as opened:
        yield opened


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.sets(st.sampled_from(WEEKDAYS), min_size=1),
    visits=st.lists(st.integers(1, 7), min_size=1, max_size=9),
)
def test_every_client_gets_its_visits_on_distinct_service_days_and_the_week_stays_level(
    shared_store: Store, days: set[str], visits: list[int]
) -> None:
    with shared_store.reading() as session:  # rolled back: each example starts empty
        worker = caregiver(session, "HL01", skills=("助洁",), max_clients=20, days=tuple(days))
        for n, count in enumerate(visits):
            person = resident(session, n, 0.2 * n, 0.1 * (n % 3), home=True, skills=("助洁",), visits=count)
            hold(session, person, NeedKind.HOME_VISIT, worker)
        week = routes.weekly_plan(session, worker)
        assert {plan.day for plan in week.days} == days
        for client in week.clients:
            assert len(set(client.days)) == len(client.days) == min(client.visits_per_week, len(days))
            assert set(client.days) <= days
        load = [len(plan.stops) for plan in week.days]
        assert max(load) - min(load) <= 1
        assert sum(load) == sum(min(v, len(days)) for v in visits)
        assert bool(week.warnings) == any(v > len(days) for v in visits)
        session.rollback()
