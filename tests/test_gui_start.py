from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carematch.core.db import Store
from carematch.core.models import MealPoint
from carematch.gui.app import install_font, open_store_with_demo
from carematch.gui.main_window import MainWindow


def test_an_empty_database_opens_on_the_demo_county(qtbot: QtBot, db_url: str) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_font(app) == "WenQuanYi Micro Hei"
    store = open_store_with_demo(db_url)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.count_labels["residents"].text() == "2,000"
    assert window.count_labels["townships"].text() == "9"
    assert "养老服务匹配" in window.windowTitle()
    store.close()


def test_a_database_with_records_is_opened_as_it_is(qtbot: QtBot, store: Store) -> None:
    with store.unit_of_work() as session:
        session.add(MealPoint(code="ZC1", name="荃步村老年食堂"))
    reopened = open_store_with_demo(store.url)
    window = MainWindow(reopened, "en")
    qtbot.addWidget(window)
    assert window.count_labels["residents"].text() == "0"
    assert window.count_labels["meal_points"].text() == "1"
    assert window.navigation.item(0).text() == "Dashboard"
    window.context.set_language("zh")  # the language is the application's: later tests start in Chinese
    reopened.close()


def test_every_page_of_the_navigation_opens(qtbot: QtBot, store: Store) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == [
        "工作台",
        "老年人",
        "照护机构",
        "助餐点",
        "护理员",
        "匹配",
        "派单",
        "地图",
        "打印",
        "统计",
        "地名库",
        "设置",
    ]
    for spec in window.specs:
        page = window.show_page(spec.key)
        assert window.stack.currentWidget() is page
    assert "数据库" in window.db_label.text()
    assert "最近备份" in window.backup_label.text()


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot: QtBot) -> None:
    from PySide6.QtCore import QThread

    from carematch.core.cancel import CancelToken, Progress
    from carematch.gui.tasks import run_task

    seen: dict[str, object] = {}

    def work(progress: Progress, cancel: CancelToken) -> int:
        seen["worker_thread"] = QThread.currentThread()
        for step in range(5):
            progress(step + 1, 5)
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["done_thread"] = QThread.currentThread()

    handle = run_task(None, "计算", work, done)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert seen["value"] == 42
    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    assert seen["done_thread"] is gui_thread
    assert seen["worker_thread"] is not gui_thread


def test_cancelling_a_task_stops_it_without_an_error_message(qtbot: QtBot) -> None:
    import threading

    from carematch.core.cancel import CancelToken, Progress
    from carematch.gui.tasks import run_task

    started = threading.Event()
    outcome: list[str] = []

    def work(progress: Progress, cancel: CancelToken) -> None:
        started.set()
        for step in range(10_000):
            cancel.raise_if_cancelled()
            progress(step, 10_000)
            threading.Event().wait(0.001)
        outcome.append("ran to the end")

    handle = run_task(
        None, "长时间的工作", work, lambda _: outcome.append("done"), on_cancelled=lambda: outcome.append("cancelled")
    )
    assert started.wait(5)
    handle.dialog.canceled.emit()  # what the 取消 button does
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]
    assert not handle.succeeded


def test_a_failure_is_shown_as_a_clerk_message_with_details_on_demand(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from carematch.core.cancel import CancelToken, Progress
    from carematch.core.errors import UserInputError, msg
    from carematch.gui.tasks import run_task

    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress: Progress, cancel: CancelToken) -> None:
        raise UserInputError(msg("文件里没有“身份证号”这一列", "The file has no citizen ID column"))

    def unexpected(progress: Progress, cancel: CancelToken) -> None:
        raise ZeroDivisionError("division by zero")

    handle = run_task(parent, "导入", work, lambda _: None)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    boxes = [box for box in parent.findChildren(QMessageBox) if box.objectName() == "error_box"]
    assert [box.text() for box in boxes] == ["文件里没有“身份证号”这一列"]

    handle = run_task(parent, "导入", unexpected, lambda _: None)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    boxes = [box for box in parent.findChildren(QMessageBox) if box.objectName() == "error_box"]
    assert "意外错误" in boxes[-1].text()
    assert "ZeroDivisionError" in boxes[-1].detailedText()


def test_the_daily_backup_runs_off_the_gui_thread_and_shows_in_the_status_bar(qtbot: QtBot, store: Store) -> None:
    import datetime as dt

    from carematch.core import backups

    window = MainWindow(store)
    qtbot.addWidget(window)
    if store.file is None:
        assert "服务器" in window.backup_label.text()
        return
    assert window.backup_label.text() == "最近备份：暂无"
    with qtbot.waitSignal(window.context.changed, timeout=20_000, check_params_cb=lambda kind: kind == "backup"):
        window.start_daily_backup()
    assert window.backup_label.text() == f"最近备份：{dt.date.today().isoformat()}"
    assert len(backups.list_backups(store)) == 1
