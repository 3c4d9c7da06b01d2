"""carematch sync export FILE [--since TOKEN] | import FILE | status | conflicts | settle ID --keep current|held."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carematch.core import sync

if TYPE_CHECKING:
    from carematch.cli.main import Context

NAME = "sync"
HELP = "站点与县里之间用文件交换变更 / exchange changes with the county or other stations by file"

TABLE_LABELS = {
    "residents": ("老年人", "resident"),
    "care_centres": ("照护机构", "care centre"),
    "meal_points": ("助餐点", "meal point"),
    "caregivers": ("护理员", "caregiver"),
    "townships": ("乡镇", "township"),
    "villages": ("村(社区)", "village"),
    "assignments": ("派单", "assignment"),
}


def _shared(parser: argparse.ArgumentParser) -> None:
    # Accepted after the action too (`carematch sync export F --db X`), like every other subcommand.
    parser.add_argument("--db", default=argparse.SUPPRESS, help="SQLite 文件路径或 SQLAlchemy URL")
    parser.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="消息语言 / language")


def _token(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"令牌应是非负整数 / a token is a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"令牌应是非负整数 / a token is a whole number: {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="sync_action", metavar="{export,import,status,conflicts,settle}")
    actions.required = True
    export = actions.add_parser(
        "export", help="把上次交换以来的变更写入一个文件 / write changes since the last exchange"
    )
    export.add_argument("file", type=Path, help="同步文件（.zip）")
    export.add_argument(
        "--since", type=_token, default=None, help="从这个令牌之后的变更开始（默认：对方已确认收到之处）"
    )
    importing = actions.add_parser("import", help="导入另一站点或县里的同步文件 / apply a sync file")
    importing.add_argument("file", type=Path, help="同步文件（.zip）")
    importing.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    state = actions.add_parser("status", help="本数据库的同步身份与各交换对象的令牌 / identity and tokens")
    state.add_argument("--json", action="store_true")
    listing = actions.add_parser("conflicts", help="列出待处理的同步冲突 / list conflicts to settle")
    listing.add_argument("--json", action="store_true")
    settling = actions.add_parser("settle", help="处理一个同步冲突 / settle one conflict")
    settling.add_argument("conflict", help="冲突编号（可只写开头几位）")
    settling.add_argument(
        "--keep", choices=sync.CHOICES, required=True, help="current=保留当前版本，held=采用保留的另一版本"
    )
    for sub in (export, importing, state, listing, settling):
        _shared(sub)


def _actor() -> str:
    return os.environ.get("CAREMATCH_ACTOR") or os.environ.get("USER") or ""


def run(args: argparse.Namespace, context: Context) -> int:
    action: str = args.sync_action
    if action == "import":
        return _import(args, context)
    with context.open_store() as store:
        if action == "export":
            with store.unit_of_work(actor=_actor()) as session:
                done = sync.export_changes(session, args.file, since=args.since)
            context.say(
                f"已导出 {done.records} 条记录、{done.conflicts} 个冲突到 {done.path}（变更 {done.since}→{done.upto}，"
                f"下次可用 --since {done.upto}）",
                f"Exported {done.records} records and {done.conflicts} conflicts to {done.path} "
                f"(changes {done.since}→{done.upto}; next time --since {done.upto})",
            )
            return 0
        if action == "status":
            with store.unit_of_work(actor=_actor()) as session:
                state = sync.status(session)
            return _print_status(state, args, context)
        if action == "conflicts":
            with store.reading() as session:
                views = sync.open_conflicts(session)
            return _print_conflicts(views, args, context)
        with store.unit_of_work(actor=_actor()) as session:
            settled = sync.settle(session, args.conflict, args.keep, _actor())
        context.say(
            f"冲突 {str(settled.id)[:8]} 已处理（{'保留当前版本' if args.keep == 'current' else '采用另一版本'}）",
            f"Conflict {str(settled.id)[:8]} settled ({args.keep} version kept)",
        )
        return 0


def _import(args: argparse.Namespace, context: Context) -> int:
    with context.open_store() as store:
        done = sync.import_file(store, args.file)
    if args.json:
        context.print_json(done.as_json())
        return 0
    context.say(
        f"已导入“{done.origin_name}”的同步文件：更新 {done.applied} 条，未变 {done.unchanged} 条，"
        f"相同修改合并 {done.merged} 条，新冲突 {done.conflicts} 个，收到冲突 {done.conflicts_received} 个，"
        f"重复登记 {done.duplicates} 条，待前一文件 {done.waiting} 条，需重新匹配的派单 {done.flagged} 条",
        f"Imported the sync file of “{done.origin_name}”: {done.applied} updated, {done.unchanged} unchanged, "
        f"{done.merged} identical edits merged, {done.conflicts} new conflicts, {done.conflicts_received} conflicts "
        f"received, {done.duplicates} registered twice, {done.waiting} waiting for an earlier file, "
        f"{done.flagged} assignments flagged for re-matching",
    )
    if done.conflicts or done.duplicates:
        context.say(
            "有冲突待处理：carematch sync conflicts 查看，carematch sync settle 编号 --keep current|held 处理，"
            "或在窗口中处理",
            "Conflicts wait for a person: see `carematch sync conflicts`, settle with "
            "`carematch sync settle ID --keep current|held`, or in the window",
        )
    return 0


def _print_status(state: sync.SyncStatus, args: argparse.Namespace, context: Context) -> int:
    if args.json:
        context.print_json(
            {
                "database_id": state.database_id,
                "name": state.name,
                "last_seq": state.last_seq,
                "default_since": state.default_since,
                "open_conflicts": state.open_conflicts,
                "peers": [peer.__dict__ for peer in state.peers],
            }
        )
        return 0
    context.say(
        f"本数据库：{state.name}（{state.database_id}），最新变更 {state.last_seq}，"
        f"下次导出从 {state.default_since} 之后开始，待处理冲突 {state.open_conflicts} 个",
        f"This database: {state.name} ({state.database_id}), last change {state.last_seq}, "
        f"next export starts after {state.default_since}, {state.open_conflicts} conflicts to settle",
    )
    for peer in state.peers:
        context.say(
            f"  {peer.name}：已收到对方变更至 {peer.received_upto}，对方已确认收到本库变更至 {peer.acked_upto}",
            f"  {peer.name}: their changes received up to {peer.received_upto}; "
            f"they confirmed ours up to {peer.acked_upto}",
        )
    return 0


def _brief(row: dict[str, Any] | None, keys: list[str]) -> str:
    if row is None:
        return "—"
    return "，".join(f"{key}={row.get(key)}" for key in keys) or "—"


def _print_conflicts(views: list[sync.ConflictView], args: argparse.Namespace, context: Context) -> int:
    if args.json:
        context.print_json([view.as_json() for view in views])
        return 0
    if not views:
        context.say("没有待处理的同步冲突", "No sync conflicts to settle")
        return 0
    for view in views:
        zh, en = TABLE_LABELS.get(view.table_name, (view.table_name, view.table_name))
        what = "重复登记" if view.kind == "duplicate" else "两处同时修改"
        what_en = "registered twice" if view.kind == "duplicate" else "changed in two places"
        context.say(
            f"{view.id[:8]}  {zh} {view.title}：{what}；当前：{_brief(view.current, view.differing)}；"
            f"另一版本（{view.held_origin}）：{_brief(view.held, view.differing)}",
            f"{view.id[:8]}  {en} {view.title}: {what_en}; current: {_brief(view.current, view.differing)}; "
            f"other version ({view.held_origin}): {_brief(view.held, view.differing)}",
        )
    return 0
