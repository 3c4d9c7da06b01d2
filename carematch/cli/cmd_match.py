"""carematch match: propose (and confirm) providers for open needs, or show the current proposals and open needs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

from carematch.core.enums import NeedKind

if TYPE_CHECKING:
    from carematch.cli.main import Context
    from carematch.core import matching

NAME = "match"
HELP = "匹配：为未满足的服务需求推荐服务方 / match open needs to providers"
ACTOR = "命令行"
KINDS = {kind.value: kind for kind in NeedKind}


def as_of_date(text: str) -> dt.date:
    """--as-of: 2026-05-01 (also 2026/5/1, 2026.5.1, 20260501)."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    try:
        if cleaned.isdigit() and len(cleaned) == 8:
            return dt.date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
        year, month, day = (int(part) for part in cleaned.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应写成 2026-05-01 这样的格式 (a date such as 2026-05-01): {text!r}"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=sorted(KINDS), help="只匹配这一类需求 / only this kind of need")
    parser.add_argument(
        "--auto", action="store_true", help="为全部未满足需求计算最优推荐并保存 / propose for every open need"
    )
    parser.add_argument(
        "--confirm", action="store_true", help="确认推荐（占用名额） / confirm the proposals (takes the places)"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    parser.add_argument(
        "--as-of", type=as_of_date, help="按此日期计算年龄（默认今天） / date used for ages (default today)"
    )


def _assignment_json(match: matching.ProposedMatch) -> dict[str, Any]:
    return {
        "resident": match.citizen_id,
        "kind": match.kind.value,
        "provider": match.provider_code,
        "distance_m": match.distance_m,
    }


def run(args: argparse.Namespace, context: Context) -> int:
    # The solver (OR-Tools, numpy) is loaded here, not when the command line is parsed.
    from carematch.core import matching
    from carematch.core.matching.priority import UNMATCHED_COST

    kinds = [KINDS[args.kind]] if args.kind else None
    as_of: dt.date = args.as_of or dt.date.today()
    refused: list[str] = []
    with context.open_store() as store, store.unit_of_work(actor=ACTOR) as session:
        if args.auto:
            result = matching.match_batch(session, kinds, as_of=as_of)
            matching.write_proposals(session, result, ACTOR)
            proposals, unassigned, objective = result.assignments, result.unassigned, result.objective
        else:
            proposals = matching.current_proposals(session, kinds)
            unassigned = matching.open_needs(session, as_of=as_of, kinds=kinds)
            objective = sum(p.distance_m for p in proposals) + sum(UNMATCHED_COST * u.weight for u in unassigned)
        if args.confirm:
            outcome = matching.confirm_proposals(session, kinds, ACTOR)
            refused = [f"{item.resident.name}: {reason.text(context.lang)}" for item, reason in outcome.refused]
            kept_back = {(item.resident_id, item.kind) for item, _ in outcome.refused}
            proposals = [p for p in proposals if (p.resident_id, p.kind) not in kept_back]
    for line in refused:
        print(f"carematch: {line}", file=sys.stderr)
    if args.json:
        context.print_json(
            {
                "assignments": [_assignment_json(p) for p in proposals],
                "unassigned": [
                    {"resident": u.citizen_id, "kind": u.kind.value, "reason": u.reason.text(context.lang)}
                    for u in unassigned
                ],
                "objective": objective,
            }
        )
        return 0
    _print_text(context, proposals, unassigned, objective, confirmed=args.confirm, computed=args.auto)
    return 0


def _print_text(
    context: Context,
    proposals: list[matching.ProposedMatch],
    unassigned: list[matching.OpenNeed],
    objective: int,
    *,
    confirmed: bool,
    computed: bool,
) -> None:
    from carematch.core.matching.candidates import reason_message

    state_zh, state_en = ("已确认", "confirmed") if confirmed else ("待确认", "proposed")
    if computed:
        context.say(f"已完成最优匹配（目标值 {objective}）", f"Optimal matching done (objective {objective})")
    for kind in NeedKind:
        mine = [p for p in proposals if p.kind is kind]
        left = [u for u in unassigned if u.kind is kind]
        if not mine and not left:
            continue
        context.say(
            f"{kind.zh}：{state_zh} {len(mine)} 项，未匹配 {len(left)} 项",
            f"{kind.en}: {len(mine)} {state_en}, {len(left)} open",
        )
        # Grouped by reason (the JSON keeps each person's full reason, e.g. which skills are missing).
        for code, count in Counter(u.reason_code for u in left).most_common():
            reason = reason_message(code, kind).text(context.lang)
            context.say(f"  {reason}：{count} 人", f"  {reason}: {count}")
    if not proposals and not unassigned:
        context.say("没有需要匹配的服务需求", "No open needs to match")
