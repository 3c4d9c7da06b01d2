"""Round trips through the command line: two SQLite stations and the county server, with a
conflict, a deletion and a corrupt file on the way."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from carematch.cli.main import main
from carematch.core.db import Store
from carematch.core.enums import Sex
from carematch.core.models import Resident, utcnow


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'county.sqlite'}"
    else:
        yield request.getfixturevalue("pg_url")


def cli(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def people(db: str) -> dict[str, tuple[str, bool]]:
    with Store(db) as store, store.reading() as session:
        return {r.citizen_id: (r.phone, r.deleted_at is not None) for r in session.scalars(select(Resident))}


def change(db: str, citizen_id: str, **values: Any) -> None:
    with Store(db) as store, store.unit_of_work(actor="录入员") as session:
        resident = session.scalars(select(Resident).where(Resident.citizen_id == citizen_id)).one()
        for key, value in values.items():
            setattr(resident, key, value)


def test_two_stations_and_the_county_round_trip_with_a_conflict_a_deletion_and_a_corrupt_file(
    server_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station_a, station_b = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    with Store(station_a) as store, store.unit_of_work(actor="甲站") as session:
        for citizen_id, name in (("330503194005030027", "王秀英"), ("330503194108120011", "李建国")):
            session.add(Resident(citizen_id=citizen_id, name=name, sex=Sex.FEMALE, birth_date=dt.date(1940, 5, 3)))

    def trip(source: str, target: str, name: str) -> str:
        assert cli(capsys, source, "sync", "export", str(tmp_path / name))[0] == 0
        code, out, err = cli(capsys, target, "sync", "import", str(tmp_path / name))
        assert (code, err) == (0, "")
        return out

    trip(station_a, server_url, "a1.zip")
    trip(server_url, station_b, "county1.zip")
    assert people(station_b) == people(station_a)

    change(station_a, "330503194005030027", phone="13800000001")
    change(station_b, "330503194005030027", phone="13800000002")
    change(station_b, "330503194108120011", deleted_at=utcnow())
    trip(station_a, server_url, "a2.zip")
    assert cli(capsys, station_b, "sync", "export", str(tmp_path / "b2.zip"))[0] == 0

    corrupt = tmp_path / "b2-damaged.zip"
    corrupt.write_bytes((tmp_path / "b2.zip").read_bytes()[:-40])
    before = people(server_url)
    code, _, err = cli(capsys, server_url, "sync", "import", str(corrupt))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "未作任何改动" in err
    assert people(server_url) == before

    code, out, _ = cli(capsys, server_url, "sync", "import", str(tmp_path / "b2.zip"))
    assert code == 0 and "新冲突 1 个" in out and "sync conflicts" in out
    code, out, _ = cli(capsys, server_url, "sync", "import", str(tmp_path / "b2.zip"))
    assert "更新 0 条" in out and "新冲突 0 个" in out

    trip(server_url, station_a, "county2.zip")
    trip(server_url, station_b, "county3.zip")
    assert people(station_a) == people(station_b) == people(server_url)
    assert people(server_url)["330503194108120011"][1] is True

    code, out, _ = cli(capsys, station_a, "sync", "conflicts", "--json")
    (conflict,) = json.loads(out)
    assert conflict["differing"] == ["phone"]
    phones = {conflict["current"]["phone"], conflict["held"]["phone"]}
    assert phones == {"13800000001", "13800000002"}
    code, out, _ = cli(capsys, station_a, "--lang", "en", "sync", "conflicts")
    assert "changed in two places" in out and conflict["id"][:8] in out

    assert cli(capsys, server_url, "sync", "settle", conflict["id"][:8], "--keep", "held")[0] == 0
    trip(server_url, station_a, "county4.zip")
    trip(server_url, station_b, "county5.zip")
    for db in (station_a, station_b, server_url):
        assert people(db)["330503194005030027"][0] == conflict["held"]["phone"]
        assert json.loads(cli(capsys, db, "sync", "conflicts", "--json")[1]) == []

    code, out, _ = cli(capsys, station_a, "sync", "status", "--json")
    state = json.loads(out)
    assert state["open_conflicts"] == 0 and len(state["peers"]) == 1


def test_sync_usage_errors_exit_with_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite")
    with pytest.raises(SystemExit) as missing_action:
        main(["--db", db, "sync"])
    with pytest.raises(SystemExit) as bad_token:
        main(["--db", db, "sync", "export", str(tmp_path / "x.zip"), "--since", "abc"])
    assert missing_action.value.code == bad_token.value.code == 2
    code, _, err = cli(capsys, db, "sync", "export", str(tmp_path / "x.zip"), "--since", "999")
    assert code == 1 and "令牌" in err
    code, _, err = cli(capsys, db, "sync", "import", str(tmp_path / "absent.zip"))
    assert code == 1 and "找不到文件" in err


def test_a_corrupt_file_is_one_line_on_stderr_and_no_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "county.zip"
    junk.write_bytes(b"PK\x03\x04" + bytes(200))
    result = subprocess.run(
        [sys.executable, "-m", "carematch", "--db", str(tmp_path / "a.sqlite"), "sync", "import", str(junk)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "未作任何改动" in result.stderr and "Traceback" not in result.stderr
