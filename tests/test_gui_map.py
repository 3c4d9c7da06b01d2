"""The offline map: drawing, layers, zoom and pan, click to open a record, picking coordinates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.geo.distance import distance_m
from carematch.core.models import Caregiver, MealPoint, Resident, Village
from carematch.gui.context import AppContext
from carematch.gui.map_data import LocalProjection
from carematch.gui.map_page import CoordinatePickerDialog, MapPage
from carematch.gui.map_view import MarkerItem, PointCloudItem, RingsItem, convex_hull, nice_scale_length


@pytest.fixture
def store(small_demo_file: Path, copy_of: Callable[[Path], Store]) -> Store:
    """The window over a copy of the small demo county (the core's own tests cover PostgreSQL)."""
    return copy_of(small_demo_file)


@pytest.fixture
def context(store: Store) -> AppContext:
    return AppContext(store, "zh", actor="测试员")


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> MapPage:
    widget = MapPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_map_draws_every_record_and_residents_as_one_item(page: MapPage, store: Store) -> None:
    with store.reading() as session:
        residents = session.scalar(select(func.count()).select_from(Resident).where(Resident.lon.is_not(None)))
        villages = session.scalar(select(func.count()).select_from(Village))
        meal_points = session.scalar(select(func.count()).select_from(MealPoint))
    items = page.map.scene().items()
    clouds = [item for item in items if isinstance(item, PointCloudItem)]
    assert len(clouds) == 1
    assert len(clouds[0]) == residents
    markers = [item for item in items if isinstance(item, MarkerItem)]
    assert sum(1 for m in markers if m.place.kind == "village") == villages
    assert len(page.map.point_layers["meal_points"].places) == meal_points
    assert len(page.map.point_layers["meal_points"]) == meal_points
    # Something was painted: the grab is not one flat colour.
    image = page.map.grab().toImage()
    colours = {image.pixelColor(x, y).rgb() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_layer_toggles_hide_their_items(qtbot: QtBot, page: MapPage) -> None:
    assert page.map.layer_visible("residents")
    page.layer_boxes["residents"].setChecked(False)
    assert not page.map.layer_visible("residents")
    cloud = next(item for item in page.map.scene().items() if isinstance(item, PointCloudItem))
    assert not cloud.isVisible()
    assert not page.layer_boxes["caregiver_coverage"].isChecked()
    page.layer_boxes["caregiver_coverage"].setChecked(True)
    assert page.map.layer_visible("caregiver_coverage")


def test_coverage_rings_have_the_radius_of_record(page: MapPage, store: Store) -> None:
    with store.reading() as session:
        point = session.scalars(select(MealPoint).order_by(MealPoint.code)).first()
    assert point is not None and point.lon is not None and point.lat is not None
    x, y = page.map.projection.to_xy(point.lon, point.lat)
    [rings] = [item for item in page.map.layers["meal_coverage"].childItems() if isinstance(item, RingsItem)]
    radii = [ring.radius for ring in rings.rings if abs(ring.x - x) + abs(ring.y - y) < 1]
    assert any(abs(radius - point.dine_in_radius_km * 1000) < 0.5 for radius in radii)
    if point.delivers:
        assert any(abs(radius - point.delivery_radius_km * 1000) < 0.5 for radius in radii)


def test_wheel_zooms_and_dragging_pans(qtbot: QtBot, page: MapPage) -> None:
    view = page.map
    before = view.metres_per_pixel()
    view.zoom_by(2.0)
    assert view.metres_per_pixel() == pytest.approx(before / 2, rel=1e-6)
    centre_before = view.mapToScene(view.viewport().rect().center())
    start = view.viewport().rect().center()
    end = start + QPoint(120, 80)
    send_mouse(view.viewport(), QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, 5):
        position = start + (end - start) * (step / 4)
        send_mouse(view.viewport(), QEvent.Type.MouseMove, position, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    send_mouse(view.viewport(), QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
    centre_after = view.mapToScene(view.viewport().rect().center())
    moved = centre_before - centre_after
    mpp = view.metres_per_pixel()
    assert moved.x() == pytest.approx(120 * mpp, rel=0.05)
    assert moved.y() == pytest.approx(80 * mpp, rel=0.05)


def send_mouse(
    widget: object,
    kind: QEvent.Type,
    position: QPoint,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton | None = None,
) -> None:
    local = QPointF(position)
    event = QMouseEvent(
        kind,
        local,
        local,
        button,
        buttons if buttons is not None else button,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def test_clicking_a_caregiver_opens_its_record(qtbot: QtBot, page: MapPage, store: Store) -> None:
    caregiver = page.map.data.caregivers[0]
    page.map.show_focus(caregiver.lon, caregiver.lat, [])  # zoom in so the marker stands alone
    page.map.clear_focus()
    position = page.map.viewport_position_of(caregiver.lon, caregiver.lat)
    with qtbot.waitSignal(page.recordActivated, timeout=2000) as signal:
        qtbot.mouseClick(page.map.viewport(), Qt.MouseButton.LeftButton, pos=position)
    kind, record_id = signal.args
    assert kind == "caregiver"
    with store.reading() as session:
        clicked = session.get(Caregiver, __import__("uuid").UUID(record_id))
        assert clicked is not None
        assert page.details_title.text() == clicked.name
        assert page.details_values["编号"] == clicked.code
        assert clicked.lon is not None and clicked.lat is not None
        # The record opened is the one under the pointer (within a few pixels).
        assert distance_m(clicked.lon, clicked.lat, caregiver.lon, caregiver.lat) <= 12 * page.map.metres_per_pixel()


def test_clicking_a_resident_dot_opens_the_resident(qtbot: QtBot, page: MapPage, store: Store) -> None:
    for layer in ("meal_points", "care_centres", "caregivers", "villages", "townships"):
        page.layer_boxes[layer].setChecked(False)
    index = 0
    lon = float(page.map.data.resident_lons[index])
    lat = float(page.map.data.resident_lats[index])
    page.map.show_focus(lon, lat, [])
    page.map.clear_focus()
    with qtbot.waitSignal(page.recordActivated, timeout=2000) as signal:
        qtbot.mouseClick(page.map.viewport(), Qt.MouseButton.LeftButton, pos=page.map.viewport_position_of(lon, lat))
    kind, record_id = signal.args
    assert kind == "resident"
    with store.reading() as session:
        resident = session.get(Resident, __import__("uuid").UUID(record_id))
        assert resident is not None and resident.lon is not None and resident.lat is not None
        assert page.details_title.text() == resident.name
        assert "服务需求" in page.details_values
        assert distance_m(resident.lon, resident.lat, lon, lat) <= 10 * page.map.metres_per_pixel()


def test_pick_mode_returns_the_clicked_longitude_and_latitude(qtbot: QtBot, page: MapPage, store: Store) -> None:
    with store.reading() as session:
        village = session.scalars(select(Village).order_by(Village.name)).first()
        assert village is not None and village.lon is not None and village.lat is not None
        lon, lat = village.lon, village.lat
    qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    assert page.map.pick_mode
    page.map.show_focus(lon, lat, [])
    activated: list[object] = []
    page.recordActivated.connect(lambda *args: activated.append(args))
    with qtbot.waitSignal(page.coordinatePicked, timeout=2000) as signal:
        qtbot.mouseClick(page.map.viewport(), Qt.MouseButton.LeftButton, pos=page.map.viewport_position_of(lon, lat))
    picked_lon, picked_lat = signal.args
    # Within a pixel or two of the village centre, and no record was opened in pick mode.
    assert distance_m(picked_lon, picked_lat, lon, lat) <= 3 * page.map.metres_per_pixel() + 1
    assert activated == []
    assert f"{picked_lon:.6f}" in page.coordinate_label.text()
    assert QApplication.clipboard().text() == f"{picked_lon:.6f}, {picked_lat:.6f}"


def test_the_coordinate_picker_dialog_returns_the_click(qtbot: QtBot, context: AppContext) -> None:
    dialog = CoordinatePickerDialog(context, None, 120.3, 30.8)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    target = dialog.map.viewport().rect().center() + QPoint(30, -20)
    qtbot.mouseClick(dialog.map.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert dialog.picked is not None
    scene_point = dialog.map.mapToScene(target)
    expected = dialog.map.projection.to_lonlat(scene_point.x(), scene_point.y())
    assert dialog.picked == pytest.approx(expected, abs=2e-6)


def test_the_scale_bar_is_drawn(page: MapPage) -> None:
    image = page.map.viewport().grab().toImage()
    bottom = image.height() - 14
    dark = [x for x in range(10, 200) if image.pixelColor(x, bottom).value() < 80]
    assert dark, "the scale bar line is at the bottom left"
    length_px = dark[-1] - dark[0]
    expected = nice_scale_length(page.map.metres_per_pixel()) / page.map.metres_per_pixel()
    assert abs(length_px - expected) <= 3
    assert QColor(image.pixelColor(dark[0], bottom)).value() < 80


@given(
    lon0=st.floats(100, 125),
    lat0=st.floats(20, 45),
    dlon=st.floats(-0.5, 0.5),
    dlat=st.floats(-0.5, 0.5),
)
def test_the_local_projection_round_trips_and_keeps_distances(
    lon0: float, lat0: float, dlon: float, dlat: float
) -> None:
    projection = LocalProjection(lon0, lat0)
    x, y = projection.to_xy(lon0 + dlon, lat0 + dlat)
    back = projection.to_lonlat(x, y)
    assert back == pytest.approx((lon0 + dlon, lat0 + dlat), abs=1e-9)
    # Across a county (±50 km) the map distance is within 1 % of the distance of record.
    true = distance_m(lon0, lat0, lon0 + dlon, lat0 + dlat)
    if true > 100:
        assert float(np.hypot(x, y)) == pytest.approx(true, rel=0.01)


@given(st.floats(0.01, 100_000))
def test_scale_lengths_are_1_2_5_steps_no_longer_than_the_bar(metres_per_pixel: float) -> None:
    length = nice_scale_length(metres_per_pixel)
    assert length <= metres_per_pixel * 110 * (1 + 1e-9)
    mantissa = length / 10 ** np.floor(np.log10(length))
    assert round(mantissa, 6) in (1.0, 2.0, 5.0)
    assert length > metres_per_pixel * 110 / 2.5 * (1 - 1e-9)


@given(st.lists(st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)), min_size=3, max_size=40))
def test_the_township_outline_is_the_convex_hull(raw: list[tuple[int, int]]) -> None:
    points = [(float(x), float(y)) for x, y in raw]
    hull = convex_hull(points)
    if len(hull) < 3:
        return  # collinear points have no area to outline
    # Counter-clockwise and convex: every point lies on the left of (or on) every edge.
    for index, start in enumerate(hull):
        end = hull[(index + 1) % len(hull)]
        for point in points:
            cross = (end[0] - start[0]) * (point[1] - start[1]) - (end[1] - start[1]) * (point[0] - start[0])
            assert cross >= 0
    assert set(hull) <= set(points)


def make_mbtiles(path: Path, lon: float, lat: float, zoom: int, colour: str) -> None:
    """A real MBTiles file: a 3 x 3 block of plain PNG tiles around a point (rows counted from the south)."""
    import sqlite3

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    from carematch.gui.map_tiles import tile_of

    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png = bytes(data.data())
    x, y = (int(v) for v in tile_of(lon, lat, zoom))
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        connection.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
        )
        connection.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "test"), ("format", "png")])
        for column in (x - 1, x, x + 1):
            for row in (y - 1, y, y + 1):
                connection.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (zoom, column, 2**zoom - 1 - row, png))


