"""Version vectors: which of two versions of a record includes the other, or whether neither does.

A vector maps a database's identity to the audit seq of the last change made in that database
that the version includes. Version A includes version B when every entry of B is at most the
same entry of A; when neither includes the other, both were changed since they last met.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

Vector = Mapping[str, int]


class Order(enum.Enum):
    EQUAL = "equal"
    BEFORE = "before"  # the first is included in the second
    AFTER = "after"  # the first includes the second
    CONCURRENT = "concurrent"


def included(a: Vector, b: Vector) -> bool:
    """Every change counted in `a` is also counted in `b`."""
    return all(count <= b.get(database, 0) for database, count in a.items())


def compare(a: Vector, b: Vector) -> Order:
    a_in_b, b_in_a = included(a, b), included(b, a)
    if a_in_b and b_in_a:
        return Order.EQUAL
    if a_in_b:
        return Order.BEFORE
    if b_in_a:
        return Order.AFTER
    return Order.CONCURRENT


def merge(a: Vector, b: Vector) -> dict[str, int]:
    """The smallest vector that includes both."""
    merged = dict(a)
    for database, count in b.items():
        merged[database] = max(count, merged.get(database, 0))
    return {database: merged[database] for database in sorted(merged) if merged[database] > 0}
