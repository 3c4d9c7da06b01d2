"""Where to add capacity (DESIGN §7): unreached villages and suggested sites.

Demand: the open needs (matching.open_needs) of one kind whose resident no live, open provider of
that kind reaches by radius alone (capacity aside; a full provider is a different problem, solved
by adding room, not a site):
- meal: a resident who needs delivery is reached by a delivering point within its 送餐半径; any
  other resident by a point within its 堂食半径, or a delivering point within its 送餐半径;
- dementia_care: a care centre with dementia beds (认知障碍床位 > 0) within its 服务半径;
- home_visit: a caregiver within his or her 服务半径.
Residents without coordinates cannot be placed on the map and are left out (counted).

Suggested sites: candidate sites are the live gazetteer village centres. A new site at centre c
covers a demand need of resident r when distance_m(c, r) ≤ the new site's radius (for a meal
point: 送餐半径 for a resident who needs delivery, else the larger of 堂食 and 送餐 radius). The
maximal covering location problem — choose at most k sites maximising the Σ priority weight of the
covered needs — is solved exactly with OR-Tools CP-SAT (through its linear-solver interface, whose
Python layer, unlike `cp_model`'s, does not load pandas) for each k = 1..k_max; the answer says
whether the solver proved the optimum.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from ortools.linear_solver import pywraplp
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.coverage.definitions import DEMENTIA_BEDS, MEAL_COMBINED, PER_10K, PERCENT
from carematch.core.coverage.figures import (
    live_villages,
    meal_reach,
    open_care_centres,
    open_caregivers,
    open_meal_points,
    radius_m,
    villages_reached,
)
from carematch.core.enums import NeedKind
from carematch.core.errors import UserInputError, msg
from carematch.core.geo.distance import SpatialIndex
from carematch.core.models import Resident, Setting, Village

if TYPE_CHECKING:
    from carematch.core.matching import OpenNeed

SOLVER_SECONDS = 60.0

SETTING_KEYS = {
    "meal_dine_in_km": "planning_meal_dine_in_km",
    "meal_delivery_km": "planning_meal_delivery_km",
    "care_km": "planning_care_radius_km",
    "home_visit_km": "planning_home_visit_radius_km",
    "beds_per_care_site": "planning_beds_per_care_site",
}
"""SiteRadii field → Setting key that overrides its default for this station."""


@dataclass(frozen=True)
class SiteRadii:
    """Radii of a suggested new site, in km (defaults below; Setting keys override; arguments override both)."""

    meal_dine_in_km: float = 1.0
    meal_delivery_km: float = 3.0
    care_km: float = 10.0
    home_visit_km: float = 5.0
    beds_per_care_site: int = 10

    @classmethod
    def from_settings(cls, session: Session, **overrides: float | None) -> SiteRadii:
        values: dict[str, Any] = {}
        stored = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
        for field_name, key in SETTING_KEYS.items():
            text = stored.get(key, "").strip()
            if text:
                try:
                    values[field_name] = int(text) if field_name == "beds_per_care_site" else float(text)
                except ValueError:
                    raise UserInputError(
                        msg(
                            "设置 {key} 的值“{value}”不是数字",
                            "Setting {key} is not a number: {value}",
                            key=key,
                            value=text,
                        )
                    ) from None
        values.update({name: value for name, value in overrides.items() if value is not None})
        radii = cls(**values)
        for name in ("meal_dine_in_km", "meal_delivery_km", "care_km", "home_visit_km"):
            if getattr(radii, name) < 0:
                raise UserInputError(msg("半径不能为负数", "A radius cannot be negative"))
        return radii

    def for_kind(self, kind: NeedKind) -> tuple[float, float]:
        """(radius for a need without delivery, radius for a need that requires delivery), km."""
        if kind is NeedKind.MEAL:
            return max(self.meal_dine_in_km, self.meal_delivery_km), self.meal_delivery_km
        radius = self.care_km if kind is NeedKind.DEMENTIA_CARE else self.home_visit_km
        return radius, radius


@dataclass(frozen=True)
class _Demand:
    township: str
    village: str
    lon: float
    lat: float
    delivery: bool
    weight: int


@dataclass(frozen=True)
class UnreachedVillage:
    township: str
    village: str
    needs: int
    weighted: int


@dataclass(frozen=True)
class Site:
    township: str
    village: str
    lon: float
    lat: float
    covers_needs: int
    covers_weight: int


@dataclass(frozen=True)
class FigureEffect:
    """A §7 figure before and after the suggested sites open (for the whole registry and by township)."""

    key: str
    before: float | None
    after: float | None
    by_township: tuple[tuple[str, float | None, float | None], ...]


@dataclass(frozen=True)
class SiteChoice:
    k: int
    sites: tuple[Site, ...]
    covered_needs: int
    covered_weight: int
    optimal: bool
    unreached_weight_after: int
    effect: FigureEffect | None


@dataclass(frozen=True)
class SitePlan:
    kind: NeedKind
    radii: SiteRadii
    demand_needs: int
    demand_weight: int
    unlocated_needs: int
    candidates: int
    unreached_villages: tuple[UnreachedVillage, ...]
    choices: tuple[SiteChoice, ...]
    include_reached: bool = False
    """True when every open need was demand (planning for room), not only those no provider reaches."""

    def demand_label(self, lang: str = "zh") -> str:
        """What the demand is, for headings: "无服务方可及的待匹配需求" or "待匹配需求"."""
        if self.include_reached:
            return "待匹配需求（含范围内已满或缺技能）" if lang == "zh" else "open needs (also those in range but full)"
        return "无服务方可及的待匹配需求" if lang == "zh" else "open needs no provider reaches"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "include_reached": self.include_reached,
            "radius_km": dict(zip(("default", "delivery"), self.radii.for_kind(self.kind), strict=True)),
            "demand_needs": self.demand_needs,
            "demand_weight": self.demand_weight,
            "unlocated_needs": self.unlocated_needs,
            "candidates": self.candidates,
            "unreached_villages": [vars(v) for v in self.unreached_villages],
            "choices": [
                {
                    "k": c.k,
                    "sites": [vars(s) for s in c.sites],
                    "covered_needs": c.covered_needs,
                    "covered_weight": c.covered_weight,
                    "optimal": c.optimal,
                    "unreached_weight_after": c.unreached_weight_after,
                    "effect": None
                    if c.effect is None
                    else {
                        "figure": c.effect.key,
                        "before": c.effect.before,
                        "after": c.effect.after,
                        "by_township": [{"township": t, "before": b, "after": a} for t, b, a in c.effect.by_township],
                    },
                }
                for c in self.choices
            ],
        }


@dataclass(frozen=True)
class CoverSolution:
    chosen: tuple[int, ...]
    value: int
    optimal: bool


def solve_max_cover(
    weights: Sequence[int], covers: Sequence[Sequence[int]], candidates: int, k: int, *, seconds: float = SOLVER_SECONDS
) -> CoverSolution:
    """Maximal covering location: choose ≤ k of `candidates` sites maximising Σ weights[i] of covered demands.

    `covers[i]` lists the sites that cover demand i. Exact (CP-SAT, one worker so the answer is
    the same every run); `optimal` is True when the solver proved it. Among equally good
    choices the one with the fewest sites is returned. Demands with the same cover set are merged
    first, which keeps county-size models small.
    """
    if k < 0:
        raise ValueError("k must be ≥ 0")
    merged: dict[tuple[int, ...], int] = defaultdict(int)
    for weight, sites in zip(weights, covers, strict=True):
        key = tuple(sorted(set(sites)))
        if key and weight > 0:
            merged[key] += weight
    useful = sorted({site for key in merged for site in key})
    if k == 0 or not merged:
        return CoverSolution((), 0, True)
    groups = sorted(merged.items())
    solver = pywraplp.Solver.CreateSolver("CP_SAT")
    open_site = {site: solver.BoolVar(f"x{site}") for site in useful}
    covered = [solver.BoolVar(f"y{number}") for number in range(len(groups))]
    for (key, _weight), is_covered in zip(groups, covered, strict=True):
        solver.Add(sum(open_site[site] for site in key) >= is_covered)  # covered only if one of its sites opens
    solver.Add(sum(open_site.values()) <= k)
    covered_weight = sum(weight * is_covered for (_key, weight), is_covered in zip(groups, covered, strict=True))
    solver.Maximize(covered_weight)
    # One worker, so the answer is the same every run. With the LP relaxation of every constraint the
    # bound is tight and the optimum is proven at once; at the default level one worker searched the
    # demo county's k = 4 for a minute unproven.
    solver.SetSolverSpecificParametersAsString("num_workers:1 linearization_level:2")
    solver.SetTimeLimit(round(seconds * 1000))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no solution (status {status})")
    optimal = status == pywraplp.Solver.OPTIMAL
    if optimal:
        # Second pass, also exact: the same weight with the fewest sites (no site that adds nothing).
        best = round(solver.Objective().Value())
        solver.SetHint(list(open_site.values()), [variable.solution_value() for variable in open_site.values()])
        solver.Add(covered_weight >= best)
        solver.Minimize(sum(open_site.values()))
        status = solver.Solve()
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            raise RuntimeError(f"CP-SAT lost the solution (status {status})")
        optimal = status == pywraplp.Solver.OPTIMAL
    chosen = tuple(site for site in useful if open_site[site].solution_value() > 0.5)
    value = sum(weight for key, weight in groups if any(site in chosen for site in key))
    return CoverSolution(chosen, value, optimal)


def _located_open_needs(
    session: Session, kind: NeedKind, as_of: dt.date, needs: Sequence[OpenNeed] | None
) -> tuple[list[_Demand], int]:
    """The open needs of `kind` with their resident's place; and how many have no coordinates."""
    if needs is None:
        from carematch.core.matching import open_needs

        needs = open_needs(session, as_of=as_of, kinds=[kind])
    wanted = [need for need in needs if need.kind is kind]
    ids = [need.resident_id for need in wanted]
    places: dict[uuid.UUID, tuple[str, str, float | None, float | None, bool]] = {}
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(
                Resident.id, Resident.township, Resident.village, Resident.lon, Resident.lat, Resident.need_delivery
            ).where(Resident.id.in_(ids[start : start + 900]))
        )
        places.update({row[0]: (row[1], row[2], row[3], row[4], bool(row[5])) for row in rows})
    located, unlocated = [], 0
    for need in wanted:
        place = places.get(need.resident_id)
        if place is None:
            unlocated += 1
            continue
        township, village, lon, lat, delivery = place
        if lon is None or lat is None:
            unlocated += 1
            continue
        located.append(_Demand(township, village, lon, lat, kind is NeedKind.MEAL and delivery, need.weight))
    return located, unlocated


