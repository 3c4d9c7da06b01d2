"""Needs and providers of one kind as arrays, and every eligible (need, provider) pair (DESIGN §4).

Candidates come from the spatial index: each provider with its own radius against the index of
the residents, every one in range (never the k nearest: a k cut loses feasible matches when
capacity is tight). The rules are applied to whole arrays of pairs with numpy, so the county's
1.5 M pairs cost no Python loop.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, String, func, select, type_coerce
from sqlalchemy.orm import Session

from carematch.core.assignments import PROVIDER_MODEL, Provider, capacity, provider_column
from carematch.core.enums import (
    DEMENTIA_SKILL,
    HOLDING_STATUSES,
    SKILLS,
    WEEKDAYS,
    AbilityLevel,
    AssignmentStatus,
    Assistance,
    LabelledEnum,
    Living,
    NeedKind,
)
from carematch.core.errors import Message, msg
from carematch.core.geo.distance import SpatialIndex
from carematch.core.matching.priority import weight_of
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
E = TypeVar("E", bound=LabelledEnum)

# Reason codes of a need left open; the clerk reads the Message that goes with each.
NO_LOCATION = "no_location"
NO_PROVIDER_IN_RANGE = "no_provider_in_range"
NO_SKILLED_PROVIDER = "no_skilled_provider"
TOO_FEW_DAYS = "too_few_days"
PROVIDERS_FULL = "providers_full"
NOT_MATCHED_YET = "not_matched_yet"
REASON_CODES = (NO_LOCATION, NO_PROVIDER_IN_RANGE, NO_SKILLED_PROVIDER, TOO_FEW_DAYS, PROVIDERS_FULL, NOT_MATCHED_YET)

PROVIDER_WORD = {
    NeedKind.MEAL: ("助餐点", "meal point"),
    NeedKind.DEMENTIA_CARE: ("有认知障碍床位的照护机构", "care centre with dementia beds"),
    NeedKind.HOME_VISIT: ("护理员", "caregiver"),
}


def radius_m(km: float | None) -> float:
    """A radius in metres; rounded to the millimetre so 2.3 km is 2300 m, not 2299.9999999999995."""
    return round(float(km or 0.0) * 1000.0, 3)


def needs_filter(kind: NeedKind) -> ColumnElement[bool]:
    if kind is NeedKind.MEAL:
        return Resident.need_meal.is_(True) | Resident.need_delivery.is_(True)
    if kind is NeedKind.DEMENTIA_CARE:
        return Resident.need_dementia_care.is_(True)
    return Resident.need_home_visit.is_(True)


def skill_bits(skills: list[str] | tuple[str, ...] | set[str], catalogue: dict[str, int]) -> int:
    bits = 0
    for skill in skills:
        if skill not in catalogue:
            catalogue[skill] = len(catalogue)
        bits |= 1 << catalogue[skill]
    return bits


def required_skills(visit_skills: list[str] | None, dementia: bool) -> list[str]:
    """The resident's 上门服务项目, plus 认知照护 when the resident has 认知障碍 (DESIGN §4)."""
    wanted = set(visit_skills or [])
    if dementia:
        wanted.add(DEMENTIA_SKILL)
    # In the standard's order, so the same set always reads the same way.
    return sorted(wanted, key=lambda skill: (SKILLS.index(skill) if skill in SKILLS else len(SKILLS), skill))


def day_count(days: list[str] | None) -> int:
    return len({d for d in days or [] if d in WEEKDAYS})


@dataclass
class NeedTable:
    """The needs of one kind taken into a batch, sorted by 身份证号 (the stable order for ties)."""

    kind: NeedKind
    resident_ids: list[uuid.UUID]
    citizen_ids: list[str]
    names: list[str]
    townships: list[str]
    villages: list[str]
    lon: FloatArray
    lat: FloatArray
    located: BoolArray
    weight: IntArray
    delivery: BoolArray
    skills_mask: IntArray
    skills: list[list[str]]
    visits_per_week: IntArray

    def __len__(self) -> int:
        return len(self.resident_ids)


