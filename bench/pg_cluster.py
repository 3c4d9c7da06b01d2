"""A private, throw-away PostgreSQL cluster on loopback, for the tests and the benchmarks.

initdb into a temporary folder, `pg_ctl start` on a free loopback port with the socket in that
folder, and `stop()` removes it all. PostgreSQL refuses to run as root, so under root (as in CI)
the server runs as the `postgres` system user the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "apt-get install -y postgresql  (or: bash scripts/dev.sh test, which installs it)"
SUPERUSER = "carematch"


class PostgresMissing(RuntimeError):
    pass


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise PostgresMissing(f"PostgreSQL server programs (initdb, pg_ctl) not found; install them: {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    def __init__(self, *, max_connections: int = 100) -> None:
        self.bindir = find_bindir()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="carematch-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.max_connections = max_connections
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses root; the folder must belong to the user the server runs as.
            shutil.chown(self.root, user="postgres", group="postgres")
            self.root.chmod(0o700)
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._run_as, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stderr.strip()} {log}")

    def start(self) -> PrivateCluster:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-k {self.root} -h 127.0.0.1 -p {self.port} -c max_connections={self.max_connections}"
            # Throw-away data: durability is not what is measured or tested here.
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Runs one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True) as c:
            c.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
