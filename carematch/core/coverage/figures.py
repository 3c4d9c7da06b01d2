"""The bureau's figures (DESIGN §7) per township and for the whole registry.

Definitions are in `carematch.core.coverage.definitions`; this module only counts. Nothing here
writes to the database except `save_snapshot`, which a use case calls inside its unit of work.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.coverage.definitions import (
    BY_KEY,
    CAREGIVERS,
    DEFINITIONS,
    DEMENTIA_BEDS,
    DOUBLE_CERTIFIED,
    MEAL_COMBINED,
    MEAL_DELIVERY,
    MEAL_DINE_IN,
    REASON_LABELS,
    SENIOR,
    SENIOR_GRADE_AT_MOST,
    FigureDefinition,
)
from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, NeedKind
from carematch.core.errors import Message, msg
from carematch.core.geo.distance import distances_m
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

if TYPE_CHECKING:
    from carematch.core.matching import OpenNeed

WHOLE_REGISTRY = ""
"""The scope name of the whole-registry figures (townships use their own names)."""

MATCHED_STATUSES = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED, AssignmentStatus.ACTIVE)
"""A need counts as matched while it has a live assignment in one of these, a confirmed or active one
not flagged for re-matching (the same rule as matching.open_needs, so matched + open = needs)."""


@dataclass(frozen=True)
class Figure:
    """One figure: numerator × scale / denominator, beside its target and last month's value."""

    key: str
    numerator: int
    denominator: int
    last_month: float | None = None

    @property
    def definition(self) -> FigureDefinition:
        return BY_KEY[self.key]

    @property
    def value(self) -> float | None:
        if self.denominator == 0:
            return None
        return self.numerator * self.definition.scale / self.denominator

    @property
    def meets_target(self) -> bool | None:
        value, low, high = self.value, self.definition.target_low, self.definition.target_high
        if value is None or (low is None and high is None):
            return None
        return (low is None or value >= low) and (high is None or value <= high)

    def to_dict(self) -> dict[str, Any]:
        definition = self.definition
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "unit": "percent" if definition.scale == 100 else "per_10k",
            "target_low": definition.target_low,
            "target_high": definition.target_high,
            "meets_target": self.meets_target,
            "last_month": self.last_month,
        }


@dataclass(frozen=True)
class NeedCounts:
    """Needs of one kind: all, matched (proposed, confirmed or active) and open by reason."""

    total: int = 0
    matched: int = 0
    confirmed: int = 0
    open_by_reason: Mapping[str, int] = field(default_factory=dict)

    @property
    def open(self) -> int:
        return sum(self.open_by_reason.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "matched": self.matched,
            "confirmed_or_active": self.confirmed,
            "open": self.open,
            "open_by_reason": dict(sorted(self.open_by_reason.items())),
        }


@dataclass(frozen=True)
class AreaFigures:
    """The figures of one township, or of the whole registry (scope "")."""

    scope: str
    villages: int
    villages_without_centre: int
    elderly: int
    meal_points: int
    care_centres: int
    dementia_beds: int
    caregivers: int
    residents: int
    figures: Mapping[str, Figure]
    needs: Mapping[NeedKind, NeedCounts]
    residents_by_ability: Mapping[AbilityLevel, int]
    residents_by_assistance: Mapping[Assistance, int]

    @property
    def is_whole_registry(self) -> bool:
        return self.scope == WHOLE_REGISTRY

    def figure(self, key: str) -> Figure:
        return self.figures[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "township": self.scope or None,
            "villages": self.villages,
            "villages_without_centre": self.villages_without_centre,
            "elderly": self.elderly,
            "meal_points": self.meal_points,
            "care_centres": self.care_centres,
            "dementia_beds": self.dementia_beds,
            "caregivers": self.caregivers,
            "residents": self.residents,
            "figures": {key: figure.to_dict() for key, figure in self.figures.items()},
            "needs": {kind.value: counts.to_dict() for kind, counts in self.needs.items()},
            "residents_by_ability": {level.zh: n for level, n in self.residents_by_ability.items()},
            "residents_by_assistance": {category.zh: n for category, n in self.residents_by_assistance.items()},
        }


