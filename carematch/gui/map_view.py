"""The offline map widget: a QGraphicsView of the county in local metres.

Scene units are metres of a local equirectangular projection around the county centre, so
coverage rings are true circles of their radius. Fifty thousand residents are one item painting
cached point lists (not one QGraphicsItem each); markers and labels ignore the zoom so they stay
readable. Wheel zooms around the cursor, dragging pans, a click opens the record under it and,
in pick mode, a click returns the longitude and latitude instead.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from carematch.gui.map_data import (
    RESIDENT_NO_NEED,
    RESIDENT_OPEN,
    RESIDENT_SERVED,
    LocalProjection,
    MapData,
    Place,
)
from carematch.gui.map_tiles import MBTiles, TileBackgroundItem

LAYERS = (
    "townships",
    "villages",
    "meal_points",
    "care_centres",
    "caregivers",
    "residents",
    "meal_coverage",
    "caregiver_coverage",
)
# Caregivers' service circles overlap heavily at county scale; shown on demand.
HIDDEN_BY_DEFAULT = ("caregiver_coverage",)

KIND_COLOURS = {
    "meal_point": QColor("#e07b00"),
    "care_centre": QColor("#c62828"),
    "caregiver": QColor("#1565c0"),
    "village": QColor("#5d6d5d"),
    "township": QColor("#37474f"),
}
RESIDENT_COLOURS = {
    RESIDENT_NO_NEED: QColor(120, 120, 120, 150),
    RESIDENT_SERVED: QColor(46, 125, 50, 200),
    RESIDENT_OPEN: QColor(211, 47, 47, 220),
}

CLICK_SLOP_PX = 5
SMALL_DOTS_BEYOND_M_PER_PX = 30.0
HIT_RADIUS_PX = 8
MIN_METRES_PER_PIXEL = 0.5


def cosmetic_pen(colour: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)  # the same width on screen at every zoom
    return pen


class LayerItem(QGraphicsItem):
    """An invisible parent: hiding it hides a whole layer without touching its children."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(z)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        return None


def _premultiplied_argb(colour: QColor) -> int:
    alpha = colour.alpha()
    red, green, blue = (round(channel * alpha / 255) for channel in (colour.red(), colour.green(), colour.blue()))
    return (alpha << 24) | (red << 16) | (green << 8) | blue


def _stamp_offsets(radius: float, square: bool) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets of a dot: a disc of the radius, or a square of that half-width."""
    reach = math.ceil(radius)
    dx, dy = np.meshgrid(np.arange(-reach, reach + 1), np.arange(-reach, reach + 1))
    inside = (np.abs(dx) <= radius) & (np.abs(dy) <= radius) if square else dx**2 + dy**2 <= radius**2 + 0.5
    return dx[inside].astype(np.int64), dy[inside].astype(np.int64)


@dataclass(frozen=True)
class DotPass:
    """One colour of dots: which points, the colour, the dot's radius in pixels and its shape."""

    xs: np.ndarray
    ys: np.ndarray
    colour: QColor
    radius_px: float
    square: bool = False


