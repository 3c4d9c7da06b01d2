"""carematch restore FILE."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.maintenance import restore

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "restore"
HELP = "从备份恢复数据库（原数据库先另存） / restore the database from a backup"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="备份文件")


def run(args: argparse.Namespace, context: Context) -> int:
    info, kept = restore(context.db_url, args.file)
    residents = info.counts.get("residents", 0)
    context.say(f"已从 {args.file} 恢复（{residents}位老年人）", f"Restored from {args.file} ({residents} residents)")
    if kept is not None:
        context.say(f"恢复前的数据库已另存为 {kept}", f"The database it replaced is kept as {kept}")
    return 0
