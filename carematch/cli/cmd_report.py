"""carematch report: the registry's figures."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from carematch.core.report import summary

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "report"
HELP = "统计数字 / figures of the registry"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store, store.reading() as session:
        figures = summary(session)
    if args.json:
        context.print_json(figures)
        return 0
    labels = {
        "residents": ("老年人", "Residents"),
        "care_centres": ("照护机构", "Care centres"),
        "meal_points": ("助餐点", "Meal points"),
        "caregivers": ("护理员", "Caregivers"),
        "townships": ("乡镇(街道)", "Townships"),
        "villages": ("村(社区)", "Villages"),
        "assignments": ("派单", "Assignments"),
    }
    for key, count in figures["counts"].items():
        zh, en = labels[key]
        context.say(f"{zh}：{count}", f"{en}: {count}")
    return 0
