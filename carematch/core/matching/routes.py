"""Weekly plans for caregivers and daily delivery orders for meal points (the assignment sheets' routes).

A caregiver's clients each get their 每周上门次数 days among the caregiver's 可服务日, spreading
the load over the week; each day is then visited in the shortest order that starts and ends at
the caregiver's base. Small days are solved exactly (Held-Karp dynamic programming); longer ones
with OR-Tools routing (cheapest arc, then local search to a local optimum — deterministic, so the
same data prints the same sheet). Meal points that deliver get their delivery order the same way.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core.assignments import provider_column
from carematch.core.enums import HOLDING_STATUSES, WEEKDAYS, NeedKind
from carematch.core.errors import Message, msg
from carematch.core.geo.distance import distances_m
from carematch.core.models import Assignment, Caregiver, MealPoint, Resident

EXACT_MAX_STOPS = 9
"""Up to this many stops a day the order is the proven shortest (Held-Karp: 2^n·n² steps)."""


@dataclass(frozen=True)
class Stop:
    """One client on a route, in visiting order."""

    order: int
    assignment_id: uuid.UUID
    resident_id: uuid.UUID
    name: str
    township: str
    village: str
    address: str
    phone: str
    lon: float | None
    lat: float | None
    leg_m: int | None
    """From the previous stop (or the base for the first); None when either end has no location."""
    cumulative_m: int | None
    to_base_m: int | None = None
    """On the last located stop: the way back to the base."""


@dataclass(frozen=True)
class DayPlan:
    day: str
    stops: list[Stop]
    total_m: int
    """Base → every located stop → base, in metres."""


@dataclass(frozen=True)
class ClientDays:
    assignment_id: uuid.UUID
    resident_id: uuid.UUID
    name: str
    visits_per_week: int
    days: tuple[str, ...]


@dataclass(frozen=True)
class CaregiverWeek:
    caregiver_id: uuid.UUID
    code: str
    name: str
    base_lon: float | None
    base_lat: float | None
    days: list[DayPlan]
    clients: list[ClientDays]
    warnings: list[Message] = field(default_factory=list)

    def day(self, day: str) -> DayPlan | None:
        return next((plan for plan in self.days if plan.day == day), None)


def _matrix(lons: list[float], lats: list[float]) -> np.ndarray:
    """Distances of record between every pair of points (metres)."""
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    return distances_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])


def _held_karp(matrix: np.ndarray) -> list[int]:
    """The shortest closed tour from node 0 through every other node (exact), as the order of nodes 1..n."""
    n = len(matrix) - 1
    if n <= 1:
        return list(range(1, n + 1))
    dist = matrix.tolist()
    # best[(mask, last)] = (length, previous): paths from 0 through the nodes of mask ending at last.
    best: dict[tuple[int, int], tuple[int, int]] = {(1 << (k - 1), k): (dist[0][k], 0) for k in range(1, n + 1)}
    for size in range(2, n + 1):
        for subset in itertools.combinations(range(1, n + 1), size):
            mask = sum(1 << (k - 1) for k in subset)
            for last in subset:
                previous_mask = mask & ~(1 << (last - 1))
                best[mask, last] = min(
                    (best[previous_mask, before][0] + dist[before][last], before) for before in subset if before != last
                )
    full = (1 << n) - 1
    _, last = min((best[full, k][0] + dist[k][0], k) for k in range(1, n + 1))
    order, mask = [], full
    while last != 0:
        order.append(last)
        _, before = best[mask, last]
        mask &= ~(1 << (last - 1))
        last = before
    return order[::-1]


def _routing(matrix: np.ndarray) -> list[int]:
    """A short closed tour from node 0 by OR-Tools routing, as the order of nodes 1..n."""
    size = len(matrix)
    manager = pywrapcp.RoutingIndexManager(size, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    dist = matrix.tolist()

    def leg(from_index: int, to_index: int) -> int:
        return int(dist[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(leg))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    solution = routing.SolveWithParameters(parameters)
    if solution is None:  # cannot happen with a complete graph; keep the given order rather than fail a sheet
        return list(range(1, size))
    order: list[int] = []
    index = solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        order.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return order


def tour_order(base: tuple[float, float], points: list[tuple[float, float]]) -> tuple[list[int], np.ndarray]:
    """Visiting order (indices into points) from base and back, and the distance matrix (node 0 = base)."""
    lons = [base[0]] + [p[0] for p in points]
    lats = [base[1]] + [p[1] for p in points]
    matrix = _matrix(lons, lats)
    nodes = _held_karp(matrix) if len(points) <= EXACT_MAX_STOPS else _routing(matrix)
    return [k - 1 for k in nodes], matrix


def tour_length(matrix: np.ndarray, order: list[int]) -> int:
    nodes = [0, *(k + 1 for k in order), 0]
    return int(sum(int(matrix[a, b]) for a, b in itertools.pairwise(nodes)))


def _stops(base: tuple[float, float] | None, items: list[Assignment]) -> tuple[list[Stop], int]:
    """Items in visiting order as stops, and the tour length; items without a location go last."""
    placed = [a for a in items if a.resident.lon is not None and a.resident.lat is not None]
    unplaced = [a for a in items if a not in placed]
    total = 0
    if base is not None and placed:
        points = [(float(a.resident.lon or 0.0), float(a.resident.lat or 0.0)) for a in placed]
        order, matrix = tour_order(base, points)
        total = tour_length(matrix, order)
        ordered = [placed[k] for k in order]
        legs = [int(matrix[a, b]) for a, b in itertools.pairwise([0, *(k + 1 for k in order)])]
        back = int(matrix[order[-1] + 1, 0])
    else:
        ordered = sorted(placed, key=lambda a: (a.resident.village, a.resident.address, a.resident.citizen_id))
        legs, back = [], 0
    stops = []
    cumulative = 0
    for position, item in enumerate(ordered + unplaced, start=1):
        person: Resident = item.resident
        leg = legs[position - 1] if position <= len(legs) else None
        if leg is not None:
            cumulative += leg
        stops.append(
            Stop(
                order=position,
                assignment_id=item.id,
                resident_id=person.id,
                name=person.name,
                township=person.township,
                village=person.village,
                address=person.address,
                phone=person.phone,
                lon=person.lon,
                lat=person.lat,
                leg_m=leg,
                cumulative_m=cumulative if leg is not None else None,
                to_base_m=back if legs and position == len(legs) else None,
            )
        )
    return stops, total


def _spread_penalty(days: tuple[int, ...]) -> int:
    """Smaller when a client's visit days are spread around the week (largest gap kept small)."""
    if len(days) <= 1:
        return 0
    gaps = [b - a for a, b in itertools.pairwise(days)] + [days[0] + 7 - days[-1]]
    return max(gaps) - min(gaps)


