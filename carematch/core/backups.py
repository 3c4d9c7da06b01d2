"""Automatic daily backups: one a day on first open (SQLite online backup, integrity-checked), the
last 14 kept in a `backups` folder beside the database, restorable from the window and the CLI."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from carematch.core.db import Store
from carematch.core.maintenance import BackupInfo, backup, restore

KEPT = 14
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    day: dt.date
    size: int


def backup_folder(store: Store) -> Path | None:
    """Where the automatic backups of this database go; None for a server database."""
    source = store.file
    return None if source is None else source.parent / "backups"


def daily_backup(store: Store, *, today: dt.date | None = None, folder: Path | None = None) -> Path | None:
    """Today's backup if there is none yet (the new file), else None. Older ones beyond 14 are removed."""
    source = store.file
    if source is None or not source.exists():
        return None
    folder = folder or source.parent / "backups"
    day = today or dt.date.today()
    target = folder / f"{source.stem}-{day:%Y%m%d}.sqlite"
    if target.exists():
        return None
    made = backup(store, target)
    prune(store, folder=folder)
    return made


def list_backups(store: Store, *, folder: Path | None = None) -> list[BackupFile]:
    """This database's automatic backups, newest first."""
    source = store.file
    folder = folder or backup_folder(store)
    if source is None or folder is None or not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != source.stem:
            continue
        try:
            day = dt.datetime.strptime(match["day"], "%Y%m%d").date()
        except ValueError:
            continue
        found.append(BackupFile(path, day, path.stat().st_size))
    return sorted(found, key=lambda b: b.day, reverse=True)


def prune(store: Store, *, keep: int = KEPT, folder: Path | None = None) -> list[Path]:
    removed = []
    for old in list_backups(store, folder=folder)[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def restore_latest(store_url: str, *, folder: Path | None = None) -> tuple[BackupFile, BackupInfo, Path | None]:
    """Restore the newest automatic backup (the database it replaces is kept beside it)."""
    from carematch.core.errors import UserInputError, msg

    with Store(store_url, migrate_schema=False) as store:
        backups = list_backups(store, folder=folder)
    if not backups:
        raise UserInputError(msg("还没有自动备份", "There is no automatic backup yet"))
    info, kept = restore(store_url, backups[0].path)
    return backups[0], info, kept
