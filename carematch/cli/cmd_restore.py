"""carematch restore FILE | --latest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.backups import restore_latest
from carematch.core.maintenance import restore

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "restore"
HELP = "从备份恢复数据库（原数据库先另存） / restore the database from a backup"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("file", type=Path, nargs="?", help="备份文件")
    what.add_argument("--latest", action="store_true", help="恢复最近一次自动备份 / the newest automatic backup")


def run(args: argparse.Namespace, context: Context) -> int:
    if args.latest:
        chosen, info, kept = restore_latest(context.db_url)
        source = chosen.path
    else:
        source = args.file
        info, kept = restore(context.db_url, source)
    residents = info.counts.get("residents", 0)
    context.say(f"已从 {source} 恢复（{residents}位老年人）", f"Restored from {source} ({residents} residents)")
    if kept is not None:
        context.say(f"恢复前的数据库已另存为 {kept}", f"The database it replaced is kept as {kept}")
    return 0
