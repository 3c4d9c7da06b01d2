from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select

from carematch.core.db import Store, current_revision, head_revision
from carematch.core.enums import Sex
from carematch.core.errors import ConflictError, UserInputError
from carematch.core.models import AuditEntry, Base, MealPoint, Resident, utcnow


def make_resident(name: str = "王秀英", citizen_id: str = "330503194005030027") -> Resident:
    return Resident(citizen_id=citizen_id, name=name, sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3))


def test_an_empty_file_is_migrated_to_head_and_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    store = Store(f"sqlite:///{path}")
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    store.close()
    assert diffs == []


def test_sqlite_runs_in_wal_with_foreign_keys(db_url: str) -> None:
    with Store(db_url) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_a_stale_update_is_refused_with_a_conflict(store: Store) -> None:
    with store.unit_of_work() as session:
        session.add(make_resident())
    with store.reading() as session:
        stale = session.scalars(select(Resident)).one()
        session.expunge(stale)
    with store.unit_of_work(actor="站点甲") as session:
        fresh = session.scalars(select(Resident)).one()
        fresh.phone = "13800000001"
    with pytest.raises(ConflictError) as error, store.unit_of_work(actor="站点乙") as session:
        mine = session.merge(stale, load=False)
        mine.phone = "13800000002"
    assert "别人修改" in error.value.text("zh")
    with store.reading() as session:
        kept = session.scalars(select(Resident)).one()
        assert (kept.phone, kept.version) == ("13800000001", 2)


def test_the_audit_trail_records_insert_update_and_soft_delete(store: Store) -> None:
    with store.unit_of_work(actor="张三") as session:
        resident = make_resident()
        session.add(resident)
    with store.unit_of_work(actor="李四") as session:
        record = session.get(Resident, resident.id)
        assert record is not None
        record.phone = "13912345678"
        record.name = "王秀芳"
    with store.unit_of_work(actor="李四") as session:
        record = session.get(Resident, resident.id)
        assert record is not None
        record.deleted_at = utcnow()
    with store.reading() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [(e.action, e.actor) for e in entries] == [("insert", "张三"), ("update", "李四"), ("delete", "李四")]
    assert entries[0].changes["name"] == [None, "王秀英"]
    assert entries[1].changes == {"phone": ["", "13912345678"], "name": ["王秀英", "王秀芳"]}
    assert entries[2].record_id == resident.id


def test_a_failed_unit_of_work_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        session.add(MealPoint(code="ZC1", name="食堂"))
        session.flush()
        raise RuntimeError("crash midway")
    with store.reading() as session:
        assert session.scalars(select(MealPoint)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


def test_pinyin_keys_follow_the_name(store: Store) -> None:
    with store.unit_of_work() as session:
        session.add(make_resident())
    with store.reading() as session:
        resident = session.scalars(select(Resident)).one()
        assert (resident.name_pinyin, resident.name_initials) == ("wangxiuying", "wxy")


def test_a_foreign_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    connection.close()
    with pytest.raises(UserInputError, match="不是 CareMatch"):
        Store(f"sqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        assert [r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master")] == ["accounts"]
    engine.dispose()


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    with pytest.raises(UserInputError, match="比本程序新"):
        Store(f"sqlite:///{path}")
