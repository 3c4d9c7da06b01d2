"""Offline sync between stations (SQLite files) and the county server (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from carematch.core import assignments, sync
from carematch.core.db import Store, sqlite_backup
from carematch.core.enums import AssignmentStatus, NeedKind, Sex
from carematch.core.errors import UserInputError
from carematch.core.models import REGISTRY_MODELS, AuditEntry, MealPoint, Resident, SyncConflict, SyncPeer, utcnow
from carematch.core.sync import rows
from carematch.core.sync.vectors import Order, compare, merge


def add_resident(store: Store, citizen_id: str, name: str = "王秀英", **values: Any) -> Resident:
    with store.unit_of_work(actor="录入员") as session:
        resident = Resident(citizen_id=citizen_id, name=name, sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3), **values)
        session.add(resident)
    return resident


def edit_resident(store: Store, citizen_id: str, **values: Any) -> None:
    with store.unit_of_work(actor="录入员") as session:
        resident = session.scalars(select(Resident).where(Resident.citizen_id == citizen_id)).one()
        for key, value in values.items():
            setattr(resident, key, value)


def exchange(source: Store, target: Store, folder: Path, name: str) -> sync.ImportSummary:
    path = folder / f"{name}.zip"
    with source.unit_of_work() as session:
        sync.export_changes(session, path)
    return sync.import_file(target, path)


def registry(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Everything a record says, per table, as each database should agree on it after sync."""
    with store.reading() as session:
        return {
            model.__tablename__: sorted(
                (rows.to_row(record) for record in session.scalars(select(model))), key=lambda row: row["id"]
            )
            for model in REGISTRY_MODELS
        }


def held(store: Store) -> dict[str, tuple[dict[str, Any], bool]]:
    with store.reading() as session:
        return {str(c.id): (c.held, c.settled_at is not None) for c in session.scalars(select(SyncConflict))}


def last_seq(store: Store) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


@pytest.fixture
def station_a(tmp_path: Path) -> Store:
    with Store(f"sqlite:///{tmp_path / 'station-a.sqlite'}") as opened:
        yield opened  # type: ignore[misc]


@pytest.fixture
def station_b(tmp_path: Path) -> Store:
    with Store(f"sqlite:///{tmp_path / 'station-b.sqlite'}") as opened:
        yield opened  # type: ignore[misc]


def test_vectors_order_and_merge() -> None:
    assert compare({"a": 1}, {"a": 1}) is Order.EQUAL
    assert compare({"a": 1}, {"a": 2}) is Order.BEFORE
    assert compare({"a": 2, "b": 1}, {"a": 2}) is Order.AFTER
    assert compare({"a": 2}, {"b": 1}) is Order.CONCURRENT
    assert merge({"a": 2, "b": 1}, {"b": 3, "c": 1}) == {"a": 2, "b": 3, "c": 1}


