"""Exporting this database's changes to a file, and merging another database's file into this one.

Each database has a stable identity (a Setting). Its audit seq is its change sequence: an
export carries every record touched after a token (by default the oldest point a known peer
has confirmed), each record whole with its version vector. An import compares vectors record by
record: an older or equal version changes nothing (so the same file twice changes nothing), a
newer one is written, and two concurrent versions keep the one every database would pick
(rows.precedence) in the registry and hold the other as a conflict until a person settles it.
Conflicts travel with the files, so every database ends with the same registry and the same
held versions. Relayed records are exported again from here, so a station can get another
station's changes through the county.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carematch.core.audit import json_value
from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.db import Store, head_revision, is_known_revision
from carematch.core.errors import UserInputError, msg
from carematch.core.models import (
    AuditEntry,
    CareCentre,
    Caregiver,
    MealPoint,
    Record,
    Setting,
    SyncClock,
    SyncConflict,
    SyncPeer,
    utcnow,
)
from carematch.core.sync import rows
from carematch.core.sync.package import Package, read_package, write_package
from carematch.core.sync.vectors import Order, compare, merge

IDENTITY_KEY = "sync.database_id"
NAME_KEY = "station_name"
CONFLICTS_TABLE = SyncConflict.__tablename__
CHUNK = 500

Key = tuple[str, uuid.UUID]


def database_identity(session: Session) -> str:
    """This database's identity, made once on first use (a copied file keeps it: same station)."""
    setting = session.get(Setting, IDENTITY_KEY)
    if setting is None or not setting.value:
        setting = session.merge(Setting(key=IDENTITY_KEY, value=str(uuid.uuid4())))
        session.flush()
    return setting.value


def renew_identity(session: Session) -> str:
    """Give this database a new identity: call it after restoring an older copy.

    A restored copy hands out audit seqs again that its old identity already used for changes
    other databases have received; under a new identity its new changes cannot be mistaken for
    those. What the old identity did stays counted in every vector.
    """
    setting = session.merge(Setting(key=IDENTITY_KEY, value=str(uuid.uuid4())))
    session.flush()
    return setting.value


def database_name(session: Session) -> str:
    setting = session.get(Setting, NAME_KEY)
    if setting is not None and setting.value.strip():
        return setting.value.strip()[:80]
    return f"数据库 {database_identity(session)[:8]}"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _last_seqs(session: Session, ids: Iterable[uuid.UUID]) -> dict[Key, int]:
    found: dict[Key, int] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = (
            select(AuditEntry.table_name, AuditEntry.record_id, func.max(AuditEntry.seq))
            .where(AuditEntry.record_id.in_(chunk))
            .group_by(AuditEntry.table_name, AuditEntry.record_id)
        )
        for table_name, record_id, seq in session.execute(query):
            found[(table_name, record_id)] = int(seq)
    return found


def _clocks(session: Session, ids: Iterable[uuid.UUID]) -> dict[Key, SyncClock]:
    found: dict[Key, SyncClock] = {}
    for chunk in _chunks(sorted(set(ids))):
        for clock in session.scalars(select(SyncClock).where(SyncClock.record_id.in_(chunk))):
            found[(clock.table_name, clock.record_id)] = clock
    return found


@dataclass
class _Versions:
    """The version vector and last editor of records as they stand here, local edits counted."""

    me: str
    my_name: str
    clocks: dict[Key, SyncClock]
    last_seq: dict[Key, int]

    @classmethod
    def load(cls, session: Session, me: str, my_name: str, ids: Iterable[uuid.UUID]) -> _Versions:
        ids = list(ids)
        return cls(me, my_name, _clocks(session, ids), _last_seqs(session, ids))

    def vector(self, key: Key) -> dict[str, int]:
        clock = self.clocks.get(key)
        vector = {str(k): int(v) for k, v in (clock.vector if clock else {}).items()}
        last = self.last_seq.get(key, 0)
        if last > (clock.seen_seq if clock else 0):
            vector[self.me] = last
        return vector

    def origin(self, key: Key) -> str:
        clock = self.clocks.get(key)
        if clock is None or self.last_seq.get(key, 0) > clock.seen_seq:
            return self.my_name
        return clock.origin


