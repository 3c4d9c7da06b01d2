from __future__ import annotations

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
    reopened.close()
