"""The assignment (派单) lifecycle: proposed → confirmed → active → ended, or cancelled.

Services take a Session and never commit. Room is held by confirmed and active assignments only
(DESIGN §4), so every transition that enters or leaves those statuses changes a provider's room.
When a provider's capacity drops or it closes, the assignments beyond its room are flagged for
re-matching (`needs_rematch`), never dropped: the people keep their service until a clerk moves them.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from carematch.core.enums import HOLDING_STATUSES, AssignmentStatus, NeedKind
from carematch.core.errors import Message, UserInputError, msg
from carematch.core.geo.distance import distance_m as great_circle_m
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, utcnow

Provider = MealPoint | CareCentre | Caregiver

PROVIDER_MODEL: dict[NeedKind, type[MealPoint] | type[CareCentre] | type[Caregiver]] = {
    NeedKind.MEAL: MealPoint,
    NeedKind.DEMENTIA_CARE: CareCentre,
    NeedKind.HOME_VISIT: Caregiver,
}

OPEN_STATUSES = (AssignmentStatus.PROPOSED, *HOLDING_STATUSES)
"""Statuses that answer a need (a proposal waits for a clerk; the others hold room)."""


def provider_column(kind: NeedKind) -> InstrumentedAttribute[uuid.UUID | None]:
    """The Assignment column that names the provider of this kind of need."""
    if kind is NeedKind.MEAL:
        return Assignment.meal_point_id
    if kind is NeedKind.DEMENTIA_CARE:
        return Assignment.care_centre_id
    return Assignment.caregiver_id


def kind_of_provider(provider: Provider) -> NeedKind:
    if isinstance(provider, MealPoint):
        return NeedKind.MEAL
    if isinstance(provider, CareCentre):
        return NeedKind.DEMENTIA_CARE
    return NeedKind.HOME_VISIT


def capacity(provider: Provider) -> int:
    """The places a provider offers this registry, before its own confirmed/active assignments.

    A closed or deleted provider offers none.
    """
    if provider.closed or provider.is_deleted:
        return 0
    if isinstance(provider, MealPoint):
        return max(0, provider.daily_capacity)
    if isinstance(provider, CareCentre):
        return max(0, provider.dementia_beds - provider.dementia_beds_occupied)
    return max(0, provider.max_clients)


def held_count(session: Session, provider: Provider, kind: NeedKind | None = None) -> int:
    """Confirmed and active assignments of this provider (the room they take)."""
    kind = kind or kind_of_provider(provider)
    session.flush()
    count = session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(
            provider_column(kind) == provider.id,
            Assignment.kind == kind,
            Assignment.status.in_(HOLDING_STATUSES),
            Assignment.deleted_at.is_(None),
        )
    )
    return int(count or 0)


def room_left(session: Session, provider: Provider, kind: NeedKind | None = None) -> int:
    """Places still free: capacity minus confirmed/active holders (0 when full, closed or deleted).

    For a care centre the capacity is its dementia beds less those taken by people outside the
    registry (认知障碍床位 − 已占用); for a meal point the daily meals; for a caregiver the clients.
    """
    kind = kind or kind_of_provider(provider)
    if kind is not kind_of_provider(provider):
        raise UserInputError(_wrong_kind(kind, provider))
    return max(0, capacity(provider) - held_count(session, provider, kind))


def _wrong_kind(kind: NeedKind, provider: Provider) -> Message:
    return msg(
        "{provider}不提供{kind}服务",
        "{provider} does not provide {kind_en}",
        provider=provider.name,
        kind=kind.zh,
        kind_en=kind.en.lower(),
    )


def _status_error(assignment: Assignment, action_zh: str, action_en: str) -> UserInputError:
    return UserInputError(
        msg(
            "这条派单目前是“{status}”，不能{action}",
            "This assignment is {status_en}; it cannot be {action_en}",
            status=assignment.status.zh,
            status_en=assignment.status.en.lower(),
            action=action_zh,
            action_en=action_en,
        )
    )


def _stamp(assignment: Assignment, actor: str) -> dt.datetime:
    assignment.changed_by = actor
    return utcnow()


def _provider_id_values(kind: NeedKind, provider: Provider) -> dict[str, Any]:
    return {
        "meal_point_id": provider.id if kind is NeedKind.MEAL else None,
        "care_centre_id": provider.id if kind is NeedKind.DEMENTIA_CARE else None,
        "caregiver_id": provider.id if kind is NeedKind.HOME_VISIT else None,
    }


def _record_distance(resident: Resident, provider: Provider) -> int | None:
    if resident.lon is None or resident.lat is None or provider.lon is None or provider.lat is None:
        return None
    return great_circle_m(resident.lon, resident.lat, provider.lon, provider.lat)


def needs_delivery(resident: Resident, provider: MealPoint, distance: int | None) -> bool:
    """Meals are delivered when the resident asks for it or lives beyond the dine-in radius."""
    if resident.need_delivery:
        return True
    return bool(provider.delivers and distance is not None and distance > round(provider.dine_in_radius_km * 1000))


def propose(
    session: Session,
    resident: Resident,
    kind: NeedKind,
    provider: Provider,
    *,
    actor: str,
    distance_m: int | None = None,
) -> Assignment:
    """A new proposal (待确认) of `provider` for the resident's need; an earlier proposal of that need is cancelled.

    A clerk may propose a provider the batch would not choose (the workbench shows why it is not
    eligible); room is checked when the proposal is confirmed, because only then is room taken.
    """
    if resident.is_deleted:
        raise UserInputError(
            msg("{name}已删除，不能派单", "{name} was deleted and cannot be assigned", name=resident.name)
        )
    if kind not in resident.needs():
        raise UserInputError(
            msg(
                "{name}没有登记{kind}需求",
                "{name} has no {kind_en} need registered",
                name=resident.name,
                kind=kind.zh,
                kind_en=kind.en.lower(),
            )
        )
    if kind is not kind_of_provider(provider):
        raise UserInputError(_wrong_kind(kind, provider))
    if provider.is_deleted or provider.closed:
        raise UserInputError(
            msg("{provider}已停办或已删除，不能派单", "{provider} is closed or deleted", provider=provider.name)
        )
    holding = _holding_of(session, resident, kind)
    if holding is not None and not holding.needs_rematch:
        raise UserInputError(already_held_message(resident, kind, holding))
    for old in _assignments_of(session, resident, kind, (AssignmentStatus.PROPOSED,)):
        cancel(session, old, actor)
    distance = distance_m if distance_m is not None else _record_distance(resident, provider)
    assignment = Assignment(
        resident=resident,
        kind=kind,
        status=AssignmentStatus.PROPOSED,
        distance_m=distance,
        delivery=needs_delivery(resident, provider, distance) if isinstance(provider, MealPoint) else False,
        proposed_at=utcnow(),
        changed_by=actor,
        **_provider_id_values(kind, provider),
    )
    session.add(assignment)
    session.flush()
    return assignment


def full_message(provider: Provider, kind: NeedKind) -> Message:
    return msg(
        "{provider}已满（{kind}），不能确认。请另选一家",
        "{provider} is full ({kind_en}); choose another provider",
        provider=provider.name,
        kind=kind.zh,
        kind_en=kind.en.lower(),
    )


def already_held_message(resident: Resident, kind: NeedKind, holding: Assignment) -> Message:
    return msg(
        "{name}的{kind}已由{provider}{status}，请先结束或取消那条派单",
        "{name}'s {kind_en} is already {status_en} with {provider}; end or cancel that assignment first",
        name=resident.name,
        kind=kind.zh,
        kind_en=kind.en.lower(),
        provider=holding.provider.name,
        status=holding.status.zh,
        status_en=holding.status.en.lower(),
    )


def _assignments_of(
    session: Session, resident: Resident, kind: NeedKind, statuses: tuple[AssignmentStatus, ...]
) -> list[Assignment]:
    session.flush()
    return list(
        session.scalars(
            select(Assignment)
            .where(
                Assignment.resident_id == resident.id,
                Assignment.kind == kind,
                Assignment.status.in_(statuses),
                Assignment.deleted_at.is_(None),
            )
            .order_by(Assignment.created_at, Assignment.id)
        )
    )


def _holding_of(session: Session, resident: Resident, kind: NeedKind) -> Assignment | None:
    held = _assignments_of(session, resident, kind, HOLDING_STATUSES)
    return held[0] if held else None


def confirm(session: Session, assignment: Assignment, actor: str) -> Assignment:
    """待确认 → 已确认: the provider's room is taken now, so a full provider is refused.

    When the resident's earlier assignment of this need was flagged for re-matching, it is ended
    (or cancelled if it had not started), since this one replaces it.
    """
    if assignment.status is not AssignmentStatus.PROPOSED:
        raise _status_error(assignment, "确认", "confirmed")
    provider = assignment.provider
    if room_left(session, provider, assignment.kind) <= 0:
        raise UserInputError(full_message(provider, assignment.kind))
    holding = _holding_of(session, assignment.resident, assignment.kind)
    if holding is not None:
        if not holding.needs_rematch:
            raise UserInputError(already_held_message(assignment.resident, assignment.kind, holding))
        if holding.status is AssignmentStatus.ACTIVE:
            end(session, holding, actor)
        else:
            cancel(session, holding, actor)
    assignment.confirmed_at = _stamp(assignment, actor)
    assignment.status = AssignmentStatus.CONFIRMED
    session.flush()
    return assignment


def activate(session: Session, assignment: Assignment, actor: str, *, when: dt.datetime | None = None) -> Assignment:
    """已确认 → 服务中: service has started."""
    if assignment.status is not AssignmentStatus.CONFIRMED:
        raise _status_error(assignment, "开始服务", "started")
    stamp = _stamp(assignment, actor)
    assignment.started_at = when or stamp
    assignment.status = AssignmentStatus.ACTIVE
    session.flush()
    return assignment


def end(session: Session, assignment: Assignment, actor: str, *, when: dt.datetime | None = None) -> Assignment:
    """服务中 → 已结束: the provider's place is free again."""
    if assignment.status is not AssignmentStatus.ACTIVE:
        raise _status_error(assignment, "结束", "ended")
    stamp = _stamp(assignment, actor)
    assignment.ended_at = when or stamp
    assignment.status = AssignmentStatus.ENDED
    assignment.needs_rematch = False
    session.flush()
    return assignment