@dataclass(frozen=True)
class Figures:
    """Everything `coverage.figures` returns: the whole registry first, then each township."""

    as_of: dt.date
    month: str
    previous_month: str
    total: AreaFigures
    townships: tuple[AreaFigures, ...]
    reasons: Mapping[str, Message]

    def township(self, name: str) -> AreaFigures:
        for area in self.townships:
            if area.scope == name:
                return area
        raise KeyError(name)

    def areas(self) -> tuple[AreaFigures, ...]:
        return (self.total, *self.townships)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "month": self.month,
            "previous_month": self.previous_month,
            "definitions": {
                d.key: {"zh": d.zh, "en": d.en, "definition_zh": d.explanation_zh, "definition_en": d.explanation_en}
                for d in DEFINITIONS
            },
            "open_reasons": {
                code: {"zh": m.text("zh"), "en": m.text("en")} for code, m in sorted(self.reasons.items())
            },
            "total": self.total.to_dict(),
            "townships": [area.to_dict() for area in self.townships],
        }


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month_of(day: dt.date) -> str:
    first = day.replace(day=1)
    return month_of(first - dt.timedelta(days=1))


@dataclass
class _Tally:
    villages: int = 0
    villages_without_centre: int = 0
    elderly: int = 0
    dine_in: int = 0
    delivery: int = 0
    combined: int = 0
    meal_points: int = 0
    care_centres: int = 0
    dementia_beds: int = 0
    caregivers: int = 0
    double_certified: int = 0
    senior: int = 0
    residents: int = 0
    needs_total: Counter[NeedKind] = field(default_factory=Counter)
    needs_matched: Counter[NeedKind] = field(default_factory=Counter)
    needs_confirmed: Counter[NeedKind] = field(default_factory=Counter)
    open_by_reason: dict[NeedKind, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_ability: Counter[AbilityLevel] = field(default_factory=Counter)
    by_assistance: Counter[Assistance] = field(default_factory=Counter)


def live_villages(session: Session) -> list[tuple[str, Village]]:
    """(township name, village) for every live village of a live township, in gazetteer order."""
    rows = session.execute(
        select(Township.name, Village)
        .join(Village.township)
        .where(Township.deleted_at.is_(None), Village.deleted_at.is_(None))
        .order_by(Township.name, Village.name)
    ).all()
    return [(name, village) for name, village in rows]


def live_townships(session: Session) -> list[str]:
    return list(session.scalars(select(Township.name).where(Township.deleted_at.is_(None)).order_by(Township.name)))


def open_meal_points(session: Session) -> list[MealPoint]:
    return list(session.scalars(select(MealPoint).where(MealPoint.deleted_at.is_(None), MealPoint.closed.is_(False))))


def open_care_centres(session: Session) -> list[CareCentre]:
    return list(
        session.scalars(select(CareCentre).where(CareCentre.deleted_at.is_(None), CareCentre.closed.is_(False)))
    )


def open_caregivers(session: Session) -> list[Caregiver]:
    return list(session.scalars(select(Caregiver).where(Caregiver.deleted_at.is_(None), Caregiver.closed.is_(False))))


def radius_m(radius_km: float) -> float:
    """km → m for the inclusive radius test; rounded to the millimetre so 1.1 km is 1100 m, not 1100.0000000000002."""
    return round(radius_km * 1000.0, 3)


def villages_reached(
    village_lons: np.ndarray[Any, np.dtype[np.float64]],
    village_lats: np.ndarray[Any, np.dtype[np.float64]],
    points: Iterable[tuple[float, float, float]],
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which village centres lie within at least one (lon, lat, radius_km) circle, inclusive."""
    reached = np.zeros(len(village_lons), dtype=bool)
    if len(village_lons) == 0:
        return reached
    for lon, lat, km in points:
        reached |= distances_m(lon, lat, village_lons, village_lats) <= radius_m(km)
    return reached


def meal_reach(
    points: Iterable[MealPoint],
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """(dine-in circles, delivery circles) of the located meal points; delivery only for points that deliver."""
    dine_in, delivery = [], []
    for point in points:
        if point.lon is None or point.lat is None:
            continue
        dine_in.append((point.lon, point.lat, point.dine_in_radius_km))
        if point.delivers:
            delivery.append((point.lon, point.lat, point.delivery_radius_km))
    return dine_in, delivery


def _count_villages(session: Session, tallies: dict[str, _Tally]) -> None:
    villages = live_villages(session)
    dine_in_circles, delivery_circles = meal_reach(open_meal_points(session))
    located = [(name, v) for name, v in villages if v.lon is not None and v.lat is not None]
    lons = np.array([v.lon for _, v in located], dtype=np.float64)
    lats = np.array([v.lat for _, v in located], dtype=np.float64)
    by_dine_in = villages_reached(lons, lats, dine_in_circles)
    by_delivery = villages_reached(lons, lats, delivery_circles)
    for name, village in villages:
        for scope in (WHOLE_REGISTRY, name):
            tallies[scope].elderly += village.elderly_population
            if village.lon is None or village.lat is None:
                tallies[scope].villages_without_centre += 1
    for index, (name, _village) in enumerate(located):
        for scope in (WHOLE_REGISTRY, name):
            tally = tallies[scope]
            tally.villages += 1
            tally.dine_in += int(by_dine_in[index])
            tally.delivery += int(by_delivery[index])
            tally.combined += int(by_dine_in[index] or by_delivery[index])


def _scopes(township: str, tallies: dict[str, _Tally]) -> tuple[str, ...]:
    return (WHOLE_REGISTRY, township) if township in tallies and township != WHOLE_REGISTRY else (WHOLE_REGISTRY,)


def _count_providers(session: Session, tallies: dict[str, _Tally]) -> None:
    for point in open_meal_points(session):
        for scope in _scopes(point.township, tallies):
            tallies[scope].meal_points += 1
    for centre in open_care_centres(session):
        for scope in _scopes(centre.township, tallies):
            tallies[scope].care_centres += 1
            tallies[scope].dementia_beds += centre.dementia_beds
    for caregiver in open_caregivers(session):
        for scope in _scopes(caregiver.township, tallies):
            tally = tallies[scope]
            tally.caregivers += 1
            tally.double_certified += int(caregiver.double_certified)
            tally.senior += int(caregiver.cert_level.grade <= SENIOR_GRADE_AT_MOST)


def _count_residents(
    session: Session, tallies: dict[str, _Tally], as_of: dt.date, needs: Sequence[OpenNeed] | None
) -> dict[str, Message]:
    if needs is None:
        from carematch.core.matching import open_needs

        needs = open_needs(session, as_of=as_of)

    matched: dict[tuple[uuid.UUID, NeedKind], AssignmentStatus] = {}
    for resident_id, kind, status, flagged in session.execute(
        select(Assignment.resident_id, Assignment.kind, Assignment.status, Assignment.needs_rematch).where(
            Assignment.deleted_at.is_(None), Assignment.status.in_(MATCHED_STATUSES)
        )
    ):
        if status is not AssignmentStatus.PROPOSED and flagged:
            continue  # flagged for re-matching: open again until a new proposal (as open_needs counts it)
        if matched.get((resident_id, kind)) in (AssignmentStatus.CONFIRMED, AssignmentStatus.ACTIVE):
            continue
        matched[(resident_id, kind)] = status
    township_of: dict[uuid.UUID, str] = {}
    rows = session.execute(
        select(
            Resident.id,
            Resident.township,
            Resident.ability,
            Resident.assistance,
            Resident.need_meal,
            Resident.need_delivery,
            Resident.need_dementia_care,
            Resident.need_home_visit,
        ).where(Resident.deleted_at.is_(None))
    )
    for resident_id, township, ability, assistance, meal, delivery, dementia, home in rows:
        township_of[resident_id] = township
        kinds = [
            kind
            for kind, wanted in (
                (NeedKind.MEAL, meal or delivery),
                (NeedKind.DEMENTIA_CARE, dementia),
                (NeedKind.HOME_VISIT, home),
            )
            if wanted
        ]
        for scope in _scopes(township, tallies):
            tally = tallies[scope]
            tally.residents += 1
            tally.by_ability[ability] += 1
            tally.by_assistance[assistance] += 1
            for kind in kinds:
                tally.needs_total[kind] += 1
                held = matched.get((resident_id, kind))
                if held is not None:
                    tally.needs_matched[kind] += 1
                    tally.needs_confirmed[kind] += int(held is not AssignmentStatus.PROPOSED)
    reasons: dict[str, Message] = {}
    for need in needs:
        if need.reason_code not in reasons:
            label = REASON_LABELS.get(need.reason_code)
            reasons[need.reason_code] = msg(*label) if label else need.reason
        township = township_of.get(need.resident_id, need.township)
        for scope in _scopes(township, tallies):
            tallies[scope].open_by_reason[need.kind][need.reason_code] += 1
    return reasons


def _previous_values(session: Session, month: str) -> dict[tuple[str, str], float | None]:
    return {
        (row.scope, row.figure): row.value
        for row in session.scalars(select(CoverageSnapshot).where(CoverageSnapshot.month == month))
    }


def _area(scope: str, tally: _Tally, previous: Mapping[tuple[str, str], float | None]) -> AreaFigures:
    ratios = {
        MEAL_COMBINED.key: (tally.combined, tally.villages),
        MEAL_DINE_IN.key: (tally.dine_in, tally.villages),
        MEAL_DELIVERY.key: (tally.delivery, tally.villages),
        DEMENTIA_BEDS.key: (tally.dementia_beds, tally.elderly),
        CAREGIVERS.key: (tally.caregivers, tally.elderly),
        DOUBLE_CERTIFIED.key: (tally.double_certified, tally.caregivers),
        SENIOR.key: (tally.senior, tally.caregivers),
    }
    figures = {
        d.key: Figure(d.key, ratios[d.key][0], ratios[d.key][1], previous.get((scope, d.key))) for d in DEFINITIONS
    }
    needs = {
        kind: NeedCounts(
            total=tally.needs_total[kind],
            matched=tally.needs_matched[kind],
            confirmed=tally.needs_confirmed[kind],
            open_by_reason=dict(tally.open_by_reason[kind]),
        )
        for kind in NeedKind
    }
    return AreaFigures(
        scope=scope,
        villages=tally.villages,
        villages_without_centre=tally.villages_without_centre,
        elderly=tally.elderly,
        meal_points=tally.meal_points,
        care_centres=tally.care_centres,
        dementia_beds=tally.dementia_beds,
        caregivers=tally.caregivers,
        residents=tally.residents,
        figures=figures,
        needs=needs,
        residents_by_ability={level: tally.by_ability[level] for level in AbilityLevel},
        residents_by_assistance={category: tally.by_assistance[category] for category in Assistance},
    )


def figures(session: Session, as_of: dt.date | None = None, *, needs: Sequence[OpenNeed] | None = None) -> Figures:
    """The §7 figures per township and for the whole registry, as the registry stands now.

    `as_of` is the day of reckoning: it fixes the month (and so which month is "last month") and
    the ages behind the priority weights of open needs. It does not rewind the registry.
    `needs` passes matching.open_needs(session, as_of) when the caller has it already.
    """
    as_of = as_of or dt.date.today()
    tallies: dict[str, _Tally] = {WHOLE_REGISTRY: _Tally()}
    for name in live_townships(session):
        tallies.setdefault(name, _Tally())
    _count_villages(session, tallies)
    _count_providers(session, tallies)
    reasons = _count_residents(session, tallies, as_of, needs)
    previous_month = previous_month_of(as_of)
    previous = _previous_values(session, previous_month)
    areas = {scope: _area(scope, tally, previous) for scope, tally in tallies.items()}
    return Figures(
        as_of=as_of,
        month=month_of(as_of),
        previous_month=previous_month,
        total=areas.pop(WHOLE_REGISTRY),
        townships=tuple(areas[name] for name in sorted(areas)),
        reasons=reasons,
    )


def save_snapshot(session: Session, computed: Figures, today: dt.date | None = None) -> bool:
    """Keep this month's figures so next month can show them as "last month". Never commits.

    Only figures of the current month are kept (figures reckoned as of an earlier day describe
    today's registry, not that month's); a later call in the same month replaces the earlier one.
    Returns whether a snapshot was written.
    """
    today = today or dt.date.today()
    if computed.month != month_of(today):
        return False
    taken_at = utcnow()
    for area in computed.areas():
        for key, figure in area.figures.items():
            session.merge(
                CoverageSnapshot(
                    month=computed.month, scope=area.scope, figure=key, value=figure.value, taken_at=taken_at
                )
            )
    return True
