"""carematch print: service cards, assignment sheets or the coverage report as a PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carematch.core.errors import UserInputError, msg

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "print"
HELP = "打印爱心卡、派单表或统计报告（PDF）/ print service cards, assignment sheets or the coverage report (PDF)"

WHAT = ("cards", "sheets", "report")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what", choices=WHAT, help="cards 爱心卡 / sheets 派单表 / report 统计报告 (cards, sheets, coverage report)"
    )
    parser.add_argument("--out", required=True, type=Path, help="输出的 PDF 文件 / the PDF file to write")
    parser.add_argument("--township", help="只打印这个乡镇(街道) / only this township")
    parser.add_argument(
        "--two-sided",
        action="store_true",
        help="爱心卡双面打印（背面按长边翻转对齐）/ cards: two-sided, backs mirrored for long-edge duplex",
    )
    parser.add_argument(
        "--day",
        type=_date,
        help="派单表日期，默认今天（YYYY-MM-DD）/ sheets: the day they are for, default today",
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2026-05-01 这样 (a date such as 2026-05-01): {text!r}") from None


def _coverage_report() -> Any:
    """The coverage engineer's renderer, looked up when asked for so cards and sheets never need it."""
    try:
        module = importlib.import_module("carematch.core.printing.report")
    except ModuleNotFoundError as error:
        if error.name != "carematch.core.printing.report":
            raise
        module = None
    render = getattr(module, "render_coverage_report", None)
    if render is None:
        raise UserInputError(
            msg(
                "这个版本还不能打印统计报告（缺少统计报告模块）；爱心卡和派单表可以打印",
                "This version cannot print the coverage report yet (its module is missing); "
                "cards and sheets can be printed",
            )
        )
    return render


def run(args: argparse.Namespace, context: Context) -> int:
    out: Path = args.out.expanduser()
    if out.suffix.lower() != ".pdf":
        raise UserInputError(
            msg("输出文件应以 .pdf 结尾：{out}", "The output file should end in .pdf: {out}", out=str(out))
        )
    township = args.township.strip() if args.township else None
    with context.open_store() as store, store.reading() as session:
        if args.what == "cards":
            from carematch.core.printing.cards import render_cards

            written = render_cards(session, out, township=township, two_sided=args.two_sided, lang=context.lang)
        elif args.what == "sheets":
            from carematch.core.printing.sheets import render_sheets

            written = render_sheets(session, out, township=township, day=args.day, lang=context.lang)
        else:
            render = _coverage_report()
            written = render(session, out, township=township, lang=context.lang)
    context.say(f"已保存：{written}", f"Saved: {written}")
    return 0
