"""Batch matching of every open need of a kind: the optimum of the DESIGN §4 objective.

    minimise  Σ matched distance_m  +  Σ unmatched 1,000,000 × weight

as a min-cost flow (OR-Tools SimpleMinCostFlow): source → need (1) → provider (room) → sink, plus
an arc need → sink costing the need's unmatched penalty. Integral capacities make the flow's
optimum an optimal assignment. Confirmed and active assignments stay and their room is already
taken; the kind's existing proposals are replaced by `write_proposals`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from ortools.graph.python import min_cost_flow
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from carematch.core.assignments import (
    PROVIDER_MODEL,
    Provider,
    already_held_message,
    cancel,
    capacity,
    end,
    full_message,
    provider_column,
)
from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.enums import HOLDING_STATUSES, AssignmentStatus, NeedKind
from carematch.core.errors import CareMatchError, Message, msg
from carematch.core.matching.candidates import (
    NOT_MATCHED_YET,
    PROVIDERS_FULL,
    Candidates,
    NeedRows,
    NeedTable,
    ProviderTable,
    answered_residents,
    fetch_need_rows,
    find_candidates,
    held_by_provider,
    load_needs,
    load_providers,
    reason_code,
    reason_message,
)
from carematch.core.matching.priority import UNMATCHED_COST
from carematch.core.models import Assignment, AuditEntry, MealPoint, Resident, utcnow

ALL_KINDS = (NeedKind.MEAL, NeedKind.DEMENTIA_CARE, NeedKind.HOME_VISIT)


@dataclass(frozen=True)
class ProposedMatch:
    """One need matched to one provider by the batch."""

    resident_id: uuid.UUID
    citizen_id: str
    resident_name: str
    kind: NeedKind
    provider_id: uuid.UUID
    provider_code: str
    provider_name: str
    distance_m: int
    delivery: bool
    weight: int


@dataclass(frozen=True)
class OpenNeed:
    """A need with no proposed, confirmed or active assignment, and why."""

    resident_id: uuid.UUID
    kind: NeedKind
    reason_code: str
    reason: Message
    weight: int
    village: str
    township: str
    citizen_id: str = ""
    name: str = ""


@dataclass
class MatchResult:
    assignments: list[ProposedMatch] = field(default_factory=list)
    unassigned: list[OpenNeed] = field(default_factory=list)
    objective: int = 0
    kinds: tuple[NeedKind, ...] = ()
    objective_by_kind: dict[NeedKind, int] = field(default_factory=dict)
    candidate_pairs: int = 0


@dataclass(frozen=True)
class WriteSummary:
    created: int
    updated: int
    kept: int
    cancelled: int


class SolverError(CareMatchError):
    pass


def _kinds(kinds: Iterable[NeedKind] | None) -> tuple[NeedKind, ...]:
    wanted = set(kinds) if kinds is not None else set(ALL_KINDS)
    return tuple(kind for kind in ALL_KINDS if kind in wanted)


@dataclass
class KindProblem:
    """One kind's open needs, open providers with their room, and the eligible pairs between them."""

    needs: NeedTable
    providers: ProviderTable
    candidates: Candidates


def build_problem(
    session: Session, kind: NeedKind, as_of: dt.date, *, with_proposals: bool, rows: NeedRows | None = None
) -> KindProblem:
    catalogue: dict[str, int] = {}
    # Needs left open beside the proposals are judged against the room those proposals will take.
    providers = load_providers(session, kind, catalogue, count_proposals=with_proposals)
    exclude = answered_residents(session, kind, with_proposals=with_proposals)
    needs = load_needs(session, kind, as_of, exclude=exclude, catalogue=catalogue, rows=rows)
    return KindProblem(needs, providers, find_candidates(needs, providers, catalogue))