@dataclass
class ProviderTable:
    """The open providers of one kind, sorted by 编号, with the room they have left."""

    kind: NeedKind
    providers: list[Provider]
    lon: FloatArray
    lat: FloatArray
    query_radius_m: FloatArray
    room: IntArray
    dine_in_m: FloatArray
    delivery_m: FloatArray
    delivers: BoolArray
    skills_mask: IntArray
    days: IntArray

    def __len__(self) -> int:
        return len(self.providers)


@dataclass
class Candidates:
    """Pairs (need index, provider index, distance) sorted by need, distance, provider; and per need counts."""

    need: IntArray
    provider: IntArray
    distance: IntArray
    in_range: IntArray
    skilled: IntArray
    enough_days: IntArray
    eligible: IntArray
    with_room: IntArray
    catalogue: dict[str, int] = field(default_factory=dict)


def held_by_provider(session: Session, kind: NeedKind) -> dict[uuid.UUID, int]:
    column = provider_column(kind)
    rows = session.execute(
        select(column, func.count())
        .where(Assignment.kind == kind, Assignment.status.in_(HOLDING_STATUSES), Assignment.deleted_at.is_(None))
        .group_by(column)
    ).all()
    return {provider_id: int(n) for provider_id, n in rows if provider_id is not None}


def answered_residents(session: Session, kind: NeedKind, *, with_proposals: bool) -> set[uuid.UUID]:
    """Residents whose need of this kind is answered: confirmed/active (not flagged for re-matching), or proposed."""
    held = (Assignment.status.in_(HOLDING_STATUSES)) & Assignment.needs_rematch.is_(False)
    condition = held | (Assignment.status == AssignmentStatus.PROPOSED) if with_proposals else held
    rows = session.scalars(
        select(Assignment.resident_id).where(Assignment.kind == kind, Assignment.deleted_at.is_(None), condition)
    )
    return set(rows)


def _raw(column: Any) -> Any:
    """The column's stored text, skipping the enum decoding (50,000 rows: seconds saved)."""
    return type_coerce(column, String)


def _decoder(enum_cls: type[E]) -> dict[str | None, E | None]:
    table: dict[str | None, E | None] = {str(member.value): member for member in enum_cls}
    table[None] = None
    return table


NeedRows = list[Any]


def fetch_need_rows(session: Session, kinds: tuple[NeedKind, ...]) -> NeedRows:
    """Residents (not deleted) with a need of any of the kinds, in 身份证号 order: one scan for all kinds."""
    if not kinds:
        return []
    condition = needs_filter(kinds[0])
    for kind in kinds[1:]:
        condition = condition | needs_filter(kind)
    return list(
        session.execute(
            select(
                Resident.id,
                Resident.citizen_id,
                Resident.name,
                Resident.township,
                Resident.village,
                Resident.lon,
                Resident.lat,
                _raw(Resident.assistance),
                _raw(Resident.ability),
                _raw(Resident.living),
                Resident.birth_date,
                Resident.need_delivery,
                Resident.visits_per_week,
                Resident.visit_skills,
                Resident.dementia,
                Resident.need_meal,
                Resident.need_dementia_care,
                Resident.need_home_visit,
            )
            .where(Resident.deleted_at.is_(None), condition)
            .order_by(Resident.citizen_id)
        ).all()
    )


def _has_need(row: Any, kind: NeedKind) -> bool:
    if kind is NeedKind.MEAL:
        return bool(row[15] or row[11])
    if kind is NeedKind.DEMENTIA_CARE:
        return bool(row[16])
    return bool(row[17])


