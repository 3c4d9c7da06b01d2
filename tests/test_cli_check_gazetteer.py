"""`carematch check` also lists what in the gazetteer will make placing go wrong, as warnings:
they never fail the check; damage to the database still does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from carematch.cli.main import main
from carematch.core.db import Store
from carematch.core.geo.gazetteer import upsert_township, upsert_village
from carematch.core.models import Resident
from carematch.core.transfer import import_file

RESIDENTS = "身份证号,姓名,经度,纬度\n330503194005032038,沈阿大,120.42,30.71\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "station.sqlite")
    with Store(path) as store:
        with store.unit_of_work(actor="t") as session:
            upsert_township(session, name="练市镇", lon=120.43, lat=30.71)
            upsert_village(session, township="练市镇", name="新华村", lon=120.44, lat=30.70, elderly_population=300)
            upsert_township(session, name="千金镇", lon=120.30, lat=30.80)
            upsert_village(session, township="千金镇", name="新华村", lon=120.31, lat=30.79, elderly_population=200)
            upsert_village(session, township="千金镇", name="商墓村", elderly_population=150)  # no centre
        sheet = Path(path).with_name("residents.csv")
        sheet.write_text(RESIDENTS, encoding="utf-8")
        assert import_file(store, "residents", sheet).imported == 1
    return path


def test_gazetteer_findings_are_warnings_and_the_check_passes(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "check"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("地名库提醒：")]
    assert any("【千金镇新华村】练市镇也有新华村" in line for line in warnings), out
    assert any("【千金镇商墓村】" in line and "中心" in line for line in warnings), out
    assert f"地名库有{len(warnings)}条提醒" in out.splitlines()[-1]

    assert main(["--db", db, "--lang", "en", "check"]) == 0
    out = capsys.readouterr().out
    assert "Gazetteer warning: [千金镇新华村]" in out and "The database is sound" in out


def test_damage_still_decides_the_exit_status(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db) as store, store.unit_of_work(actor="outside") as session:
        session.execute(update(Resident).values(id_tail="0000"))  # an edit made outside the program
    assert main(["--db", db, "check"]) == 1
    out = capsys.readouterr().out
    assert "搜索索引" in out and "发现1个问题" in out
