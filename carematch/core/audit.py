"""The audit trail: every insert, update and (soft) delete of a record, with old and new values.

Written from the session's before_flush hook, so no use case can forget it and it commits or
rolls back with the change it describes.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from carematch.core.models import AuditEntry, Record

ACTOR_KEY = "carematch.actor"
# Derived search keys and bookkeeping columns: recomputed from other columns, never news to a reader.
UNAUDITED_COLUMNS = frozenset({"updated_at", "version", "created_at", "name_pinyin", "name_initials", "id_tail"})


def json_value(value: Any) -> Any:
    """A JSON-ready form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def _column_values(record: Record) -> dict[str, Any]:
    mapper = inspect(record).mapper
    return {
        attr.key: json_value(getattr(record, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in UNAUDITED_COLUMNS and attr.key != "id"
    }


def _changes(record: Record) -> dict[str, list[Any]]:
    state = inspect(record)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in UNAUDITED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if json_value(old) != json_value(new):
            changes[attr.key] = [json_value(old), json_value(new)]
    return changes


def _before_flush(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    actor = str(session.info.get(ACTOR_KEY, ""))
    entries: list[AuditEntry] = []
    for record in session.new:
        if isinstance(record, Record):
            if record.id is None:
                record.id = uuid.uuid4()
            entries.append(_entry(record, "insert", {k: [None, v] for k, v in _column_values(record).items()}, actor))
    for record in session.dirty:
        if isinstance(record, Record) and session.is_modified(record, include_collections=False):
            changes = _changes(record)
            if not changes:
                continue
            action = "delete" if "deleted_at" in changes and record.deleted_at is not None else "update"
            if "deleted_at" in changes and record.deleted_at is None:
                action = "restore"
            entries.append(_entry(record, action, changes, actor))
    for record in session.deleted:
        if isinstance(record, Record):
            entries.append(_entry(record, "purge", {k: [v, None] for k, v in _column_values(record).items()}, actor))
    session.add_all(entries)


def _entry(record: Record, action: str, changes: dict[str, Any], actor: str) -> AuditEntry:
    return AuditEntry(actor=actor, table_name=record.__tablename__, record_id=record.id, action=action, changes=changes)


def install(session_class: type[Session] | Any) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
