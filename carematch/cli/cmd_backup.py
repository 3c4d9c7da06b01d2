"""carematch backup FILE."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carematch.core.maintenance import backup

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "backup"
HELP = "备份数据库到文件 / back the database up to a file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="备份文件（或文件夹）")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        target = backup(store, args.file)
    context.say(f"已备份到 {target}", f"Backed up to {target}")
    return 0
