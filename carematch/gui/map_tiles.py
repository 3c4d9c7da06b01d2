"""An optional offline background for the map: raster tiles from an MBTiles file.

MBTiles (https://github.com/mapbox/mbtiles-spec) is one SQLite file of Web-Mercator tiles, rows
numbered from the south (TMS). A station that has one (exported for its county from any map tool)
can show it under the map; without one the map is drawn from the gazetteer alone. Tiles are
placed by their corner coordinates in the map's local projection, which across a county differs
from Web Mercator by far less than a pixel.
"""

from __future__ import annotations

import math
import sqlite3
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from carematch.core.errors import UserInputError, msg
from carematch.gui.map_data import LocalProjection

WEB_MERCATOR_M_PER_PX_AT_Z0 = 156_543.033_928  # equator, 256-pixel tiles
MAX_TILES_PER_PAINT = 96
CACHE_TILES = 256


def tile_of(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Fractional XYZ tile coordinates (x eastwards, y southwards) of a WGS-84 point."""
    n = 2**zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def lonlat_of(x: float, y: float, zoom: int) -> tuple[float, float]:
    """The WGS-84 point at fractional XYZ tile coordinates."""
    n = 2**zoom
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / n))))
    return lon, lat


class MBTiles:
    """Read-only access to the tiles of an MBTiles file, with the last few hundred kept decoded."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise UserInputError(
                msg("找不到地图背景文件：{path}", "The map background file is missing: {path}", path=str(path))
            )
        try:
            self.connection = sqlite3.connect(f"file:{self.path.as_posix()}?mode=ro", uri=True, check_same_thread=False)
            zooms = self.connection.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as error:
            raise UserInputError(
                msg(
                    "这个文件不是 MBTiles 地图：{path}（{reason}）",
                    "This file is not an MBTiles map: {path} ({reason})",
                    path=str(path),
                    reason=str(error),
                )
            ) from None
        if zooms is None or zooms[0] is None:
            raise UserInputError(
                msg("地图背景文件里没有图块：{path}", "The map background file has no tiles: {path}", path=str(path))
            )
        self.min_zoom, self.max_zoom = int(zooms[0]), int(zooms[1])
        self._cache: OrderedDict[tuple[int, int, int], QImage | None] = OrderedDict()

    def close(self) -> None:
        self.connection.close()

    def zoom_for(self, metres_per_pixel: float, lat: float) -> int:
        """The tile level whose pixels are closest to (and not coarser than) the screen's."""
        ground = WEB_MERCATOR_M_PER_PX_AT_Z0 * math.cos(math.radians(lat))
        wanted = math.ceil(math.log2(ground / max(metres_per_pixel, 1e-6)))
        return max(self.min_zoom, min(self.max_zoom, wanted))

    def tile(self, zoom: int, x: int, y: int) -> QImage | None:
        """The decoded tile at XYZ coordinates (None where the file has none)."""
        key = (zoom, x, y)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        row = self.connection.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (zoom, x, 2**zoom - 1 - y),  # MBTiles rows count from the south
        ).fetchone()
        image = QImage.fromData(bytes(row[0])) if row is not None else None
        if image is not None and image.isNull():
            image = None
        self._cache[key] = image
        if len(self._cache) > CACHE_TILES:
            self._cache.popitem(last=False)
        return image


class TileBackgroundItem(QGraphicsItem):
    """Draws the tiles that cover the exposed part of the scene, under everything else."""

    def __init__(self, tiles: MBTiles, projection: LocalProjection, bounds: QRectF) -> None:
        super().__init__()
        self.tiles = tiles
        self.projection = projection
        self._bounds = QRectF(bounds)
        self.setZValue(-100)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.drawn = 0

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect
        scale = abs(painter.worldTransform().m11()) or 1.0
        west, north = self.projection.to_lonlat(exposed.left(), exposed.top())
        east, south = self.projection.to_lonlat(exposed.right(), exposed.bottom())
        zoom = self.tiles.zoom_for(1.0 / scale, (north + south) / 2)
        x0, y0 = tile_of(west, north, zoom)
        x1, y1 = tile_of(east, south, zoom)
        columns = range(max(0, math.floor(x0)), min(2**zoom, math.floor(x1) + 1))
        rows = range(max(0, math.floor(y0)), min(2**zoom, math.floor(y1) + 1))
        if len(columns) * len(rows) > MAX_TILES_PER_PAINT:
            return  # zoomed out beyond the file's levels: the plain map is clearer than a smear
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.drawn = 0
        for x in columns:
            for y in rows:
                image = self.tiles.tile(zoom, x, y)
                if image is None:
                    continue
                left, top = self.projection.to_xy(*lonlat_of(x, y, zoom))
                right, bottom = self.projection.to_xy(*lonlat_of(x + 1, y + 1, zoom))
                painter.drawImage(QRectF(left, top, right - left, bottom - top), image)
                self.drawn += 1


__all__ = ["MBTiles", "TileBackgroundItem", "lonlat_of", "tile_of"]
