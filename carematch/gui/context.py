"""What every page of the window shares: the open store, the language, the operator, change notices.

Pages never talk to each other directly. After a page saves something it calls
`context.notify(kind)`; every page showing that kind of record listens to `context.changed`
and reloads. Kinds: "residents", "care_centres", "meal_points", "caregivers", "assignments",
"gazetteer", "settings".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator, Signal
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.db import Store
from carematch.core.errors import Lang
from carematch.core.models import Setting
from carematch.core.paths import resource_path

KINDS = ("residents", "care_centres", "meal_points", "caregivers", "assignments", "gazetteer", "settings")

# Setting keys the window reads and writes (the printing workstream reads the station_* ones).
STATION_KEYS = ("station_name", "station_phone", "station_address", "station_lon", "station_lat")
RADIUS_DEFAULTS = {
    "default_dine_in_radius_km": "1.0",
    "default_delivery_radius_km": "3.0",
    "default_centre_radius_km": "10.0",
    "default_caregiver_radius_km": "5.0",
}
OPERATOR_KEY = "operator_name"
LANGUAGE_KEY = "language"

# The registry page showing each kind of record, under the names pages use for a kind: the map's
# ("resident", "care_centre"), the registry's ("residents", "centres", "meal-points") and the
# page keys themselves.
RECORD_PAGES = {
    "resident": "residents",
    "residents": "residents",
    "care_centre": "care_centres",
    "centres": "care_centres",
    "care_centres": "care_centres",
    "meal_point": "meal_points",
    "meal-points": "meal_points",
    "meal_points": "meal_points",
    "caregiver": "caregivers",
    "caregivers": "caregivers",
}

# Each window workstream keeps its own translation file (INTERFACES "Translations convention").
TRANSLATION_FILES = ("carematch_en.qm", "carematch_workbench_en.qm")

# The language is the application's, not one window's: the translators installed last are
# removed whichever context installs the next ones.
_INSTALLED: list[QTranslator] = []


class AppContext(QObject):
    """The open database and the window's shared state.

    `actor` is the operator's name from the settings; every unit of work the window opens
    records it in the audit trail.
    """

    changed = Signal(str)
    language_changed = Signal(str)
    # (registry page key, record id): the main window shows that page with the record's form.
    record_requested = Signal(str, str)

    def __init__(self, store: Store, lang: Lang = "zh", actor: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.lang: Lang = lang
        self.settings: dict[str, str] = self.load_settings()
        self.actor = actor if actor is not None else self.settings.get(OPERATOR_KEY, "")
        self._apply_language(lang)

    # --- database -----------------------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction, recorded in the audit trail under the operator's name."""
        with self.store.unit_of_work(actor=self.actor or "窗口") as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.store.reading() as session:
            yield session

    def notify(self, kind: str) -> None:
        """Tell every page that records of `kind` changed (call after the unit of work committed)."""
        self.changed.emit(kind)

    def open_record(self, kind: str, record_id: object) -> bool:
        """Ask the window to open the record's registry page on its edit form (the map's 打开记录).

        False for kinds that have no registry page (a village, a township)."""
        page = RECORD_PAGES.get(kind)
        if page is None:
            return False
        self.record_requested.emit(page, str(record_id))
        return True

    # --- settings -----------------------------------------------------------------------

    def load_settings(self) -> dict[str, str]:
        with self.store.reading() as session:
            values = {row.key: row.value for row in session.scalars(select(Setting))}
        for key, default in RADIUS_DEFAULTS.items():
            values.setdefault(key, default)
        return values

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key, default) or default

    def radius_default(self, key: str) -> float:
        try:
            return float(self.setting(key, RADIUS_DEFAULTS[key]))
        except ValueError:
            return float(RADIUS_DEFAULTS[key])

    def save_settings(self, values: dict[str, str]) -> None:
        """Store the given keys (one transaction), then apply operator and language."""
        with self.store.unit_of_work(actor=self.actor) as session:
            for key, value in values.items():
                session.merge(Setting(key=key, value=value))
        self.settings.update(values)
        if OPERATOR_KEY in values:
            self.actor = values[OPERATOR_KEY]
        self.notify("settings")
        new_lang = values.get(LANGUAGE_KEY)
        if new_lang in ("zh", "en") and new_lang != self.lang:
            self.set_language(new_lang)  # type: ignore[arg-type]

    # --- language -----------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        if lang == self.lang and QCoreApplication.instance() is not None and current_language() == lang:
            return
        self.lang = lang
        self._apply_language(lang)
        self.language_changed.emit(lang)

    def _apply_language(self, lang: Lang) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        while _INSTALLED:
            app.removeTranslator(_INSTALLED.pop())
        app.setProperty("carematch_lang", lang)
        files: list[tuple[str, str]] = []
        if lang == "en":
            files = [(str(resource_path("i18n")), name) for name in TRANSLATION_FILES]
        else:
            # Qt's own words (OK, Cancel, Yes, No in standard dialogs) in Chinese.
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            files = [(qt_folder, "qtbase_zh_CN.qm")]
        for folder, name in files:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _INSTALLED.append(translator)


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property("carematch_lang") if app is not None else None
    return "en" if value == "en" else "zh"
