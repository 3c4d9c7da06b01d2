"""Test data for the registry tests: a small gazetteer, valid citizen IDs, a clerk's roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from carematch.core.db import Store
from carematch.core.geo.gazetteer import upsert_township, upsert_village
from carematch.core.validation import citizen_id_check_digit

PLACES = {
    # 向阳村 is in both townships, as village names often are: only the township tells them apart.
    "南浔镇": (
        (120.42, 30.87),
        {"东大街社区": (120.425, 30.88, 820), "息塘村": (120.40, 30.86, 510), "向阳村": (120.45, 30.85, 200)},
    ),
    "双林镇": ((120.33, 30.77), {"向阳村": (120.34, 30.78, 430), "三田漾村": (120.31, 30.76, 390)}),
}


def add_gazetteer(store: Store) -> None:
    with store.unit_of_work(actor="test") as session:
        for township, ((lon, lat), villages) in PLACES.items():
            upsert_township(session, name=township, county="南浔区", lon=lon, lat=lat)
            for village, (vlon, vlat, population) in villages.items():
                upsert_village(
                    session, township=township, name=village, lon=vlon, lat=vlat, elderly_population=population
                )


def citizen_id(birth: dt.date, serial: int, female: bool = True, region: str = "330503") -> str:
    """A valid GB 11643 number: the 17th digit odd for men, even for women."""
    sequence = serial % 100 * 10 + (serial % 5 * 2 + (0 if female else 1))
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + citizen_id_check_digit(first17)


CLERK_HEADERS_TOP = [
    "序号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "联系电话",
    "乡镇(街道)",
    "村(社区)",
    "居住情况",
    "能力等级",
    "保障类别",
    "服务需求",
    None,
    None,
    None,
    "上门服务项目",
    "每周上门次数",
    "紧急联系人",
    "紧急联系电话",
]
CLERK_HEADERS_SUB = [None] * 11 + ["助餐", "送餐", "认知障碍照护", "上门服务"] + [None] * 4


def good_row(n: int, name: str, birth: Any, cid: str, flags: tuple[Any, Any, Any, Any], **extra: Any) -> list[Any]:
    row = [
        n,
        name,
        cid,
        extra.get("sex", "女"),
        birth,
        extra.get("phone", f"1381234{n:04d}"),
        extra.get("township", "南浔镇"),
        extra.get("village", "东大街社区"),
        extra.get("living", "独居"),
        extra.get("ability", "轻度失能"),
        extra.get("assistance", "低保"),
        *flags,
        extra.get("skills", ""),
        extra.get("visits", ""),
        extra.get("contact", "王小明"),
        extra.get("contact_phone", "13900001111"),
    ]
    return row


def clerk_roster(path: Path) -> dict[str, Any]:
    """A roster as a township clerk keeps it; returns what the import must make of it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["南浔镇2026年居家养老服务对象花名册"])
    sheet.merge_cells("A1:S1")
    sheet.append(["填报单位：南浔镇社工站", None, None, None, None, "填报日期：2026年3月"])
    sheet.append(CLERK_HEADERS_TOP)
    sheet.append(CLERK_HEADERS_SUB)
    for column in "ABCDEFGHIJK":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("L3:O3")
    for column in "PQRS":
        sheet.merge_cells(f"{column}3:{column}4")

    good: dict[str, str] = {}

    def person(n: int, name: str, birth: dt.date, female: bool = True) -> str:
        cid = citizen_id(birth, n, female)
        good[cid] = name
        return cid

    rows: list[list[Any]] = []
    # 5..14: good rows in every date form and every 是/否 form, full-width digits, stray spaces
    rows.append(
        good_row(
            1, "王秀英", dt.datetime(1940, 5, 3), person(1, "王秀英", dt.date(1940, 5, 3)), ("是", "否", "否", "否")
        )
    )
    rows.append(good_row(2, " 李桂英 ", "1938.7.9", person(2, "李桂英", dt.date(1938, 7, 9)), ("Y", "N", "n", "y")))
    rows.append(
        good_row(
            3,
            "张玉英",
            "1945-01-23",
            person(3, "张玉英", dt.date(1945, 1, 23)),
            ("1", "0", "0", "1"),
            skills="助浴、助洁",
            visits="２",
        )
    )
    rows.append(
        good_row(
            4,
            "陈凤英",
            "1950年12月1日",
            person(4, "陈凤英", dt.date(1950, 12, 1)),
            ("√", "×", "×", "√"),
            skills="助浴,助医；精神慰藉",
            visits=3,
        )
    )
    rows.append(
        good_row(
            5,
            "周金荣",
            "1942/3/4",
            person(5, "周金荣", dt.date(1942, 3, 4), female=False),
            (True, False, "否", "否"),
            sex="男",
            phone="１３９１２３４５６７８",
            village="向阳村",
        )
    )
    rows.append(
        good_row(
            6,
            "沈阿毛",
            None,
            person(6, "沈阿毛", dt.date(1936, 2, 29), female=False),
            (1, 0, "是", "否"),
            sex=None,
            township="双林镇",
            village="向阳村",
            ability="重度失能",
            assistance="特困",
        )
    )
    rows.append(
        good_row(
            7,
            "徐杏娥",
            dt.date(1938, 4, 30),
            person(7, "徐杏娥", dt.date(1938, 4, 30)),
            ("是", "是", "否", "否"),
            phone="0572 - 3012345",
            village=" 三田漾村 ",
            township="双林镇",
        )
    )
    rows.append(
        good_row(
            8,
            "朱美娟",
            "19440618",
            person(8, "朱美娟", dt.date(1944, 6, 18)),
            ("否", "否", "否", "是"),
            skills="康复护理",
            visits=1,
            living="与子女同住",
        )
    )
    rows.append(
        good_row(
            9,
            "钱福林",
            "1939.11.2",
            person(9, "钱福林", dt.date(1939, 11, 2), female=False),
            ("是", "否", "否", "否"),
            sex="男",
            assistance="普通",
            ability="能力完好",
        )
    )
    rows.append(
        good_row(
            10,
            "吴巧珍",
            "1947-8-15",
            person(10, "吴巧珍", dt.date(1947, 8, 15)),
            ("是", "是", "否", "否"),
            living="空巢",
        )
    )
    # 15: the same person as row 5 again
    rows.append(good_row(11, "王秀英", "1940-05-03", citizen_id(dt.date(1940, 5, 3), 1), ("是", "否", "否", "否")))
    # 16..25: ten rows with real faults of different kinds
    faults: dict[int, list[str]] = {}
    bad_check = citizen_id(dt.date(1941, 1, 1), 12)
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    rows.append(good_row(12, "姚根娣", "1941-01-01", bad_check, ("是", "否", "否", "否")))
    faults[16] = ["校验位"]
    rows.append(good_row(13, "施林娣", "1941-01-01", "33050319410101002", ("是", "否", "否", "否")))
    faults[17] = ["18位"]
    rows.append(good_row(14, "费雪芬", "1943-02-02", citizen_id(dt.date(1943, 3, 2), 14), ("是", "否", "否", "否")))
    faults[18] = ["不一致"]
    rows.append(
        good_row(15, "蒋惠芬", "1943-02-02", citizen_id(dt.date(1943, 2, 2), 15), ("是", "否", "否", "否"), sex="男")
    )
    faults[19] = ["性别"]
    rows.append(
        good_row(
            16,
            "邱梅芳",
            "1944-04-04",
            citizen_id(dt.date(1944, 4, 4), 16),
            ("是", "否", "否", "否"),
            phone="1381234567",
        )
    )
    faults[20] = ["手机号"]
    rows.append(
        good_row(
            17, "俞秀珍", "1944-04-04", citizen_id(dt.date(1944, 4, 4), 17), ("是", "否", "否", "否"), village="桃花村"
        )
    )
    faults[21] = ["桃花村"]
    rows.append(good_row(18, "孙爱娟", "1944-04-04", citizen_id(dt.date(1944, 4, 4), 18), ("可能", "否", "否", "否")))
    faults[22] = ["是 或 否"]
    rows.append(
        good_row(
            19,
            "金兰芬",
            "1944-04-04",
            citizen_id(dt.date(1944, 4, 4), 19),
            ("否", "否", "否", "是"),
            skills="助浴",
            visits=9,
        )
    )
    faults[23] = ["每周上门次数"]
    rows.append(
        good_row(
            20,
            "潘素珍",
            "1944-04-04",
            citizen_id(dt.date(1944, 4, 4), 20),
            ("否", "否", "否", "是"),
            skills="理发、助浴",
            visits=1,
        )
    )
    faults[24] = ["理发"]
    # two faults in one row: both must be reported
    rows.append(
        good_row(
            21, None, "1940.13.45", citizen_id(dt.date(1940, 1, 5), 21), ("是", "否", "否", "否"), ability="半失能"
        )
    )
    faults[25] = ["姓名", "1940.13.45", "半失能"]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("G5:G9")  # the township written once, merged down over its rows
    sheet.append([])
    sheet.append(["填表人：李红", None, None, None, None, "审核人：张伟"])
    workbook.save(path)
    return {"good": good, "faults": faults, "duplicate_row": 15, "first_row": 5, "data_rows": len(rows)}


def write_csv(path: Path, header: list[str], rows: list[list[Any]], encoding: str) -> None:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