def test_a_station_change_reaches_the_county_and_the_same_file_twice_changes_nothing(
    store: Store, station_a: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027", phone="13800000001")
    first = exchange(station_a, store, tmp_path, "a1")
    assert (first.applied, first.conflicts) == (1, 0)
    assert registry(store) == registry(station_a)
    before, seq = registry(store), last_seq(store)
    again = sync.import_file(store, tmp_path / "a1.zip")
    assert (again.applied, again.unchanged, again.conflicts) == (0, 1, 0)
    assert registry(store) == before and last_seq(store) == seq


def test_the_county_confirms_receipt_so_the_next_export_carries_only_new_changes(
    store: Store, station_a: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027")
    exchange(station_a, store, tmp_path, "a1")
    exchange(store, station_a, tmp_path, "county1")
    with station_a.reading() as session:
        assert sync.status(session).default_since == last_seq(station_a)
    add_resident(station_a, "330503194108120011", name="李建国")
    with station_a.unit_of_work() as session:
        summary = sync.export_changes(session, tmp_path / "a2.zip")
    assert summary.records == 1


def test_changes_made_in_two_places_keep_one_version_and_hold_the_other(
    store: Store, station_a: Store, station_b: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027", phone="13800000000")
    exchange(station_a, store, tmp_path, "a1")
    exchange(store, station_b, tmp_path, "county1")
    edit_resident(station_a, "330503194005030027", phone="13800000001")
    edit_resident(station_b, "330503194005030027", phone="13800000002")
    exchange(station_a, store, tmp_path, "a2")
    found = exchange(station_b, store, tmp_path, "b2")
    assert found.conflicts == 1
    for _ in range(2):
        for station in (station_a, station_b):
            exchange(store, station, tmp_path, "county2")
            exchange(station, store, tmp_path, "back")
    assert registry(station_a) == registry(store) == registry(station_b)
    assert held(station_a).keys() == held(store).keys() == held(station_b).keys()
    (conflict,) = held(store).values()
    with store.reading() as session:
        shown = session.scalars(select(Resident.phone)).one()
    assert {shown, conflict[0]["phone"]} == {"13800000001", "13800000002"}

    with store.reading() as session:
        (view,) = sync.open_conflicts(session)
    assert view.differing == ["phone"] and view.current is not None
    with store.unit_of_work(actor="县民政局") as session:
        sync.settle(session, view.id[:8], "held", "县民政局")
    for station in (station_a, station_b):
        exchange(store, station, tmp_path, "settled")
    for database in (store, station_a, station_b):
        with database.reading() as session:
            assert sync.open_conflicts(session) == []
            assert session.scalars(select(Resident.phone)).one() == conflict[0]["phone"]


def test_the_same_change_made_in_two_places_is_not_a_conflict(store: Store, station_a: Store, tmp_path: Path) -> None:
    add_resident(station_a, "330503194005030027")
    exchange(station_a, store, tmp_path, "a1")
    edit_resident(station_a, "330503194005030027", phone="13800000009")
    with store.unit_of_work() as session:
        session.scalars(select(Resident)).one().phone = "13800000009"
    merged = exchange(station_a, store, tmp_path, "a2")
    assert (merged.merged, merged.conflicts) == (1, 0)


def test_a_deletion_travels_as_a_tombstone(store: Store, station_a: Store, station_b: Store, tmp_path: Path) -> None:
    add_resident(station_a, "330503194005030027")
    exchange(station_a, store, tmp_path, "a1")
    exchange(store, station_b, tmp_path, "county1")
    edit_resident(station_b, "330503194005030027", deleted_at=utcnow())
    exchange(station_b, store, tmp_path, "b1")
    exchange(store, station_a, tmp_path, "county2")
    for database in (store, station_a):
        with database.reading() as session:
            assert session.scalars(select(Resident)).one().deleted_at is not None


def test_a_corrupt_or_foreign_file_is_refused_without_touching_the_database(
    store: Store, station_a: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027")
    good = tmp_path / "a1.zip"
    with station_a.unit_of_work() as session:
        sync.export_changes(session, good)
    with zipfile.ZipFile(good) as archive:
        manifest, payload = archive.read("manifest.json"), archive.read("payload.json")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.writestr("payload.json", payload.replace("王秀英".encode(), "王秀芳".encode()))
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
        archive.writestr("payload.json", "{}")
    text = tmp_path / "notes.zip"
    text.write_text("not a zip at all", encoding="utf-8")
    before, seq = registry(store), last_seq(store)
    reasons = {}
    for bad in (tampered, truncated, foreign, text):
        with pytest.raises(UserInputError) as refused:
            sync.import_file(store, bad)
        reasons[bad.name] = refused.value.text("zh")
    assert "校验和" in reasons["tampered.zip"]
    assert "不是 CareMatch 同步文件" in reasons["foreign.zip"]
    assert all("未作任何改动" in reason for reason in reasons.values())
    with pytest.raises(UserInputError, match="本数据库自己导出"):
        sync.import_file(station_a, good)
    assert registry(store) == before and last_seq(store) == seq
    with store.reading() as session:
        assert session.scalars(select(SyncPeer)).all() == []


def test_a_record_whose_parent_comes_in_an_earlier_file_waits_for_it(
    store: Store, station_a: Store, tmp_path: Path
) -> None:
    resident = add_resident(station_a, "330503194005030027", need_meal=True)
    with station_a.unit_of_work() as session:
        session.add(MealPoint(code="ZC1", name="南浔食堂", daily_capacity=5))
    cut = last_seq(station_a)
    with station_a.unit_of_work(actor="站长") as session:
        point = session.scalars(select(MealPoint)).one()
        assignments.propose(session, session.get_one(Resident, resident.id), NeedKind.MEAL, point, actor="站长")
    with station_a.unit_of_work() as session:
        sync.export_changes(session, tmp_path / "late.zip", since=cut)
    waited = sync.import_file(store, tmp_path / "late.zip")
    assert (waited.waiting, waited.applied) == (1, 0)
    with store.reading() as session:
        assert session.scalars(select(SyncPeer.received_upto)).one() == 0
    with station_a.unit_of_work() as session:
        sync.export_changes(session, tmp_path / "full.zip", since=0)
    complete = sync.import_file(store, tmp_path / "full.zip")
    assert complete.waiting == 0 and registry(store) == registry(station_a)


def test_a_person_registered_at_two_stations_is_held_as_a_duplicate(
    store: Store, station_a: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027", name="王秀英")
    add_resident(store, "330503194005030027", name="王秀英", phone="13800000003")
    summary = exchange(station_a, store, tmp_path, "a1")
    assert summary.duplicates == 1
    with store.reading() as session:
        (view,) = sync.open_conflicts(session)
        assert session.scalar(select(func.count()).select_from(Resident)) == 1
    assert view.kind == "duplicate" and view.current is not None and view.held["name"] == "王秀英"
    with pytest.raises(UserInputError, match="手工合并"), store.unit_of_work() as session:
        sync.settle(session, view.id, "held", "县民政局")


def test_assignments_that_overfill_a_provider_after_a_merge_are_flagged_not_dropped(
    store: Store, station_a: Store, station_b: Store, tmp_path: Path
) -> None:
    with station_a.unit_of_work() as session:
        session.add(MealPoint(code="ZC1", name="南浔食堂", daily_capacity=1))
    exchange(station_a, station_b, tmp_path, "a0")
    add_resident(station_a, "330503194005030027", need_meal=True)
    add_resident(station_b, "330503194108120011", name="李建国", need_meal=True)
    for station in (station_a, station_b):
        with station.unit_of_work(actor="站长") as session:
            point = session.scalars(select(MealPoint)).one()
            resident = session.scalars(select(Resident)).all()[-1]
            assignments.confirm(
                session, assignments.propose(session, resident, NeedKind.MEAL, point, actor="站长"), "站长"
            )
    exchange(station_a, store, tmp_path, "a1")
    merged = exchange(station_b, store, tmp_path, "b1")
    assert merged.flagged == 1
    with store.reading() as session:
        held_places = session.scalars(select(assignments.Assignment)).all()
    assert len(held_places) == 2
    assert all(a.status is AssignmentStatus.CONFIRMED for a in held_places)
    assert sorted(a.needs_rematch for a in held_places) == [False, True]


def test_two_databases_finding_the_same_conflict_on_their_own_pick_the_same_version(
    station_a: Store, station_b: Store, tmp_path: Path
) -> None:
    add_resident(station_a, "330503194005030027")
    exchange(station_a, station_b, tmp_path, "a1")
    edit_resident(station_a, "330503194005030027", phone="13800000001", notes="甲站")
    edit_resident(station_b, "330503194005030027", phone="13800000002")
    a_file, b_file = tmp_path / "a2.zip", tmp_path / "b2.zip"
    for source, path in ((station_a, a_file), (station_b, b_file)):
        with source.unit_of_work() as session:
            sync.export_changes(session, path)
    assert sync.import_file(station_a, b_file).conflicts == 1
    assert sync.import_file(station_b, a_file).conflicts == 1
    assert registry(station_a) == registry(station_b)
    assert held(station_a) == held(station_b)


def test_a_station_restored_from_an_older_copy_takes_a_new_identity_and_loses_no_later_edit(
    store: Store, tmp_path: Path
) -> None:
    station_file = tmp_path / "station.sqlite"
    with Store(f"sqlite:///{station_file}") as station:
        add_resident(station, "330503194005030027")
        with station.unit_of_work() as session:
            old_identity = sync.database_identity(session)
        sqlite_backup(station_file, tmp_path / "older-copy.sqlite")
        for phone in ("13800000001", "13800000002", "13800000003"):
            edit_resident(station, "330503194005030027", phone=phone)
        exchange(station, store, tmp_path, "before-restore")
    exchange_file = tmp_path / "county.zip"
    with store.unit_of_work() as session:
        sync.export_changes(session, exchange_file)
    sqlite_backup(tmp_path / "older-copy.sqlite", station_file)
    with Store(f"sqlite:///{station_file}") as restored:
        sync.import_file(restored, exchange_file)
        with restored.reading() as session:
            assert sync.database_identity(session) != old_identity
        edit_resident(restored, "330503194005030027", phone="13900000009")
        assert exchange(restored, store, tmp_path, "after-restore").applied == 1
    with store.reading() as session:
        assert session.scalars(select(Resident.phone)).one() == "13900000009"


def test_on_the_server_an_import_waits_for_a_clerk_saving_at_that_moment_and_then_sees_the_edit(
    pg_url: str, station_a: Store, tmp_path: Path
) -> None:
    """The clerk's change, committed while the import runs, is counted as a local edit: a conflict, not lost."""
    import threading

    with Store(pg_url) as county:
        add_resident(station_a, "330503194005030027")
        exchange(station_a, county, tmp_path, "a1")
        edit_resident(station_a, "330503194005030027", phone="13800000001")
        with station_a.unit_of_work() as session:
            sync.export_changes(session, tmp_path / "a2.zip")
        outcome: list[sync.ImportSummary] = []
        importer = threading.Thread(target=lambda: outcome.append(sync.import_file(county, tmp_path / "a2.zip")))
        with county.unit_of_work(actor="县里录入员") as session:
            session.scalars(select(Resident)).one().phone = "13800000002"
            session.flush()  # the clerk's audit entry is written but not committed yet
            importer.start()
            importer.join(1.0)
            assert importer.is_alive(), "the import waits for the clerk's transaction"
        importer.join(20)
        assert len(outcome) == 1 and outcome[0].conflicts == 1
        assert {held_version["phone"] for held_version, _ in held(county).values()} | {county_phone(county)} == {
            "13800000001",
            "13800000002",
        }


def county_phone(store: Store) -> str:
    with store.reading() as session:
        return session.scalars(select(Resident.phone)).one()