def test_an_offline_mbtiles_background_is_drawn_under_the_map(qtbot: QtBot, page: MapPage, tmp_path: Path) -> None:
    township = page.map.data.townships[0]
    path = tmp_path / "county.mbtiles"
    make_mbtiles(path, township.lon, township.lat, 14, "#3366cc")
    assert not page.background_box.isEnabled()
    page.set_background_file(path)
    assert page.background_box.isChecked()
    for name in page.layer_boxes:
        page.layer_boxes[name].setChecked(False)
    page.map.show_focus(township.lon, township.lat, [])
    page.map.clear_focus()
    centre = page.map.viewport_position_of(township.lon, township.lat)
    image = page.map.viewport().grab().toImage()
    assert image.pixelColor(centre).name() == "#3366cc"
    assert page.map.background is not None and page.map.background.drawn > 0
    page.background_box.setChecked(False)
    image = page.map.viewport().grab().toImage()
    assert image.pixelColor(centre).name() != "#3366cc"


def test_a_file_that_is_not_mbtiles_is_refused_with_a_message(page: MapPage, tmp_path: Path) -> None:
    from carematch.core.errors import UserInputError

    bogus = tmp_path / "notes.mbtiles"
    bogus.write_text("这不是地图", encoding="utf-8")
    with pytest.raises(UserInputError) as refused:
        page.set_background_file(bogus)
    assert "MBTiles" in refused.value.text("zh")
    assert page.map.background is None and not page.background_box.isEnabled()


@given(st.floats(-179.9, 179.9), st.floats(-85, 85), st.integers(0, 18))
def test_tile_coordinates_round_trip(lon: float, lat: float, zoom: int) -> None:
    from carematch.gui.map_tiles import lonlat_of, tile_of

    x, y = tile_of(lon, lat, zoom)
    back_lon, back_lat = lonlat_of(x, y, zoom)
    assert back_lon == pytest.approx(lon, abs=1e-7)
    assert back_lat == pytest.approx(lat, abs=1e-7)
