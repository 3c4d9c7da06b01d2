"""The gazetteer template's 曾用名 column: former village names imported, exported and read back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.models import Village
from carematch.core.transfer import export_file, import_file

SHEET = """乡镇(街道),村(社区),经度,纬度,老年人口,曾用名
练市镇,,120.4300,30.7120,,
练市镇,荃步村,120.42485,30.69385,812,"原荃步村、东风村;红旗村，东风村"
练市镇,湖盛村,120.4400,30.7000,640,
"""


def rows_of(path: Path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text(encoding="utf-8-sig").splitlines()]


def test_former_names_are_imported_exported_and_found(db_url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "gazetteer.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    with Store(db_url) as store:
        verdict = import_file(store, "gazetteer", sheet)
        assert verdict.rejected == [] and verdict.imported == 3
        with store.reading() as session:
            village = session.scalars(select(Village).where(Village.name == "荃步村")).one()
            assert village.aliases == ["原荃步村", "东风村", "红旗村"]  # any separator, duplicates once
            gazetteer = Gazetteer.load(session)
            found = gazetteer.village("练市镇", "红旗村")
            assert found is not None and found.name == "荃步村"
            exported = tmp_path / "out-1.csv"
            export_file(session, "gazetteer", exported)
        rows = rows_of(exported)
        column = rows[0].index("曾用名")
        by_village = {row[1]: row[column] for row in rows[1:]}
        assert by_village == {"": "", "荃步村": "原荃步村、东风村、红旗村", "湖盛村": ""}

        again = import_file(store, "gazetteer", exported)
        assert (again.imported, again.updated, again.rejected) == (0, 0, [])

    with Store(f"sqlite:///{tmp_path / 'empty.sqlite'}") as empty:
        assert import_file(empty, "gazetteer", exported).imported == 3
        with empty.reading() as session:
            export_file(session, "gazetteer", tmp_path / "out-2.csv")
    assert rows_of(exported) == rows_of(tmp_path / "out-2.csv")


def test_a_blank_cell_keeps_the_former_names_and_a_township_row_cannot_have_any(db_url: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(SHEET, encoding="utf-8")
    second.write_text(
        "乡镇(街道),村(社区),老年人口,曾用名\n练市镇,荃步村,815,\n练市镇,,,老练市\n",
        encoding="utf-8",
    )
    with Store(db_url) as store:
        import_file(store, "gazetteer", first)
        verdict = import_file(store, "gazetteer", second)
        assert verdict.updated == 1
        assert [rejected.row for rejected in verdict.rejected] == [3]
        assert "曾用名只用于村" in str(verdict.rejected[0].to_json())
        with store.reading() as session:
            village = session.scalars(select(Village).where(Village.name == "荃步村")).one()
            assert village.elderly_population == 815
            assert village.aliases == ["原荃步村", "东风村", "红旗村"]
