"""carematch report: the registry's counts, the bureau's coverage figures and where to add capacity."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.cli.options import whole_number

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "report"
HELP = "统计指标与选址建议 / coverage figures and suggested sites"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 2026-05-01 (date as YYYY-MM-DD): {text}") from None


def _km(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"半径应为公里数 (radius in km): {text}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"半径应在0到100公里之间 (radius 0–100 km): {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    parser.add_argument(
        "--xlsx", type=Path, metavar="FILE", help="把指标导出为 Excel 文件 / export the figures to Excel"
    )
    parser.add_argument("--township", metavar="NAME", help="文字输出只列这个乡镇 / text output for one township")
    parser.add_argument("--as-of", type=_date, metavar="DATE", help="统计日期（默认今天）/ day of reckoning")
    parser.add_argument(
        "--sites",
        type=whole_number(1, 20),
        default=5,
        metavar="K",
        help="建议新增点数上限（1–20，默认5）/ suggest up to K sites",
    )
    parser.add_argument(
        "--all-open",
        action="store_true",
        help="选址时计入所有待匹配需求（含范围内已满的）/ sites for every open need, also those in range but full",
    )
    parser.add_argument("--dine-in-radius", type=_km, metavar="KM", help="新助餐点堂食半径（默认1公里）")
    parser.add_argument("--delivery-radius", type=_km, metavar="KM", help="新助餐点送餐半径（默认3公里，0为不送餐）")
    parser.add_argument("--care-radius", type=_km, metavar="KM", help="新照护点服务半径（默认10公里）")
    parser.add_argument("--visit-radius", type=_km, metavar="KM", help="新上门服务站点服务半径（默认5公里）")


def run(args: argparse.Namespace, context: Context) -> int:
    # The figures and the site solver (OR-Tools, a large native library) are loaded here, not
    # when the command line is parsed.
    from carematch.core.coverage import SiteRadii
    from carematch.core.report import build_report, report_lines, write_xlsx

    with context.open_store() as store, store.unit_of_work(actor="report") as session:
        radii = SiteRadii.from_settings(
            session,
            meal_dine_in_km=args.dine_in_radius,
            meal_delivery_km=args.delivery_radius,
            care_km=args.care_radius,
            home_visit_km=args.visit_radius,
        )
        report = build_report(session, as_of=args.as_of, k_max=args.sites, radii=radii, include_reached=args.all_open)
    if args.xlsx is not None:
        write_xlsx(report, args.xlsx, context.lang)
    if args.json:
        context.print_json(report.to_dict())
        return 0
    for line in report_lines(report, context.lang, township=args.township):
        print(line)
    if args.xlsx is not None:
        context.say(f"已导出：{args.xlsx}", f"Exported: {args.xlsx}")
    return 0
