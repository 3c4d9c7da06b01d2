"""Acceptance: `carematch match --auto --json` on a county imported through the templates (DESIGN §4, §5).

The optimum is recomputed with scipy's MILP from the sheets' own data; distances with geopy.
"""

from __future__ import annotations

import csv
import math
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from geopy.distance import great_circle
from test_acceptance_kit import (
    BIG,
    CENTRE_HEADERS,
    CENTRES,
    County,
    Person,
    build_county,
    capacity,
    citizen_id,
    cli_json,
    eligible,
    needs_of,
    optimum,
    run_cli,
    write_xlsx,
)

KINDS = ("meal", "dementia_care", "home_visit")
EARLY, LATE = date(2026, 6, 14), date(2026, 6, 15)  # the day before / the day 钱阿婆 turns 80


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("match-county"))


def fresh_copy(county: County, tmp_path: Path) -> Path:
    db = tmp_path / "copy.sqlite"
    shutil.copy(county.db, db)
    return db


@pytest.fixture(scope="module")
def first_run(county: County, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("first") / "m.sqlite"
    shutil.copy(county.db, db)
    result = cli_json(db, "match", "--auto", "--as-of", LATE.isoformat())
    return {"db": db, "result": result}


def by_id(county: County) -> dict[str, Person]:
    return {p.cid: p for p in county.people}


def expected_objective(county: County, as_of: date, kinds: tuple[str, ...] = KINDS) -> int:
    return sum(optimum(needs_of(county.people, kind), kind, as_of, capacity(kind)) for kind in kinds)


def test_json_has_the_design_shape(first_run: dict) -> None:
    result = first_run["result"]
    assert set(result) >= {"assignments", "unassigned", "objective"}
    for item in result["assignments"]:
        assert set(item) >= {"resident", "kind", "provider", "distance_m"}
        assert item["kind"] in KINDS and isinstance(item["distance_m"], int)
    for item in result["unassigned"]:
        assert set(item) >= {"resident", "kind", "reason"}
        assert isinstance(item["reason"], str) and item["reason"].strip()


def test_every_open_need_appears_exactly_once(county: County, first_run: dict) -> None:
    result = first_run["result"]
    seen = Counter((i["resident"], i["kind"]) for i in result["assignments"] + result["unassigned"])
    wanted = {(p.cid, kind) for kind in KINDS for p in needs_of(county.people, kind)}
    assert set(seen) == wanted
    assert max(seen.values()) == 1


def test_no_rule_is_broken(county: County, first_run: dict) -> None:
    people = by_id(county)
    used: Counter[tuple[str, str]] = Counter()
    for item in first_run["result"]["assignments"]:
        allowed = eligible(people[item["resident"]], item["kind"])
        assert item["provider"] in allowed, item
        assert item["distance_m"] == allowed[item["provider"]], item
        used[(item["kind"], item["provider"])] += 1
    for (kind, code), count in used.items():
        assert count <= capacity(kind)[code], (kind, code, count)


def test_objective_is_the_optimum(county: County, first_run: dict) -> None:
    result = first_run["result"]
    distances = sum(i["distance_m"] for i in result["assignments"])
    weights = sum(BIG * by_id(county)[i["resident"]].weight(LATE) for i in result["unassigned"])
    assert result["objective"] == distances + weights
    assert result["objective"] == expected_objective(county, LATE)


def test_unreachable_need_says_no_provider_in_range(first_run: dict, county: County) -> None:
    far = next(p for p in county.people if p.name == "钱阿婆")
    reason = next(i["reason"] for i in first_run["result"]["unassigned"] if i["resident"] == far.cid)
    assert "范围" in reason or "range" in reason


@pytest.mark.parametrize("kind", KINDS)
def test_one_kind_alone_reaches_its_optimum(county: County, tmp_path: Path, kind: str) -> None:
    result = cli_json(fresh_copy(county, tmp_path), "match", "--auto", "--kind", kind, "--as-of", LATE.isoformat())
    assert {i["kind"] for i in result["assignments"] + result["unassigned"]} <= {kind}
    assert result["objective"] == expected_objective(county, LATE, (kind,))


def test_as_of_decides_the_80_plus_rule(county: County, tmp_path: Path) -> None:
    far = next(p for p in county.people if p.name == "钱阿婆")
    assert (far.weight(EARLY), far.weight(LATE)) == (1, 2)
    early = cli_json(fresh_copy(county, tmp_path), "match", "--auto", "--kind", "meal", "--as-of", EARLY.isoformat())
    assert early["objective"] == expected_objective(county, EARLY, ("meal",))
    assert expected_objective(county, LATE, ("meal",)) - early["objective"] == BIG


def test_confirmed_assignments_hold_their_room_on_a_second_run(county: County, tmp_path: Path) -> None:
    db = fresh_copy(county, tmp_path)
    first = cli_json(db, "match", "--auto", "--confirm", "--as-of", LATE.isoformat())
    assert first["objective"] == expected_objective(county, LATE)
    second = cli_json(db, "match", "--auto", "--as-of", LATE.isoformat())
    people = by_id(county)
    taken = {(i["resident"], i["kind"]) for i in first["assignments"]}
    left = {(i["resident"], i["kind"]) for i in first["unassigned"]}
    assert {(i["resident"], i["kind"]) for i in second["assignments"] + second["unassigned"]} == left
    assert not taken & {(i["resident"], i["kind"]) for i in second["assignments"]}
    expected = 0
    for kind in KINDS:
        room = capacity(kind)
        for i in first["assignments"]:
            if i["kind"] == kind:
                room[i["provider"]] -= 1
        still_open = [people[r] for r, k in left if k == kind]
        expected += optimum(still_open, kind, LATE, room)
    assert second["objective"] == expected
    listed = run_cli(db, "export", "assignments", str(tmp_path / "派单.csv"))
    assert listed.returncode == 0, listed.stderr
    assert taken and (tmp_path / "派单.csv").read_text(encoding="utf-8-sig").count("已确认") == len(taken)


def test_same_data_gives_the_same_result(county: County, first_run: dict, tmp_path: Path) -> None:
    again = cli_json(fresh_copy(county, tmp_path), "match", "--auto", "--as-of", LATE.isoformat())
    assert again == first_run["result"]


def test_capacity_drop_and_closure_flag_assignments_never_drop_them(county: County, tmp_path: Path) -> None:
    db = fresh_copy(county, tmp_path)
    first = cli_json(db, "match", "--auto", "--confirm", "--kind", "dementia_care", "--as-of", LATE.isoformat())
    held = Counter(i["provider"] for i in first["assignments"])
    assert held["JG01"] == 2 and held["JG03"] == 1  # two free beds at JG01, one at JG03
    same = cli_json(db, "import", "centres", str(county.folder / "照护机构.xlsx"))
    assert (same["imported"], same["updated"], same["rejected"]) == (0, 0, [])
    changed = [list(row) for row in CENTRES]
    changed[0][9] = 2  # JG01: 3 -> 2 dementia beds, 1 of them taken by someone outside the registry
    path = write_xlsx(tmp_path / "机构变更.xlsx", CENTRE_HEADERS, changed)
    verdict = cli_json(db, "import", "centres", str(path))
    assert (verdict["imported"], verdict["updated"], verdict["rejected"]) == (0, 1, [])
    listed = run_cli(db, "export", "assignments", str(tmp_path / "派单.csv"))
    assert listed.returncode == 0, listed.stderr
    with (tmp_path / "派单.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["服务方编号"] == "JG01"]
    assert len(rows) == 2 and all(r["状态"] == "已确认" for r in rows)
    assert [r["需重新匹配"] for r in rows].count("是") >= 1
    assert all(r["重新匹配原因"] for r in rows if r["需重新匹配"] == "是")


def test_radius_is_inclusive_on_whole_metres(tmp_path: Path) -> None:
    """DESIGN §4: distance of record is great_circle rounded to whole metres, and d ≤ radius qualifies."""
    lon0, lat0 = 120.3, 30.7

    def north(m: float) -> float:
        return lat0 + math.degrees(m / 6_371_009)

    db = tmp_path / "edge.sqlite"
    write_xlsx(
        tmp_path / "g.xlsx", ["乡镇(街道)", "村(社区)", "经度", "纬度", "老年人口"], [["边镇", "边村", lon0, lat0, 100]]
    )
    write_xlsx(
        tmp_path / "m.xlsx",
        ["编号", "名称", "经度", "纬度", "日供餐能力(份)", "堂食半径(公里)", "是否送餐"],
        [["ZC1", "边村食堂", lon0, lat0, 10, 1.0, "否"]],
    )
    write_xlsx(
        tmp_path / "c.xlsx",
        ["编号", "名称", "经度", "纬度", "总床位", "认知障碍床位", "服务半径(公里)"],
        [["JG1", "边村照料中心", lon0, lat0, 10, 10, 2.0]],
    )
    write_xlsx(
        tmp_path / "h.xlsx",
        ["编号", "姓名", "技能", "经度", "纬度", "服务半径(公里)", "最大服务对象数", "可服务日"],
        [["HL1", "边护理", "助洁", lon0, lat0, 1.5, 10, "周一、周三"]],
    )
    offsets = {"meal": 1000, "dementia_care": 2000, "home_visit": 1500}
    rows, expected = [], {}
    for n, (kind, radius) in enumerate(offsets.items()):
        for k, (extra, inside) in enumerate([(0.4, True), (-0.4, True), (0.6, False)]):
            lat = north(radius + extra)
            assert round(great_circle((lat, lon0), (lat0, lon0)).meters) == radius + (0 if inside else 1)
            cid = citizen_id(date(1940, 1, 1 + n * 3 + k), 700 + n * 3 + k, male=True)
            flags = {"meal": ["是", "否", "否"], "dementia_care": ["否", "是", "否"], "home_visit": ["否", "否", "是"]}
            rows.append(
                [
                    cid,
                    f"边{n}{k}",
                    lon0,
                    lat,
                    *flags[kind],
                    "是" if kind == "dementia_care" else "否",
                    "助洁" if kind == "home_visit" else "",
                    2,
                ]
            )
            expected[(cid, kind)] = inside
    write_xlsx(
        tmp_path / "r.xlsx",
        [
            "身份证号",
            "姓名",
            "经度",
            "纬度",
            "助餐",
            "认知障碍照护",
            "上门服务",
            "认知障碍",
            "上门服务项目",
            "每周上门次数",
        ],
        rows,
    )
    for kind, name in (("gazetteer", "g"), ("meal-points", "m"), ("centres", "c"), ("caregivers", "h")):
        assert cli_json(db, "import", kind, str(tmp_path / f"{name}.xlsx"))["rejected"] == [], kind
    assert cli_json(db, "import", "residents", str(tmp_path / "r.xlsx"))["rejected"] == []
    result = cli_json(db, "match", "--auto", "--as-of", "2026-01-01")
    got = {(i["resident"], i["kind"]): True for i in result["assignments"]}
    got |= {(i["resident"], i["kind"]): False for i in result["unassigned"]}
    assert got == expected
    for item in result["assignments"]:
        assert item["distance_m"] == offsets[item["kind"]]