def load_needs(
    session: Session,
    kind: NeedKind,
    as_of: dt.date,
    *,
    exclude: set[uuid.UUID],
    catalogue: dict[str, int],
    rows: NeedRows | None = None,
) -> NeedTable:
    """The kind's needs not in `exclude`, from `rows` (fetch_need_rows) or read now."""
    home = kind is NeedKind.HOME_VISIT
    if rows is None:
        rows = fetch_need_rows(session, (kind,))
    rows = [row for row in rows if _has_need(row, kind) and row[0] not in exclude]
    count = len(rows)
    assistance, ability, living = _decoder(Assistance), _decoder(AbilityLevel), _decoder(Living)
    lon = np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=np.float64)
    lat = np.array([np.nan if r[6] is None else r[6] for r in rows], dtype=np.float64)
    wanted = [required_skills(r[13], bool(r[14])) for r in rows] if home else [[] for _ in rows]
    return NeedTable(
        kind=kind,
        resident_ids=[r[0] for r in rows],
        citizen_ids=[r[1] for r in rows],
        names=[r[2] for r in rows],
        townships=[r[3] or "" for r in rows],
        villages=[r[4] or "" for r in rows],
        lon=lon,
        lat=lat,
        located=~(np.isnan(lon) | np.isnan(lat)),
        weight=np.fromiter(
            (weight_of(assistance[r[7]], ability[r[8]], living[r[9]], r[10], as_of) for r in rows), np.int64, count
        ),
        delivery=np.fromiter((bool(r[11]) for r in rows), np.bool_, count),
        skills_mask=np.fromiter((skill_bits(w, catalogue) for w in wanted), np.int64, count),
        skills=wanted,
        visits_per_week=np.fromiter((int(r[12] or 1) for r in rows), np.int64, count),
    )


def open_providers(session: Session, kind: NeedKind) -> list[Provider]:
    """Providers of the kind that can take people: not closed, not deleted, with a location; sorted by 编号."""
    model = PROVIDER_MODEL[kind]
    query = select(model).where(
        model.deleted_at.is_(None), model.closed.is_(False), model.lon.is_not(None), model.lat.is_not(None)
    )
    if model is CareCentre:
        query = query.where(CareCentre.dementia_beds > 0)
    return list(session.scalars(query.order_by(model.code, model.id)))


def proposed_by_provider(session: Session, kind: NeedKind) -> dict[uuid.UUID, int]:
    column = provider_column(kind)
    rows = session.execute(
        select(column, func.count())
        .where(
            Assignment.kind == kind,
            Assignment.status == AssignmentStatus.PROPOSED,
            Assignment.deleted_at.is_(None),
        )
        .group_by(column)
    ).all()
    return {provider_id: int(n) for provider_id, n in rows if provider_id is not None}


def load_providers(
    session: Session, kind: NeedKind, catalogue: dict[str, int], *, count_proposals: bool = False
) -> ProviderTable:
    """The open providers with their room; `count_proposals` also subtracts the places proposals would take."""
    providers = open_providers(session, kind)
    held = held_by_provider(session, kind)
    if count_proposals:
        for provider_id, n in proposed_by_provider(session, kind).items():
            held[provider_id] = held.get(provider_id, 0) + n
    count = len(providers)
    dine_in = np.zeros(count)
    delivery = np.zeros(count)
    delivers = np.zeros(count, dtype=np.bool_)
    skills = np.zeros(count, dtype=np.int64)
    days = np.zeros(count, dtype=np.int64)
    radius = np.zeros(count)
    for i, provider in enumerate(providers):
        if isinstance(provider, MealPoint):
            dine_in[i] = radius_m(provider.dine_in_radius_km)
            delivers[i] = bool(provider.delivers)
            delivery[i] = radius_m(provider.delivery_radius_km) if provider.delivers else 0.0
            radius[i] = max(dine_in[i], delivery[i])
        elif isinstance(provider, Caregiver):
            radius[i] = radius_m(provider.service_radius_km)
            skills[i] = skill_bits(provider.skills or [], catalogue)
            days[i] = day_count(provider.available_days)
        else:
            radius[i] = radius_m(provider.service_radius_km)
    return ProviderTable(
        kind=kind,
        providers=providers,
        lon=np.array([p.lon for p in providers], dtype=np.float64),
        lat=np.array([p.lat for p in providers], dtype=np.float64),
        query_radius_m=radius,
        room=np.array([max(0, capacity(p) - held.get(p.id, 0)) for p in providers], dtype=np.int64),
        dine_in_m=dine_in,
        delivery_m=delivery,
        delivers=delivers,
        skills_mask=skills,
        days=days,
    )


