"""Import of a county-size resident roster: median time and peak memory.

    .venv/bin/python bench/import_residents.py [--rows 50000] [--runs 3]

Builds a synthetic .xlsx (valid citizen IDs, the demo county's villages, a third of the rows with
GPS coordinates, the rest placed by village), then imports it into a fresh database in a child
process per run (peak memory is the child's ru_maxrss). Goals: under 30 s and under 500 MB for
50,000 rows. Baselines measured in the same run: reading the same sheet with openpyxl in
read-only mode (what the importer would spend only to read it without calamine) and the reading
alone with calamine; and a second import of the same file (every row unchanged).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carematch.core.demo import FEMALE_GIVEN, MALE_GIVEN, SURNAMES, load_demo_gazetteer
from carematch.core.validation import citizen_id_check_digit

HEADERS = [
    "身份证号",
    "姓名",
    "性别",
    "出生日期",
    "联系电话",
    "乡镇(街道)",
    "村(社区)",
    "详细地址",
    "经度",
    "纬度",
    "居住情况",
    "能力等级",
    "认知障碍",
    "保障类别",
    "紧急联系人",
    "紧急联系电话",
    "助餐",
    "送餐",
    "认知障碍照护",
    "上门服务",
    "上门服务项目",
    "每周上门次数",
]


def make_roster(path: Path, rows: int, seed: int = 1) -> None:
    """A synthetic roster of `rows` distinct valid people in the demo county."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    gazetteer = load_demo_gazetteer()
    villages = [(t["name"], v) for t in gazetteer["townships"] for v in t["villages"]]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(["南浔区居家养老服务对象花名册（合成数据）"])
    sheet.append(HEADERS)
    first_day = dt.date(1926, 1, 1)
    for n in range(rows):
        birth = first_day + dt.timedelta(days=n % 14000)
        female = rng.random() < 0.55
        serial = (n // 14000) * 10 + rng.randrange(5) * 2 + (0 if female else 1)
        first17 = f"330503{birth:%Y%m%d}{serial:03d}"
        township, village = rng.choice(villages)
        gps = rng.random() < 0.33
        skills = "、".join(rng.sample(["助浴", "助洁", "助医", "康复护理"], rng.randint(1, 2)))
        visit = rng.random() < 0.2
        sheet.append(
            [
                first17 + citizen_id_check_digit(first17),
                rng.choice(SURNAMES) + rng.choice(FEMALE_GIVEN if female else MALE_GIVEN),
                "女" if female else "男",
                birth,
                "1" + rng.choice("3589") + "".join(str(rng.randrange(10)) for _ in range(9)),
                township,
                village["name"],
                f"{township}{village['name']}{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
                round(village["lon"] + rng.uniform(-0.01, 0.01), 6) if gps else None,
                round(village["lat"] + rng.uniform(-0.01, 0.01), 6) if gps else None,
                rng.choice(["独居", "空巢", "与子女同住", "其他"]),
                rng.choice(["能力完好", "轻度失能", "中度失能", "重度失能", "完全失能"]),
                rng.choice(["是", "否", "否", "否"]),
                rng.choice(["特困", "低保", "低边", "普通", "普通", "普通"]),
                rng.choice(SURNAMES) + rng.choice(MALE_GIVEN),
                "139" + "".join(str(rng.randrange(10)) for _ in range(8)),
                rng.choice(["是", "否"]),
                rng.choice(["是", "否", "否"]),
                rng.choice(["是", "否", "否", "否", "否"]),
                "是" if visit else "否",
                skills if visit else None,
                rng.randint(1, 3) if visit else None,
            ]
        )
    workbook.save(path)


def fresh_database(path: Path) -> str:
    """An empty database holding only the demo county's gazetteer."""
    from carematch.core.db import Store
    from carematch.core.geo.gazetteer import upsert_township, upsert_village

    url = f"sqlite:///{path}"
    with Store(url) as store, store.unit_of_work(actor="bench") as session:
        gazetteer = load_demo_gazetteer()
        for township in gazetteer["townships"]:
            upsert_township(
                session, name=township["name"], county=gazetteer["county"], lon=township["lon"], lat=township["lat"]
            )
            for village in township["villages"]:
                upsert_village(
                    session,
                    township=township["name"],
                    name=village["name"],
                    lon=village["lon"],
                    lat=village["lat"],
                    elderly_population=village["elderly_population"],
                )
    return url


CHILD = """
import json, resource, sys, time
from pathlib import Path
from carematch.core.db import Store
from carematch.core.transfer import import_file
store = Store(sys.argv[1])
start, start_cpu = time.perf_counter(), time.process_time()
verdict = import_file(store, "residents", Path(sys.argv[2]))
seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
store.close()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
counts = {k: v for k, v in verdict.to_json().items() if k != "rejected"} | {"rejected": len(verdict.rejected)}
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "verdict": counts}))
"""


def run_child(url: str, roster: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", CHILD, url, str(roster)], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        roster = work / "roster.xlsx"
        start = time.perf_counter()
        make_roster(roster, args.rows)
        print(
            f"roster: {args.rows} rows, {roster.stat().st_size / 1e6:.1f} MB, "
            f"built in {time.perf_counter() - start:.1f} s"
        )

        from openpyxl import load_workbook
        from python_calamine import CalamineWorkbook

        start = time.perf_counter()
        workbook = load_workbook(roster, read_only=True, data_only=True)
        cells = sum(len(row) for row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        openpyxl_s = time.perf_counter() - start
        start = time.perf_counter()
        CalamineWorkbook.from_path(str(roster)).get_sheet_by_index(0).to_python()
        calamine_s = time.perf_counter() - start
        print(
            f"baseline, reading only: openpyxl read-only {openpyxl_s:.1f} s ({cells} cells), "
            f"calamine {calamine_s:.2f} s"
        )

        times, cpus, peaks, again = [], [], [], []
        for run in range(args.runs):
            url = fresh_database(work / f"run{run}.sqlite")
            first = run_child(url, roster)
            second = run_child(url, roster)
            times.append(float(first["seconds"]))  # type: ignore[arg-type]
            cpus.append(float(first["cpu"]))  # type: ignore[arg-type]
            peaks.append(float(first["peak_mb"]))  # type: ignore[arg-type]
            again.append(float(second["seconds"]))  # type: ignore[arg-type]
            print(
                f"run {run + 1}: import {first['seconds']:.1f} s (CPU {first['cpu']:.1f} s), "
                f"peak {first['peak_mb']:.0f} MB, "
                f"{first['verdict']}; re-import {second['seconds']:.1f} s {second['verdict']}"
            )
        median = statistics.median(times)
        print(
            f"import of {args.rows} residents: median {median:.1f} s over {args.runs} runs "
            f"({args.rows / median:,.0f} rows/s; goal < 30 s for 50,000), peak memory max {max(peaks):.0f} MB "
            f"(goal < 500 MB); re-import (all unchanged) median {statistics.median(again):.1f} s; "
            f"CPU time of the import median {statistics.median(cpus):.1f} s "
            "(about the wall time on a machine doing nothing else)"
        )


if __name__ == "__main__":
    main()
