"""The `carematch` command: the desktop window with no subcommand, else one subcommand.

Each subcommand is a module `cmd_<name>.py` in this package with `NAME`, `HELP`,
`add_arguments(parser)` and `run(args, context) -> int`; the work itself is done by the Qt-free
core, so the window and the tests call the same code.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

from carematch import __version__
from carematch.core.errors import CareMatchError, Lang
from carematch.core.paths import default_db_url


class Command(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, context: Context) -> int: ...


@dataclass
class Context:
    db_url: str
    lang: Lang

    def say(self, zh: str, en: str) -> None:
        print(zh if self.lang == "zh" else en)

    def print_json(self, data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")

    def open_store(self) -> Any:
        from carematch.core.db import Store

        return Store(self.db_url)


def commands() -> list[ModuleType]:
    import carematch.cli as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("cmd_"):
            found.append(importlib.import_module(f"carematch.cli.{info.name}"))
    return sorted(found, key=lambda module: str(module.NAME))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        # One line, as every other failure (DESIGN §5); the full usage is one --help away.
        self.exit(2, f"carematch: 用法错误 (usage error): {message}（{self.prog} --help 查看用法 / for usage）\n")


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: given before or after the subcommand, neither place's default hides the other.
    shared = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    shared.add_argument("--db", help="SQLite 文件路径或 SQLAlchemy URL（默认用 CAREMATCH_DB 或用户数据目录）")
    shared.add_argument("--lang", choices=("zh", "en"), help="界面与消息语言 / language of messages")
    parser = _Parser(
        prog="carematch",
        parents=[shared],
        description="养老服务匹配 CareMatch — 不带子命令时打开桌面程序 (no subcommand opens the window)",
    )
    parser.add_argument("--version", action="version", version=f"CareMatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in commands():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP, parents=[shared])
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang: Lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
    context = Context(db_url=default_db_url(getattr(args, "db", None)), lang=lang)
    try:
        if args.command is None:
            from carematch.gui.app import run_window

            return run_window(context.db_url, getattr(args, "lang", None))
        result: int = args.handler(args, context)
        return result
    except CareMatchError as error:
        print(f"carematch: {error.text(lang)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("carematch: 已中断 (interrupted)", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"carematch: {error.strerror or error} {error.filename or ''}".rstrip(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
