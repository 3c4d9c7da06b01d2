"""carematch search TEXT: find residents (身份证号 masked)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from carematch.core.enums import AbilityLevel, Assistance, NeedKind
from carematch.core.search import count_residents, search_residents
from carematch.core.validation import mask_citizen_id, parse_enum

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "search"
HELP = "查找老年人（姓名、拼音或首字母、身份证后几位、电话、村） / find residents"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", default="", help="如 王秀英、wxy、0027、138…、某某村")
    parser.add_argument("--township", help="乡镇(街道)")
    parser.add_argument("--village", help="村(社区)")
    parser.add_argument("--ability", help="能力等级，如 重度失能")
    parser.add_argument("--assistance", help="保障类别，如 特困")
    parser.add_argument("--need", choices=[k.value for k in NeedKind], help="有此需求")
    parser.add_argument("--unmatched", action="store_true", help="只看有需求尚未派单的")
    parser.add_argument("--limit", type=int, default=50, help="最多显示几人（默认50）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(args: argparse.Namespace, context: Context) -> int:
    filters = {
        "township": args.township,
        "village": args.village,
        "ability": parse_enum(AbilityLevel, args.ability, "能力等级", "ability") if args.ability else None,
        "assistance": parse_enum(Assistance, args.assistance, "保障类别", "assistance") if args.assistance else None,
        "need": NeedKind(args.need) if args.need else None,
        "unmatched": True if args.unmatched else None,
    }
    with context.open_store() as store, store.reading() as session:
        found = search_residents(session, args.text, limit=max(1, args.limit), **filters)
        total = count_residents(session, args.text, **filters)
        rows = [
            {
                "id": str(r.id),
                "citizen_id": mask_citizen_id(r.citizen_id),
                "name": r.name,
                "sex": r.sex.label(context.lang),
                "birth_date": r.birth_date.isoformat(),
                "phone": r.phone,
                "township": r.township,
                "village": r.village,
            }
            for r in found
        ]
    if args.json:
        context.print_json({"total": total, "residents": rows})
        return 0
    for row in rows:
        print(f"{row['citizen_id']}  {row['name']}  {row['sex']}  {row['township']}{row['village']}  {row['phone']}")
    context.say(f"共{total}人，显示{len(rows)}人", f"{total} found, {len(rows)} shown")
    return 0