def _choose_days(load: dict[int, int], available: list[int], count: int) -> tuple[int, ...]:
    """The `count` days among `available` that keep the week's busiest day lightest, then spread the visits."""
    best: tuple[tuple[int, int, int, tuple[int, ...]], tuple[int, ...]] | None = None
    for combo in itertools.combinations(available, count):
        after = dict(load)
        for day in combo:
            after[day] += 1
        key = (max(after.values()), sum(v * v for v in after.values()), _spread_penalty(combo), combo)
        if best is None or key < best[0]:
            best = (key, combo)
    assert best is not None
    return best[1]


def _holding(session: Session, kind: NeedKind, provider_id: uuid.UUID) -> list[Assignment]:
    return list(
        session.scalars(
            select(Assignment)
            .join(Assignment.resident)
            .options(selectinload(Assignment.resident))
            .where(
                provider_column(kind) == provider_id,
                Assignment.kind == kind,
                Assignment.status.in_(HOLDING_STATUSES),
                Assignment.deleted_at.is_(None),
                Resident.deleted_at.is_(None),
            )
            .order_by(Resident.citizen_id, Assignment.id)
        )
    )


def caregiver_base(caregiver: Caregiver) -> tuple[float, float] | None:
    """Where the caregiver's day starts and ends: their own location, else their centre's."""
    if caregiver.lon is not None and caregiver.lat is not None:
        return caregiver.lon, caregiver.lat
    centre = caregiver.centre
    if centre is not None and centre.lon is not None and centre.lat is not None:
        return centre.lon, centre.lat
    return None


