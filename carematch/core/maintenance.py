"""Backup, restore and integrity check of a CareMatch database."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.db import SQLITE_MAGIC, Store, is_known_revision, sqlite_backup
from carematch.core.errors import Message, UserInputError, msg
from carematch.core.models import REGISTRY_MODELS, Resident
from carematch.core.sync import renew_identity
from carematch.core.validation import mask_citizen_id, parse_citizen_id


def _require_sqlite(store: Store) -> Path:
    path = store.file
    if path is None:
        raise UserInputError(
            msg(
                "服务器数据库请用 sync export 导出；backup/restore 用于本机 SQLite 数据库",
                "For a server database use `sync export`; backup/restore work on a local SQLite database",
            )
        )
    return path


def backup(store: Store, target: Path) -> Path:
    """A consistent copy of the open database (SQLite online backup), checked before it is kept."""
    source = _require_sqlite(store)
    if target.exists() and target.is_dir():
        target = target / f"carematch-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
    sqlite_backup(source, target)
    problems = integrity_problems(target)
    if problems:
        target.unlink(missing_ok=True)
        raise UserInputError(msg("备份文件检查未通过：{p}", "The backup failed its check: {p}", p="; ".join(problems)))
    return target


def integrity_problems(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in connection.execute("PRAGMA foreign_key_check").fetchall()]
    connection.close()
    return problems


@dataclass(frozen=True)
class BackupInfo:
    revision: str
    counts: dict[str, int]


def inspect_backup(path: Path) -> BackupInfo:
    """Refuses anything that is not a sound CareMatch database this program can open."""
    refuse = UserInputError(
        msg(
            "“{f}”不是有效的 CareMatch 数据库备份，未作任何改动",
            "“{f}” is not a sound CareMatch database backup; nothing was changed",
            f=path.name,
        )
    )
    try:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                raise refuse
    except OSError:
        raise UserInputError(msg("无法读取文件“{f}”", "Cannot read the file “{f}”", f=str(path))) from None
    try:
        if integrity_problems(path):
            raise refuse
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            counts = {
                model.__tablename__: connection.execute(f"SELECT count(*) FROM {model.__tablename__}").fetchone()[0]
                for model in REGISTRY_MODELS
            }
        connection.close()
    except sqlite3.Error:
        raise refuse from None
    if not is_known_revision(revision):
        raise UserInputError(
            msg(
                "备份来自更新版本的程序（数据库版本 {rev}），请先升级 CareMatch",
                "The backup comes from a newer program (schema {rev}); update CareMatch first",
                rev=revision,
            )
        )
    return BackupInfo(revision=revision, counts=counts)


def restore(store_url: str, source: Path, safety_dir: Path | None = None) -> tuple[BackupInfo, Path | None]:
    """Replace the database with a backup; the database it replaces is kept beside it first."""
    info = inspect_backup(source)
    store = Store(store_url, migrate_schema=False)
    try:
        target = _require_sqlite(store)
    finally:
        store.close()
    kept = None
    if target.exists():
        folder = safety_dir or target.parent
        kept = folder / f"{target.stem}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
        sqlite_backup(target, kept)
    partial = target.with_name(target.name + ".restoring")
    sqlite_backup(source, partial)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.move(partial, target)
    with Store(store_url) as restored, restored.unit_of_work(actor="restore") as session:  # migrates an older backup
        # An older copy would hand out change numbers its identity already used in files other
        # databases have received; under a new identity its new changes cannot be taken for those.
        renew_identity(session)
    return info, kept


def check(store: Store) -> list[str]:
    """Problems found in the database; an empty list means it is sound."""
    path = store.file
    problems = integrity_problems(path) if path is not None else []
    if not problems:
        with store.reading() as session:
            problems += registry_problems(session)
    return problems


def gazetteer_warnings(session: Session) -> list[Message]:
    """What in the gazetteer will make placing records go wrong (misspelt or centreless places, a
    village far from its township, names two townships share...): for a clerk to fix, not damage.
    Each names the place it is about first ("【练市镇新华村】…")."""
    from carematch.core.geo.gazetteer import Gazetteer
    from carematch.core.geo.review import review_gazetteer

    return [
        msg(
            "【{place}】{what_zh}",
            "[{place}] {what_en}",
            place=finding.township + finding.village,
            what_zh=finding.message.text("zh"),
            what_en=finding.message.text("en"),
        )
        for finding in review_gazetteer(Gazetteer.load(session))
    ]


def check_with_warnings(store: Store) -> tuple[list[str], list[Message]]:
    """`check`'s problems (damage: they decide the exit status), and the gazetteer's warnings."""
    problems = check(store)
    if problems:  # a damaged database is not read further
        return problems, []
    with store.reading() as session:
        return problems, gazetteer_warnings(session)


def registry_problems(session: Session) -> list[str]:
    """Residents whose stored birth date, sex or search key disagree with their citizen ID (possible
    only after edits outside the program): the registry and its search rely on them agreeing."""
    problems = []
    rows = session.execute(
        select(Resident.citizen_id, Resident.birth_date, Resident.sex, Resident.id_tail).where(
            Resident.deleted_at.is_(None)
        )
    )
    for number, birth, sex, tail in rows:
        label = mask_citizen_id(number)
        try:
            person = parse_citizen_id(number)
        except UserInputError as error:
            problems.append(f"老年人 {label}：{error.text('zh')} / {error.text('en')}")
            continue
        if person.birth_date != birth or person.sex != sex:
            problems.append(f"老年人 {label}：出生日期或性别与身份证号不一致 / birth date or sex disagrees with the ID")
        if tail != number[-4:]:
            problems.append(f"老年人 {label}：搜索索引（身份证后4位）过期 / stale ID-tail search key")
    return problems
