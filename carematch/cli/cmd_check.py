"""carematch check: integrity check of the database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from carematch.core.maintenance import check_with_warnings

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "check"
HELP = "检查数据库是否完好 / check the database's integrity"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        problems, warnings = check_with_warnings(store)
    if problems:
        for problem in problems:
            print(problem)
        context.say(f"发现{len(problems)}个问题", f"{len(problems)} problems found")
        return 1
    # Warnings are for the clerk to put right in the gazetteer; the database itself is sound.
    for warning in warnings:
        context.say(f"地名库提醒：{warning.text('zh')}", f"Gazetteer warning: {warning.text('en')}")
    if warnings:
        context.say(
            f"数据库完好；地名库有{len(warnings)}条提醒，请核对后在地名库中改正",
            f"The database is sound; the gazetteer has {len(warnings)} warnings to check and correct",
        )
    else:
        context.say("数据库完好", "The database is sound")
    return 0
