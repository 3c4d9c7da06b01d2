"""carematch backup FILE | --daily | --list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.backups import daily_backup, list_backups
from carematch.core.maintenance import backup

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "backup"
HELP = "备份数据库到文件 / back the database up to a file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("file", type=Path, nargs="?", help="备份文件（或文件夹）")
    what.add_argument("--daily", action="store_true", help="做今天的自动备份（今天已做过则跳过，保留最近14份）")
    what.add_argument("--list", action="store_true", help="列出自动备份 / list the automatic backups")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        if args.list:
            for found in list_backups(store):
                print(f"{found.day.isoformat()}  {found.size // 1024} KB  {found.path}")
            return 0
        if args.daily:
            made = daily_backup(store)
            if made is None:
                context.say("今天已有自动备份", "Today's automatic backup exists already")
            else:
                context.say(f"已备份到 {made}", f"Backed up to {made}")
            return 0
        target = backup(store, args.file)
    context.say(f"已备份到 {target}", f"Backed up to {target}")
    return 0
