"""Render a screenshot of every page of the window on the demo county, in Chinese and English.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--residents 2000]
        [--pages gazetteer settings]   # only those pages (and the close-ups that belong to them)

(or under Xvfb: `xvfb-run -a .venv/bin/python scripts/screenshots.py`). The pictures are the
real widgets grabbed after their background work finished, so they show what a clerk sees.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402

from carematch.core.db import Store  # noqa: E402
from carematch.core.demo import build_demo  # noqa: E402
from carematch.gui import tasks  # noqa: E402
from carematch.gui.app import install_font  # noqa: E402
from carematch.gui.context import AppContext  # noqa: E402
from carematch.gui.gazetteer_page import GazetteerPage  # noqa: E402
from carematch.gui.main_window import MainWindow  # noqa: E402
from carematch.gui.registry_pages import RegistryPage  # noqa: E402

SIZE = (1366, 820)


def settle(app: QApplication, seconds: float = 0.3, timeout: float = 60.0) -> None:
    """Let the window finish its background work (run_task) and paint."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        app.processEvents()
        if tasks._RUNNING:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= seconds:
            return
        time.sleep(0.02)


def save(widget: QWidget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def shoot(app: QApplication, store: Store, lang: str, out: Path, pages: list[str] | None = None) -> None:
    context = AppContext(store, "zh", actor="沈丽")
    context.set_language("en" if lang == "en" else "zh")
    window = MainWindow(context)
    window.resize(*SIZE)
    window.show()
    settle(app, 0.5)
    folder = out / lang
    for number, spec in enumerate(window.specs, start=1):
        if pages and spec.key not in pages:
            continue
        window.show_page(spec.key)
        settle(app, 0.6)
        save(window, folder / f"{number:02d}-{spec.key}.png")

    if not pages or "residents" in pages:
        shoot_resident_closeups(app, window, folder)
    if not pages or "care_centres" in pages:
        shoot_history(app, window, folder)
    if not pages or "gazetteer" in pages:
        shoot_gazetteer_form(app, window, folder)
    window.close()
    window.deleteLater()
    settle(app, 0.2)


def shoot_resident_closeups(app: QApplication, window: MainWindow, folder: Path) -> None:
    # The resident form with a mistyped citizen ID, as a clerk sees it after pressing 保存.
    residents = window.show_page("residents")
    assert isinstance(residents, RegistryPage)
    form = residents.add_record()
    assert form is not None
    values = {"citizen_id": "330503194203051230", "name": "费桂英", "township": "南浔镇", "phone": "1390572"}
    for name, text in values.items():
        editor = form.grid.fields[name].editor
        assert isinstance(editor, QLineEdit)
        editor.setText(text)
    form.save()
    settle(app, 0.3)
    save(form, folder / "20-resident-form-errors.png")
    form.reject()

    # Search by pinyin initials.
    residents.search.setText("wxy")
    settle(app, 0.3)
    save(window, folder / "21-residents-search-wxy.png")
    residents.search.clear()


def shoot_history(app: QApplication, window: MainWindow, folder: Path) -> None:
    # Record history of the first care centre.
    centres = window.show_page("care_centres")
    assert isinstance(centres, RegistryPage)
    centres.select_record(centres.table_model.record(0).id)
    history = centres.show_history()
    settle(app, 0.3)
    if history is not None:
        save(history, folder / "22-history.png")
        history.reject()


def shoot_gazetteer_form(app: QApplication, window: MainWindow, folder: Path) -> None:
    # A village opened from the gazetteer's review list: the form with its centre and population.
    gazetteer = window.show_page("gazetteer")
    assert isinstance(gazetteer, GazetteerPage)
    if gazetteer.review_list.count():
        form = gazetteer.open_finding(gazetteer.review_list.item(0))
    else:
        gazetteer.table.selectRow(1)
        form = gazetteer.edit_selected()
    settle(app, 0.3)
    if form is not None:
        save(form, folder / "23-gazetteer-form.png")
        form.reject()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--db", help="use this database instead of a fresh demo county")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    parser.add_argument("--pages", nargs="*", help="page keys to shoot (default: every page)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_font(app)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        store = Store(url)
        if not args.db:
            with store.unit_of_work(actor="demo") as session:
                build_demo(session, residents=args.residents)
        for lang in ("zh", "en") if args.lang == "both" else (args.lang,):
            shoot(app, store, lang, args.out, args.pages)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