def cancel(session: Session, assignment: Assignment, actor: str) -> Assignment:
    """待确认 or 已确认 → 已取消 (a service that has started is ended, not cancelled)."""
    if assignment.status not in (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED):
        raise _status_error(assignment, "取消", "cancelled")
    assignment.cancelled_at = _stamp(assignment, actor)
    assignment.status = AssignmentStatus.CANCELLED
    assignment.needs_rematch = False
    session.flush()
    return assignment


def _holders(session: Session, provider: Provider) -> list[Assignment]:
    kind = kind_of_provider(provider)
    session.flush()
    return list(
        session.scalars(
            select(Assignment)
            .where(
                provider_column(kind) == provider.id,
                Assignment.kind == kind,
                Assignment.status.in_(HOLDING_STATUSES),
                Assignment.deleted_at.is_(None),
            )
            # The most recently confirmed give way first; those already serving stay longest.
            .order_by(
                (Assignment.status == AssignmentStatus.ACTIVE).desc(),
                Assignment.confirmed_at,
                Assignment.created_at,
                Assignment.id,
            )
        )
    )


def flag_for_rematch(session: Session, provider: Provider, reason: str) -> list[Assignment]:
    """Flag every confirmed/active assignment of the provider for re-matching, with the reason."""
    flagged = []
    for assignment in _holders(session, provider):
        if not assignment.needs_rematch or assignment.rematch_reason != reason:
            assignment.needs_rematch = True
            assignment.rematch_reason = reason[:200]
        flagged.append(assignment)
    session.flush()
    return flagged


