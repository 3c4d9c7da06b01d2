"""Acceptance: `carematch import/export` on sheets kept the way a township clerk keeps them (DESIGN §3, §5)."""

from __future__ import annotations

import csv
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from test_acceptance_kit import (
    CAREGIVER_HEADERS,
    CAREGIVERS,
    CENTRE_HEADERS,
    CENTRES,
    GAZ_HEADERS,
    MEAL_HEADERS,
    MEAL_POINTS,
    TOWNSHIPS,
    VILLAGES,
    citizen_id,
    run_cli,
    write_csv,
    write_xlsx,
)


# --- independent forward conversions (the widely published GCJ-02 / BD-09 formulas) ----------------------
def _gcj_offsets(x: float, y: float) -> tuple[float, float]:
    lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return lon, lat


def wgs_to_gcj(lon: float, lat: float) -> tuple[float, float]:
    a, ee = 6378245.0, 0.00669342162296594323
    dlon, dlat = _gcj_offsets(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    dlat = dlat * 180.0 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = dlon * 180.0 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj_to_bd(lon: float, lat: float) -> tuple[float, float]:
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * x_pi)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def apart_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    from geopy.distance import great_circle

    return float(great_circle((a[1], a[0]), (b[1], b[0])).meters)


# --- the clerk's roster ---------------------------------------------------------------------------------
COLUMNS = [
    "序号",
    "身份证号",
    "姓名",
    "出生日期",
    "乡镇(街道)",
    "村(社区)",
    "经度",
    "纬度",
    "坐标系",
    "居住情况",
    "能力等级",
    "认知障碍",
    "保障类别",
    "助餐",
    "送餐",
    "认知障碍照护",
    "上门服务",
    "上门服务项目",
    "每周上门次数",
    "联系电话",
]
NEEDS_FROM, NEEDS_TO = COLUMNS.index("助餐"), COLUMNS.index("上门服务")
BORN = date(1940, 5, 3)
GCJ_POINT = (120.306, 30.703)  # as read off AMap
BD_POINT = (120.4125, 30.7070)  # as read off Baidu Maps


def ident(seq: int, born: date = BORN, male: bool = True) -> str:
    return citizen_id(born, seq, male)


def x_id() -> str:
    """An ID whose check digit is X, to be written with a lower-case x."""
    return next(c for s in range(1, 400) if (c := ident(s)).endswith("X"))


def fullwidth(text: str) -> str:
    return text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def good_rows() -> list[dict[str, Any]]:
    base = {"乡镇(街道)": "青山镇", "村(社区)": "东村", "居住情况": "独居", "能力等级": "轻度失能", "保障类别": "普通"}
    rows = [
        {
            "身份证号": f" {ident(101)} ",
            "姓名": " 王 秀英 ",
            "出生日期": datetime(1940, 5, 3),
            "助餐": "是",
            "送餐": "否",
            "认知障碍": "否",
            "认知障碍照护": "否",
            "上门服务": "是",
            "上门服务项目": "助浴、助医",
            "每周上门次数": fullwidth("3"),
            "联系电话": fullwidth("13900001111"),
            "经度": 120.301,
            "纬度": 30.702,
        },
        {
            "身份证号": ident(102),
            "姓名": "李桂兰",
            "出生日期": "1940.5.3",
            "助餐": "Y",
            "送餐": "N",
            "认知障碍": "N",
            "认知障碍照护": "N",
            "上门服务": "Y",
            "上门服务项目": "助浴,助洁",
            "每周上门次数": 2,
        },
        {
            "身份证号": ident(103),
            "姓名": "张建国",
            "出生日期": "1940-05-03",
            "助餐": 1,
            "送餐": 1,
            "认知障碍": 1,
            "认知障碍照护": 1,
            "上门服务": 0,
            "村(社区)": "西村",
        },
        {
            "身份证号": ident(104),
            "姓名": "刘玉珍",
            "出生日期": "1940年5月3日",
            "助餐": "√",
            "送餐": "×",
            "认知障碍": "×",
            "认知障碍照护": "×",
            "上门服务": "√",
            "上门服务项目": "助浴，助洁",
            "村(社区)": "南村",
        },
        {
            "身份证号": ident(105),
            "姓名": "陈德明",
            "经度": GCJ_POINT[0],
            "纬度": GCJ_POINT[1],
            "坐标系": "GCJ02",
            "上门服务": "是",
            "上门服务项目": "助浴;助洁",
        },
        {
            "身份证号": ident(106),
            "姓名": "杨金凤",
            "经度": BD_POINT[0],
            "纬度": BD_POINT[1],
            "坐标系": "BD09",
            "乡镇(街道)": "白水乡",
            "村(社区)": "上村",
            "上门服务": "是",
            "上门服务项目": "助浴；助洁",
        },
        {"身份证号": ident(107), "姓名": "赵志强", "乡镇(街道)": "白水乡", "村(社区)": "下村"},
        {"身份证号": ident(108), "姓名": "吴淑芬", "乡镇(街道)": "白水乡", "村(社区)": ""},
        {"身份证号": x_id().lower(), "姓名": "周国华", "出生日期": "1940/5/3", "保障类别": "特困 "},
        {"身份证号": ident(110), "姓名": "徐阿毛", "能力等级": " 重度失能", "居住情况": "空巢"},
        {"身份证号": ident(111), "姓名": "孙根娣", "保障类别": "低保", "助餐": "是", "送餐": "是"},
        {"身份证号": ident(112), "姓名": "马荣生", "村(社区)": "北村", "认知障碍": "是", "认知障碍照护": "是"},
    ]
    return [{**base, **row} for row in rows]


