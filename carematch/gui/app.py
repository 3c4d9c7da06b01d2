"""Starting the desktop program: Qt application, shipped font, database, main window."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from carematch.core.db import Store
from carematch.core.errors import CareMatchError, Lang
from carematch.core.models import REGISTRY_MODELS
from carematch.core.paths import font_path


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
    from sqlalchemy import exists, select

    store = Store(db_url)
    with store.reading() as session:
        empty = not any(session.scalar(select(exists().select_from(model))) for model in REGISTRY_MODELS)
    if empty:
        from carematch.core.demo import build_demo

        with store.unit_of_work(actor="demo") as session:
            build_demo(session)
    return store


def install_excepthook() -> None:
    """An unexpected error in a slot is shown to the clerk (details on demand), not a crash."""
    from carematch.gui.tasks import show_error

    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if QApplication.instance() is None or not isinstance(error, Exception):
            previous(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        sys.stderr.write(details)
        show_error(QApplication.activeWindow(), error, details)

    sys.excepthook = hook


def run_window(db_url: str, lang: Lang | None = None) -> int:
    """The desktop program. `lang` from the command line wins over the language saved in settings."""
    from carematch.gui.context import LANGUAGE_KEY, AppContext
    from carematch.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CareMatch")
    install_font(app)
    try:
        store = open_store_with_demo(db_url)
    except CareMatchError as error:
        QMessageBox.critical(None, "CareMatch", error.text(lang or "zh"))
        return 1
    install_excepthook()
    context = AppContext(store, "zh")
    chosen = lang or context.setting(LANGUAGE_KEY, "zh")
    context.set_language("en" if chosen == "en" else "zh")
    window = MainWindow(context)
    window.show()
    window.start_daily_backup()
    code = app.exec()
    store.close()
    return int(code)