def _lock_for_merge(session: Session, *, exclusive: bool) -> None:
    """No change of this database may slip between the seq read and the records read.

    PostgreSQL hands out seqs before commit, so a transaction still open could later commit a
    seq below the one an export reports; locking the audit table waits for such writers and
    holds new ones back for the few seconds an exchange takes. SQLite has one writer at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        mode = "SHARE ROW EXCLUSIVE" if exclusive else "SHARE"
        session.execute(text(f"LOCK TABLE {AuditEntry.__tablename__} IN {mode} MODE"))
    elif exclusive:
        # Take SQLite's write lock now (a write that changes nothing), so reads and writes below are one snapshot.
        session.execute(update(Setting).where(Setting.key == IDENTITY_KEY).values(value=Setting.value))


# --- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    database_name: str
    since: int
    upto: int
    records: int
    conflicts: int


def default_since(session: Session) -> int:
    """The oldest change some known peer has not confirmed receiving (0: everything)."""
    acked = session.scalars(select(SyncPeer.acked_upto)).all()
    return min(acked) if acked else 0


def export_changes(
    session: Session,
    path: Path,
    *,
    since: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    _lock_for_merge(session, exclusive=False)
    me = database_identity(session)
    my_name = database_name(session)
    upto = int(session.scalar(select(func.max(AuditEntry.seq))) or 0)
    if since is None:
        since = default_since(session)
    if since < 0 or since > upto:
        raise UserInputError(
            msg(
                "令牌 {since} 无效：本数据库的变更序号在 0 到 {upto} 之间",
                "Token {since} is not valid: this database's changes are numbered 0 to {upto}",
                since=since,
                upto=upto,
            )
        )
    touched = session.execute(
        select(AuditEntry.table_name, AuditEntry.record_id).where(AuditEntry.seq > since).distinct()
    ).all()
    record_keys = sorted(
        ((t, r) for t, r in touched if t in rows.MODELS_BY_TABLE), key=lambda k: (rows.TABLE_ORDER[k[0]], str(k[1]))
    )
    conflict_ids = sorted(r for t, r in touched if t == CONFLICTS_TABLE)
    versions = _Versions.load(session, me, my_name, (r for _, r in record_keys))
    records: list[dict[str, Any]] = []
    for done, (table_name, record_id) in enumerate(record_keys):
        if cancel is not None and done % 200 == 0:
            cancel.raise_if_cancelled()
        record = session.get(rows.MODELS_BY_TABLE[table_name], record_id)
        key = (table_name, record_id)
        records.append(
            {
                "table": table_name,
                "id": str(record_id),
                "vector": versions.vector(key),
                "origin": versions.origin(key),
                # A record removed outright (not soft-deleted) travels as a tombstone with no row.
                "row": rows.to_row(record) if record is not None else None,
            }
        )
        progress(done + 1, len(record_keys))
    conflicts = [
        _conflict_row(conflict)
        for chunk in _chunks(conflict_ids)
        for conflict in session.scalars(select(SyncConflict).where(SyncConflict.id.in_(chunk)))
    ]
    received = {str(peer.database_id): peer.received_upto for peer in session.scalars(select(SyncPeer))}
    package = Package(
        database_id=me,
        database_name=my_name,
        schema=head_revision(),
        since=since,
        upto=upto,
        exported_at=utcnow().isoformat(timespec="seconds"),
        received=received,
        records=records,
        conflicts=conflicts,
    )
    write_package(path, package)
    return ExportSummary(path, my_name, since, upto, len(records), len(conflicts))


def _conflict_row(conflict: SyncConflict) -> dict[str, Any]:
    return {column.key: json_value(getattr(conflict, column.key)) for column in SyncConflict.__table__.columns}


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    origin: str
    origin_name: str
    applied: int = 0
    unchanged: int = 0
    merged: int = 0
    conflicts: int = 0
    conflicts_received: int = 0
    duplicates: int = 0
    waiting: int = 0
    flagged: int = 0
    conflict_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_file(
    store: Store,
    path: Path,
    *,
    actor: str = "",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    """Check the whole file first, then merge it in one unit of work (all or nothing)."""
    package = read_package(path)
    with store.unit_of_work(actor=actor or f"同步:{package.database_name}"[:40]) as session:
        return import_changes(session, package, progress=progress, cancel=cancel)


def import_changes(
    session: Session,
    package: Package,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    _lock_for_merge(session, exclusive=True)
    me = database_identity(session)
    if package.received.get(me, 0) > int(session.scalar(select(func.max(AuditEntry.seq))) or 0):
        # The peer has more of our changes than we have: this database was restored from an older copy.
        me = renew_identity(session)
    if package.database_id == me:
        raise UserInputError(
            msg(
                "这个同步文件是本数据库自己导出的，应拿到其他站点或县里导入；未作任何改动",
                "This sync file was exported from this very database; import it at another station "
                "or the county. Nothing was changed",
            )
        )
    if not is_known_revision(package.schema):
        raise UserInputError(
            msg(
                "同步文件来自更新版本的程序（数据库版本 {rev}），请先升级 CareMatch；未作任何改动",
                "The sync file comes from a newer program (schema {rev}); update CareMatch first. Nothing was changed",
                rev=package.schema,
            )
        )
    summary = ImportSummary(origin=package.database_id, origin_name=package.database_name)
    try:
        merger = _Merger(session, me, database_name(session), package, summary)
        merger.merge_records(progress, cancel)
        merger.merge_conflicts()
        merger.finish()
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise UserInputError(
            msg(
                "同步文件内容有误（{why}），未作任何改动",
                "The sync file holds data this program cannot read ({why}); nothing was changed",
                why=str(error)[:120],
            )
        ) from None
    except IntegrityError as error:
        raise UserInputError(
            msg(
                "同步文件中的记录与本数据库的记录相抵触（{why}），未作任何改动",
                "A record in the sync file clashes with one in this database ({why}); nothing was changed",
                why=str(error.orig).splitlines()[0][:160],
            )
        ) from None
    _record_peer(session, package, me, summary)
    return summary


def _record_peer(session: Session, package: Package, me: str, summary: ImportSummary) -> None:
    peer_id = uuid.UUID(package.database_id)
    peer = session.get(SyncPeer, peer_id)
    if peer is None:
        peer = SyncPeer(database_id=peer_id, name=package.database_name[:80], received_upto=0, acked_upto=0)
        session.add(peer)
    if package.database_name and peer.name != package.database_name[:80]:
        peer.name = package.database_name[:80]
    # Their changes are all here up to `upto` only if this file starts where the last one we had ended
    # and nothing in it had to wait for a record from an earlier file.
    if package.since <= peer.received_upto < package.upto and summary.waiting == 0:
        peer.received_upto = package.upto
    acked = package.received.get(me, 0)
    if acked > peer.acked_upto:
        peer.acked_upto = acked
    if summary.applied or summary.merged or summary.conflicts or summary.conflicts_received:
        peer.last_import_at = utcnow()


class _Merger:
    def __init__(self, session: Session, me: str, my_name: str, package: Package, summary: ImportSummary) -> None:
        self.session = session
        self.me = me
        self.package = package
        self.summary = summary
        changes = sorted(package.records, key=lambda c: (rows.TABLE_ORDER[str(c["table"])], str(c["id"])))
        for change in changes:
            if change["table"] not in rows.MODELS_BY_TABLE:
                raise ValueError(f"table {change['table']}")
        self.changes = changes
        self.versions = _Versions.load(session, me, my_name, (uuid.UUID(str(c["id"])) for c in changes))
        self.touched: dict[Key, dict[str, int]] = {}
        self.providers: dict[tuple[type[Record], uuid.UUID], None] = {}
        # The records of this file as they stand here, read in a few queries rather than one each.
        self.records: dict[Key, Record | None] = {}
        self.unique_holders: dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], uuid.UUID]]] = {}
        by_table: dict[str, list[uuid.UUID]] = {}
        for change in changes:
            by_table.setdefault(str(change["table"]), []).append(uuid.UUID(str(change["id"])))
        for table_name, ids in by_table.items():
            model = rows.MODELS_BY_TABLE[table_name]
            for record_id in ids:
                self.records[(table_name, record_id)] = None
            for chunk in _chunks(ids):
                for record in session.scalars(select(model).where(model.id.in_(chunk))):
                    self.records[(table_name, record.id)] = record

    def merge_records(self, progress: Progress, cancel: CancelToken | None) -> None:
        # Written in one flush at the end; lookups below go to self.records or read committed rows.
        with self.session.no_autoflush:
            for done, change in enumerate(self.changes):
                if cancel is not None and done % 200 == 0:
                    cancel.raise_if_cancelled()
                self._merge_one(change)
                progress(done + 1, len(self.changes))

    def _merge_one(self, change: dict[str, Any]) -> None:
        table_name = str(change["table"])
        model = rows.MODELS_BY_TABLE[table_name]
        record_id = uuid.UUID(str(change["id"]))
        key = (table_name, record_id)
        remote_vector = {str(k): int(v) for k, v in dict(change["vector"]).items()}
        remote_row: dict[str, Any] | None = change["row"]
        remote_origin = str(change.get("origin", ""))[:80]
        local = self.records.get(key)
        local_vector = self.versions.vector(key)
        order = compare(remote_vector, local_vector)
        if order in (Order.EQUAL, Order.BEFORE):
            self.summary.unchanged += 1
            return
        local_row = rows.to_row(local) if local is not None else None
        if order is Order.AFTER:
            outcome = self._write(model, record_id, local, remote_row, remote_vector, remote_origin)
            if outcome == "written":
                self.summary.applied += 1
                self._stamp(key, remote_vector, remote_origin)
            return
        merged = merge(local_vector, remote_vector)
        local_origin = self.versions.origin(key)
        remote_first = rows.precedence(remote_row, remote_vector) > rows.precedence(local_row, local_vector)
        if local_row is not None and remote_row is not None and rows.same_content(local_row, remote_row):
            if remote_first:
                self._write(model, record_id, local, remote_row, remote_vector, remote_origin)
            self.summary.merged += 1
            self._stamp(key, merged, remote_origin if remote_first else local_origin)
            return
        if remote_first:
            outcome = self._write(model, record_id, local, remote_row, remote_vector, remote_origin)
            if outcome != "written":
                return
            self._hold(table_name, record_id, "concurrent", local_row, local_vector, local_origin)
        else:
            self._hold(table_name, record_id, "concurrent", remote_row, remote_vector, remote_origin)
        self._stamp(key, merged, remote_origin if remote_first else local_origin)

    def _write(
        self,
        model: type[Record],
        record_id: uuid.UUID,
        local: Record | None,
        remote_row: dict[str, Any] | None,
        remote_vector: dict[str, int],
        remote_origin: str,
    ) -> str:
        if remote_row is None:
            if local is not None and local.deleted_at is None:
                local.deleted_at = utcnow()
                self._note_provider(local)
            return "written"
        values = rows.from_row(model, remote_row)
        values["id"] = record_id
        if self._missing_reference(model, values):
            # A record it points to comes in a file not received yet; it stays out until then.
            self.summary.waiting += 1
            return "waiting"
        if self._duplicate_of_another(model, record_id, rows.to_row_values(values)):
            self._hold(model.__tablename__, record_id, "duplicate", remote_row, remote_vector, remote_origin)
            self.summary.duplicates += 1
            return "duplicate"
        if local is None:
            local = model(**values)
            self.session.add(local)
            self.records[(model.__tablename__, record_id)] = local
        else:
            rows.write_into(local, values)
        self._hold_keys(model, local)
        self._note_provider(local)
        return "written"

    def _missing_reference(self, model: type[Record], values: dict[str, Any]) -> bool:
        for column in model.__table__.columns:
            value = values.get(column.key)
            if value is None:
                continue
            for foreign_key in column.foreign_keys:
                target = rows.MODELS_BY_TABLE.get(foreign_key.column.table.name)
                if target is None:
                    continue
                key = (target.__tablename__, value)
                if key not in self.records:
                    self.records[key] = self.session.get(target, value)
                if self.records[key] is None:
                    return True
        return False

    def _duplicate_of_another(self, model: type[Record], record_id: uuid.UUID, values: dict[str, Any]) -> bool:
        """Another record here already holds this one's 身份证号 / 编号 (or other unique key)."""
        for group, holders in self._unique_holders(model).items():
            wanted = tuple(values.get(column) for column in group)
            if None not in wanted and holders.get(wanted, record_id) != record_id:
                return True
        return False

    def _unique_holders(self, model: type[Record]) -> dict[tuple[str, ...], dict[tuple[Any, ...], uuid.UUID]]:
        """Per unique key of the table: key values → the record holding them, for the values in this file.

        Read once per table (a few queries, not one per record); records written by this import are
        added as they are written.
        """
        table_name = model.__tablename__
        if table_name in self.unique_holders:
            return self.unique_holders[table_name]
        table = cast(Table, model.__table__)
        groups = [[column] for column in table.columns if column.unique]
        groups += [list(index.columns) for index in table.indexes if index.unique]
        found: dict[tuple[str, ...], dict[tuple[Any, ...], uuid.UUID]] = {}
        incoming = [c["row"] for c in self.changes if c["table"] == table_name and c["row"] is not None]
        for columns in groups:
            first = columns[0]
            plain_values = {rows.canonical(row.get(first.key)) for row in incoming if row.get(first.key) is not None}
            values = [rows.decode(first.type, json.loads(value)) for value in sorted(plain_values)]
            holders: dict[tuple[Any, ...], uuid.UUID] = {}
            for chunk in _chunks(values):
                query = select(table.c.id, *columns).where(first.in_(chunk))
                for record_id, *key in self.session.execute(query):
                    holders[tuple(json_value(value) for value in key)] = record_id
            found[tuple(column.key for column in columns)] = holders
        self.unique_holders[table_name] = found
        return found

    def _hold_keys(self, model: type[Record], record: Record) -> None:
        for group, holders in self._unique_holders(model).items():
            holders[tuple(json_value(getattr(record, column)) for column in group)] = record.id

    def _note_provider(self, record: Record) -> None:
        if isinstance(record, MealPoint | CareCentre | Caregiver):
            self.providers[(type(record), record.id)] = None
        for model, attribute in (
            (MealPoint, "meal_point_id"),
            (CareCentre, "care_centre_id"),
            (Caregiver, "caregiver_id"),
        ):
            provider_id = getattr(record, attribute, None)
            if provider_id is not None and record.__tablename__ == "assignments":
                self.providers[(model, provider_id)] = None

    def _hold(
        self,
        table_name: str,
        record_id: uuid.UUID,
        kind: str,
        row: dict[str, Any] | None,
        vector: dict[str, int],
        origin: str,
    ) -> None:
        conflict_id = uuid.uuid5(
            uuid.NAMESPACE_URL, f"carematch-sync:{table_name}:{record_id}:{rows.digest([row, vector])}"
        )
        if self.session.get(SyncConflict, conflict_id) is not None:
            return
        self.session.add(
            SyncConflict(
                id=conflict_id,
                table_name=table_name,
                record_id=record_id,
                kind=kind,
                held=row or {},
                held_vector=vector,
                held_origin=origin[:80],
                detected_at=utcnow(),
                settled_by="",
                resolution="",
            )
        )
        self.session.add(
            _audit(self.session, CONFLICTS_TABLE, conflict_id, "conflict", {"record": [None, str(record_id)]})
        )
        self.summary.conflicts += 1
        self.summary.conflict_ids.append(str(conflict_id))

    def _stamp(self, key: Key, vector: dict[str, int], origin: str) -> None:
        self.touched[key] = vector
        clock = self.versions.clocks.get(key)
        old = dict(clock.vector) if clock is not None else {}
        if clock is None:
            clock = SyncClock(table_name=key[0], record_id=key[1], vector=vector, seen_seq=0, origin=origin[:80])
            self.session.add(clock)
            self.versions.clocks[key] = clock
        else:
            clock.vector = vector
            clock.origin = origin[:80]
        # Written so an export from here relays the merged version even when the row itself did not change.
        self.session.add(_audit(self.session, key[0], key[1], "sync", {"vector": [old, vector]}))

    def merge_conflicts(self) -> None:
        for row in self.package.conflicts:
            values = _conflict_values(row)
            local = self.session.get(SyncConflict, values["id"])
            if local is None:
                self.session.add(SyncConflict(**values))
                self.session.add(_audit(self.session, CONFLICTS_TABLE, values["id"], "conflict", {}))
                self.summary.conflicts_received += 1
                continue
            if values["settled_at"] is None:
                continue
            theirs = (values["settled_at"], values["resolution"], values["settled_by"])
            mine = (local.settled_at, local.resolution, local.settled_by)
            # Settled on both sides: both keep the earlier settlement, so they agree.
            if local.settled_at is None or theirs < mine:
                local.settled_at, local.resolution, local.settled_by = theirs
                self.session.add(_audit(self.session, CONFLICTS_TABLE, local.id, "settle", {}))

    def finish(self) -> None:
        self.session.flush()
        # Everything written by this merge is counted in the vectors; later audit entries are local edits.
        last = _last_seqs(self.session, [record_id for _, record_id in self.touched])
        for key in self.touched:
            self.versions.clocks[key].seen_seq = last.get(key, 0)
        from carematch.core.assignments import reconcile_provider

        for model, provider_id in self.providers:
            provider = self.session.get(model, provider_id)
            if provider is not None:
                self.summary.flagged += len(reconcile_provider(self.session, provider))  # type: ignore[arg-type]
        self.session.flush()


