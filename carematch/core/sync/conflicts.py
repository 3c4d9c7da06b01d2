"""Held conflicts: the version the registry shows beside the one held back, and settling them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.errors import NotFoundError, UserInputError, msg
from carematch.core.models import AuditEntry, SyncConflict, utcnow
from carematch.core.sync import rows

Choice = Literal["current", "held"]
CHOICES: tuple[Choice, ...] = ("current", "held")

# Columns a person does not compare: bookkeeping, or derived from others.
_HIDDEN = frozenset({"id", "created_at", "name_pinyin", "name_initials"})


@dataclass(frozen=True)
class ConflictView:
    id: str
    table_name: str
    record_id: str
    kind: str
    title: str
    current: dict[str, Any] | None
    held: dict[str, Any]
    held_origin: str
    detected_at: str
    differing: list[str]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _title(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    for key in ("name", "code", "citizen_id"):
        if row.get(key):
            return str(row[key])
    return ""


def _view(session: Session, conflict: SyncConflict) -> ConflictView:
    model = rows.MODELS_BY_TABLE[conflict.table_name]
    record = session.get(model, conflict.record_id)
    current = rows.to_row(record) if record is not None else None
    if current is None and conflict.kind == "duplicate":
        current = _same_key_record(session, conflict)
    held = dict(conflict.held)
    keys = [k for k in (current or held) if k not in _HIDDEN]
    differing = [k for k in keys if k != "updated_at" and (current or {}).get(k) != held.get(k)]
    return ConflictView(
        id=str(conflict.id),
        table_name=conflict.table_name,
        record_id=str(conflict.record_id),
        kind=conflict.kind,
        title=_title(held) or _title(current),
        current=current,
        held=held,
        held_origin=conflict.held_origin,
        detected_at=conflict.detected_at.isoformat(timespec="seconds"),
        differing=differing,
    )


def _same_key_record(session: Session, conflict: SyncConflict) -> dict[str, Any] | None:
    """For a record registered twice: the one already here with the same 身份证号 or 编号."""
    model = rows.MODELS_BY_TABLE[conflict.table_name]
    for key in ("citizen_id", "code", "name"):
        value = conflict.held.get(key)
        column = getattr(model, key, None)
        if value and column is not None:
            found = session.scalars(select(model).where(column == value)).first()
            if found is not None:
                return rows.to_row(found)
    return None


def open_conflicts(session: Session) -> list[ConflictView]:
    query = select(SyncConflict).where(SyncConflict.settled_at.is_(None)).order_by(SyncConflict.detected_at)
    return [_view(session, conflict) for conflict in session.scalars(query)]


def find_conflict(session: Session, conflict_id: str) -> SyncConflict:
    """By its id or an unambiguous start of it (as the command line shows it)."""
    text = conflict_id.strip().lower()
    try:
        found = session.get(SyncConflict, uuid.UUID(text))
        matches = [found] if found is not None else []
    except ValueError:
        matches = [c for c in session.scalars(select(SyncConflict)) if str(c.id).startswith(text)] if text else []
    if len(matches) != 1:
        raise NotFoundError(msg("找不到同步冲突 {id}", "No sync conflict {id}", id=conflict_id))
    return matches[0]


def settle(session: Session, conflict_id: str, choice: Choice, actor: str) -> SyncConflict:
    """Keep the version the registry shows, or put the held one back; either way a new change others receive."""
    if choice not in CHOICES:
        raise UserInputError(msg("只能选 current 或 held", "Choose current or held"))
    conflict = find_conflict(session, conflict_id)
    if conflict.settled_at is not None:
        raise UserInputError(msg("这个冲突已经处理过了", "This conflict has already been settled"))
    if choice == "held":
        if conflict.kind == "duplicate":
            raise UserInputError(
                msg(
                    "同一人（或同一编号）在两处各登记了一次：请对照两份记录手工合并，再选“保留当前版本”",
                    "The same person (or code) was registered twice: merge the two records by hand, "
                    "then keep the current version",
                )
            )
        model = rows.MODELS_BY_TABLE[conflict.table_name]
        record = session.get(model, conflict.record_id)
        if record is None:
            raise NotFoundError(msg("记录已不存在", "The record no longer exists"))
        values = rows.from_row(model, conflict.held)
        for key in ("id", "created_at", "updated_at"):
            values.pop(key, None)
        # Saved as a new change here, so it is newer than both versions everywhere it travels.
        rows.write_into(record, values)
    conflict.settled_at = utcnow()
    conflict.settled_by = actor[:40]
    conflict.resolution = choice
    session.add(
        AuditEntry(
            actor=actor[:40],
            table_name=SyncConflict.__tablename__,
            record_id=conflict.id,
            action="settle",
            changes={"resolution": [None, choice]},
        )
    )
    session.flush()
    return conflict
