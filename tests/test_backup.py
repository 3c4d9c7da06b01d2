"""Daily automatic backups: one a day, integrity-checked, the last 14 kept, restorable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from carematch.cli.main import main
from carematch.core import backups
from carematch.core.db import Store
from carematch.core.maintenance import integrity_problems
from carematch.core.models import Resident


def test_one_backup_a_day_and_only_the_last_14_kept(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite"
    assert main(["--db", str(db), "demo", "--residents", "10"]) == 0
    with Store(str(db)) as store:
        first = backups.daily_backup(store, today=dt.date(2026, 3, 1))
        assert first is not None and first.parent == tmp_path / "backups"
        assert integrity_problems(first) == []
        assert backups.daily_backup(store, today=dt.date(2026, 3, 1)) is None
        for day in range(2, 21):
            assert backups.daily_backup(store, today=dt.date(2026, 3, day)) is not None
        kept = backups.list_backups(store)
    assert len(kept) == backups.KEPT == 14
    assert kept[0].day == dt.date(2026, 3, 20) and kept[-1].day == dt.date(2026, 3, 7)
    assert not first.exists()


def test_restore_latest_brings_back_the_newest_backup(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite"
    assert main(["--db", str(db), "demo", "--residents", "10"]) == 0
    with Store(str(db)) as store:
        backups.daily_backup(store)
        with store.unit_of_work() as session:
            for resident in session.scalars(select(Resident)).all()[:4]:
                session.delete(resident)
    assert main(["--db", str(db), "restore", "--latest"]) == 0
    with Store(str(db)) as store, store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 10
    assert list(tmp_path.glob("station.before-restore-*.sqlite"))


def test_a_database_file_that_is_gone_makes_no_backup(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'new.sqlite'}") as store:
        (tmp_path / "new.sqlite").unlink()
        assert backups.daily_backup(store) is None
        assert backups.list_backups(store) == []


def test_check_finds_residents_whose_stored_values_disagree_with_their_id(tmp_path: Path) -> None:
    from sqlalchemy import text

    from carematch.core.maintenance import check

    db = tmp_path / "station.sqlite"
    assert main(["--db", str(db), "demo", "--residents", "10"]) == 0
    with Store(str(db)) as store:
        assert check(store) == []
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE residents SET id_tail = '0000' WHERE rowid = 1"))
        problems = check(store)
    assert len(problems) == 1 and "过期" in problems[0] and "*" in problems[0]


def test_a_restored_database_takes_a_new_sync_identity(tmp_path: Path) -> None:
    from carematch.core.maintenance import backup, restore
    from carematch.core.sync import database_identity

    url = f"sqlite:///{tmp_path / 'station.sqlite'}"
    with Store(url) as store:
        with store.unit_of_work() as session:
            before = database_identity(session)
        backup(store, tmp_path / "copy.sqlite")
    restore(url, tmp_path / "copy.sqlite")
    with Store(url) as store, store.unit_of_work() as session:
        assert database_identity(session) != before
