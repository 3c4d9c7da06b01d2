"""Coverage figures and site suggestions on the demo county (50,000 residents by default).

The county is built once and cached under bench/out/. Measured (median of --runs, wall and CPU):
- matching.open_needs (the input figures and sites share), coverage.figures, each kind's
  suggest_sites (k = 1..5) as the report runs them, and the "planning for room" instance (every
  open meal need is demand), the largest covering problem the county gives;
- baselines in the same run: the village meal coverage recomputed by a plain geopy loop (its
  numbers must agree), the covering problem solved again by an independent MIP (OR-Tools pywraplp
  with SCIP; the optimum must agree with CP-SAT's) and by the greedy heuristic (its shortfall is printed).

    .venv/bin/python bench/coverage_figures.py [--residents 50000] [--seed 1] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from geopy.distance import great_circle
from ortools.linear_solver import pywraplp
from sqlalchemy import select

from carematch.core import coverage
from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.enums import NeedKind
from carematch.core.matching import open_needs
from carematch.core.models import MealPoint, Township, Village

OUT = Path(__file__).resolve().parent / "out"
T = TypeVar("T")


def timed(runs: int, work: Callable[[], T]) -> tuple[float, float, T]:
    """(median wall seconds, median CPU seconds of this process, the last result)."""
    walls, cpus = [], []
    result: T
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return statistics.median(walls), statistics.median(cpus), result


def county(residents: int, seed: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"coverage_demo_{residents}_seed{seed}.sqlite"
    if not path.exists():
        partial = path.with_name(path.name + ".building")
        for leftover in OUT.glob(partial.name + "*"):
            leftover.unlink()
        started = time.perf_counter()
        with Store(str(partial)) as store, store.unit_of_work(actor="bench") as session:
            build_demo(session, residents=residents, seed=seed)
        partial.rename(path)
        print(f"built the demo county in {time.perf_counter() - started:.1f} s → {path}")
    return path


def geopy_meal_coverage(session: object) -> tuple[int, int]:
    """Villages reached by some open meal point's dine-in or delivery radius, by a plain geopy loop."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    villages = session.execute(
        select(Village.lon, Village.lat)
        .join(Village.township)
        .where(Village.deleted_at.is_(None), Township.deleted_at.is_(None), Village.lon.is_not(None))
    ).all()
    points = session.scalars(select(MealPoint).where(MealPoint.deleted_at.is_(None), MealPoint.closed.is_(False))).all()
    reached = 0
    for lon, lat in villages:
        for p in points:
            if p.lon is None or p.lat is None:
                continue
            d = round(great_circle((lat, lon), (p.lat, p.lon)).m)
            if d <= p.dine_in_radius_km * 1000 or (p.delivers and d <= p.delivery_radius_km * 1000):
                reached += 1
                break
    return reached, len(villages)


def mip_optimum(weights: list[int], covers: list[list[int]], candidates: int, k: int) -> int:
    """The same problem as a textbook MIP for SCIP (needs with the same cover set summed, as usual)."""
    groups: dict[frozenset[int], int] = {}
    for w, cover in zip(weights, covers, strict=True):
        if cover:
            groups[frozenset(cover)] = groups.get(frozenset(cover), 0) + w
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = [solver.BoolVar(f"x{j}") for j in range(candidates)]
    terms = []
    for i, (cover, w) in enumerate(groups.items()):
        y = solver.BoolVar(f"y{i}")
        solver.Add(y <= solver.Sum([x[j] for j in cover]))
        terms.append(w * y)
    solver.Add(solver.Sum(x) <= k)
    solver.Maximize(solver.Sum(terms))
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return round(solver.Objective().Value())


def greedy(weights: list[int], covers: list[list[int]], candidates: int, k: int) -> int:
    covered = [False] * len(weights)
    value = 0
    for _ in range(k):
        gain = [0] * candidates
        for i, cover in enumerate(covers):
            if not covered[i]:
                for j in cover:
                    gain[j] += weights[i]
        best = max(range(candidates), key=gain.__getitem__)
        if gain[best] == 0:
            break
        value += gain[best]
        for i, cover in enumerate(covers):
            if best in cover:
                covered[i] = True
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = county(args.residents, args.seed)
    today = dt.date.today()
    print(f"county: {path.name}; runs: {args.runs}; the machine is shared, so wall times are under load")
    with Store(str(path)) as store, store.reading() as session:
        wall, cpu, needs = timed(args.runs, lambda: open_needs(session, as_of=today))
        print(f"matching.open_needs: {len(needs)} open needs        median {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        wall, cpu, figures = timed(args.runs, lambda: coverage.figures(session, today, needs=needs))
        print(f"coverage.figures (given the needs)                 median {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        meal = figures.total.figure("meal_coverage")
        base_wall, base_cpu, (reached, villages) = timed(args.runs, lambda: geopy_meal_coverage(session))
        assert (reached, villages) == (meal.numerator, meal.denominator), "geopy baseline disagrees"
        print(
            f"  baseline geopy loop, meal coverage only:  median {base_wall:6.2f} s wall, {base_cpu:6.2f} s CPU"
            f" (agrees: {reached}/{villages})"
        )
        for kind in NeedKind:
            wall, cpu, plan = timed(
                args.runs, lambda kind=kind: coverage.suggest_sites(session, kind, 5, as_of=today, needs=needs)
            )
            covered = ", ".join(f"k={c.k}: {c.covered_weight}" for c in plan.choices)
            print(
                f"suggest_sites {kind.value:<14} demand {plan.demand_needs:>5} needs (weight {plan.demand_weight:>5})"
                f"  median {wall:6.2f} s wall, {cpu:6.2f} s CPU; covered {covered}"
            )
        instance = coverage.cover_instance(session, NeedKind.MEAL, as_of=today, include_reached=True, needs=needs)
    weights, covers, candidates = instance.weights, instance.covers, len(instance.villages)
    distinct = len({tuple(sorted(c)) for c in covers if c})
    print(
        f"planning for room, meal: {len(weights)} open needs (weight {sum(weights)}), {candidates} candidate sites, "
        f"{distinct} distinct cover sets"
    )
    for k in range(1, 6):
        wall, cpu, solution = timed(args.runs, lambda k=k: coverage.solve_max_cover(weights, covers, candidates, k))
        mip_wall, _, optimum = timed(1, lambda k=k: mip_optimum(weights, covers, candidates, k))
        greedy_value = greedy(weights, covers, candidates, k)
        assert solution.optimal and solution.value == optimum, f"CP-SAT {solution} and the MIP {optimum} disagree"
        print(
            f"  k={k}: CP-SAT {solution.value} (proven optimal) median {wall:5.2f} s wall, {cpu:5.2f} s CPU;"
            f" MIP (SCIP) {optimum} in {mip_wall:5.2f} s wall; greedy {greedy_value}"
            f" ({100 * (optimum - greedy_value) / max(optimum, 1):.2f} % short)"
        )


if __name__ == "__main__":
    main()