def solve_assignment(
    need: np.ndarray[Any, Any],
    provider: np.ndarray[Any, Any],
    distance: np.ndarray[Any, Any],
    penalty: np.ndarray[Any, Any],
    room: np.ndarray[Any, Any],
) -> tuple[np.ndarray[Any, Any], int]:
    """The optimal choice of candidate pairs: a boolean mask over the pairs, and the objective.

    `need`, `provider`, `distance` are the candidate pairs; `penalty[i]` is need i's cost of
    staying unmatched; `room[j]` provider j's free places. The objective counts every need.
    """
    n_needs, n_providers = len(penalty), len(room)
    chosen = np.zeros(len(need), dtype=np.bool_)
    if len(need) == 0:
        return chosen, int(penalty.sum())
    # Each need with candidates is a node with one unit of supply; it flows to a provider (cost =
    # distance) and on to the sink within the provider's room, or straight to the sink at its penalty.
    sink = n_needs + n_providers
    active_needs = np.unique(need)
    active_providers = np.unique(provider)
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([need, n_needs + active_providers, active_needs]).astype(np.int64)
    heads = np.concatenate(
        [n_needs + provider, np.full(len(active_providers), sink), np.full(len(active_needs), sink)]
    ).astype(np.int64)
    capacities = np.concatenate([np.ones(len(need)), room[active_providers], np.ones(len(active_needs))]).astype(
        np.int64
    )
    costs = np.concatenate([distance, np.zeros(len(active_providers)), penalty[active_needs]]).astype(np.int64)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(n_needs + n_providers + 1, dtype=np.int64)
    supplies[active_needs] = 1
    supplies[sink] = -len(active_needs)
    flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int64), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(
            msg("匹配计算没有得到最优解（{status}）", "The matching solver failed ({status})", status=status)
        )
    pair_arcs = arcs[: len(need)]
    chosen = flow.flows(pair_arcs) > 0
    untouched = np.ones(n_needs, dtype=np.bool_)
    untouched[active_needs] = False
    objective = int(flow.optimal_cost()) + int(penalty[untouched].sum())
    return chosen, objective


def solve_problem(problem: KindProblem, result: MatchResult) -> None:
    """Solve one kind to optimum and add its matches, unmatched needs (with reasons) and objective to `result`."""
    needs, providers, candidates = problem.needs, problem.providers, problem.candidates
    kind = needs.kind
    penalty = needs.weight * UNMATCHED_COST
    chosen, objective = solve_assignment(
        candidates.need, candidates.provider, candidates.distance, penalty, providers.room
    )
    matched = np.zeros(len(needs), dtype=np.bool_)
    for i, j, d in zip(
        candidates.need[chosen].tolist(),
        candidates.provider[chosen].tolist(),
        candidates.distance[chosen].tolist(),
        strict=True,
    ):
        matched[i] = True
        provider = providers.providers[j]
        delivery = False
        if isinstance(provider, MealPoint):
            delivery = bool(needs.delivery[i]) or bool(d > providers.dine_in_m[j])
        result.assignments.append(
            ProposedMatch(
                resident_id=needs.resident_ids[i],
                citizen_id=needs.citizen_ids[i],
                resident_name=needs.names[i],
                kind=kind,
                provider_id=provider.id,
                provider_code=provider.code,
                provider_name=provider.name,
                distance_m=int(d),
                delivery=delivery,
                weight=int(needs.weight[i]),
            )
        )
    for i in np.flatnonzero(~matched).tolist():
        code = reason_code(needs, candidates, i)
        # After the optimisation, a need with eligible providers that have room lost them to needier people.
        if code == NOT_MATCHED_YET:
            code = PROVIDERS_FULL
        result.unassigned.append(_open_need(needs, i, code))
    result.objective += objective
    result.objective_by_kind[kind] = objective
    result.candidate_pairs += len(candidates.need)


def _open_need(needs: NeedTable, i: int, code: str) -> OpenNeed:
    return OpenNeed(
        resident_id=needs.resident_ids[i],
        kind=needs.kind,
        reason_code=code,
        reason=reason_message(code, needs.kind, skills=needs.skills[i], visits=int(needs.visits_per_week[i])),
        weight=int(needs.weight[i]),
        village=needs.villages[i],
        township=needs.townships[i],
        citizen_id=needs.citizen_ids[i],
        name=needs.names[i],
    )


