"""End to end as the acceptance check does it: a scarce county of 300 people imported from the
templates, `match --auto --json`, and the result checked against the sheets themselves with an
independent eligibility reading and HiGHS (scipy.optimize.milp) for the optimum."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from geopy.distance import great_circle
from scipy.optimize import Bounds, LinearConstraint, milp
from test_match_kit import at_km, citizen_id

from carematch.cli.main import main

WEEK = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
VISIT_SKILLS = ("助洁", "助浴", "助医", "精神慰藉")


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_sheets(folder: Path) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(20261124)

    def place() -> tuple[float, float]:
        return at_km(round(rng.uniform(-6, 6), 3), round(rng.uniform(-6, 6), 3))

    residents = []
    for n in range(300):
        lon, lat = place()
        home = rng.random() < 0.35
        meal = rng.random() < 0.5
        dementia = rng.random() < 0.15
        birth_year = rng.randint(1930, 1960)
        residents.append(
            {
                "身份证号": citizen_id(n, dt.date(birth_year, 1 + n % 12, 1 + n % 28)),
                "姓名": f"老人{n}",
                "经度": f"{lon:.6f}",
                "纬度": f"{lat:.6f}",
                "居住情况": rng.choice(["独居", "空巢", "与子女同住", "其他"]),
                "能力等级": rng.choice(["能力完好", "能力完好", "轻度失能", "中度失能", "重度失能", "完全失能"]),
                "认知障碍": "是" if dementia else "否",
                "保障类别": rng.choice(["普通", "普通", "普通", "低保", "低边", "特困"]),
                "助餐": "是" if meal else "否",
                "送餐": "是" if meal and rng.random() < 0.4 else "否",
                "认知障碍照护": "是" if dementia and rng.random() < 0.6 else "否",
                "上门服务": "是" if home else "否",
                "上门服务项目": "、".join(rng.sample(VISIT_SKILLS, rng.randint(1, 2))) if home else "",
                "每周上门次数": rng.randint(1, 3) if home else 1,
            }
        )
    centres = []
    for n in range(4):
        lon, lat = place()
        beds = rng.randint(2, 8)
        centres.append(
            {
                "编号": f"JG{n:02d}",
                "名称": f"照料中心{n}",
                "经度": f"{lon:.6f}",
                "纬度": f"{lat:.6f}",
                "认知障碍床位": beds,
                "认知障碍床位已占用": rng.randint(0, beds // 2),
                "服务半径(公里)": rng.choice([3, 4.5, 6]),
            }
        )
    points = []
    for n in range(8):
        lon, lat = place()
        delivers = rng.random() < 0.6
        points.append(
            {
                "编号": f"ZC{n:02d}",
                "名称": f"老年食堂{n}",
                "经度": f"{lon:.6f}",
                "纬度": f"{lat:.6f}",
                "日供餐能力(份)": rng.randint(5, 20),
                "堂食半径(公里)": rng.choice([1, 1.5, 2]),
                "是否送餐": "是" if delivers else "否",
                "送餐半径(公里)": rng.choice([2.5, 3, 4]) if delivers else 0,
            }
        )
    caregivers = []
    for n in range(25):
        lon, lat = place()
        skills = set(rng.sample(VISIT_SKILLS, rng.randint(1, 3)))
        if rng.random() < 0.4:
            skills.add("认知照护")
        caregivers.append(
            {
                "编号": f"HL{n:02d}",
                "姓名": f"护理员{n}",
                "技能": "、".join(sorted(skills)),
                "经度": f"{lon:.6f}",
                "纬度": f"{lat:.6f}",
                "服务半径(公里)": rng.choice([2, 3, 4]),
                "最大服务对象数": rng.randint(1, 5),
                "可服务日": "、".join(WEEK[: rng.randint(1, 5)]),
            }
        )
    sheets = {"residents": residents, "centres": centres, "meal-points": points, "caregivers": caregivers}
    for kind, rows in sheets.items():
        write_csv(folder / f"{kind}.csv", rows)
    return sheets


def metres(a: dict[str, Any], b: dict[str, Any]) -> int:
    return round(great_circle((float(a["纬度"]), float(a["经度"])), (float(b["纬度"]), float(b["经度"]))).meters)


def weight(person: dict[str, Any], as_of_year: int = 2026) -> int:
    if person["保障类别"] == "特困" or person["能力等级"] in ("重度失能", "完全失能"):
        return 3
    if person["保障类别"] in ("低保", "低边") or person["能力等级"] == "中度失能":
        return 2
    born = person["身份证号"][6:14]
    age = as_of_year - int(born[:4]) - ((int(born[4:6]), int(born[6:8])) > (6, 1))
    return 2 if person["居住情况"] == "独居" and age >= 80 else 1


def eligible_pairs(
    kind: str, people: list[dict[str, Any]], providers: list[dict[str, Any]]
) -> dict[tuple[int, int], int]:
    pairs = {}
    for i, person in enumerate(people):
        for j, provider in enumerate(providers):
            d = metres(person, provider)
            if kind == "meal":
                delivers = provider["是否送餐"] == "是" and d <= float(provider["送餐半径(公里)"]) * 1000
                ok = delivers if person["送餐"] == "是" else d <= float(provider["堂食半径(公里)"]) * 1000 or delivers
            elif kind == "dementia_care":
                ok = d <= float(provider["服务半径(公里)"]) * 1000
            else:
                wanted = set(filter(None, person["上门服务项目"].split("、")))
                if person["认知障碍"] == "是":
                    wanted.add("认知照护")
                ok = (
                    wanted <= set(provider["技能"].split("、"))
                    and len(provider["可服务日"].split("、")) >= int(person["每周上门次数"])
                    and d <= float(provider["服务半径(公里)"]) * 1000
                )
            if ok:
                pairs[i, j] = d
    return pairs


def optimum(pairs: dict[tuple[int, int], int], weights: list[int], room: list[int]) -> int:
    keys = sorted(pairs)
    n, m, k = len(weights), len(room), len(keys)
    cost = np.array([pairs[key] for key in keys] + [1_000_000 * w for w in weights], dtype=float)
    each, rooms = np.zeros((n, k + n)), np.zeros((m, k + n))
    for column, (i, j) in enumerate(keys):
        each[i, column] = rooms[j, column] = 1
    each[np.arange(n), k + np.arange(n)] = 1
    found = milp(
        cost,
        constraints=[LinearConstraint(each, 1, 1), LinearConstraint(rooms, 0, np.array(room, dtype=float))],
        integrality=np.ones(k + n),
        bounds=Bounds(0, 1),
    )
    assert found.success
    return round(found.fun)


@pytest.mark.parametrize("kind_option", [None, "home_visit"])
def test_an_imported_scarce_county_reaches_the_independent_optimum(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], kind_option: str | None
) -> None:
    sheets = build_sheets(tmp_path)
    for kind in ("centres", "meal-points", "caregivers", "residents"):
        assert main(["--db", db_url, "import", kind, str(tmp_path / f"{kind}.csv"), "--json"]) == 0
        verdict = json.loads(capsys.readouterr().out)
        assert verdict["rejected"] == [], verdict["rejected"][:3]
    args = ["--db", db_url, "match", "--auto", "--json", "--as-of", "2026-06-01"]
    assert main(args + (["--kind", kind_option] if kind_option else [])) == 0
    result = json.loads(capsys.readouterr().out)

    people = sheets["residents"]
    flags = {"meal": lambda p: "是" in (p["助餐"], p["送餐"]), "dementia_care": lambda p: p["认知障碍照护"] == "是"}
    flags["home_visit"] = lambda p: p["上门服务"] == "是"
    providers = {"meal": sheets["meal-points"], "dementia_care": sheets["centres"], "home_visit": sheets["caregivers"]}
    capacity = {
        "meal": lambda p: int(p["日供餐能力(份)"]),
        "dementia_care": lambda p: int(p["认知障碍床位"]) - int(p["认知障碍床位已占用"]),
        "home_visit": lambda p: int(p["最大服务对象数"]),
    }
    total = 0
    kinds = [kind_option] if kind_option else ["meal", "dementia_care", "home_visit"]
    for kind in kinds:
        needs = [p for p in people if flags[kind](p)]
        index = {p["身份证号"]: i for i, p in enumerate(needs)}
        codes = {p["编号"]: j for j, p in enumerate(providers[kind])}
        pairs = eligible_pairs(kind, needs, providers[kind])
        room = [capacity[kind](p) for p in providers[kind]]
        matched = [row for row in result["assignments"] if row["kind"] == kind]
        left = [row for row in result["unassigned"] if row["kind"] == kind]
        # Every need exactly once; every match eligible at the distance of record; no room exceeded.
        assert sorted(row["resident"] for row in matched + left) == sorted(index)
        used = [0] * len(room)
        for row in matched:
            i, j = index[row["resident"]], codes[row["provider"]]
            assert pairs.get((i, j)) == row["distance_m"]
            used[j] += 1
        assert all(u <= r for u, r in zip(used, room, strict=True))
        assert left and matched  # scarce on purpose: both sides are exercised
        weights = [weight(p) for p in needs]
        best = optimum(pairs, weights, room)
        mine = sum(row["distance_m"] for row in matched) + sum(
            1_000_000 * weights[index[row["resident"]]] for row in left
        )
        assert mine == best
        total += best
    assert result["objective"] == total
