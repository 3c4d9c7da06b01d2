"""carematch import KIND FILE [--report FILE.xlsx] [--json]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.registry import KINDS
from carematch.core.transfer import import_file, write_rejected_report

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "import"
HELP = "从 Excel/CSV 导入（逐行给出结果） / import an Excel or CSV sheet, with a verdict per row"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, help="导入哪一类 / what the sheet holds")
    parser.add_argument("file", type=Path, help=".xlsx 或 .csv 文件")
    parser.add_argument("--report", type=Path, help="把退回的行（加“错误原因”列）写入此 .xlsx，改正后可再导入")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果 / print the verdict as JSON")
    parser.add_argument("--actor", default="", help="操作人（记入修改记录） / who is importing (audit trail)")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        verdict = import_file(store, args.kind, args.file, actor=args.actor or "import")
    if args.report is not None and verdict.rejected:
        write_rejected_report(verdict, args.report)
    if args.json:
        context.print_json(verdict.to_json(context.lang))
        return 0
    context.say(verdict.summary("zh"), verdict.summary("en"))
    for rejected in verdict.rejected:
        reasons = ("；" if context.lang == "zh" else "; ").join(m.text(context.lang) for m in rejected.errors)
        context.say(f"  第{rejected.row}行：{reasons}", f"  row {rejected.row}: {reasons}")
    if verdict.skipped_footer:
        rows = "、".join(str(r) for r in verdict.skipped_footer)
        context.say(f"已跳过表尾行：{rows}", f"Footer rows skipped: {rows}")
    if args.report is not None and verdict.rejected:
        context.say(f"退回的行已写入 {args.report}", f"Rejected rows written to {args.report}")
    sys.stdout.flush()
    return 0