def _audit(session: Session, table_name: str, record_id: uuid.UUID, action: str, changes: dict[str, Any]) -> AuditEntry:
    from carematch.core.audit import ACTOR_KEY

    actor = str(session.info.get(ACTOR_KEY, ""))[:40]
    return AuditEntry(actor=actor, table_name=table_name, record_id=record_id, action=action, changes=changes)


def _conflict_values(row: dict[str, Any]) -> dict[str, Any]:
    def when(value: Any) -> dt.datetime | None:
        return None if value in (None, "") else dt.datetime.fromisoformat(str(value))

    return {
        "id": uuid.UUID(str(row["id"])),
        "table_name": str(row["table_name"]),
        "record_id": uuid.UUID(str(row["record_id"])),
        "kind": str(row["kind"]),
        "held": dict(row["held"]),
        "held_vector": {str(k): int(v) for k, v in dict(row["held_vector"]).items()},
        "held_origin": str(row.get("held_origin", ""))[:80],
        "detected_at": when(row.get("detected_at")) or utcnow(),
        "settled_at": when(row.get("settled_at")),
        "settled_by": str(row.get("settled_by", ""))[:40],
        "resolution": str(row.get("resolution", ""))[:20],
    }


# --- status -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerStatus:
    database_id: str
    name: str
    received_upto: int
    acked_upto: int
    last_import_at: dt.datetime | None


@dataclass(frozen=True)
class SyncStatus:
    database_id: str
    name: str
    last_seq: int
    default_since: int
    open_conflicts: int
    peers: list[PeerStatus]


def status(session: Session) -> SyncStatus:
    peers = [
        PeerStatus(str(p.database_id), p.name, p.received_upto, p.acked_upto, p.last_import_at)
        for p in session.scalars(select(SyncPeer).order_by(SyncPeer.name))
    ]
    open_count = session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.settled_at.is_(None)))
    return SyncStatus(
        database_id=database_identity(session),
        name=database_name(session),
        last_seq=int(session.scalar(select(func.max(AuditEntry.seq))) or 0),
        default_since=default_since(session),
        open_conflicts=int(open_count or 0),
        peers=peers,
    )