def weekly_plan(session: Session, caregiver: Caregiver) -> CaregiverWeek:
    """The week of a caregiver: each confirmed/active client on their 每周上门次数 days, each day in visiting order.

    Days a clerk already fixed on the assignment (visit_days) are kept when they are among the
    caregiver's days and as many as the visits; the others are chosen to balance the week.
    """
    session.flush()
    clients = _holding(session, NeedKind.HOME_VISIT, caregiver.id)
    available = sorted({WEEKDAYS.index(d) for d in caregiver.available_days or [] if d in WEEKDAYS})
    warnings: list[Message] = []
    if not available and clients:
        available = list(range(len(WEEKDAYS)))
        warnings.append(
            msg(
                "{name}没有登记可服务日，按每天都可上门安排",
                "{name} has no service days registered; every day was used",
                name=caregiver.name,
            )
        )
    load = dict.fromkeys(available, 0)
    chosen: dict[uuid.UUID, tuple[int, ...]] = {}
    fixed = [a for a in clients if _fixed_days(a, available) is not None]
    for item in fixed:
        days = _fixed_days(item, available)
        assert days is not None
        chosen[item.id] = days
        for day in days:
            load[day] += 1
    flexible = sorted(
        (a for a in clients if a.id not in chosen), key=lambda a: (-a.resident.visits_per_week, a.resident.citizen_id)
    )
    for item in flexible:
        wanted = item.resident.visits_per_week
        if wanted > len(available):
            warnings.append(
                msg(
                    "{client}每周要上门{visits}次，{name}只有{days}个可服务日，已按{days}次安排",
                    "{client} needs {visits} visits a week, {name} has {days} service days; {days} were planned",
                    client=item.resident.name,
                    visits=wanted,
                    name=caregiver.name,
                    days=len(available),
                )
            )
        days = _choose_days(load, available, min(wanted, len(available)))
        chosen[item.id] = days
        for day in days:
            load[day] += 1
    base = caregiver_base(caregiver)
    if base is None and clients:
        warnings.append(
            msg(
                "{name}没有位置，上门顺序按村排列",
                "{name} has no location; visits are listed by village",
                name=caregiver.name,
            )
        )
    plans = []
    for day in available:
        todays = [a for a in clients if day in chosen[a.id]]
        stops, total = _stops(base, todays)
        plans.append(DayPlan(day=WEEKDAYS[day], stops=stops, total_m=total))
    return CaregiverWeek(
        caregiver_id=caregiver.id,
        code=caregiver.code,
        name=caregiver.name,
        base_lon=base[0] if base else None,
        base_lat=base[1] if base else None,
        days=plans,
        clients=[
            ClientDays(
                assignment_id=a.id,
                resident_id=a.resident_id,
                name=a.resident.name,
                visits_per_week=a.resident.visits_per_week,
                days=tuple(WEEKDAYS[d] for d in chosen[a.id]),
            )
            for a in clients
        ],
        warnings=warnings,
    )


def _fixed_days(item: Assignment, available: list[int]) -> tuple[int, ...] | None:
    days = sorted({WEEKDAYS.index(d) for d in item.visit_days or [] if d in WEEKDAYS})
    wanted = min(item.resident.visits_per_week, len(available))
    if days and len(days) == wanted and all(d in available for d in days):
        return tuple(days)
    return None


def delivery_route(session: Session, meal_point: MealPoint) -> list[Stop]:
    """Today's delivery order for the meal point's confirmed/active delivery clients, from the point and back."""
    session.flush()
    clients = [a for a in _holding(session, NeedKind.MEAL, meal_point.id) if a.delivery]
    base = (meal_point.lon, meal_point.lat) if meal_point.lon is not None and meal_point.lat is not None else None
    stops, _ = _stops(base, clients)
    return stops