def _reached_by_existing(
    session: Session,
    kind: NeedKind,
    lons: np.ndarray[Any, Any],
    lats: np.ndarray[Any, Any],
    delivery: np.ndarray[Any, Any],
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    reached = np.zeros(len(lons), dtype=bool)
    if len(lons) == 0:
        return reached
    index = SpatialIndex(lons, lats)
    circles: list[tuple[float, float, float, bool]] = []  # lon, lat, km, reaches residents needing delivery
    if kind is NeedKind.MEAL:
        dine_in, deliveries = meal_reach(open_meal_points(session))
        circles += [(lon, lat, km, False) for lon, lat, km in dine_in]
        circles += [(lon, lat, km, True) for lon, lat, km in deliveries]
    elif kind is NeedKind.DEMENTIA_CARE:
        circles += [
            (c.lon, c.lat, c.service_radius_km, True)
            for c in open_care_centres(session)
            if c.lon is not None and c.lat is not None and c.dementia_beds > 0
        ]
    else:
        circles += [
            (c.lon, c.lat, c.service_radius_km, True)
            for c in open_caregivers(session)
            if c.lon is not None and c.lat is not None
        ]
    if not circles:
        return reached
    query, point, _ = index.pairs_within(
        [c[0] for c in circles], [c[1] for c in circles], [radius_m(c[2]) for c in circles]
    )
    serves_delivery = np.array([c[3] for c in circles], dtype=bool)
    ok = serves_delivery[query] | ~delivery[point]
    reached[point[ok]] = True
    return reached


def _demand(
    session: Session, kind: NeedKind, as_of: dt.date, needs: Sequence[OpenNeed] | None, include_reached: bool
) -> tuple[list[_Demand], int]:
    located, unlocated = _located_open_needs(session, kind, as_of, needs)
    if include_reached:
        return located, unlocated
    lons = np.array([d.lon for d in located], dtype=np.float64)
    lats = np.array([d.lat for d in located], dtype=np.float64)
    delivery = np.array([d.delivery for d in located], dtype=bool)
    reached = _reached_by_existing(session, kind, lons, lats, delivery)
    return [d for i, d in enumerate(located) if not reached[i]], unlocated


def unreached_villages(demands: Sequence[_Demand]) -> tuple[UnreachedVillage, ...]:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for demand in demands:
        entry = counts[(demand.township, demand.village)]
        entry[0] += 1
        entry[1] += demand.weight
    ranked = sorted(counts.items(), key=lambda item: (-item[1][1], -item[1][0], item[0]))
    return tuple(UnreachedVillage(t, v, n, w) for (t, v), (n, w) in ranked)


@dataclass(frozen=True)
class CoverInstance:
    """The maximal covering problem of one kind: demands (needs with weights) and which candidate sites cover each."""

    kind: NeedKind
    demands: list[_Demand]
    unlocated: int
    villages: list[tuple[str, Village]]
    covers: list[list[int]]
    weights: list[int]


def cover_instance(
    session: Session,
    kind: NeedKind,
    *,
    as_of: dt.date | None = None,
    radii: SiteRadii | None = None,
    include_reached: bool = False,
    needs: Sequence[OpenNeed] | None = None,
) -> CoverInstance:
    """Demands and candidate sites (live village centres) of `kind` with their cover sets (module docstring)."""
    as_of = as_of or dt.date.today()
    radii = radii or SiteRadii.from_settings(session)
    demands, unlocated = _demand(session, kind, as_of, needs, include_reached)
    villages = [(t, v) for t, v in live_villages(session) if v.lon is not None and v.lat is not None]
    site_lons = [float(v.lon or 0.0) for _, v in villages]
    site_lats = [float(v.lat or 0.0) for _, v in villages]
    covers: list[list[int]] = [[] for _ in demands]
    if demands and villages:
        index = SpatialIndex([d.lon for d in demands], [d.lat for d in demands])
        default_km, delivery_km = radii.for_kind(kind)
        needs_delivery = np.array([d.delivery for d in demands], dtype=bool)
        for km, keep in ((default_km, ~needs_delivery), (delivery_km, needs_delivery)):
            site_idx, demand_idx, _ = index.pairs_within(site_lons, site_lats, [radius_m(km)] * len(villages))
            for site, demand in zip(site_idx.tolist(), demand_idx.tolist(), strict=True):
                if keep[demand]:
                    covers[demand].append(site)
    return CoverInstance(kind, demands, unlocated, villages, covers, [d.weight for d in demands])


def suggest_sites(
    session: Session,
    kind: NeedKind | str,
    k_max: int = 5,
    *,
    as_of: dt.date | None = None,
    radii: SiteRadii | None = None,
    include_reached: bool = False,
    needs: Sequence[OpenNeed] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> SitePlan:
    """Villages whose open needs of `kind` no provider reaches, and the best k = 1..k_max new sites.

    With `include_reached`, every open need of the kind is demand, also those a provider reaches
    but cannot take (full, or lacking skills): planning for more room rather than more reach.
    `needs` passes open needs already computed (matching.open_needs) so they are not computed twice.
    """
    kind = NeedKind(kind) if isinstance(kind, str) else kind
    if not 1 <= k_max <= 20:
        raise UserInputError(msg("建议点数应在1到20之间", "The number of suggested sites must be 1–20"))
    cancel = cancel or CancelToken()
    radii = radii or SiteRadii.from_settings(session)
    progress(0, k_max + 1)
    instance = cover_instance(session, kind, as_of=as_of, radii=radii, include_reached=include_reached, needs=needs)
    demands, villages, covers, weights = instance.demands, instance.villages, instance.covers, instance.weights
    demand_weight = sum(weights)
    choices = []
    for k in range(1, k_max + 1):
        cancel.raise_if_cancelled()
        solution = solve_max_cover(weights, covers, len(villages), k)
        progress(k, k_max + 1)
        sites = []
        for site in solution.chosen:
            township, village = villages[site]
            alone = [i for i, c in enumerate(covers) if site in c]
            sites.append(
                Site(
                    township,
                    village.name,
                    float(village.lon or 0.0),
                    float(village.lat or 0.0),
                    len(alone),
                    sum(weights[i] for i in alone),
                )
            )
        covered = [i for i, c in enumerate(covers) if any(s in solution.chosen for s in c)]
        choices.append(
            SiteChoice(
                k=k,
                sites=tuple(sites),
                covered_needs=len(covered),
                covered_weight=solution.value,
                optimal=solution.optimal,
                unreached_weight_after=demand_weight - solution.value,
                effect=_effect(session, kind, radii, sites),
            )
        )
    progress(k_max + 1, k_max + 1)
    return SitePlan(
        kind=kind,
        radii=radii,
        demand_needs=len(demands),
        demand_weight=demand_weight,
        unlocated_needs=instance.unlocated,
        candidates=len(villages),
        unreached_villages=unreached_villages(demands),
        choices=tuple(choices),
        include_reached=include_reached,
    )


def _effect(session: Session, kind: NeedKind, radii: SiteRadii, sites: Sequence[Site]) -> FigureEffect | None:
    """How the matching §7 figure changes when the sites open (meal coverage; dementia beds per 10k)."""
    if kind is NeedKind.MEAL:
        return _meal_effect(session, radii, sites)
    if kind is NeedKind.DEMENTIA_CARE:
        return _beds_effect(session, radii, sites)
    return None


def _ratio(numerator: int, denominator: int, scale: int) -> float | None:
    return None if denominator == 0 else numerator * scale / denominator


def _meal_effect(session: Session, radii: SiteRadii, sites: Sequence[Site]) -> FigureEffect:
    villages = [(t, v) for t, v in live_villages(session) if v.lon is not None and v.lat is not None]
    lons = np.array([v.lon for _, v in villages], dtype=np.float64)
    lats = np.array([v.lat for _, v in villages], dtype=np.float64)
    dine_in, delivery = meal_reach(open_meal_points(session))
    before = villages_reached(lons, lats, dine_in) | villages_reached(lons, lats, delivery)
    new_circles = [(s.lon, s.lat, radii.meal_dine_in_km) for s in sites]
    if radii.meal_delivery_km > 0:
        new_circles += [(s.lon, s.lat, radii.meal_delivery_km) for s in sites]
    after = before | villages_reached(lons, lats, new_circles)
    by_township = []
    names = sorted({t for t, _ in villages})
    for name in names:
        mask = np.array([t == name for t, _ in villages], dtype=bool)
        b, a = (
            _ratio(int(before[mask].sum()), int(mask.sum()), PERCENT),
            _ratio(int(after[mask].sum()), int(mask.sum()), PERCENT),
        )
        if a != b:
            by_township.append((name, b, a))
    return FigureEffect(
        MEAL_COMBINED.key,
        _ratio(int(before.sum()), len(villages), PERCENT),
        _ratio(int(after.sum()), len(villages), PERCENT),
        tuple(by_township),
    )


def _beds_effect(session: Session, radii: SiteRadii, sites: Sequence[Site]) -> FigureEffect:
    elderly: dict[str, int] = defaultdict(int)
    for township, village in live_villages(session):
        elderly[township] += village.elderly_population
    beds: dict[str, int] = defaultdict(int)
    total_beds = 0
    for centre in open_care_centres(session):
        total_beds += centre.dementia_beds
        beds[centre.township] += centre.dementia_beds
    added: dict[str, int] = defaultdict(int)
    for site in sites:
        added[site.township] += radii.beds_per_care_site
    total_elderly = sum(elderly.values())
    by_township = tuple(
        (name, _ratio(beds[name], elderly[name], PER_10K), _ratio(beds[name] + added[name], elderly[name], PER_10K))
        for name in sorted(added)
    )
    return FigureEffect(
        DEMENTIA_BEDS.key,
        _ratio(total_beds, total_elderly, PER_10K),
        _ratio(total_beds + sum(added.values()), total_elderly, PER_10K),
        by_township,
    )
