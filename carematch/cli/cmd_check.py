"""carematch check: integrity check of the database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from carematch.core.maintenance import check

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "check"
HELP = "检查数据库是否完好 / check the database's integrity"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        problems = check(store)
    if problems:
        for problem in problems:
            print(problem)
        context.say(f"发现{len(problems)}个问题", f"{len(problems)} problems found")
        return 1
    context.say("数据库完好", "The database is sound")
    return 0