def match_batch(
    session: Session,
    kinds: Iterable[NeedKind] | None = None,
    as_of: dt.date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> MatchResult:
    """The optimal proposals for every open need of the kinds (all kinds by default). Writes nothing.

    Open needs here include those with a proposal (proposals are replaced) and those whose
    confirmed/active assignment was flagged for re-matching.
    """
    cancel = cancel or CancelToken()
    as_of = as_of or dt.date.today()
    chosen_kinds = _kinds(kinds)
    result = MatchResult(kinds=chosen_kinds)
    steps = 2 * len(chosen_kinds)
    session.flush()
    progress(0, steps)
    rows = fetch_need_rows(session, chosen_kinds)
    for n, kind in enumerate(chosen_kinds):
        progress(2 * n, steps)
        cancel.raise_if_cancelled()
        problem = build_problem(session, kind, as_of, with_proposals=False, rows=rows)
        progress(2 * n + 1, steps)
        cancel.raise_if_cancelled()
        solve_problem(problem, result)
    progress(steps, steps)
    return result


def open_needs(
    session: Session, as_of: dt.date | None = None, kinds: Iterable[NeedKind] | None = None
) -> list[OpenNeed]:
    """Every need with no proposed, confirmed or active assignment (flagged ones count as open), and why."""
    as_of = as_of or dt.date.today()
    session.flush()
    found: list[OpenNeed] = []
    chosen_kinds = _kinds(kinds)
    rows = fetch_need_rows(session, chosen_kinds)
    for kind in chosen_kinds:
        problem = build_problem(session, kind, as_of, with_proposals=True, rows=rows)
        for i in range(len(problem.needs)):
            found.append(_open_need(problem.needs, i, reason_code(problem.needs, problem.candidates, i)))
    return found


def write_proposals(session: Session, result: MatchResult, actor: str) -> WriteSummary:
    """Replace the proposals of the result's kinds with the result's, in bulk, with their audit entries.

    A proposal that stays the same is kept as it is; one that changes provider is updated; the
    kind's other proposals are cancelled (kept in the registry, not deleted). Confirmed and active
    assignments are not touched. Never commits.
    """
    session.flush()
    now = utcnow()
    new_by_key = {(m.resident_id, m.kind): m for m in result.assignments}
    table = cast(Table, Assignment.__table__)
    created: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    cancelled: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    kept = 0
    for kind in result.kinds:
        column = provider_column(kind)
        existing = session.execute(
            select(Assignment.id, Assignment.resident_id, column, Assignment.distance_m, Assignment.delivery)
            .where(
                Assignment.kind == kind,
                Assignment.status == AssignmentStatus.PROPOSED,
                Assignment.deleted_at.is_(None),
            )
            .order_by(Assignment.created_at, Assignment.id)
        ).all()
        seen: set[uuid.UUID] = set()
        kind_text, provider_key, now_text = str(kind.value), column.key, now.isoformat()
        for row in existing:
            match = new_by_key.get((row.resident_id, kind))
            if match is None or row.resident_id in seen:
                cancelled.append({"b_id": row.id})
                audit.append(_audit(actor, row.id, "update", {"status": ["proposed", "cancelled"]}, now))
                continue
            seen.add(row.resident_id)
            old_provider = row[2]
            if (old_provider, row.distance_m, row.delivery) == (match.provider_id, match.distance_m, match.delivery):
                kept += 1
                continue
            updated.append(
                {
                    "b_id": row.id,
                    **_provider_values(kind, match.provider_id),
                    "distance_m": match.distance_m,
                    "delivery": match.delivery,
                }
            )
            audit.append(
                _audit(
                    actor,
                    row.id,
                    "update",
                    {
                        column.key: [str(old_provider), str(match.provider_id)],
                        "distance_m": [row.distance_m, match.distance_m],
                        "delivery": [row.delivery, match.delivery],
                    },
                    now,
                )
            )
        for match in result.assignments:
            if match.kind is kind and match.resident_id not in seen:
                new_id = uuid.uuid4()
                values: dict[str, Any] = {
                    "id": new_id,
                    "resident_id": match.resident_id,
                    "kind": kind,
                    "status": AssignmentStatus.PROPOSED,
                    **_provider_values(kind, match.provider_id),
                    "distance_m": match.distance_m,
                    "delivery": match.delivery,
                    "visit_days": [],
                    "proposed_at": now,
                    "changed_by": actor,
                    "needs_rematch": False,
                    "rematch_reason": "",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                created.append(values)
                # The audit entry names what a reader needs (columns left at their defaults are omitted).
                changes = {
                    "resident_id": [None, str(match.resident_id)],
                    "kind": [None, kind_text],
                    "status": [None, "proposed"],
                    provider_key: [None, str(match.provider_id)],
                    "distance_m": [None, match.distance_m],
                    "delivery": [None, match.delivery],
                    "proposed_at": [None, now_text],
                    "changed_by": [None, actor],
                }
                audit.append(_audit(actor, new_id, "insert", changes, now))
    if created:
        bulk_insert(session, table, created)
    if updated:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                meal_point_id=bindparam("meal_point_id"),
                care_centre_id=bindparam("care_centre_id"),
                caregiver_id=bindparam("caregiver_id"),
                distance_m=bindparam("distance_m"),
                delivery=bindparam("delivery"),
                proposed_at=now,
                changed_by=actor,
                updated_at=now,
                version=table.c.version + 1,
            ),
            updated,
        )
    if cancelled:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=AssignmentStatus.CANCELLED,
                cancelled_at=now,
                changed_by=actor,
                updated_at=now,
                version=table.c.version + 1,
            ),
            cancelled,
        )
    if audit:
        bulk_insert(session, cast(Table, AuditEntry.__table__), audit)
    # Assignments already loaded in this session may describe rows changed above: reload them on next use
    # (only those, so the caller's other objects stay readable after the unit of work).
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Assignment):
            session.expire(loaded)
        elif isinstance(loaded, Resident):
            session.expire(loaded, ["assignments"])
    return WriteSummary(created=len(created), updated=len(updated), kept=kept, cancelled=len(cancelled))


