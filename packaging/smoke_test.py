"""Smoke test of the built program, run from outside the source tree as a station PC would.

    .venv/bin/python packaging/smoke_test.py dist/CareMatch-<version>-linux-x86_64.tar.gz

Unpacks the archive into a temporary folder, hides the source tree and the development Python
from it, and checks: every subcommand is there; `demo` creates the database in the user's data
folder; `report --json` counts it; `match --auto`, `print cards|sheets|report` (read back),
`export` and `import` (round trip), `search`, `backup` and `restore`, `sync export` and `check`
work; an older database is backed up and migrated; the window starts offscreen and keeps running.
Prints the sizes and fails when either is over its goal.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from build import ARCHIVE_GOAL_MB, UNPACKED_GOAL_MB, folder_size  # packaging/, beside this script

ROOT = Path(__file__).resolve().parent.parent


class Bundle:
    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        # A station PC: no Python of ours, no source tree, a user's own home and data folder.
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.folder / "carematch"), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.folder.parent,
            timeout=timeout,
        )

    def check(self, *args: str) -> str:
        result = self.run(*args)
        if result.returncode != 0:
            raise SystemExit(f"FAILED: carematch {' '.join(args)} (exit {result.returncode})\n{result.stderr}")
        return result.stdout


def pdf_text(pdf: Path) -> str:
    """The PDF's text as poppler reads it (poppler-utils is installed by scripts/dev.sh)."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def older_database(path: Path) -> None:
    """A database at the first schema revision, made with the source tree's Alembic."""
    script = (
        "import sys; from alembic import command; from sqlalchemy import create_engine;"
        "from carematch.core.db import alembic_config;"
        "engine = create_engine('sqlite:///' + sys.argv[1]); config = alembic_config(engine);"
        "command.upgrade(config, '0001')"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)


def main() -> int:
    archive = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="carematch-smoke-") as temp:
        place = Path(temp)
        with tarfile.open(archive) as tar:
            tar.extractall(place, filter="tar")
        bundle = Bundle(place / "CareMatch", place / "home")

        help_text = bundle.check("--help")
        for command in ("demo", "report", "backup", "restore", "check", "import", "export", "match", "print", "sync"):
            assert command in help_text, f"subcommand {command} missing from the bundle:\n{help_text}"

        bundle.check("demo", "--residents", "300")
        data_file = place / "home" / ".local" / "share" / "CareMatch" / "carematch.sqlite"
        assert data_file.exists(), "demo did not create the database in the user's data folder"
        counts = json.loads(bundle.check("report", "--json"))["counts"]
        assert counts["residents"] == 300 and counts["townships"] == 9, counts
        proposals = json.loads(bundle.check("match", "--auto", "--confirm", "--json"))
        assert proposals["assignments"], "matching proposed nothing on the demo county"
        # Cards, sheets (visit routes: OR-Tools routing) and the report (site planning: CP-SAT, and
        # charts): each read back, so a font or solver left out of the bundle shows here.
        for kind, words in (("cards", "爱心卡"), ("sheets", "派单表"), ("report", "统计报告")):
            pdf = place / f"{kind}.pdf"
            bundle.check("print", kind, "--out", str(pdf))
            size = pdf.stat().st_size
            assert pdf.read_bytes().startswith(b"%PDF") and size > 10_000, f"{kind}.pdf: not a PDF or empty ({size} B)"
            text = pdf_text(pdf)
            assert words in text, f"{kind}.pdf does not read back {words!r} (font missing?):\n{text[:400]}"

        template = place / "residents.xlsx"
        bundle.check("export", "residents", str(template))
        verdicts = json.loads(bundle.check("import", "residents", str(template), "--json"))
        assert verdicts["rows"] == 300 and verdicts["unchanged"] == 300, f"re-importing the export: {verdicts}"
        found = json.loads(bundle.check("search", "王", "--json"))
        assert found["total"] > 0, "search for 王 found nobody in the demo county"
        backup = place / "backup.sqlite"
        bundle.check("backup", str(backup))
        assert "300" in bundle.check("restore", str(backup)), "restore did not report the 300 residents"
        changes = place / "changes.zip"
        bundle.check("sync", "export", str(changes))
        assert changes.stat().st_size > 1_000, "sync export wrote an empty file"
        bundle.check("check")

        old = place / "old.sqlite"
        older_database(old)
        bundle.check("--db", str(old), "report", "--json")
        assert (place / "old.before-migration-0001.sqlite").exists(), "the older database was not backed up"
        with sqlite3.connect(old) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision != "0001", "the older database was not migrated"

        try:
            window = bundle.run(timeout=10)
        except subprocess.TimeoutExpired:
            pass  # still running after 10 s: the window is up
        else:
            raise SystemExit(f"FAILED: the window exited (status {window.returncode})\n{window.stderr}")

        unpacked_mb, archive_mb = folder_size(bundle.folder) / 1e6, archive.stat().st_size / 1e6
        print(f"folder  {unpacked_mb:.1f} MB unpacked (goal < {UNPACKED_GOAL_MB} MB)")
        print(f"archive {archive_mb:.1f} MB (goal < {ARCHIVE_GOAL_MB} MB)")
        if unpacked_mb >= UNPACKED_GOAL_MB or archive_mb >= ARCHIVE_GOAL_MB:
            raise SystemExit("FAILED: the bundle is over its size goal (see docs/packaging.md, Size)")
        print(f"bundle smoke test passed: {bundle.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