class RasterPointsItem(QGraphicsItem):
    """Many fixed-size dots drawn by one item, rasterised with numpy.

    Each paint maps every point through the view transform at once, stamps its dot into one image
    the size of the view (passes in order, later ones on top) and draws that image: a few
    milliseconds for 50,000 points at any zoom, where QPainter.drawPoints with a wide pen takes
    hundreds. Without a view widget (a scene rendered to a printer) it falls back to drawPoints.
    """

    def __init__(self, xs: np.ndarray, ys: np.ndarray, passes: list[DotPass]) -> None:
        super().__init__()
        self.xs = np.asarray(xs, dtype=np.float64)
        self.ys = np.asarray(ys, dtype=np.float64)
        self.passes = [p for p in passes if len(p.xs)]
        self.stamps = [_stamp_offsets(p.radius_px, p.square) for p in self.passes]
        # Zoomed far out the dots shrink, so a county of 50,000 does not become one blot.
        self.small_stamps = [_stamp_offsets(p.radius_px * 0.6, p.square) for p in self.passes]
        self.colours = [np.uint32(_premultiplied_argb(p.colour)) for p in self.passes]
        self.margin = max((math.ceil(p.radius_px) for p in self.passes), default=0)
        if len(self.xs):
            # Dots keep their size in pixels: leave room for them when zoomed far out.
            self._bounds = QRectF(
                float(self.xs.min()),
                float(self.ys.min()),
                float(self.xs.max() - self.xs.min()),
                float(self.ys.max() - self.ys.min()),
            ).adjusted(-3000, -3000, 3000, 3000)
        else:
            self._bounds = QRectF()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def __len__(self) -> int:
        return len(self.xs)

    def rasterise(self, transform: Any, width: int, height: int) -> tuple[np.ndarray, int]:
        """The dots as a premultiplied ARGB32 raster under the transform (no rotation), and its margin.

        The raster is the view plus a margin of the largest dot radius on every side, so a dot at
        the edge needs no per-pixel bounds check: one scatter per pass writes every pixel.
        """
        margin = self.margin
        stride = width + 2 * margin
        raster = np.zeros((height + 2 * margin, stride), dtype=np.uint32)
        flat = raster.reshape(-1)
        metres_per_pixel = 1 / max(abs(transform.m11()), 1e-12)
        stamps = self.small_stamps if metres_per_pixel > SMALL_DOTS_BEYOND_M_PER_PX else self.stamps
        for dots, (offset_x, offset_y), colour in zip(self.passes, stamps, self.colours, strict=True):
            px = np.rint(transform.m11() * dots.xs + transform.m21() * dots.ys + transform.dx()).astype(np.int64)
            py = np.rint(transform.m12() * dots.xs + transform.m22() * dots.ys + transform.dy()).astype(np.int64)
            visible = (px >= 0) & (px < width) & (py >= 0) & (py < height)
            base = (py[visible] + margin) * stride + (px[visible] + margin)
            stamp = offset_y * stride + offset_x
            flat[(base[:, None] + stamp[None, :]).reshape(-1)] = colour
        return raster, margin

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if widget is None:
            self._paint_with_points(painter)
            return
        width, height = widget.width(), widget.height()
        if width <= 0 or height <= 0:
            return
        raster, margin = self.rasterise(painter.worldTransform(), width, height)
        rows, columns = raster.shape
        image = QImage(raster.data, columns, rows, columns * 4, QImage.Format.Format_ARGB32_Premultiplied)
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(-margin, -margin), image)
        painter.restore()

    def _paint_with_points(self, painter: QPainter) -> None:
        for dots in self.passes:
            pen = cosmetic_pen(dots.colour, dots.radius_px * 2)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap if dots.square else Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(QPolygonF([QPointF(float(x), float(y)) for x, y in zip(dots.xs, dots.ys, strict=True)]))


class PointCloudItem(RasterPointsItem):
    """The residents, coloured by what the station still has to do for them (open needs on top)."""

    ORDER = (RESIDENT_NO_NEED, RESIDENT_SERVED, RESIDENT_OPEN)

    def __init__(self, xs: np.ndarray, ys: np.ndarray, states: np.ndarray, size_px: float = 5.0) -> None:
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        states = np.asarray(states, dtype=np.int8)
        passes = [
            DotPass(xs[states == state], ys[states == state], RESIDENT_COLOURS[state], size_px / 2)
            for state in self.ORDER
        ]
        super().__init__(xs, ys, passes)


class PointMarkersItem(RasterPointsItem):
    """Providers of one kind (meal points, caregivers): fixed-size dots or squares with a white rim."""

    def __init__(self, places: list[Place], xs: np.ndarray, ys: np.ndarray, size_px: float, square: bool) -> None:
        colour = KIND_COLOURS.get(places[0].kind if places else "", QColor("black"))
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        passes = [
            DotPass(xs, ys, QColor("white"), size_px / 2 + 1.3, square),
            DotPass(xs, ys, colour, size_px / 2, square),
        ]
        super().__init__(xs, ys, passes)
        self.places = places

    def nearest(self, x: float, y: float) -> tuple[float, Place] | None:
        if not len(self.xs):
            return None
        squared = (self.xs - x) ** 2 + (self.ys - y) ** 2
        index = int(np.argmin(squared))
        return math.sqrt(float(squared[index])), self.places[index]