def _provider_values(kind: NeedKind, provider_id: uuid.UUID) -> dict[str, uuid.UUID | None]:
    return {
        "meal_point_id": provider_id if kind is NeedKind.MEAL else None,
        "care_centre_id": provider_id if kind is NeedKind.DEMENTIA_CARE else None,
        "caregiver_id": provider_id if kind is NeedKind.HOME_VISIT else None,
    }


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows that all have the same keys, as fast as the database allows.

    On SQLite the values are converted once per distinct constant by the columns' own SQLAlchemy
    bind processors (so they are stored exactly as an ORM insert would store them) and handed to
    the driver's executemany; this halves the cost of writing a county's proposals. Other
    databases take SQLAlchemy's ordinary executemany.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    converted: list[list[Any]] = []
    for name in names:
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        first = rows[0][name]
        if all(row[name] is first for row in rows):  # one value for every row: convert it once
            value = processor(first) if processor else first
            converted.append([value] * len(rows))
        elif processor is None:
            converted.append([row[name] for row in rows])
        else:
            converted.append([processor(row[name]) for row in rows])
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    marks = ", ".join("?" for _ in names)
    connection.exec_driver_sql(
        f"INSERT INTO {dialect.identifier_preparer.quote(table.name)} ({quoted}) VALUES ({marks})",
        list(zip(*converted, strict=True)),
    )


def _audit(actor: str, record_id: uuid.UUID, action: str, changes: dict[str, Any], at: dt.datetime) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "table_name": "assignments",
        "record_id": record_id,
        "action": action,
        "changes": changes,
    }