def find_candidates(needs: NeedTable, providers: ProviderTable, catalogue: dict[str, int]) -> Candidates:
    located = np.flatnonzero(needs.located)
    index = SpatialIndex(needs.lon[located], needs.lat[located])
    prov, local, dist = index.pairs_within(providers.lon, providers.lat, providers.query_radius_m)
    need = located[local]
    kind = needs.kind
    skilled = np.ones(len(need), dtype=np.bool_)
    enough_days = np.ones(len(need), dtype=np.bool_)
    if kind is NeedKind.MEAL:
        by_delivery = providers.delivers[prov] & (dist <= providers.delivery_m[prov])
        in_range = np.where(needs.delivery[need], by_delivery, (dist <= providers.dine_in_m[prov]) | by_delivery)
    else:
        in_range = np.ones(len(need), dtype=np.bool_)
    if kind is NeedKind.HOME_VISIT:
        skilled = (needs.skills_mask[need] & ~providers.skills_mask[prov]) == 0
        enough_days = providers.days[prov] >= needs.visits_per_week[need]
    eligible = in_range & skilled & enough_days
    with_room = eligible & (providers.room[prov] > 0)

    def per_need(mask: BoolArray) -> IntArray:
        counts: IntArray = np.bincount(need[mask], minlength=len(needs)).astype(np.int64)
        return counts

    counts = (
        per_need(in_range),
        per_need(in_range & skilled),
        per_need(eligible),
        per_need(eligible),
        per_need(with_room),
    )
    keep = np.flatnonzero(with_room)
    order = keep[np.lexsort((prov[keep], dist[keep], need[keep]))]
    return Candidates(
        need=need[order],
        provider=prov[order],
        distance=dist[order],
        in_range=counts[0],
        skilled=counts[1],
        enough_days=counts[2],
        eligible=counts[3],
        with_room=counts[4],
        catalogue=catalogue,
    )


def reason_code(needs: NeedTable, candidates: Candidates, i: int) -> str:
    """Why need i has no provider, before any optimisation: the first rule that fails."""
    if not needs.located[i]:
        return NO_LOCATION
    if candidates.in_range[i] == 0:
        return NO_PROVIDER_IN_RANGE
    if candidates.skilled[i] == 0:
        return NO_SKILLED_PROVIDER
    if candidates.enough_days[i] == 0:
        return TOO_FEW_DAYS
    if candidates.with_room[i] == 0:
        return PROVIDERS_FULL
    return NOT_MATCHED_YET


def reason_message(code: str, kind: NeedKind, *, skills: list[str] | None = None, visits: int | None = None) -> Message:
    """The clerk's words for a reason code; without skills/visits the wording fits a group of people."""
    word_zh, word_en = PROVIDER_WORD[kind]
    if code == NO_LOCATION:
        return msg(
            "没有位置：缺少经纬度，也没能按村(社区)定位",
            "No location: no coordinates and the village could not be placed",
        )
    if code == NO_PROVIDER_IN_RANGE:
        if kind is NeedKind.MEAL:
            return msg(
                "服务范围内没有助餐点（堂食或送餐半径都够不到）",
                "No meal point in range (neither dine-in nor delivery radius reaches)",
            )
        return msg("服务范围内没有{word}", "No {word_en} in range", word=word_zh, word_en=word_en)
    if code == NO_SKILLED_PROVIDER:
        if not skills:
            return msg("范围内没有具备所需技能的护理员", "No caregiver in range has the skills needed")
        listed = "、".join(skills)
        return msg(
            "范围内没有具备所需技能（{skills}）的护理员",
            "No caregiver in range has the skills needed ({skills_en})",
            skills=listed,
            skills_en=", ".join(skills),
        )
    if code == TOO_FEW_DAYS:
        if visits is None:
            return msg(
                "范围内有技能的护理员可服务日都不够每周上门次数",
                "Caregivers in range with the skills have too few service days for the visits a week",
            )
        return msg(
            "范围内有技能的护理员可服务日都少于每周{visits}次",
            "Caregivers in range with the skills have fewer service days than {visits} visits a week",
            visits=visits,
        )
    if code == PROVIDERS_FULL:
        return msg("范围内的{word}都已满", "Every {word_en} in range is full", word=word_zh, word_en=word_en)
    return msg("尚未匹配（范围内有空位）", "Not matched yet (a provider in range has room)")
