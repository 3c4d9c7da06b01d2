"""Starting the desktop program: Qt application, shipped font, database, main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.errors import CareMatchError, Lang
from carematch.core.paths import font_path
from carematch.core.report import registry_counts


def install_font(app: QApplication) -> str:
    """Register the shipped CJK font so Chinese never draws as boxes, whatever the PC has."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(10)
        app.setFont(font)
        return families[0]
    return app.font().family()


def open_store_with_demo(db_url: str) -> Store:
    store = Store(db_url)
    with store.reading() as session:
        empty = not any(registry_counts(session).values())
    if empty:
        with store.unit_of_work(actor="demo") as session:
            build_demo(session)
    return store


def run_window(db_url: str, lang: Lang = "zh") -> int:
    from carematch.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CareMatch")
    install_font(app)
    try:
        store = open_store_with_demo(db_url)
    except CareMatchError as error:
        QMessageBox.critical(None, "CareMatch", error.text(lang))
        return 1
    window = MainWindow(store, lang)
    window.show()
    code = app.exec()
    store.close()
    return int(code)
