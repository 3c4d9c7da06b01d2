"""Running core work off the GUI thread, with a progress dialog, cancel, and clerk-readable errors.

The core's long operations take `progress: Progress` and `cancel: CancelToken`
(carematch/core/cancel.py). `run_task` runs such a callable on Qt's global thread pool; the
window keeps painting, the clerk can press 取消, and the result or the error comes back on the
GUI thread (queued signals), so `on_done` / `on_error` may touch widgets freely.

Modelled on Anki's aqt.operations QueryOp/CollectionOp: work is a plain function of the
arguments it needs, it never touches widgets, and it opens its own unit of work.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from carematch.core.cancel import Cancelled, CancelToken, Progress
from carematch.core.errors import CareMatchError, Lang

T = TypeVar("T")

# How often at most the worker reports progress to the GUI thread: the core may call the
# callback for every row of 50,000, and a queued signal per row would flood the event loop.
PROGRESS_INTERVAL_S = 0.05
# Quick tasks finish before the dialog would show, so it never flashes.
DIALOG_DELAY_MS = 400


def ui_lang() -> Lang:
    """The language the window currently speaks ("zh" unless English was chosen)."""
    app = QCoreApplication.instance()
    value = app.property("carematch_lang") if app is not None else None
    return "en" if value == "en" else "zh"


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object, str)


class _Worker(QRunnable):
    def __init__(self, work: Callable[[Progress, CancelToken], Any], signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.work = work
        self.signals = signals
        self.token = token

    def run(self) -> None:
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL_S or done >= total:
                last = now
                self.signals.progress.emit(int(done), int(total))

        try:
            result = self.work(report, self.token)
        except BaseException as error:  # every failure goes back to the window, never kills the thread
            self.signals.failed.emit(error, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class TaskHandle(QObject, Generic[T]):
    """One running task: cancel it, or wait for `finished` (emitted after on_done/on_error ran)."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__()
        self.token = CancelToken()
        self.signals = _Signals()
        self.running = True
        self.succeeded = False
        self.error: BaseException | None = None
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(title)
        self.dialog.setCancelButtonText(tr("取消"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumWidth(360)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setRange(0, 0)  # busy until the first progress report
        self.dialog.setMinimumDuration(DIALOG_DELAY_MS)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.reset()
        # QProgressDialog shows itself only from setValue; a busy task that never reports
        # progress is shown by this timer instead.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._show_timer.start(DIALOG_DELAY_MS)

    def _show_dialog(self) -> None:
        if self.running and shiboken6.isValid(self.dialog):
            self.dialog.show()

    def cancel(self) -> None:
        if self.running and not self.token.cancelled:
            self.token.cancel()
            self.dialog.setLabelText(tr("正在取消，请稍候…"))
            self.dialog.setCancelButton(None)
            self.dialog.show()

    def on_progress(self, done: int, total: int) -> None:
        if not self.running or not shiboken6.isValid(self.dialog):
            return
        if total > 0:
            if self.dialog.maximum() != total:
                self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))

    def close(self) -> None:
        self.running = False
        self._show_timer.stop()
        if shiboken6.isValid(self.dialog):  # gone with its parent page, if that was closed
            self.dialog.hide()
            self.dialog.deleteLater()


_RUNNING: set[TaskHandle[Any]] = set()


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress, CancelToken], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    on_cancelled: Callable[[], None] | None = None,
) -> TaskHandle[T]:
    """Run `work(progress, cancel)` on a worker thread; deliver its outcome on the GUI thread.

    `on_done(result)` gets the value; a failure goes to `on_error(exception)`, else a message
    box the clerk can read (details on demand). Cancelling is not an error: `on_cancelled()`
    is called if given, nothing is shown otherwise (the core rolled back).
    """
    handle: TaskHandle[T] = TaskHandle(parent, title)
    _RUNNING.add(handle)

    def finish() -> None:
        handle.close()
        _RUNNING.discard(handle)
        handle.finished.emit()

    def parent_gone() -> bool:
        # The page that asked may have been closed or rebuilt (language switch) meanwhile.
        return parent is not None and not shiboken6.isValid(parent)

    def done(result: object) -> None:
        handle.succeeded = True
        try:
            if not parent_gone():
                on_done(result)  # type: ignore[arg-type]
        except Exception as error:  # a failing callback is reported, never a crash
            show_error(parent, error, traceback.format_exc())
        finally:
            finish()

    def failed(error: BaseException, details: str) -> None:
        handle.error = error
        try:
            if parent_gone():
                pass
            elif isinstance(error, Cancelled):
                if on_cancelled is not None:
                    on_cancelled()
            elif on_error is not None:
                on_error(error)
            else:
                show_error(parent, error, details)
        finally:
            finish()

    handle.signals.progress.connect(handle.on_progress)
    handle.signals.done.connect(done)
    handle.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Worker(work, handle.signals, handle.token))
    return handle


def error_text(error: BaseException) -> str:
    """What a clerk reads: the core's own message, or a plain sentence for an unexpected fault."""
    if isinstance(error, CareMatchError):
        return error.text(ui_lang())
    return tr("出现了意外错误，操作没有完成。已保存的数据不受影响。\n可以点“显示详细信息”查看原因，发给技术支持。")


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> QMessageBox:
    """A message box with the clerk's sentence; the technical details only when asked for."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("操作未完成"))
    box.setText(error_text(error))
    if not details:
        details = "".join(traceback.format_exception(error))
    box.setDetailedText(details or repr(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("error_box")
    box.open()
    return box
