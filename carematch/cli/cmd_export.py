"""carematch export KIND FILE."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.transfer import EXPORT_KINDS, export_file

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "export"
HELP = "导出为导入模板（.xlsx 或 .csv） / export as the import template (.xlsx or .csv)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=EXPORT_KINDS, help="导出哪一类 / what to export")
    parser.add_argument("file", type=Path, help=".xlsx 或 .csv 文件")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store, store.reading() as session:
        count = export_file(session, args.kind, args.file)
    context.say(f"已导出{count}行到 {args.file}", f"Exported {count} rows to {args.file}")
    return 0
