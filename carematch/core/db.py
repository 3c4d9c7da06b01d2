"""Opening a database, migrating it, and the one unit of work per use case.

Repositories and services receive a Session and never commit; `Store.unit_of_work()` is the
only place a transaction commits (or rolls back, leaving the database as it was).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from carematch.core import audit
from carematch.core.errors import ConflictError, UserInputError, msg
from carematch.core.paths import as_url, migrations_path

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def server_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean PostgreSQL through psycopg 3, the driver CareMatch ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SQLITE_MAGIC = b"SQLite format 3\x00"
_SHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".csv", ".ods", ".et")


def refuse_unusable_file(path: Path) -> None:
    """A folder, or an existing file that is not SQLite (the roster itself is an easy slip), is refused
    before SQLite opens it, so nothing is written to it."""
    if path.is_dir():
        raise UserInputError(
            msg(
                "“{f}”是一个文件夹，不是数据库文件；请用 --db 指定一个 .sqlite 文件",
                "“{f}” is a folder, not a database file; give a .sqlite file with --db",
                f=str(path),
            )
        )
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(16) == SQLITE_MAGIC:
            return
    if path.suffix.lower() in _SHEET_SUFFIXES:
        raise UserInputError(
            msg(
                "“{f}”是表格文件，不是数据库；要导入表格请用 carematch import",
                "“{f}” is a spreadsheet, not a database; to read it in, use carematch import",
                f=path.name,
            )
        )
    raise UserInputError(
        msg(
            "“{f}”不是 CareMatch 数据库文件，未作任何改动",
            "“{f}” is not a CareMatch database file; nothing was changed",
            f=path.name,
        )
    )


def make_engine(url: str) -> Engine:
    url = server_url(as_url(url))
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            refuse_unusable_file(Path(path))
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        try:
            import psycopg  # noqa: F401  (checked here so the clerk sees why, not a traceback)
        except ImportError:
            raise UserInputError(
                msg(
                    "连接 PostgreSQL 服务器需要 psycopg：pip install 'psycopg[binary]'",
                    "A PostgreSQL server needs psycopg: pip install 'psycopg[binary]'",
                )
            ) from None
        # The server's default READ COMMITTED: a concurrent UPDATE waits for the other station's
        # commit, then finds the version changed and matches no row, which is the conflict we report.
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    return create_engine(url, pool_pre_ping=True)


def is_server(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    return Path(database) if database and database != ":memory:" else None


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head; an older SQLite file is copied first. Returns that copy."""
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return None
    if current is None:
        if inspect(engine).get_table_names():
            raise UserInputError(
                msg(
                    "这个数据库不是 CareMatch 数据库（已有其他表），未作任何改动",
                    "This database is not a CareMatch database (it holds other tables); nothing was changed",
                )
            )
        _upgrade(engine, config)
        return None
    if not is_known_revision(current):
        raise UserInputError(
            msg(
                "数据库版本 {rev} 比本程序新，请升级 CareMatch 后再打开",
                "The database (schema {rev}) is newer than this program; update CareMatch to open it",
                rev=current,
            )
        )
    copy = None
    source = sqlite_file(engine)
    if source is not None and source.exists():
        folder = backup_dir or source.parent
        copy = folder / f"{source.stem}.before-migration-{current}.sqlite"
        sqlite_backup(source, copy)
    _upgrade(engine, config)
    return copy


def _upgrade(engine: Engine, config: Config) -> None:
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def sqlite_backup(source: Path, target: Path) -> None:
    """SQLite online backup: a consistent copy even while the program is writing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    shutil.move(partial, target)


def _is_connect_error(error: DBAPIError) -> bool:
    return isinstance(error, OperationalError) and type(error.orig).__name__ == "OperationalError"


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class Store:
    """An open CareMatch database."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = server_url(as_url(url))
        self.engine = make_engine(self.url)
        self.migration_backup: Path | None = None
        try:
            if migrate_schema:
                self.migration_backup = migrate(self.engine)
            elif is_server(self.engine):
                with self.engine.connect():
                    pass
        except DBAPIError as error:
            self.engine.dispose()
            if not is_server(self.engine):
                raise UserInputError(
                    msg(
                        "无法打开数据库“{f}”：{why}。文件可能已损坏，可用 carematch restore --latest 从自动备份恢复",
                        "Cannot open the database “{f}”: {why}. The file may be damaged; "
                        "carematch restore --latest brings back the newest automatic backup",
                        f=self.engine.url.database,
                        why=_first_line(error.orig),
                    )
                ) from None
            if not _is_connect_error(error):
                raise
            raise UserInputError(
                msg(
                    "无法连接数据库服务器 {where}：{why}",
                    "Cannot reach the database server {where}: {why}",
                    where=self.engine.url.render_as_string(hide_password=True),
                    why=_first_line(error.orig),
                )
            ) from None
        except BaseException:
            self.engine.dispose()
            raise
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(Session)

    @property
    def file(self) -> Path | None:
        return sqlite_file(self.engine)

    @contextmanager
    def unit_of_work(self, actor: str = "") -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        session.info[audit.ACTOR_KEY] = actor
        try:
            yield session
            session.commit()
        except StaleDataError:
            session.rollback()
            raise ConflictError(
                msg(
                    "这条记录已被别人修改过，您的修改没有保存。请重新打开后再改",
                    "Someone else changed this record since you opened it; your change was not saved. "
                    "Reopen it and change it again",
                )
            ) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing is committed. Loaded objects stay readable after."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
