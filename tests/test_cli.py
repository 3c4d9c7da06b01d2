from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carematch.cli.main import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "carematch", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_demo_then_report_json_prints_the_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite")
    assert main(["--db", db, "demo", "--residents", "300", "--seed", "7"]) == 0
    capsys.readouterr()
    assert main(["report", "--json", "--db", db]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["residents"] == 300
    assert counts["townships"] == 9
    assert counts["villages"] >= 54
    assert counts["meal_points"] >= 40
    assert counts["care_centres"] >= 9
    assert counts["caregivers"] == 150


def test_the_same_seed_builds_the_same_county(tmp_path: Path) -> None:
    from sqlalchemy import select

    from carematch.core.db import Store
    from carematch.core.models import Resident

    people = []
    for name in ("a", "b"):
        db = str(tmp_path / f"{name}.sqlite")
        assert main(["--db", db, "demo", "--residents", "100", "--seed", "3"]) == 0
        with Store(db) as store, store.reading() as session:
            people.append([(r.citizen_id, r.name, r.lon) for r in session.scalars(select(Resident)).all()])
    assert people[0] == people[1]


def test_backup_then_restore_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "station.sqlite")
    assert main(["--db", db, "demo", "--residents", "50"]) == 0
    assert main(["--db", db, "backup", str(tmp_path / "copy.sqlite")]) == 0
    other = str(tmp_path / "restored.sqlite")
    assert main(["--db", other, "restore", str(tmp_path / "copy.sqlite")]) == 0
    capsys.readouterr()
    assert main(["--db", other, "report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["residents"] == 50
    assert main(["--db", other, "check"]) == 0


def test_restore_over_a_database_keeps_the_one_it_replaces(tmp_path: Path) -> None:
    source, target = str(tmp_path / "source.sqlite"), str(tmp_path / "target.sqlite")
    assert main(["--db", source, "demo", "--residents", "10"]) == 0
    assert main(["--db", source, "backup", str(tmp_path / "b.sqlite")]) == 0
    assert main(["--db", target, "demo", "--residents", "20"]) == 0
    assert main(["--db", target, "restore", str(tmp_path / "b.sqlite")]) == 0
    kept = list(tmp_path.glob("target.before-restore-*.sqlite"))
    assert len(kept) == 1


def test_restore_of_a_random_file_is_refused_with_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(os.urandom(4096))
    db = tmp_path / "station.sqlite"
    result = run_cli("--db", str(db), "restore", str(junk))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "不是有效的 CareMatch 数据库备份" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_with_2(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "x.sqlite"), "demo", "--residents", "many")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_demo_into_a_filled_database_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    assert main(["--db", db, "demo", "--residents", "5"]) == 0
    result = run_cli("--db", db, "demo", "--lang", "en")
    assert result.returncode == 1
    assert "already holds records" in result.stderr


def test_the_database_comes_from_the_environment(tmp_path: Path) -> None:
    env = dict(os.environ, CAREMATCH_DB=str(tmp_path / "env.sqlite"))
    assert run_cli("demo", "--residents", "5", env=env).returncode == 0
    assert (tmp_path / "env.sqlite").exists()


def test_the_core_and_command_line_never_load_qt(tmp_path: Path) -> None:
    script = f"""
import sys
import carematch.core.db, carematch.core.demo, carematch.core.report, carematch.core.maintenance
import carematch.core.validation, carematch.core.models
from carematch.cli.main import main
for module in list(sys.modules):
    if module.startswith("carematch.core."):
        __import__(module)
main(["--db", {str(tmp_path / "q.sqlite")!r}, "demo", "--residents", "5"])
main(["--db", {str(tmp_path / "q.sqlite")!r}, "report", "--json"])
import pkgutil, importlib, carematch.core
for info in pkgutil.walk_packages(carematch.core.__path__, "carematch.core."):
    importlib.import_module(info.name)
loaded = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "carematch.gui"))]
assert not loaded, loaded
print("no qt")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no qt" in result.stdout


def test_import_json_verdict_report_export_and_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook
    from registry_data import clerk_roster

    db = str(tmp_path / "station.sqlite")
    assert main(["--db", db, "demo", "--residents", "5"]) == 0
    assert main(["--db", db, "export", "gazetteer", str(tmp_path / "g.xlsx")]) == 0
    fresh = str(tmp_path / "fresh.sqlite")
    assert main(["--db", fresh, "import", "gazetteer", str(tmp_path / "g.xlsx")]) == 0
    from registry_data import add_gazetteer

    from carematch.core.db import Store

    with Store(fresh) as store:
        add_gazetteer(store)
    roster = tmp_path / "roster.xlsx"
    clerk_roster(roster)
    capsys.readouterr()
    report = tmp_path / "rejected.xlsx"
    assert main(["--db", fresh, "import", "residents", str(roster), "--json", "--report", str(report)]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["rows"], verdict["imported"], verdict["updated"]) == (21, 10, 0)
    assert [r["row"] for r in verdict["rejected"]] == [15, *range(16, 26)]
    assert all(r["errors"] for r in verdict["rejected"])
    assert load_workbook(report).worksheets[0].max_row == 12
    assert main(["--db", fresh, "import", "residents", str(roster), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 10)
    assert main(["--db", fresh, "search", "wxy", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in found["residents"]] == ["王秀英"]
    assert "*" in found["residents"][0]["citizen_id"] and len(found["residents"][0]["citizen_id"]) == 18
    assert main(["--db", fresh, "export", "residents", str(tmp_path / "r.csv")]) == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").count("\n") == 11


def test_import_of_a_bad_file_fails_with_one_line_and_a_bad_kind_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(1000))
    db = str(tmp_path / "x.sqlite")
    result = run_cli("--db", db, "import", "residents", str(junk))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert run_cli("--db", db, "import", "people", str(junk)).returncode == 2
    assert run_cli("--db", db, "backup").returncode == 2


def test_daily_backup_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "station.sqlite")
    assert main(["--db", db, "demo", "--residents", "5"]) == 0
    assert main(["--db", db, "backup", "--daily"]) == 0
    assert main(["--db", db, "backup", "--daily"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "backup", "--list"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
