"""Option value types shared by subcommands: a bad value is a usage error (exit 2), said in one line."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为整数 (a whole number): {text}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"应在{low}到{high}之间 (must be {low}–{high}): {text}")
        return value

    return parse
