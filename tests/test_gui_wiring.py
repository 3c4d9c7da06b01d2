"""The geography and the window wired together: pasted and picked coordinates in the forms and
settings, optional online geocoding behind its switch, and the map's 打开记录 opening the record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.enums import CoordSource
from carematch.core.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from carematch.core.geo.distance import distance_m
from carematch.core.geo.online import OnlineGeocoder, RecordedAdapter, cache_key
from carematch.core.models import Caregiver, GeocodeCache, Resident, Setting, Village
from carematch.core.validation import citizen_id_check_digit
from carematch.gui.context import AppContext
from carematch.gui.forms import RecordForm
from carematch.gui.main_window import MainWindow
from carematch.gui.map_page import CoordinatePickerDialog, MapPage
from carematch.gui.settings_page import SettingsPage

ID_17 = "33050319400812242"
CITIZEN_ID = ID_17 + citizen_id_check_digit(ID_17)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:  # SQLite only: these tests are about the window, not the database
    with Store(db_url) as opened:
        with opened.unit_of_work(actor="demo") as session:
            build_demo(session, residents=30)
        yield opened


@pytest.fixture
def context(store: Store) -> AppContext:
    return AppContext(store, "zh", actor="沈丽")


def a_village(store: Store) -> Village:
    with store.reading() as session:
        village = session.scalars(select(Village).where(Village.lon.is_not(None)).order_by(Village.name)).first()
        assert village is not None and village.lon is not None and village.lat is not None
        return village


def township_of(store: Store, village: Village) -> str:
    with store.reading() as session:
        found = session.get(Village, village.id)
        assert found is not None
        return found.township.name


def editor(form: RecordForm, name: str) -> QLineEdit:
    widget = form.grid.fields[name].editor
    assert isinstance(widget, QLineEdit)
    return widget


def fill_resident(form: RecordForm, township: str, village: str = "") -> None:
    editor(form, "citizen_id").setText(CITIZEN_ID)
    editor(form, "name").setText("钱阿宝")
    editor(form, "township").setText(township)
    editor(form, "village").setText(village)


def test_coordinates_pasted_from_amap_are_converted_and_saved_as_converted(qtbot: QtBot, context: AppContext) -> None:
    village = a_village(context.store)
    assert village.lon is not None and village.lat is not None
    form = RecordForm(context, "residents")
    qtbot.addWidget(form)
    helper = form.coordinates
    assert helper is not None
    # Nonsense first: a message in words under the paste box, the coordinates untouched.
    qtbot.keyClicks(helper.paste, "abc")
    qtbot.mouseClick(helper.fill_button, Qt.MouseButton.LeftButton)
    assert "看不懂粘贴的坐标" in helper.message.text()
    assert editor(form, "lon").text() == "" and editor(form, "lat").text() == ""

    # As AMap shows the village (GCJ-02), pasted the way a phone copies it: "lat, lon".
    shown_lon, shown_lat = wgs84_to_gcj02(village.lon, village.lat)
    helper.paste.setText(f"{shown_lat:.6f}, {shown_lon:.6f}")
    helper.app.setCurrentIndex(helper.app.findText("高德地图"))
    qtbot.mouseClick(helper.fill_button, Qt.MouseButton.LeftButton)
    lon, lat = float(editor(form, "lon").text()), float(editor(form, "lat").text())
    assert distance_m(lon, lat, village.lon, village.lat) <= 1  # WGS-84 again, not 500 m off
    assert "换算" in helper.message.text() and "看不懂" not in helper.message.text()

    fill_resident(form, township_of(context.store, village))
    assert form.save(), form.banner.text()
    with context.reading() as session:
        saved = session.scalars(select(Resident).where(Resident.citizen_id == CITIZEN_ID)).one()
        assert saved.coord_source is CoordSource.CONVERTED_GCJ02
        assert saved.lon is not None and saved.lat is not None
        assert distance_m(saved.lon, saved.lat, village.lon, village.lat) <= 1


def _click_on_picker_map(qtbot: QtBot, lon: float, lat: float, seen: list[str]) -> None:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, CoordinatePickerDialog):
        seen.append(f"no picker: {dialog!r}")
        if dialog is not None:
            dialog.close()
        return
    dialog.map.show_focus(lon, lat, [])
    qtbot.mouseClick(dialog.map.viewport(), Qt.MouseButton.LeftButton, pos=dialog.map.viewport_position_of(lon, lat))
    seen.append(dialog.label.text())
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_point_picked_on_the_map_fills_the_form(qtbot: QtBot, context: AppContext) -> None:
    village = a_village(context.store)
    assert village.lon is not None and village.lat is not None
    form = RecordForm(context, "meal-points")
    qtbot.addWidget(form)
    form.show()
    helper = form.coordinates
    assert helper is not None
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _click_on_picker_map(qtbot, village.lon or 0.0, village.lat or 0.0, seen))
    qtbot.mouseClick(helper.pick_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("经度, 纬度"), seen
    lon, lat = float(editor(form, "lon").text()), float(editor(form, "lat").text())
    assert distance_m(lon, lat, village.lon, village.lat) <= 200
    assert form.coordinate_origin is not None and form.coordinate_origin[2] is CoordSource.MANUAL
    assert "地图上选" in helper.message.text()


def test_settings_take_the_station_location_pasted_from_baidu_and_the_online_switch(
    qtbot: QtBot, context: AppContext
) -> None:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    note = page.findChild(QLabel, "online_geocoding_note")
    assert note is not None and "不联网" in note.text() and "Nominatim" in note.text()
    assert not page.online_geocoding.isChecked()  # off by default

    helper = page.station_coordinates
    helper.paste.setText("120.5,")
    qtbot.mouseClick(helper.fill_button, Qt.MouseButton.LeftButton)
    assert "经度和纬度" in helper.message.text()
    station_lon, station_lat = 120.4183, 30.8722
    bd_lon, bd_lat = wgs84_to_bd09(station_lon, station_lat)
    helper.app.setCurrentIndex(helper.app.findText("百度地图"))
    helper.paste.setText(f"{bd_lon:.6f},{bd_lat:.6f}")
    qtbot.keyClick(helper.paste, Qt.Key.Key_Return)
    page.online_geocoding.click()  # below the fold of the scroll area: clicked as a keyboard user would
    assert page.save(), page.saved_label.text()
    with context.reading() as session:
        stored = {row.key: row.value for row in session.scalars(select(Setting))}
    assert distance_m(float(stored["station_lon"]), float(stored["station_lat"]), station_lon, station_lat) <= 1
    assert stored["online_geocoding"] == "1"
    again = SettingsPage(context)
    qtbot.addWidget(again)
    assert again.online_geocoding.isChecked()


NEW_VILLAGE = [
    {
        "place_id": 7,
        "lat": "30.8801",
        "lon": "120.4402",
        "class": "place",
        "type": "village",
        "addresstype": "village",
        "display_name": "新建村, 南浔镇, 南浔区, 湖州市, 浙江省, 中国",
    }
]


def test_online_geocoding_places_a_record_only_when_switched_on(qtbot: QtBot, context: AppContext) -> None:
    township_name = township_of(context.store, a_village(context.store))
    recordings: dict[str, Any] = {cache_key(f"{township_name} 新建村"): NEW_VILLAGE}
    factory = RecordedAdapter.factory(recordings)

    def recorded(session: Any) -> OnlineGeocoder:
        return OnlineGeocoder(session, adapter_factory=factory, min_delay_seconds=0.0)

    form = RecordForm(context, "residents")
    qtbot.addWidget(form)
    form.online_geocoder_factory = recorded
    fill_resident(form, township_name, "新建村")
    assert not form.save()  # switched off: the gazetteer's answer stands, nothing asked
    assert "新建村" in form.grid.fields["village"].error.text()
    assert not hasattr(factory, "adapter")

    context.save_settings({"online_geocoding": "1"})
    assert form.save(), form.banner.text()
    with context.reading() as session:
        saved = session.scalars(select(Resident).where(Resident.citizen_id == CITIZEN_ID)).one()
        assert (saved.lon, saved.lat) == (120.4402, 30.8801)
        assert saved.coord_source is CoordSource.VILLAGE and saved.village == "新建村"
        assert session.scalars(select(GeocodeCache)).first() is not None  # asked once, kept
    assert factory.adapter.requests  # type: ignore[attr-defined]


def test_open_record_shows_the_registry_page_with_the_records_form(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    with context.reading() as session:
        caregiver = session.scalars(select(Caregiver).order_by(Caregiver.code)).first()
        resident = session.scalars(select(Resident).order_by(Resident.citizen_id)).first()
        assert caregiver is not None and resident is not None
    assert not context.open_record("village", str(caregiver.id))  # no registry page for a village

    map_page = window.page("map")
    assert isinstance(map_page, MapPage)
    window.show_page("map")
    map_page.show_record("village", str(a_village(context.store).id))
    assert not map_page.open_button.isVisibleTo(map_page)  # a village has no form to open
    map_page.show_record("caregiver", str(caregiver.id))
    assert map_page.open_button.isVisibleTo(map_page)
    qtbot.mouseClick(map_page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "caregivers"
    page = window.pages["caregivers"]
    form = page.dialogs[-1]  # type: ignore[attr-defined]
    assert isinstance(form, RecordForm) and form.existing is not None
    assert form.existing.id == caregiver.id and editor(form, "name").text() == caregiver.name
    form.reject()

    # The map's kind names, the registry's and the page keys all lead to the same page.
    assert context.open_record("resident", str(resident.id))
    assert window.current_key() == "residents"
    form = window.pages["residents"].dialogs[-1]  # type: ignore[attr-defined]
    assert isinstance(form, RecordForm) and form.existing is not None and form.existing.id == resident.id
    form.reject()


def test_double_clicking_a_caregiver_on_the_map_opens_its_form(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.show_page("map")
    map_page = window.pages["map"]
    assert isinstance(map_page, MapPage)
    for layer in ("meal_points", "care_centres", "residents", "villages", "townships"):
        if layer in map_page.layer_boxes:
            map_page.layer_boxes[layer].setChecked(False)
    caregiver = map_page.map.data.caregivers[0]
    map_page.map.show_focus(caregiver.lon, caregiver.lat, [])  # zoom in so the marker stands alone
    map_page.map.clear_focus()
    position = map_page.map.viewport_position_of(caregiver.lon, caregiver.lat)
    qtbot.mouseDClick(map_page.map.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert window.current_key() == "caregivers"
    form = window.pages["caregivers"].dialogs[-1]  # type: ignore[attr-defined]
    assert isinstance(form, RecordForm) and form.existing is not None
    assert form.existing.id == caregiver.id
    form.reject()