@dataclass(frozen=True)
class Ring:
    """A coverage circle of its radius of record, in scene metres."""

    x: float
    y: float
    radius: float
    colour: QColor
    style: Qt.PenStyle
    fill_alpha: int


class RingsItem(QGraphicsItem):
    """Every coverage circle of a layer in one item, cached in device pixels.

    Hundreds of overlapping translucent circles cost a tenth of a second to draw; the cache keeps
    panning smooth and redraws them only when the zoom changes.
    """

    def __init__(self, rings: list[Ring]) -> None:
        super().__init__()
        self.rings = rings
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        bounds = QRectF()
        for ring in rings:
            bounds = bounds.united(QRectF(ring.x - ring.radius, ring.y - ring.radius, 2 * ring.radius, 2 * ring.radius))
        self._bounds = bounds.adjusted(-10, -10, 10, 10)
        self.pens: dict[tuple[int, Qt.PenStyle], QPen] = {}

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _pen(self, ring: Ring) -> QPen:
        key = (ring.colour.rgb(), ring.style)
        if key not in self.pens:
            edge = QColor(ring.colour)
            edge.setAlpha(170)
            self.pens[key] = cosmetic_pen(edge, 1.0, ring.style)
        return self.pens[key]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for ring in self.rings:
            painter.setPen(self._pen(ring))
            if ring.fill_alpha:
                fill = QColor(ring.colour)
                fill.setAlpha(ring.fill_alpha)
                painter.setBrush(fill)
            else:
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(ring.x, ring.y), ring.radius, ring.radius)


class MarkerItem(QGraphicsItem):
    """A provider, village or township marker of fixed screen size, with an optional label."""

    def __init__(self, place: Place, label: str = "", size_px: float = 10.0) -> None:
        super().__init__()
        self.place = place
        self.label = label
        self.size_px = size_px
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptHoverEvents(False)
        self.setToolTip(place.name)
        self.font = QFont()
        if place.kind == "township":
            self.font.setPointSizeF(10.5)
            self.font.setBold(True)
        else:
            self.font.setPointSizeF(8.5)
        metrics = QFontMetricsF(self.font)
        self._text_rect = metrics.boundingRect(label) if label else QRectF()
        half = size_px / 2 + 2
        self._bounds = QRectF(-half, -half, 2 * half, 2 * half)
        if label:
            self._bounds = self._bounds.united(self._label_rect())

    def _label_rect(self) -> QRectF:
        width = self._text_rect.width() + 4
        height = self._text_rect.height()
        if self.place.kind == "township":
            return QRectF(-width / 2, -height - self.size_px / 2 - 1, width, height)
        return QRectF(self.size_px / 2 + 2, -height / 2, width, height)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        half = self.size_px / 2 + 3
        path.addRect(QRectF(-half, -half, 2 * half, 2 * half))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = KIND_COLOURS.get(self.place.kind, QColor("black"))
        half = self.size_px / 2
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(QBrush(colour))
        kind = self.place.kind
        if kind == "meal_point":
            painter.drawRect(QRectF(-half, -half, 2 * half, 2 * half))
        elif kind == "care_centre":
            painter.drawPolygon(QPolygonF([QPointF(0, -half - 1), QPointF(half + 1, half), QPointF(-half - 1, half)]))
        elif kind == "caregiver":
            painter.drawEllipse(QPointF(0, 0), half, half)
        elif kind == "township":
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawEllipse(QPointF(0, 0), half, half)
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(QPointF(0, 0), half / 2.5, half / 2.5)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(0, 0), half, half)
        if self.label:
            rect = self._label_rect()
            painter.setFont(self.font)
            halo = QColor(255, 255, 255, 190)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(QPen(colour if kind != "village" else QColor("#3e4a3e")))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)


