"""Import of a template file: every valid row in, every invalid row rejected with all its reasons.

The whole file is one transaction (a crash, a kill or a cancel midway leaves the database as it
was); the verdict is row by row. Residents are keyed by 身份证号, providers by 编号, gazetteer rows
by 乡镇 + 村, so importing the same file again changes nothing.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from carematch.core import audit
from carematch.core.audit import UNAUDITED_COLUMNS, json_value
from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.db import Store
from carematch.core.errors import Lang, Message, UserInputError, msg
from carematch.core.models import AuditEntry, Record, Resident, utcnow
from carematch.core.names import pinyin_keys
from carematch.core.registry import (
    KEY_FIELD,
    KIND_LABELS,
    MODELS,
    Validated,
    check_kind,
    clean_text,
    field_table,
    save_with_outcome,
    validate,
)
from carematch.core.transfer.sheets import Table, read_table
from carematch.core.validation import mask_citizen_id

CHUNK = 500
ANALYZE_AFTER = 1000
"""New records from one file after which SQLite's planner statistics are refreshed."""
"""Rows validated and written per step (existing records are fetched per chunk with one query)."""


@dataclass
class RejectedRow:
    row: int
    errors: list[Message]
    cells: tuple[Any, ...] = ()

    def to_json(self, lang: Lang = "zh") -> dict[str, Any]:
        return {"row": self.row, "errors": [m.text(lang) for m in self.errors]}


@dataclass
class ImportVerdict:
    kind: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    skipped_footer: list[int] = field(default_factory=list)
    warnings: list[tuple[int, Message]] = field(default_factory=list)
    sheet: str = ""

    def to_json(self, lang: Lang = "zh") -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [r.to_json(lang) for r in self.rejected],
        }

    def summary(self, lang: Lang = "zh") -> str:
        zh, en = KIND_LABELS[self.kind]
        if lang == "zh":
            return (
                f"{zh}：共{self.rows}行，新增{self.imported}，更新{self.updated}，"
                f"未变{self.unchanged}，退回{len(self.rejected)}"
            )
        return (
            f"{en}: {self.rows} rows, {self.imported} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected"
        )


def import_file(
    store: Store,
    kind: str,
    path: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    actor: str = "",
) -> ImportVerdict:
    """Read the file, then write it in one unit of work; raises UserInputError for a file that
    cannot be used at all (no header, missing required columns), Cancelled when cancelled."""
    check_kind(kind)
    cancel = cancel or CancelToken()
    table = read_table(Path(path), kind)
    check_columns(kind, table)
    with store.unit_of_work(actor=actor) as session:
        verdict = import_table(session, kind, table, progress, cancel)
    if verdict.imported >= ANALYZE_AFTER and store.engine.dialect.name == "sqlite" and kind in MODELS:
        # Fresh statistics let SQLite pick the narrowest index for searches (e.g. township + initials);
        # PostgreSQL's autovacuum keeps its own.
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"ANALYZE {MODELS[kind].__tablename__}")
    return verdict


def check_columns(kind: str, table: Table) -> None:
    """A sheet needs the key, the name, a place and the capacity and radius its matching uses."""
    missing = [(f.zh, f.en) for f in field_table(kind) if f.required and not table.has(f.name)]
    has_place = (table.has("lon") and table.has("lat")) or table.has("township") or table.has("village")
    if kind != "gazetteer" and not has_place:
        missing.append(("经度和纬度（或乡镇(街道)、村(社区)）", "lon and lat (or township, village)"))
    if missing:
        raise UserInputError(
            msg(
                "表格缺少必需的列：{c}；未导入任何数据",
                "The sheet lacks required columns: {e}; nothing was imported",
                c="、".join(zh for zh, _ in missing),
                e=", ".join(en for _, en in missing),
            )
        )


def _key_of(kind: str, values: dict[str, Any]) -> str:
    """The row's key as the registry stores a valid one (folded, no spaces, upper case), for finding
    the existing record and a person twice in one file. A key that is not valid matches nothing
    stored, and its row is rejected by validation."""
    key = clean_text(values.get(KEY_FIELD[kind])).replace(" ", "")
    if kind == "gazetteer":
        return key + "\u0000" + clean_text(values.get("village"))
    return key.upper()


@functools.lru_cache(maxsize=65_536)
def _pinyin(name: str) -> tuple[str, str]:
    # Names repeat a great deal in a county (surname + a common given name): convert each once.
    return pinyin_keys(name)


