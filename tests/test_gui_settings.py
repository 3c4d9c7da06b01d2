from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.models import AuditEntry, MealPoint, Setting
from carematch.gui.context import AppContext
from carematch.gui.main_window import MainWindow
from carematch.gui.settings_page import SettingsPage


def _type(qtbot: QtBot, page: SettingsPage, name: str, text: str) -> None:
    editor = page.field(name).editor
    editor.clear()  # type: ignore[attr-defined]
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # Chinese arrives from the input method as one committed string, not as key presses
        editor.insert(text)  # type: ignore[attr-defined]


def test_settings_are_checked_saved_and_the_operator_is_recorded(qtbot: QtBot, store: Store) -> None:
    context = AppContext(store)
    page = SettingsPage(context)
    qtbot.addWidget(page)
    _type(qtbot, page, "station_name", "练市镇居家养老服务中心")
    _type(qtbot, page, "station_phone", "0572-30")
    _type(qtbot, page, "default_dine_in_radius_km", "很远")
    _type(qtbot, page, "operator_name", "沈丽")
    assert not page.save()
    assert not page.field("station_phone").error.isHidden()
    assert "数字" in page.field("default_dine_in_radius_km").error.text()
    with store.reading() as session:
        assert session.get(Setting, "station_name") is None

    _type(qtbot, page, "station_phone", "０５７２－３０１２３４５")  # full-width, as pasted from a document
    _type(qtbot, page, "default_dine_in_radius_km", "1.5")
    assert page.save()
    assert page.field("station_phone").error.isHidden()
    with store.reading() as session:
        saved = {row.key: row.value for row in session.scalars(select(Setting))}
    assert saved["station_name"] == "练市镇居家养老服务中心"
    assert saved["station_phone"] == "0572-3012345"
    assert saved["default_dine_in_radius_km"] == "1.5"
    assert context.actor == "沈丽"

    with context.unit_of_work() as session:
        session.add(MealPoint(code="ZC9", name="双林镇爱心食堂"))
    with store.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "meal_points")).one()
    assert entry.actor == "沈丽"


def test_switching_the_language_rebuilds_the_window_in_english(qtbot: QtBot, store: Store) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    language = page.field("language").editor
    language.setCurrentIndex(language.findData("en"))  # type: ignore[attr-defined]
    page.save_button.click()
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles[:5] == ["Dashboard", "Residents", "Care centres", "Meal points", "Caregivers"]
    assert window.windowTitle() == "CareMatch — elderly-care matching"
    assert window.current_key() == "settings"
    english = window.pages["settings"]
    assert isinstance(english, SettingsPage)
    assert english.save_button.text() == "Save settings"
    with store.reading() as session:
        assert session.get(Setting, "language").value == "en"  # type: ignore[union-attr]
    # back to Chinese, so later tests in this process start in the default language
    window.context.set_language("zh")
    assert window.navigation.item(0).text() == "工作台"


def test_a_new_provider_form_starts_with_the_station_default_radii(qtbot: QtBot, store: Store) -> None:
    from carematch.gui.forms import RecordForm

    context = AppContext(store)
    context.save_settings({"default_delivery_radius_km": "2.5", "default_caregiver_radius_km": "4"})
    meal_point = RecordForm(context, "meal-points")
    qtbot.addWidget(meal_point)
    assert meal_point.grid.fields["delivery_radius_km"].value() == "2.5"
    assert meal_point.grid.fields["dine_in_radius_km"].value() == "1"
    caregiver = RecordForm(context, "caregivers")
    qtbot.addWidget(caregiver)
    assert caregiver.grid.fields["service_radius_km"].value() == "4"
