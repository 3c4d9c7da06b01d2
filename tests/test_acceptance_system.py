"""Acceptance: backup/restore/check, choosing the database, English messages, no Qt in subcommands (DESIGN §5)."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_acceptance_kit import CAREMATCH, County, build_county, citizen_id, cli_json, run_cli, write_csv

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("system"))


def residents_in(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from residents").fetchone()[0])


def one_line(stderr: str) -> None:
    assert stderr.strip() and "\n" not in stderr.strip() and "Traceback" not in stderr, stderr


def test_backup_restore_and_check(county: County, tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite"
    db.write_bytes(county.db.read_bytes())
    before = residents_in(db)
    backup = tmp_path / "备份" / "2026-11-24.sqlite"
    backup.parent.mkdir()
    done = run_cli(db, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert residents_in(backup) == before
    extra = tmp_path / "extra.csv"
    extra.write_text("身份证号,姓名,乡镇(街道),村(社区)\n330503194005032038,新来的,青山镇,东村\n", encoding="utf-8")
    assert cli_json(db, "import", "residents", str(extra))["imported"] == 1
    assert residents_in(db) == before + 1
    done = run_cli(db, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert residents_in(db) == before
    kept = [p for p in tmp_path.iterdir() if p.is_file() and p not in (db, extra) and p.suffix == ".sqlite"]
    assert any(residents_in(p) == before + 1 for p in kept), "the database before the restore is kept"
    done = run_cli(db, "check")
    assert done.returncode == 0, done.stderr


def test_restore_refuses_a_file_that_is_no_backup(county: County, tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite"
    db.write_bytes(county.db.read_bytes())
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database", encoding="utf-8")
    for target in (junk, tmp_path / "missing.sqlite"):
        done = run_cli(db, "restore", str(target))
        assert done.returncode == 1, done.stderr
        one_line(done.stderr)
    assert residents_in(db) == len(county.people)


def test_check_finds_a_damaged_database(county: County, tmp_path: Path) -> None:
    db = tmp_path / "damaged.sqlite"
    data = bytearray(county.db.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for offset in range(2 * page, len(data) - page, page):  # scribble over every page but the header page
        data[offset + 100 : offset + 400] = bytes(range(256)) + bytes(44)
    db.write_bytes(bytes(data))
    done = run_cli(db, "check")
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    one_line(done.stderr)


def test_db_option_wins_over_the_environment(county: County, tmp_path: Path) -> None:
    from_env = tmp_path / "env.sqlite"
    from_env.write_bytes(county.db.read_bytes())
    chosen = tmp_path / "chosen.sqlite"
    env = {"CAREMATCH_DB": str(from_env)}
    report = json.loads(run_cli(None, "report", "--json", env=env).stdout)
    assert report["counts"]["residents"] == len(county.people)
    extra = tmp_path / "one.csv"  # with its own coordinates: the chosen database has no gazetteer
    extra.write_text("身份证号,姓名,经度,纬度\n330503194005032038,新来的,120.3,30.7\n", encoding="utf-8")
    done = run_cli(chosen, "import", "residents", str(extra), env=env)
    assert done.returncode == 0, done.stderr
    assert residents_in(chosen) == 1 and residents_in(from_env) == len(county.people)
    url = f"sqlite:///{chosen}"
    assert json.loads(run_cli(url, "report", "--json").stdout)["counts"]["residents"] == 1


@pytest.mark.parametrize("what", ["folder", "spreadsheet"])
def test_unusable_database_path_is_one_line(tmp_path: Path, what: str) -> None:
    """A clerk passing a folder, or the roster itself, as --db gets a reason, and the file is left alone."""
    db = tmp_path / "a-folder"
    if what == "folder":
        db.mkdir()
    else:
        db = tmp_path / "花名册.xlsx"
        db.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    before = db.read_bytes() if db.is_file() else b""
    done = run_cli(db, "report", "--json")
    assert (db.read_bytes() if db.is_file() else b"") == before
    assert done.returncode == 1, (db, done.returncode, done.stderr)
    one_line(done.stderr)


def test_english_messages(county: County, tmp_path: Path) -> None:
    done = run_cli(tmp_path / "x.sqlite", "--lang", "en", "import", "residents", str(tmp_path / "missing.xlsx"))
    assert done.returncode == 1
    one_line(done.stderr)
    assert not CJK.search(done.stderr), done.stderr
    db = tmp_path / "en.sqlite"
    db.write_bytes(county.db.read_bytes())
    matched = cli_json(db, "--lang", "en", "match", "--auto", "--kind", "meal", "--as-of", "2026-06-15")
    assert matched["unassigned"]
    for item in matched["unassigned"]:
        assert item["reason"].strip() and not CJK.search(item["reason"]), item


NO_QT = """
import sys, json
from carematch.cli.main import main
calls = json.loads(sys.argv[1])
statuses = []
for argv in calls:
    try:
        statuses.append(main(argv))
    except SystemExit as stop:
        statuses.append(stop.code)
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))
print(json.dumps({"statuses": statuses, "qt": loaded}))
"""


def test_no_subcommand_loads_qt(county: County, tmp_path: Path) -> None:
    db = str(tmp_path / "noqt.sqlite")
    Path(db).write_bytes(county.db.read_bytes())
    out = str(tmp_path)
    calls: list[list[str]] = [
        ["--db", db, "import", "residents", str(county.folder / "老年人.xlsx"), "--json"],
        ["--db", db, "export", "residents", f"{out}/r.xlsx"],
        ["--db", db, "match", "--auto", "--confirm", "--json", "--as-of", "2026-06-15"],
        ["--db", db, "print", "cards", "--out", f"{out}/c.pdf"],
        ["--db", db, "print", "sheets", "--out", f"{out}/s.pdf"],
        ["--db", db, "print", "report", "--out", f"{out}/r.pdf"],
        ["--db", db, "report", "--json"],
        ["--db", db, "search", "王"],
        ["--db", db, "backup", f"{out}/b.sqlite"],
        ["--db", db, "check"],
        ["--db", db, "sync", "export", f"{out}/sync.zip"],
        ["--db", f"{out}/demo.sqlite", "demo", "--residents", "20"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", NO_QT, json.dumps(calls)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["statuses"] == [0] * len(calls), result["statuses"]
    assert result["qt"] == [], result["qt"]


def test_killed_import_leaves_the_database_as_before(county: County, tmp_path: Path) -> None:
    """DESIGN §3: one transaction per file — a kill midway leaves all rows or none, and a sound database."""
    rows = [
        [
            citizen_id(date(1930 + i % 30, 1 + i % 12, 1 + i % 28), i % 500, i % 2 == 0, f"3305{i // 500:02d}"),
            f"人{i}",
            "青山镇",
            "东村",
            "是",
            "否",
        ]
        for i in range(4000)
    ]
    big = write_csv(tmp_path / "big.csv", ["身份证号", "姓名", "乡镇(街道)", "村(社区)", "助餐", "送餐"], rows)
    before = len(county.people)
    outcomes = set()
    for delay in (0.8, 1.2, 1.6, 2.0):
        db = tmp_path / f"kill-{delay}.sqlite"
        db.write_bytes(county.db.read_bytes())
        env = {k: v for k, v in os.environ.items() if k != "CAREMATCH_DB"}
        process = subprocess.Popen(
            [CAREMATCH, "--db", str(db), "import", "residents", str(big)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            outcomes.add("killed")
        process.wait()
        assert residents_in(db) in (before, before + 4000), delay
        assert run_cli(db, "check").returncode == 0
    assert outcomes, "every import finished before the kill: nothing was tested"


@pytest.mark.parametrize(
    "argv",
    [["report", "--sites", "99"], ["demo", "--residents", "-5"]],
    ids=["report-sites", "demo-residents"],
)
def test_out_of_range_option_values_are_usage_errors(tmp_path: Path, argv: list[str]) -> None:
    """Like `report --dine-in-radius -1` and `match --as-of 2026-13-01`, which exit 2."""
    done = run_cli(tmp_path / f"{argv[0]}.sqlite", *argv)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    done = run_cli(tmp_path / "u.sqlite", "import", "people", "x.xlsx")
    assert done.returncode == 2
    one_line(done.stderr)