def import_table(session: Session, kind: str, table: Table, progress: Progress, cancel: CancelToken) -> ImportVerdict:
    from carematch.core.geo.gazetteer import Gazetteer

    verdict = ImportVerdict(
        kind, rows=len(table.rows), headers=table.headers, skipped_footer=table.skipped_footer, sheet=table.sheet
    )
    gazetteer = Gazetteer.load(session) if kind != "gazetteer" else None
    first_seen: dict[str, int] = {}
    total = len(table.rows)
    progress(0, total)
    for start in range(0, total, CHUNK):
        cancel.raise_if_cancelled()
        chunk = table.rows[start : start + CHUNK]
        values = [row.values(table.columns) for row in chunk]
        keys = [_key_of(kind, v) for v in values]
        existing = _existing(session, kind, keys)
        new_rows: list[dict[str, Any]] = []
        for row, row_values, key in zip(chunk, values, keys, strict=True):
            checked = validate(kind, row_values, session=session, gazetteer=gazetteer)
            reasons = checked.messages()
            earlier = first_seen.get(key) if key else None
            if earlier is not None:
                reasons.insert(0, _duplicate(kind, key, earlier))
            record = existing.get(key)
            if record is not None and record.is_deleted:
                reasons.append(_deleted(kind, key))
            if reasons:
                verdict.rejected.append(RejectedRow(row.number, reasons, row.cells))
                continue
            # Only an accepted row claims its key: a faulty first row does not shut out a corrected later one.
            first_seen[key] = row.number
            verdict.warnings += [(row.number, w) for w in checked.warnings]
            outcome = _save(session, kind, checked, record, new_rows)
            if outcome == "created":
                verdict.imported += 1
            elif outcome == "updated":
                verdict.updated += 1
            else:
                verdict.unchanged += 1
        session.flush()
        if kind in MODELS:
            insert_new(session, MODELS[kind], new_rows)
        session.expunge_all()  # written rows are not needed again: keep memory flat on big files
        progress(min(start + CHUNK, total), total)
    return verdict


def _save(
    session: Session, kind: str, checked: Validated, record: Record | None, new_rows: list[dict[str, Any]]
) -> str:
    if kind == "gazetteer":
        _, outcome = save_with_outcome(session, kind, checked)
        return outcome
    if record is None:
        new_rows.append(dict(checked.fields))
        return "created"
    _, outcome = save_with_outcome(session, kind, checked, record)
    return outcome


def insert_new(session: Session, model: type[Record], rows: list[dict[str, Any]]) -> None:
    """Insert new records in one executemany, with the same audit entries the session's flush hook
    writes for an ORM insert (building 50,000 ORM objects one by one is what makes big imports slow)."""
    if not rows:
        return
    now = utcnow()
    actor = str(session.info.get(audit.ACTOR_KEY, ""))
    mapper = sa_inspect(model)
    entries = []
    for row in rows:
        row.update(id=uuid.uuid4(), created_at=now, updated_at=now, version=1, deleted_at=None)
        if model is Resident:
            row["name_pinyin"], row["name_initials"] = _pinyin(str(row["name"]))
            row["id_tail"] = str(row["citizen_id"])[-4:]
        for attr in mapper.column_attrs:
            if attr.key not in row:
                row[attr.key] = _column_default(attr.columns[0])
        changes = {
            attr.key: [None, json_value(row[attr.key])]
            for attr in mapper.column_attrs
            if attr.key not in UNAUDITED_COLUMNS and attr.key != "id"
        }
        entries.append(
            {
                "at": now,
                "actor": actor,
                "table_name": model.__tablename__,
                "record_id": row["id"],
                "action": "insert",
                "changes": changes,
            }
        )
    session.execute(insert(model), rows)
    session.execute(insert(AuditEntry), entries)


def _column_default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)
    return default.arg


def _existing(session: Session, kind: str, keys: list[str]) -> dict[str, Record]:
    if kind == "gazetteer":
        return {}
    model = MODELS[kind]
    column = getattr(model, KEY_FIELD[kind])
    wanted = sorted({k for k in keys if k})
    return {getattr(r, KEY_FIELD[kind]): r for r in session.scalars(select(model).where(column.in_(wanted)))}


def _duplicate(kind: str, key: str, earlier: int) -> Message:
    if kind == "residents":
        return msg(
            "与第{r}行是同一人（身份证号{k}相同），未重复导入",
            "The same person as row {r} (citizen ID {k}); not imported twice",
            r=earlier,
            k=mask_citizen_id(key),
        )
    if kind == "gazetteer":
        return msg("与第{r}行是同一个地名，未重复导入", "The same place as row {r}; not imported twice", r=earlier)
    return msg(
        "与第{r}行编号相同（{k}），未重复导入", "The same code as row {r} ({k}); not imported twice", r=earlier, k=key
    )


def _deleted(kind: str, key: str) -> Message:
    label = mask_citizen_id(key) if kind == "residents" else key
    return msg(
        "{k}的记录已被删除；如需恢复，请在程序的“已删除”中恢复，再重新导入",
        "The record {k} was deleted; undelete it in the program first, then import again",
        k=label,
    )