def current_proposals(session: Session, kinds: Iterable[NeedKind] | None = None) -> list[ProposedMatch]:
    """The proposals (待确认) now in the registry for the kinds, in 身份证号 order, as the batch reports them."""
    session.flush()
    found: list[ProposedMatch] = []
    for kind in _kinds(kinds):
        model = PROVIDER_MODEL[kind]
        column = provider_column(kind)
        rows = session.execute(
            select(
                Assignment.resident_id,
                Resident.citizen_id,
                Resident.name,
                model.id,
                model.code,
                model.name,
                Assignment.distance_m,
                Assignment.delivery,
            )
            .join(Resident, Resident.id == Assignment.resident_id)
            .join(model, model.id == column)
            .where(
                Assignment.kind == kind,
                Assignment.status == AssignmentStatus.PROPOSED,
                Assignment.deleted_at.is_(None),
            )
            .order_by(Resident.citizen_id, Assignment.id)
        ).all()
        for resident_id, citizen_id, name, provider_id, code, provider_name, distance, delivery in rows:
            found.append(
                ProposedMatch(
                    resident_id=resident_id,
                    citizen_id=citizen_id,
                    resident_name=name,
                    kind=kind,
                    provider_id=provider_id,
                    provider_code=code,
                    provider_name=provider_name,
                    distance_m=int(distance or 0),
                    delivery=bool(delivery),
                    weight=0,
                )
            )
    return found


@dataclass(frozen=True)
class ConfirmOutcome:
    confirmed: list[Assignment]
    refused: list[tuple[Assignment, Message]]


def confirm_proposals(session: Session, kinds: Iterable[NeedKind] | None, actor: str) -> ConfirmOutcome:
    """Confirm every proposal of the kinds that still fits; the others stay proposed, each with the reason.

    Room and current holders are read once per kind and counted in memory as proposals are
    confirmed (the county's tens of thousands would otherwise cost two queries each).
    """
    confirmed: list[Assignment] = []
    refused: list[tuple[Assignment, Message]] = []
    session.flush()
    for kind in _kinds(kinds):
        column = provider_column(kind)
        model = PROVIDER_MODEL[kind]
        providers = session.scalars(select(model).where(model.deleted_at.is_(None)))
        room = {p.id: capacity(cast(Provider, p)) for p in providers}
        for provider_id, n in held_by_provider(session, kind).items():
            room[provider_id] = room.get(provider_id, 0) - n
        holders = {
            item.resident_id: item
            for item in session.scalars(
                select(Assignment).where(
                    Assignment.kind == kind,
                    Assignment.status.in_(HOLDING_STATUSES),
                    Assignment.deleted_at.is_(None),
                )
            )
        }
        rows = session.scalars(
            select(Assignment)
            .join(Assignment.resident)
            .where(
                Assignment.kind == kind,
                Assignment.status == AssignmentStatus.PROPOSED,
                Assignment.deleted_at.is_(None),
            )
            .order_by(Resident.citizen_id, Assignment.id)
        )
        for item in list(rows):
            provider_id = getattr(item, column.key)
            holding = holders.get(item.resident_id)
            if holding is not None and not holding.needs_rematch:
                refused.append((item, already_held_message(item.resident, kind, holding)))
                continue
            if room.get(provider_id, 0) <= 0:
                refused.append((item, full_message(item.provider, kind)))
                continue
            if holding is not None:
                (end if holding.status is AssignmentStatus.ACTIVE else cancel)(session, holding, actor)
                room[getattr(holding, column.key)] = room.get(getattr(holding, column.key), 0) + 1
            room[provider_id] -= 1
            holders[item.resident_id] = item
            confirmed.append(item)
    _mark_confirmed(session, confirmed, actor)
    return ConfirmOutcome(confirmed, refused)


def _mark_confirmed(session: Session, items: list[Assignment], actor: str) -> None:
    """Set 已确认 on many proposals in one statement, with their audit entries (as confirm() would write)."""
    session.flush()  # replaced assignments ended or cancelled above go first
    if not items:
        return
    now = utcnow()
    table = cast(Table, Assignment.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            status=AssignmentStatus.CONFIRMED,
            confirmed_at=now,
            changed_by=actor,
            updated_at=now,
            version=table.c.version + 1,
        ),
        [{"b_id": item.id} for item in items],
    )
    stamp = now.isoformat()
    bulk_insert(
        session,
        cast(Table, AuditEntry.__table__),
        [
            _audit(
                actor,
                item.id,
                "update",
                {
                    "status": ["proposed", "confirmed"],
                    "confirmed_at": [None, stamp],
                    "changed_by": [item.changed_by, actor],
                },
                now,
            )
            for item in items
        ],
    )
    for item in items:
        session.expire(item)