class FocusItem(QGraphicsItem):
    """The resident being matched: a star of fixed size."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        points = []
        for i in range(10):
            radius = 9.0 if i % 2 == 0 else 4.0
            angle = math.pi / 5 * i - math.pi / 2
            points.append(QPointF(radius * math.cos(angle), radius * math.sin(angle)))
        self.star = QPolygonF(points)

    def boundingRect(self) -> QRectF:
        return QRectF(-10, -10, 20, 20)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#4a148c"), 1.2))
        painter.setBrush(QBrush(QColor("#ffd600")))
        painter.drawPolygon(self.star)


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull, counter-clockwise (Andrew's monotone chain; a township has a few dozen villages,
    and this spares the map the second it takes to import scipy.spatial)."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for point in ordered:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    upper: list[tuple[float, float]] = []
    for point in reversed(ordered):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def nice_scale_length(metres_per_pixel: float, target_px: float = 110.0) -> float:
    """The 1-2-5 length in metres whose bar is closest to, and not longer than, target_px."""
    raw = metres_per_pixel * target_px
    exponent = math.floor(math.log10(raw)) if raw > 0 else 0
    best = 10.0**exponent
    for step in (1.0, 2.0, 5.0):
        if step * 10.0**exponent <= raw:
            best = step * 10.0**exponent
    return best


def format_scale(metres: float, lang: str) -> str:
    if metres >= 1000:
        km = metres / 1000
        text = f"{km:g}"
        return f"{text} 公里" if lang == "zh" else f"{text} km"
    return f"{metres:g} 米" if lang == "zh" else f"{metres:g} m"


class MapView(QGraphicsView):
    """The map. Signals: placeActivated(kind, id as text) on a click, placeOpened(kind, id as text) on a
    double click, coordinatePicked(lon, lat) in pick mode."""

    placeActivated = Signal(str, str)
    placeOpened = Signal(str, str)
    coordinatePicked = Signal(float, float)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None, lang: str = "zh") -> None:
        super().__init__(parent)
        self.lang = lang
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QBrush(QColor("#f3f1ea")))
        self.setMouseTracking(True)
        self.data = MapData()
        self.projection = LocalProjection(120.43, 30.87)
        self.layers: dict[str, LayerItem] = {}
        self.township_areas = LayerItem(0)
        self.markers: list[MarkerItem] = []
        self.point_layers: dict[str, PointMarkersItem] = {}
        self.resident_xy = (np.zeros(0), np.zeros(0))
        self.pick_mode = False
        self._press_pos: QPoint | None = None
        self._last_drag_pos: QPoint | None = None
        self._dragged = False
        self._focus_items: list[QGraphicsItem] = []
        self._village_labels_visible = True
        self._fitted: QRectF | None = None
        self.tiles: MBTiles | None = None
        self.background: TileBackgroundItem | None = None

    # -- content -----------------------------------------------------------------------------

    def set_map_data(self, data: MapData, *, keep_view: bool = False) -> None:
        visibility = {name: layer.isVisible() for name, layer in self.layers.items()}
        old_transform = self.transform()
        old_centre = self.mapToScene(self.viewport().rect().center())
        self.data = data
        self.projection = data.projection()
        scene = self.scene()
        scene.clear()
        self.markers = []
        self._focus_items = []
        # Bottom to top: township outlines, coverage, residents, villages, providers, township names.
        z_order = {"meal_coverage": 1, "caregiver_coverage": 1, "residents": 3, "villages": 4, "townships": 20}
        self.layers = {}
        for index, name in enumerate(LAYERS):
            layer = LayerItem(z_order.get(name, 5 + index))
            scene.addItem(layer)
            layer.setVisible(visibility.get(name, name not in HIDDEN_BY_DEFAULT))
            self.layers[name] = layer
        self.township_areas = LayerItem(0)
        scene.addItem(self.township_areas)
        self.township_areas.setVisible(self.layers["townships"].isVisible())
        self._add_township_areas()
        for place in data.townships:
            self._add_marker(place, "townships", place.name, 12)
        for place in data.villages:
            self._add_marker(place, "villages", place.name, 5)
        self.point_layers = {}
        self._add_point_markers(data.meal_points, "meal_points", 9, square=True)
        self._add_point_markers(data.caregivers, "caregivers", 8, square=False)
        meal_colour = KIND_COLOURS["meal_point"]
        self._add_rings(
            "meal_coverage",
            [
                *[(p, p.radius_km, meal_colour, Qt.PenStyle.SolidLine, 28) for p in data.meal_points],
                *[(p, p.delivery_radius_km, meal_colour, Qt.PenStyle.DashLine, 0) for p in data.meal_points],
            ],
        )
        for place in data.care_centres:
            self._add_marker(place, "care_centres", "", 12)
        carer_colour = KIND_COLOURS["caregiver"]
        self._add_rings(
            "caregiver_coverage",
            [(p, p.radius_km, carer_colour, Qt.PenStyle.DotLine, 0) for p in data.caregivers],
        )
        xs, ys = self.projection.arrays_to_xy(data.resident_lons, data.resident_lats)
        self.resident_xy = (xs, ys)
        if len(xs):
            cloud = PointCloudItem(xs, ys, data.resident_states)
            cloud.setParentItem(self.layers["residents"])
        bounds = scene.itemsBoundingRect()
        if bounds.isEmpty():
            bounds = QRectF(-10_000, -10_000, 20_000, 20_000)
        # Room to pan beyond the county's edge.
        margin = max(bounds.width(), bounds.height()) * 0.6 + 2_000
        scene.setSceneRect(bounds.adjusted(-margin, -margin, margin, margin))
        self.background = None
        self._add_background()
        if keep_view and not old_transform.isIdentity():
            self.setTransform(old_transform)
            self.centerOn(old_centre)
        else:
            self.fit_all()

    def set_background(self, tiles: MBTiles | None) -> None:
        """Show an offline MBTiles map under everything (None: the plain map)."""
        if self.background is not None:
            self.scene().removeItem(self.background)
            self.background = None
        if self.tiles is not None and self.tiles is not tiles:
            self.tiles.close()
        self.tiles = tiles
        self._add_background()

    def _add_background(self) -> None:
        if self.tiles is not None:
            self.background = TileBackgroundItem(self.tiles, self.projection, self.scene().sceneRect())
            self.scene().addItem(self.background)
            self.viewport().update()

    def _add_marker(self, place: Place, layer: str, label: str, size: float) -> None:
        marker = MarkerItem(place, label, size)
        marker.setPos(*self.projection.to_xy(place.lon, place.lat))
        marker.setParentItem(self.layers[layer])
        self.markers.append(marker)

    def _add_point_markers(self, places: list[Place], layer: str, size: float, *, square: bool) -> None:
        lons = np.array([p.lon for p in places], dtype=np.float64)
        lats = np.array([p.lat for p in places], dtype=np.float64)
        xs, ys = self.projection.arrays_to_xy(lons, lats)
        item = PointMarkersItem(places, xs, ys, size, square)
        item.setParentItem(self.layers[layer])
        self.point_layers[layer] = item

    def _add_rings(self, layer: str, rings: list[tuple[Place, float, QColor, Qt.PenStyle, int]]) -> None:
        circles = []
        for place, radius_km, colour, style, alpha in rings:
            if radius_km > 0:
                x, y = self.projection.to_xy(place.lon, place.lat)
                circles.append(Ring(x, y, radius_km * 1000, colour, style, alpha))
        if circles:
            RingsItem(circles).setParentItem(self.layers[layer])

    def _add_township_areas(self) -> None:
        """A faint outline around each township's villages so the county reads at a glance."""
        by_township: dict[str, list[tuple[float, float]]] = {}
        for village in self.data.villages:
            township = village.detail.split("|", 1)[0]
            by_township.setdefault(township, []).append(self.projection.to_xy(village.lon, village.lat))
        for points in by_township.values():
            if len(points) < 3:
                continue
            hull = convex_hull(points)
            if len(hull) < 3:
                continue
            centre = np.array(points).mean(axis=0)
            outline = []
            for px, py in hull:
                dx, dy = px - centre[0], py - centre[1]
                length = math.hypot(dx, dy) or 1.0
                outline.append(QPointF(px + dx / length * 600, py + dy / length * 600))
            area = QGraphicsPolygonItem(QPolygonF(outline))
            area.setPen(cosmetic_pen(QColor(96, 125, 139, 160), 1.2, Qt.PenStyle.DashLine))
            area.setBrush(QBrush(QColor(255, 255, 255, 150)))
            area.setParentItem(self.township_areas)

    def set_layer_visible(self, name: str, visible: bool) -> None:
        self.layers[name].setVisible(visible)
        if name == "townships":
            self.township_areas.setVisible(visible)
        if name == "villages":
            self._village_labels_visible = visible

    def layer_visible(self, name: str) -> bool:
        return name in self.layers and self.layers[name].isVisible()

    # -- focus (the matching workbench) ------------------------------------------------------

    def clear_focus(self) -> None:
        for item in self._focus_items:
            self.scene().removeItem(item)
        self._focus_items = []

    def show_focus(self, lon: float, lat: float, links: list[tuple[float, float, bool]], *, fit: bool = True) -> None:
        """Mark a resident and draw a line to each provider (green when eligible, grey when not)."""
        self.clear_focus()
        x, y = self.projection.to_xy(lon, lat)
        bounds = QRectF(x - 1500, y - 1500, 3000, 3000)
        for link_lon, link_lat, eligible in links:
            lx, ly = self.projection.to_xy(link_lon, link_lat)
            line = QGraphicsLineItem(x, y, lx, ly)
            colour = QColor(46, 125, 50, 220) if eligible else QColor(150, 150, 150, 140)
            line.setPen(cosmetic_pen(colour, 2.0 if eligible else 1.0, Qt.PenStyle.SolidLine))
            line.setZValue(20)
            self.scene().addItem(line)
            self._focus_items.append(line)
            if eligible:
                bounds = bounds.united(QRectF(lx - 300, ly - 300, 600, 600))
        star = FocusItem()
        star.setPos(x, y)
        star.setZValue(30)
        self.scene().addItem(star)
        self._focus_items.append(star)
        if fit:
            self.fit_rect(bounds)

    # -- navigation --------------------------------------------------------------------------

    def fit_rect(self, bounds: QRectF) -> None:
        """Show this scene rectangle whole; kept in view as the widget is laid out or resized,
        until the clerk zooms or pans."""
        self._fitted = QRectF(bounds)
        self.fitInView(bounds, Qt.AspectRatioMode.KeepAspectRatio)
        self._after_zoom()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._fitted is not None:
            self.fitInView(self._fitted, Qt.AspectRatioMode.KeepAspectRatio)
            self._after_zoom()

    def fit_all(self) -> None:
        bounds = QRectF()
        for marker in self.markers:
            if marker.place.kind in ("township", "village"):
                bounds = bounds.united(QRectF(marker.pos(), marker.pos()).adjusted(-800, -800, 800, 800))
        if bounds.isEmpty():
            bounds = self.scene().itemsBoundingRect()
        if not bounds.isEmpty():
            self.fit_rect(bounds)

    def metres_per_pixel(self) -> float:
        scale = self.transform().m11()
        return 1.0 / scale if scale > 0 else 1.0

    def zoom_by(self, factor: float) -> None:
        self._fitted = None
        target = self.metres_per_pixel() / factor
        rect = self.sceneRect()
        widest = max(rect.width() / max(self.viewport().width(), 1), rect.height() / max(self.viewport().height(), 1))
        target = min(max(target, MIN_METRES_PER_PIXEL), max(widest, MIN_METRES_PER_PIXEL))
        applied = self.metres_per_pixel() / target
        if abs(applied - 1.0) > 1e-9:
            self.scale(applied, applied)
        self._after_zoom()

    def _after_zoom(self) -> None:
        # Village names crowd a county-wide view; show them once a village spans enough pixels.
        show_names = self.metres_per_pixel() < 25
        for marker in self.markers:
            if marker.place.kind == "village":
                marker.label = marker.place.name if show_names else ""
        self.viewport().update()
        self.zoomChanged.emit(self.metres_per_pixel())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25**steps)
        event.accept()

    def set_pick_mode(self, on: bool) -> None:
        self.pick_mode = on
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
            self._last_drag_pos = self._press_pos
            self._dragged = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last_drag_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            position = event.position().toPoint()
            if self._press_pos is not None and (position - self._press_pos).manhattanLength() > CLICK_SLOP_PX:
                self._dragged = True
            if self._dragged:
                self._fitted = None
                delta = position - self._last_drag_pos
                self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
                self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
                self._last_drag_pos = position
                self.viewport().update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press_pos is not None:
            clicked = not self._dragged
            self._press_pos = None
            self._last_drag_pos = None
            if clicked:
                self.click_at(event.position().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.pick_mode:
            hit = self.place_at(event.position().toPoint())
            if hit is not None:
                self.placeOpened.emit(hit[0], str(hit[1]))
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def click_at(self, position: QPoint) -> None:
        scene_point = self.mapToScene(position)
        if self.pick_mode:
            lon, lat = self.projection.to_lonlat(scene_point.x(), scene_point.y())
            self.coordinatePicked.emit(round(lon, 6), round(lat, 6))
            return
        hit = self.place_at(position)
        if hit is not None:
            self.placeActivated.emit(hit[0], str(hit[1]))

    def place_at(self, position: QPoint) -> tuple[str, uuid.UUID] | None:
        """The record under a viewport position: a provider first, then a resident, a village, a township."""
        scene_point = self.mapToScene(position)
        reach = HIT_RADIUS_PX * self.metres_per_pixel()
        providers: list[tuple[float, Place]] = []
        for layer, markers in self.point_layers.items():
            if self.layer_visible(layer):
                hit = markers.nearest(scene_point.x(), scene_point.y())
                if hit is not None and hit[0] <= reach:
                    providers.append(hit)
        priority = {"care_centre": 0, "village": 2, "township": 3}
        found: list[tuple[int, float, Place]] = []
        for item in self.items(position):
            # items() skips hidden items, and a hidden layer hides its children.
            if isinstance(item, MarkerItem) and item.isVisible():
                offset = item.pos() - scene_point
                found.append((priority.get(item.place.kind, 4), math.hypot(offset.x(), offset.y()), item.place))
        providers += [(distance, place) for rank, distance, place in found if rank == 0]
        if providers:
            place = min(providers, key=lambda pair: pair[0])[1]
            return place.kind, place.id
        resident = self.resident_at(position)
        if resident is not None:
            return "resident", resident
        if found:
            place = min(found, key=lambda triple: (triple[0], triple[1]))[2]
            return place.kind, place.id
        return None

    def resident_at(self, position: QPoint) -> uuid.UUID | None:
        xs, ys = self.resident_xy
        if not len(xs) or not self.layer_visible("residents"):
            return None
        scene_point = self.mapToScene(position)
        squared = (xs - scene_point.x()) ** 2 + (ys - scene_point.y()) ** 2
        index = int(np.argmin(squared))
        if math.sqrt(float(squared[index])) <= HIT_RADIUS_PX * self.metres_per_pixel():
            return self.data.resident_id(index)
        return None

    def viewport_position_of(self, lon: float, lat: float) -> QPoint:
        return self.mapFromScene(QPointF(*self.projection.to_xy(lon, lat)))

    # -- scale bar ---------------------------------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF | Any) -> None:
        metres_per_pixel = self.metres_per_pixel()
        length_m = nice_scale_length(metres_per_pixel)
        length_px = length_m / metres_per_pixel
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        left = 14.0
        bottom = self.viewport().height() - 14.0
        label = format_scale(length_m, self.lang)
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        box = QRectF(
            left - 6,
            bottom - 8 - metrics.height() - 6,
            max(length_px, metrics.horizontalAdvance(label)) + 12,
            metrics.height() + 20,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRect(box)
        painter.setPen(QPen(QColor("#263238"), 2))
        painter.drawLine(QPointF(left, bottom), QPointF(left + length_px, bottom))
        painter.drawLine(QPointF(left, bottom - 5), QPointF(left, bottom))
        painter.drawLine(QPointF(left + length_px, bottom - 5), QPointF(left + length_px, bottom))
        painter.drawText(QPointF(left, bottom - 8), label)
        painter.restore()
