"""Keep `None` alive under PySide6 6.12 on CPython 3.11.

PySide6/shiboken6 6.12.0 returns `None` from every void C++ method without taking a reference
(`painter.setPen(...)`, `label.setText(...)`, …): measured here, `sys.getrefcount(None)` drops by
one per call. From CPython 3.12 `None` is immortal (PEP 683) so nothing happens there, but on
3.11 its count reaches zero after some tens of thousands of calls — a few repaints of a map with
two thousand markers — and the interpreter aborts with "none_dealloc: deallocating None".
PySide6 6.11.3 does not have the fault, but PySide6-Pdf (QtPdf) exists only as 6.12 here.

CPython 3.12 makes `None` immortal by giving it an enormous reference count; this does the same
on 3.11, once, so the lost references can never bring it to zero. Call it before building widgets.
"""

from __future__ import annotations

import ctypes
import sys

# At a billion lost references a second this lasts for decades.
_HEADROOM = 1 << 60


def keep_none_alive() -> bool:
    """Give `None` an effectively infinite reference count on CPython < 3.12; returns whether it did."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    # ob_refcnt is the first field of every object in a release build of CPython 3.11.
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value >= _HEADROOM // 2:
        return False
    count.value += _HEADROOM
    return True
