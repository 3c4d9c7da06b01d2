"""Progress and cancellation for long work, with no Qt: a callback and a token."""

from __future__ import annotations

import threading
from collections.abc import Callable

from carematch.core.errors import CareMatchError, msg

Progress = Callable[[int, int], None]
"""Called with (done, total) as long work advances."""


def no_progress(done: int, total: int) -> None:
    """The progress callback for callers that do not show progress."""


class Cancelled(CareMatchError):
    def __init__(self) -> None:
        super().__init__(msg("操作已取消，没有保存任何改动", "Cancelled; nothing was changed"))


class CancelToken:
    """Set from any thread; long work checks it between steps and stops with `Cancelled`."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
