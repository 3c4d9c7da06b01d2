"""`carematch match` as DESIGN §5 prints it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select
from test_match_kit import caregiver, meal_point, resident

from carematch.cli.main import main
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, Living
from carematch.core.models import Assignment


def county(db_url: str) -> None:
    with Store(db_url) as store, store.unit_of_work(actor="t") as session:
        meal_point(session, "ZC01", capacity=1)
        caregiver(session, "HL01", skills=("助洁",), max_clients=3)
        resident(session, 1, 0.2, 0.0, meal=True, home=True, skills=("助洁",))
        # 80 on 2026-05-01 and living alone: weight 2, so on that date this one gets the last meal place.
        resident(session, 2, 0.6, 0.0, meal=True, living=Living.ALONE, birth=dt.date(1946, 4, 30))
        resident(session, 3, 0.3, 0.0, home=True, skills=("助浴",))
        resident(session, 4, None, None, meal=True, assistance=Assistance.NEAR_POVERTY, ability=AbilityLevel.MILD)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(list(args)) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_match_auto_json_has_the_design_shape_and_writes_proposals(db_url: str, capsys) -> None:
    county(db_url)
    data = run_json(capsys, "--db", db_url, "match", "--auto", "--json", "--as-of", "2026-05-01")
    assert list(data) == ["assignments", "unassigned", "objective"]
    rows = data["assignments"]
    assert isinstance(rows, list) and all(list(row) == ["resident", "kind", "provider", "distance_m"] for row in rows)
    pairs = {(row["resident"][-4:-1], row["kind"], row["provider"]) for row in rows}
    assert pairs == {("002", "meal", "ZC01"), ("001", "home_visit", "HL01")}
    unassigned = {(row["resident"][-4:-1], row["kind"]): row["reason"] for row in data["unassigned"]}
    assert set(unassigned) == {("001", "meal"), ("003", "home_visit"), ("004", "meal")}
    assert unassigned["004", "meal"].startswith("没有位置")
    distances = sum(row["distance_m"] for row in rows)
    assert data["objective"] == distances + 1_000_000 * (1 + 1 + 2)
    with Store(db_url) as store, store.reading() as session:
        statuses = [a.status for a in session.scalars(select(Assignment))]
        assert statuses == [AssignmentStatus.PROPOSED] * 2


def test_as_of_changes_who_is_eighty(db_url: str, capsys) -> None:
    county(db_url)
    data = run_json(capsys, "--db", db_url, "match", "--auto", "--json", "--kind", "meal", "--as-of", "2026-04-29")
    assert [row["resident"][-4:-1] for row in data["assignments"]] == ["001"]


def test_without_auto_it_shows_the_proposals_and_confirm_takes_the_places(db_url: str, capsys) -> None:
    county(db_url)
    assert main(["--db", db_url, "match", "--auto", "--as-of", "2026-05-01"]) == 0
    text = capsys.readouterr().out
    assert "已完成最优匹配" in text and "助餐：待确认 1 项，未匹配 2 项" in text
    shown = run_json(capsys, "--db", db_url, "match", "--json", "--kind", "meal", "--as-of", "2026-05-01")
    assert [row["provider"] for row in shown["assignments"]] == ["ZC01"]
    reasons = {row["resident"][-4:-1]: row["reason"] for row in shown["unassigned"]}
    assert reasons["001"] == "范围内的助餐点都已满"
    confirmed = run_json(capsys, "--db", db_url, "--lang", "en", "match", "--confirm", "--json")
    assert len(confirmed["assignments"]) == 2
    assert any(row["reason"].startswith("No location") for row in confirmed["unassigned"])
    with Store(db_url) as store, store.reading() as session:
        assert {a.status for a in session.scalars(select(Assignment))} == {AssignmentStatus.CONFIRMED}
    assert run_json(capsys, "--db", db_url, "match", "--auto", "--json")["assignments"] == []


def test_bad_arguments_are_usage_errors(db_url: str, capsys) -> None:
    with pytest.raises(SystemExit) as bad_date:
        main(["--db", db_url, "match", "--as-of", "2026-13-01"])
    assert bad_date.value.code == 2
    with pytest.raises(SystemExit) as bad_kind:
        main(["--db", db_url, "match", "--kind", "laundry"])
    assert bad_kind.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
