"""Server mode: the same schema on PostgreSQL, two stations editing at once, every subcommand by URL."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from carematch.cli.main import main
from carematch.core.db import Store, current_revision, head_revision
from carematch.core.enums import Sex
from carematch.core.errors import ConflictError, UserInputError
from carematch.core.models import AuditEntry, Base, Resident


def make_resident(citizen_id: str = "330503194005030027") -> Resident:
    return Resident(citizen_id=citizen_id, name="王秀英", sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3))


def test_an_empty_server_database_is_migrated_to_head_and_matches_the_models(pg_empty_url: str) -> None:
    with Store(pg_empty_url) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.migration_backup is None and store.file is None
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


def test_a_plain_postgresql_url_uses_psycopg_3(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with Store(plain) as store:
        assert store.engine.dialect.driver == "psycopg"


def test_an_unreachable_server_is_one_clear_message() -> None:
    with pytest.raises(UserInputError, match="无法连接数据库服务器"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/carematch")


def test_two_stations_saving_the_same_record_the_later_one_gets_a_conflict(pg_url: str) -> None:
    with Store(pg_url) as station_a, Store(pg_url) as station_b:
        with station_a.unit_of_work(actor="甲站") as session:
            session.add(make_resident())
        with station_a.reading() as session:
            seen_by_a = session.scalars(select(Resident)).one()
        with station_b.reading() as session:
            seen_by_b = session.scalars(select(Resident)).one()
        with station_a.unit_of_work(actor="甲站") as session:
            session.merge(seen_by_a, load=False).phone = "13800000001"
        with pytest.raises(ConflictError), station_b.unit_of_work(actor="乙站") as session:
            session.merge(seen_by_b, load=False).phone = "13800000002"
        with station_b.reading() as session:
            kept = session.scalars(select(Resident)).one()
            audit = session.scalars(select(AuditEntry.actor).order_by(AuditEntry.seq)).all()
        assert (kept.phone, kept.version) == ("13800000001", 2)
        assert audit == ["甲站", "甲站"]


def test_a_write_racing_an_open_transaction_waits_then_conflicts(pg_url: str) -> None:
    """Station B's UPDATE blocks on A's row lock; after A commits it matches no row: a conflict, not a lost write."""
    with Store(pg_url) as station_a, Store(pg_url) as station_b:
        with station_a.unit_of_work() as session:
            session.add(make_resident())
        with station_b.reading() as session:
            seen_by_b = session.scalars(select(Resident)).one()
        a_flushed = threading.Event()
        b_outcome: list[BaseException | None] = []

        def station_b_saves() -> None:
            a_flushed.wait(10)
            try:
                with station_b.unit_of_work(actor="乙站") as session:
                    session.merge(seen_by_b, load=False).phone = "13800000002"
                b_outcome.append(None)
            except BaseException as error:
                b_outcome.append(error)

        writer = threading.Thread(target=station_b_saves)
        writer.start()
        with station_a.unit_of_work(actor="甲站") as session:
            session.scalars(select(Resident)).one().phone = "13800000001"
            session.flush()  # A holds the row lock from here until it commits
            a_flushed.set()
            writer.join(0.5)
            assert writer.is_alive(), "B must wait for A's transaction"
        writer.join(10)
        assert len(b_outcome) == 1 and isinstance(b_outcome[0], ConflictError)
        with station_a.reading() as session:
            assert session.scalars(select(Resident.phone)).one() == "13800000001"


def test_every_subcommand_takes_a_server_url(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", pg_url, "demo", "--residents", "30", "--seed", "3"]) == 0
    capsys.readouterr()
    assert main(["--db", pg_url, "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["residents"] == 30
    assert main(["--db", pg_url, "check"]) == 0


def test_backup_and_restore_say_plainly_they_are_for_sqlite(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store(pg_url).close()
    assert main(["--db", pg_url, "backup", str(tmp_path / "copy.sqlite")]) == 1
    assert "SQLite" in capsys.readouterr().err
    sqlite_copy = tmp_path / "station.sqlite"
    assert main(["--db", str(sqlite_copy), "backup", str(tmp_path / "station-backup.sqlite")]) == 0
    capsys.readouterr()
    assert main(["--db", pg_url, "restore", str(tmp_path / "station-backup.sqlite")]) == 1
    error = capsys.readouterr().err
    assert "SQLite" in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "copy.sqlite").exists()