def reconcile_provider(session: Session, provider: Provider) -> list[Assignment]:
    """After a provider was saved: flag the assignments its room no longer covers. Returns those flagged now.

    A closed or deleted provider's confirmed/active assignments are all flagged; a capacity drop
    flags the ones beyond the new room (the most recently confirmed first). Nothing is ended or
    cancelled here: the people keep their service until a clerk confirms a new provider.
    """
    holders = _holders(session, provider)
    if provider.closed or provider.is_deleted:
        reason = f"{provider.name}已停办或删除 / {provider.name} closed"
        return flag_assignments([a for a in holders if not a.needs_rematch], reason)
    excess = len(holders) - capacity(provider)
    already = sum(1 for a in holders if a.needs_rematch)
    to_flag = max(0, excess - already)
    if to_flag == 0:
        return []
    reason = f"{provider.name}名额减少 / {provider.name} capacity reduced"
    candidates = [a for a in reversed(holders) if not a.needs_rematch][:to_flag]
    return flag_assignments(candidates, reason)


def flag_assignments(assignments: list[Assignment], reason: str) -> list[Assignment]:
    """Mark these assignments for re-matching with the reason (they keep their status and room)."""
    for assignment in assignments:
        assignment.needs_rematch = True
        assignment.rematch_reason = reason[:200]
    return assignments


def combined_error_m(*errors: int | None) -> int | None:
    """The error of a distance between two placed points: root sum of squares of their errors."""
    known = [e for e in errors if e is not None]
    if not known:
        return None
    return round(math.sqrt(sum(e * e for e in known)))
