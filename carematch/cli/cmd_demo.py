"""carematch demo: build the demo county."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from carematch.cli.options import whole_number
from carematch.core.demo import DEFAULT_RESIDENTS, DEFAULT_SEED, build_demo

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "demo"
HELP = "建立演示县（南浔区九个乡镇，人物均为虚构） / build the demo county"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--residents", type=whole_number(0, 500_000), default=DEFAULT_RESIDENTS, help="老年人数 (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子，同一种子得到同一个县")


def run(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store, store.unit_of_work(actor="demo") as session:
        summary = build_demo(session, residents=args.residents, seed=args.seed)
    counts = asdict(summary)
    context.say(
        "演示县已建立：{townships}个乡镇、{villages}个村、{residents}位老年人、{meal_points}个助餐点、"
        "{care_centres}个照护机构、{caregivers}名护理员".format(**counts),
        "Demo county built: {townships} townships, {villages} villages, {residents} residents, "
        "{meal_points} meal points, {care_centres} care centres, {caregivers} caregivers".format(**counts),
    )
    return 0
