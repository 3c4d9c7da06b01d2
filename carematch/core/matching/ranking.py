"""One resident's providers, nearest first, each with why it is or is not eligible (the workbench's list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.assignments import PROVIDER_MODEL, Provider, capacity, combined_error_m
from carematch.core.enums import NeedKind
from carematch.core.errors import Message, msg
from carematch.core.geo.distance import distances_m
from carematch.core.matching.candidates import day_count, held_by_provider, radius_m, required_skills
from carematch.core.models import CareCentre, Caregiver, MealPoint, Resident


@dataclass(frozen=True)
class ProviderOption:
    provider: Provider
    distance_m: int | None
    error_m: int | None
    room_left: int
    eligible: bool
    reasons: list[Message] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    delivery: bool = False

    @property
    def code(self) -> str:
        return self.provider.code

    @property
    def name(self) -> str:
        return self.provider.name


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f}".rstrip("0").rstrip(".")


def _range_reasons(resident: Resident, provider: Provider, d: int) -> tuple[list[Message], bool]:
    """Reasons the provider is out of range for this resident (empty when in range), and whether meals are delivered."""
    if isinstance(provider, MealPoint):
        dine_in = radius_m(provider.dine_in_radius_km)
        delivery = radius_m(provider.delivery_radius_km) if provider.delivers else 0.0
        delivers_here = provider.delivers and d <= delivery
        if resident.need_delivery:
            if not provider.delivers:
                return [msg("不送餐", "Does not deliver")], True
            if not delivers_here:
                return [
                    msg(
                        "超出送餐半径 {r} 公里",
                        "Beyond the delivery radius of {r} km",
                        r=_km(delivery),
                    )
                ], True
            return [], True
        if d <= dine_in:
            return [], False
        if delivers_here:
            return [], True
        if provider.delivers:
            return [
                msg(
                    "超出堂食半径 {dine} 公里和送餐半径 {deliver} 公里",
                    "Beyond the dine-in radius of {dine} km and the delivery radius of {deliver} km",
                    dine=_km(dine_in),
                    deliver=_km(delivery),
                )
            ], False
        return [
            msg("超出堂食半径 {r} 公里（不送餐）", "Beyond the dine-in radius of {r} km (no delivery)", r=_km(dine_in))
        ], False
    limit = radius_m(provider.service_radius_km)
    if d > limit:
        return [msg("超出服务半径 {r} 公里", "Beyond the service radius of {r} km", r=_km(limit))], False
    return [], False


def rank_providers(
    session: Session, resident: Resident, kind: NeedKind, as_of: dt.date | None = None
) -> list[ProviderOption]:
    """Every open provider of the kind, nearest first (ties by 编号), with distance, its error, room and reasons.

    `as_of` is accepted for symmetry with the batch (eligibility itself does not depend on age).
    """
    model = PROVIDER_MODEL[kind]
    session.flush()
    providers: list[Provider] = list(
        session.scalars(
            select(model).where(model.deleted_at.is_(None), model.closed.is_(False)).order_by(model.code, model.id)
        )
    )
    held = held_by_provider(session, kind)
    located = resident.lon is not None and resident.lat is not None
    placed = [p for p in providers if p.lon is not None and p.lat is not None]
    distances: dict[object, int] = {}
    if located and placed:
        assert resident.lon is not None and resident.lat is not None
        found = distances_m(
            resident.lon, resident.lat, [float(p.lon or 0.0) for p in placed], [float(p.lat or 0.0) for p in placed]
        ).tolist()
        distances = {p.id: int(d) for p, d in zip(placed, found, strict=True)}
    wanted = required_skills(resident.visit_skills, resident.dementia) if kind is NeedKind.HOME_VISIT else []
    options = []
    for provider in providers:
        d = distances.get(provider.id)
        reasons: list[Message] = []
        delivery = False
        if d is None:
            reasons.append(
                msg("老年人没有位置", "The resident has no location")
                if not located
                else msg("机构没有位置", "The provider has no location")
            )
        else:
            range_reasons, delivery = _range_reasons(resident, provider, d)
            reasons.extend(range_reasons)
        room = max(0, capacity(provider) - held.get(provider.id, 0))
        skills: list[str] = []
        if isinstance(provider, CareCentre) and provider.dementia_beds <= 0:
            reasons.append(msg("没有认知障碍床位", "Has no dementia-care beds"))
        elif room <= 0:
            reasons.append(msg("已满", "Full"))
        if isinstance(provider, Caregiver):
            skills = list(provider.skills or [])
            missing = [s for s in wanted if s not in skills]
            if missing:
                reasons.append(
                    msg(
                        "缺少技能：{skills}",
                        "Missing skills: {skills_en}",
                        skills="、".join(missing),
                        skills_en=", ".join(missing),
                    )
                )
            days = day_count(provider.available_days)
            if days < resident.visits_per_week:
                reasons.append(
                    msg(
                        "可服务日只有{days}天，少于每周{visits}次",
                        "Only {days} service days, fewer than {visits} visits a week",
                        days=days,
                        visits=resident.visits_per_week,
                    )
                )
        options.append(
            ProviderOption(
                provider=provider,
                distance_m=d,
                error_m=combined_error_m(resident.coord_error_m, provider.coord_error_m) if d is not None else None,
                room_left=room,
                eligible=not reasons,
                reasons=reasons,
                skills=skills,
                delivery=delivery,
            )
        )
    options.sort(key=lambda o: (o.distance_m is None, o.distance_m or 0, o.provider.code))
    return options