FAULTS: list[tuple[str, dict[str, Any]]] = [
    ("bad check digit", {"身份证号": ident(201)[:-1] + ("0" if ident(201)[-1] != "0" else "1"), "姓名": "错一"}),
    ("17 characters", {"身份证号": ident(202)[:17], "姓名": "错二"}),
    ("no name", {"身份证号": ident(203), "姓名": ""}),
    ("birth date against the ID", {"身份证号": ident(204), "姓名": "错四", "出生日期": "1941-05-03"}),
    ("place unknown", {"身份证号": ident(205), "姓名": "错五", "乡镇(街道)": "火星镇", "村(社区)": "不存在村"}),
    ("ability level", {"身份证号": ident(206), "姓名": "错六", "能力等级": "很好"}),
    (
        "visits per week",
        {"身份证号": ident(207), "姓名": "错七", "上门服务": "是", "上门服务项目": "助洁", "每周上门次数": 9},
    ),
    ("yes/no", {"身份证号": ident(208), "姓名": "错八", "认知障碍": "也许"}),
    ("assistance category", {"身份证号": ident(209), "姓名": "错九", "保障类别": "富裕"}),
    ("longitude", {"身份证号": ident(210), "姓名": "错十", "经度": "abc", "纬度": 30.7}),
]


def write_roster(path: Path) -> dict[str, Any]:
    """Title row, a two-row merged header, blank rows, a duplicate, ten faults and a 填表人 footer."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    width = len(COLUMNS)
    sheet.cell(1, 1, "青山镇2026年居家养老服务对象花名册")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for col, header in enumerate(COLUMNS, start=1):
        if NEEDS_FROM < col - 1 <= NEEDS_TO:
            continue
        if NEEDS_FROM <= col - 1 <= NEEDS_TO:
            sheet.cell(2, col, "服务需求")
            sheet.merge_cells(start_row=2, start_column=NEEDS_FROM + 1, end_row=2, end_column=NEEDS_TO + 1)
            continue
        sheet.cell(2, col, header)
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for col in range(NEEDS_FROM + 1, NEEDS_TO + 2):
        sheet.cell(3, col, COLUMNS[col - 1])
    excel_row = 4
    rows: dict[str, int] = {}
    faulty: dict[int, str] = {}

    def put(values: dict[str, Any]) -> int:
        nonlocal excel_row
        for col, header in enumerate(COLUMNS, start=1):
            value = values.get(header, "")
            cell = sheet.cell(excel_row, col, value if value != "" else None)
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd"
        excel_row += 1
        return excel_row - 1

    base = good_rows()[0]
    good = good_rows()
    for number, row in enumerate(good[:6], start=1):
        rows[row["姓名"]] = put({"序号": number, **row})
    excel_row += 2  # two blank rows in the middle, as left after deleting people
    for number, row in enumerate(good[6:], start=7):
        rows[row["姓名"]] = put({"序号": number, **row})
    duplicate_row = put({**good[1], "序号": 13, "姓名": "李桂兰", "联系电话": "13911112222"})
    for number, (why, fault) in enumerate(FAULTS, start=14):
        faulty[
            put(
                {
                    **base,
                    "上门服务": "否",
                    "上门服务项目": "",
                    "每周上门次数": "",
                    "经度": "",
                    "纬度": "",
                    "出生日期": "",
                    "联系电话": "",
                    "序号": number,
                    **fault,
                }
            )
        ] = why
    excel_row += 1
    footer = excel_row
    sheet.cell(footer, 1, "填表人：张三      审核人：李四      填表日期：2026年11月20日")
    sheet.merge_cells(start_row=footer, start_column=1, end_row=footer, end_column=width)
    book.save(path)
    return {"rows": rows, "faulty": faulty, "duplicate": duplicate_row, "footer": footer, "first": 4}


def gazetteer_file(folder: Path) -> Path:
    rows: list[list[Any]] = [[t, "", lon, lat, None] for t, (lon, lat) in TOWNSHIPS.items()]
    rows += [[t, v, lon, lat, pop] for (t, v), (lon, lat, pop) in VILLAGES.items()]
    return write_xlsx(folder / "地名库.xlsx", GAZ_HEADERS, rows, title="青山镇、白水乡地名库")


def import_json(db: Path, kind: str, path: Path, *extra: str) -> dict[str, Any]:
    done = run_cli(db, "import", kind, str(path), "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def export_rows(db: Path, kind: str, path: Path) -> list[dict[str, str]]:
    done = run_cli(db, "export", kind, str(path))
    assert done.returncode == 0, done.stderr
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("roster")
    db = folder / "station.sqlite"
    assert import_json(db, "gazetteer", gazetteer_file(folder))["rejected"] == []
    providers = [
        ("centres", write_xlsx(folder / "机构.xlsx", CENTRE_HEADERS, CENTRES)),
        ("meal-points", write_xlsx(folder / "助餐点.xlsx", MEAL_HEADERS, MEAL_POINTS)),
        ("caregivers", write_xlsx(folder / "护理员.xlsx", CAREGIVER_HEADERS, CAREGIVERS)),
    ]
    for kind, path in providers:
        assert import_json(db, kind, path)["rejected"] == [], kind
    layout = write_roster(folder / "花名册.xlsx")
    first = import_json(db, "residents", folder / "花名册.xlsx", "--report", str(folder / "退回.xlsx"))
    second = import_json(db, "residents", folder / "花名册.xlsx")
    exported = {r["身份证号"]: r for r in export_rows(db, "residents", folder / "导出.csv")}
    return {"db": db, "folder": folder, "layout": layout, "first": first, "second": second, "exported": exported}


def rejected_rows(verdict: dict[str, Any]) -> dict[int, list[str]]:
    return {item["row"]: item["errors"] for item in verdict["rejected"]}


def test_verdict_has_the_design_shape_and_adds_up(roster: dict[str, Any]) -> None:
    first = roster["first"]
    assert set(first) >= {"rows", "imported", "updated", "rejected"}
    assert first["imported"] + first["updated"] + len(first["rejected"]) == first["rows"]
    assert first["imported"] == len(roster["layout"]["rows"]) and first["updated"] == 0
    for item in first["rejected"]:
        assert item["errors"] and all(isinstance(e, str) and e.strip() for e in item["errors"])


def test_each_fault_is_rejected_at_its_excel_row(roster: dict[str, Any]) -> None:
    layout = roster["layout"]
    rejected = rejected_rows(roster["first"])
    expected = set(layout["faulty"]) | {layout["duplicate"]}
    assert expected <= set(rejected)
    assert set(rejected) <= expected | {layout["footer"]}  # the footer may be rejected, never imported


def test_the_duplicate_names_the_earlier_row(roster: dict[str, Any]) -> None:
    layout = roster["layout"]
    reasons = " ".join(rejected_rows(roster["first"])[layout["duplicate"]])
    assert str(layout["rows"]["李桂兰"]) in reasons


@pytest.mark.parametrize(
    ("why", "words"),
    [
        ("bad check digit", ("校验",)),
        ("17 characters", ("18",)),
        ("no name", ("姓名",)),
        ("birth date against the ID", ("出生日期",)),
        ("place unknown", ("火星镇", "不存在村")),
        ("ability level", ("能力等级",)),
        ("visits per week", ("每周上门次数",)),
        ("yes/no", ("认知障碍",)),
        ("assistance category", ("保障类别",)),
        ("longitude", ("经度",)),
    ],
)
def test_reasons_speak_the_clerks_language(roster: dict[str, Any], why: str, words: tuple[str, ...]) -> None:
    row = next(r for r, w in roster["layout"]["faulty"].items() if w == why)
    reasons = " ".join(rejected_rows(roster["first"])[row])
    assert any(word in reasons for word in words), reasons
    assert "Traceback" not in reasons and "Error(" not in reasons


def test_a_second_import_changes_nothing(roster: dict[str, Any]) -> None:
    second = roster["second"]
    assert second["imported"] == 0 and second["updated"] == 0
    assert second["rows"] == roster["first"]["rows"]
    assert set(rejected_rows(second)) == set(rejected_rows(roster["first"]))


def test_footer_and_faulty_rows_are_not_imported(roster: dict[str, Any]) -> None:
    names = {r["姓名"] for r in roster["exported"].values()}
    assert len(roster["exported"]) == len(roster["layout"]["rows"])
    assert not names & {"错一", "错二", "错四", "错五", "错六", "错七", "错八", "错九", "错十"}
    assert not any("填表人" in n for n in names)


def test_values_are_read_as_the_clerk_meant(roster: dict[str, Any]) -> None:
    people = {r["姓名"]: r for r in roster["exported"].values()}
    assert set(people) == {n.strip().replace(" ", "") for n in roster["layout"]["rows"]} or set(people) == {
        n.strip() for n in roster["layout"]["rows"]
    }
    first = people.get("王秀英") or people["王 秀英"]
    assert first["身份证号"] == ident(101)
    assert first["出生日期"] == "1940-05-03" and first["联系电话"] == "13900001111"
    assert first["每周上门次数"] == "3" and set(first["上门服务项目"].split("、")) == {"助浴", "助医"}
    for name in ("李桂兰", "张建国", "刘玉珍", "周国华"):
        assert people[name]["出生日期"] == "1940-05-03", name
    assert (people["李桂兰"]["助餐"], people["李桂兰"]["送餐"], people["李桂兰"]["上门服务"]) == ("是", "否", "是")
    assert (people["张建国"]["助餐"], people["张建国"]["送餐"], people["张建国"]["认知障碍"]) == ("是", "是", "是")
    assert (people["张建国"]["上门服务"], people["刘玉珍"]["助餐"], people["刘玉珍"]["送餐"]) == ("否", "是", "否")
    for name in ("李桂兰", "刘玉珍", "陈德明", "杨金凤"):
        assert set(people[name]["上门服务项目"].split("、")) == {"助浴", "助洁"}, name
    assert people["周国华"]["身份证号"] == x_id() and people["周国华"]["保障类别"] == "特困"
    assert people["徐阿毛"]["能力等级"] == "重度失能"
    assert people["李桂兰"]["每周上门次数"] == "2"


def placed(row: dict[str, str], gazetteer: dict[str, tuple[float, float]]) -> tuple[float, float]:
    if row["经度"] and row["纬度"]:
        return float(row["经度"]), float(row["纬度"])
    return gazetteer[row["村(社区)"] or row["乡镇(街道)"]]


def test_coordinates_are_stored_in_wgs84(roster: dict[str, Any]) -> None:
    people = {r["姓名"]: r for r in roster["exported"].values()}
    gcj = (float(people["陈德明"]["经度"]), float(people["陈德明"]["纬度"]))
    assert apart_m(wgs_to_gcj(*gcj), GCJ_POINT) < 2.0
    assert apart_m(gcj, GCJ_POINT) > 200  # really converted, not kept as typed
    bd = (float(people["杨金凤"]["经度"]), float(people["杨金凤"]["纬度"]))
    assert apart_m(gcj_to_bd(*wgs_to_gcj(*bd)), BD_POINT) < 2.0
    assert apart_m(bd, BD_POINT) > 500


def test_rows_without_coordinates_sit_at_their_village_or_township(roster: dict[str, Any], tmp_path: Path) -> None:
    people = {r["姓名"]: r for r in roster["exported"].values()}
    centre = {v: (lon, lat) for (_, v), (lon, lat, _) in VILLAGES.items()} | TOWNSHIPS
    assert apart_m(placed(people["赵志强"], centre), centre["下村"]) < 1.0
    assert apart_m(placed(people["吴淑芬"], centre), centre["白水乡"]) < 1.0
    assert apart_m(placed(people["刘玉珍"], centre), centre["南村"]) < 1.0


def test_rejected_row_report_has_the_reason_column(roster: dict[str, Any]) -> None:
    book = load_workbook(roster["folder"] / "退回.xlsx")
    sheet = book.active
    assert sheet is not None
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(values) if "错误原因" in row)
    column = values[header_index].index("错误原因")
    body = [row for row in values[header_index + 1 :] if any(v not in (None, "") for v in row)]
    assert len(body) == len(roster["first"]["rejected"])
    assert all(row[column] for row in body)
    assert "身份证号" in values[header_index] and "姓名" in values[header_index]


def test_english_field_names_in_a_utf8_csv(roster: dict[str, Any], tmp_path: Path) -> None:
    headers = [
        "citizen_id",
        "name",
        "birth_date",
        "township",
        "village",
        "lon",
        "lat",
        "living",
        "ability",
        "assistance",
        "need_meal",
        "need_delivery",
        "need_home_visit",
        "visit_skills",
        "visits_per_week",
    ]
    rows = [
        [
            ident(301),
            "English Row One",
            "1940-05-03",
            "青山镇",
            "北村",
            "",
            "",
            "独居",
            "中度失能",
            "低保",
            "Y",
            "N",
            "Y",
            "助洁、精神慰藉",
            2,
        ],
        [
            ident(302),
            "郑和平",
            "",
            "白水乡",
            "上村",
            120.4011,
            30.7011,
            "空巢",
            "能力完好",
            "普通",
            "1",
            "0",
            "0",
            "",
            "",
        ],
    ]
    path = write_csv(tmp_path / "english.csv", headers, rows, encoding="utf-8")
    verdict = import_json(roster["db"], "residents", path)
    assert verdict["rejected"] == [] and verdict["imported"] == 2


def test_gb18030_csv_with_chinese_headers(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    assert import_json(db, "gazetteer", gazetteer_file(tmp_path))["rejected"] == []
    rows = [[ident(401), "黄阿大", "1940年5月3日", "青山镇", "东村", "是", "否"]]
    path = write_csv(
        tmp_path / "gb.csv", ["身份证号", "姓名", "出生日期", "乡镇", "村", "助餐", "送餐"], rows, "gb18030"
    )
    verdict = import_json(db, "residents", path)
    assert (verdict["imported"], verdict["rejected"]) == (1, [])


def test_providers_without_their_capacity_or_radius_are_rejected(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    assert import_json(db, "gazetteer", gazetteer_file(tmp_path))["rejected"] == []
    headers = [
        "编号",
        "名称",
        "乡镇(街道)",
        "村(社区)",
        "日供餐能力(份)",
        "堂食半径(公里)",
        "是否送餐",
        "送餐半径(公里)",
    ]
    rows = [
        ["ZC９", "好食堂", "青山镇", "东村", "３０", "", "否", ""],  # blank dine-in radius takes its default 1.0
        ["ZC10", "缺能力食堂", "青山镇", "西村", "", 1.0, "否", ""],
    ]
    verdict = import_json(db, "meal-points", write_xlsx(tmp_path / "mp.xlsx", headers, rows, title="助餐点"))
    assert verdict["imported"] == 1 and [r["row"] for r in verdict["rejected"]] == [4]
    assert any("日供餐能力" in e for e in verdict["rejected"][0]["errors"])
    exported = export_rows(db, "meal-points", tmp_path / "mp.csv")
    assert len(exported) == 1 and float(exported[0]["堂食半径(公里)"]) == 1.0 and exported[0]["日供餐能力(份)"] == "30"


KINDS_IN_ORDER = ("gazetteer", "centres", "meal-points", "caregivers", "residents")


def test_export_import_export_is_lossless(tmp_path: Path, roster: dict[str, Any]) -> None:
    again = tmp_path / "again.sqlite"
    for kind in KINDS_IN_ORDER:
        first = tmp_path / f"{kind}-1.xlsx"
        assert run_cli(roster["db"], "export", kind, str(first)).returncode == 0
        verdict = import_json(again, kind, first)
        assert verdict["rejected"] == [], (kind, verdict["rejected"])
        second = tmp_path / f"{kind}-2.xlsx"
        assert run_cli(again, "export", kind, str(second)).returncode == 0
        assert sheet_values(first) == sheet_values(second), kind


def sheet_values(path: Path) -> list[tuple[Any, ...]]:
    sheet = load_workbook(path, read_only=True).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


# --- exit statuses and messages for bad files -------------------------------------------------------------
def one_line_reason(stderr: str) -> None:
    assert stderr.strip() and "\n" not in stderr.strip(), stderr
    assert "Traceback" not in stderr


def empty_sheet(path: Path) -> Path:
    Workbook().save(path)
    return path


def keyless_sheet(path: Path) -> Path:
    return write_xlsx(path, ["姓名", "乡镇(街道)", "村(社区)"], [["王秀英", "青山镇", "东村"]])


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d / "missing.xlsx",
        lambda d: (d / "notes.txt").write_text("not a sheet", encoding="utf-8") and d / "notes.txt",
        lambda d: empty_sheet(d / "empty.xlsx"),
        lambda d: keyless_sheet(d / "keyless.xlsx"),
        lambda d: (d / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip") and d / "broken.xlsx",
    ],
    ids=["missing", "txt", "empty", "no-key-column", "corrupt-xlsx"],
)
def test_bad_files_exit_1_with_one_line(tmp_path: Path, make: Any) -> None:
    path = make(tmp_path)
    done = run_cli(tmp_path / "db.sqlite", "import", "residents", str(path), "--json")
    assert done.returncode == 1, (done.returncode, done.stderr)
    one_line_reason(done.stderr)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for argv in (["import", "people", "x.xlsx"], ["import"], ["match", "--kind", "bath"], ["match", "--as-of", "昨天"]):
        done = run_cli(tmp_path / "db.sqlite", *argv)
        assert done.returncode == 2, (argv, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip()


def test_a_changed_row_updates_only_that_person(roster: dict[str, Any], tmp_path: Path) -> None:
    rows = export_rows(roster["db"], "residents", tmp_path / "before.csv")
    target = next(r for r in rows if r["姓名"] == "赵志强")
    target["联系电话"] = "13700001234"
    path = tmp_path / "changed.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    verdict = import_json(roster["db"], "residents", path)
    assert (verdict["imported"], verdict["updated"], verdict["rejected"]) == (0, 1, [])
    after = {r["身份证号"]: r for r in export_rows(roster["db"], "residents", tmp_path / "after.csv")}
    assert after[target["身份证号"]] == target
    assert all(after[r["身份证号"]] == r for r in rows)


def test_stray_spaces_inside_a_name_are_not_kept(roster: dict[str, Any]) -> None:
    """Clerks pad two-character names to line them up ("王  芳", "王 秀英"); the spaces are not part of the name."""
    people = {r["姓名"] for r in roster["exported"].values()}
    assert "王秀英" in people, sorted(people)
    found = run_cli(roster["db"], "search", "王秀英")
    assert found.returncode == 0 and ident(101)[-4:] in found.stdout, found.stdout


def test_rejected_rows_still_exit_0(roster: dict[str, Any]) -> None:
    done = run_cli(roster["db"], "import", "residents", str(roster["folder"] / "花名册.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_providers_and_gazetteer_in_gcj02_and_bd09_are_stored_in_wgs84(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    gaz = write_xlsx(tmp_path / "g.xlsx", [*GAZ_HEADERS, "坐标系"], [["高德镇", "高德村", *GCJ_POINT, 100, "GCJ02"]])
    assert import_json(db, "gazetteer", gaz)["rejected"] == []
    headers = ["编号", "名称", "经度", "纬度", "坐标系", "日供餐能力(份)", "堂食半径(公里)", "是否送餐"]
    rows = [["ZG1", "高德食堂", *GCJ_POINT, "GCJ02", 5, 1, "否"], ["ZB1", "百度食堂", *BD_POINT, "BD09", 5, 1, "否"]]
    assert import_json(db, "meal-points", write_xlsx(tmp_path / "m.xlsx", headers, rows))["rejected"] == []
    points = {
        r["编号"]: (float(r["经度"]), float(r["纬度"])) for r in export_rows(db, "meal-points", tmp_path / "m.csv")
    }
    assert apart_m(wgs_to_gcj(*points["ZG1"]), GCJ_POINT) < 2.0 and apart_m(points["ZG1"], GCJ_POINT) > 200
    assert apart_m(gcj_to_bd(*wgs_to_gcj(*points["ZB1"])), BD_POINT) < 2.0
    village = next(r for r in export_rows(db, "gazetteer", tmp_path / "g.csv") if r["村(社区)"] == "高德村")
    stored = (float(village["经度"]), float(village["纬度"]))
    if village.get("坐标系", "WGS84") in ("", "WGS84"):
        assert apart_m(wgs_to_gcj(*stored), GCJ_POINT) < 2.0
    else:  # written back in the system it came in, which is also a faithful template
        assert apart_m(stored, GCJ_POINT) < 2.0


def _full_width_headers(path: Path, cid: str) -> Path:
    headers = ["身份证号 ", "姓  名", "出生日期", "乡镇（街道）", "村（社区）"]
    return write_xlsx(path.with_suffix(".xlsx"), headers, [[cid, "头甲", "1940-05-03", "青山镇", "东村"]])


def _csv_with_title_and_footer(path: Path, cid: str) -> Path:
    path = path.with_suffix(".csv")
    path.write_text(
        f"青山镇老年人名单,,,\n身份证号,姓名,乡镇(街道),村(社区)\n{cid},头乙,青山镇,东村\n\n填表人：张三,,,\n",
        encoding="gb18030",
    )
    return path


def _instructions_sheet_first(path: Path, cid: str) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "填表说明"
    first.append(["请按下表填写，身份证号必填"])
    roster = book.create_sheet("花名册")
    roster.append(["身份证号", "姓名", "乡镇(街道)", "村(社区)"])
    roster.append([cid, "头丙", "青山镇", "东村"])
    path = path.with_suffix(".xlsx")
    book.save(path)
    return path


@pytest.mark.parametrize("make", [_full_width_headers, _csv_with_title_and_footer, _instructions_sheet_first])
def test_header_and_sheet_variants_clerks_produce(tmp_path: Path, make: Any) -> None:
    db = tmp_path / "v.sqlite"
    assert import_json(db, "gazetteer", gazetteer_file(tmp_path))["rejected"] == []
    verdict = import_json(db, "residents", make(tmp_path / "roster", ident(601)))
    assert (verdict["rows"], verdict["imported"], verdict["rejected"]) == (1, 1, [])


def test_a_row_with_many_faults_lists_every_one(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite"
    assert import_json(db, "gazetteer", gazetteer_file(tmp_path))["rejected"] == []
    good = ident(701)
    headers = ["身份证号", "姓名", "乡镇(街道)", "村(社区)", "能力等级", "保障类别", "每周上门次数", "助餐"]
    row = [good[:-1] + ("0" if good[-1] != "0" else "1"), "", "火星镇", "", "很好", "富裕", 9, "也许"]
    verdict = import_json(db, "residents", write_xlsx(tmp_path / "m.xlsx", headers, [row]))
    assert [r["row"] for r in verdict["rejected"]] == [2]
    errors = " ".join(verdict["rejected"][0]["errors"])
    for word in ("身份证号", "姓名", "火星镇", "能力等级", "保障类别", "每周上门次数", "助餐"):
        assert word in errors, word
