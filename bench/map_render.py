"""How fast the offline map reads and draws a county: prints medians, compared with a drawPoints baseline.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/map_render.py --db /tmp/county.sqlite
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/map_render.py --residents 50000   # builds one first

The baseline draws the same residents the usual way, QPainter.drawPoints with a wide round
cosmetic pen, in the same run; the map rasterises them with numpy instead (map_view.PointCloudItem).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing CareMatch SQLite file")
    parser.add_argument("--residents", type=int, default=50_000, help="demo size when --db is not given")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    from carematch.core.db import Store
    from carematch.core.demo import build_demo
    from carematch.gui.app import install_font
    from carematch.gui.map_data import load_map_data
    from carematch.gui.map_view import LAYERS, MapView, PointCloudItem

    assert isinstance(app, QApplication)
    install_font(app)
    folder = tempfile.TemporaryDirectory()
    path = args.db
    if path is None:
        path = Path(folder.name) / "county.sqlite"
        with Store(f"sqlite:///{path}") as store, store.unit_of_work(actor="bench") as session:
            build_demo(session, residents=args.residents)
    store = Store(f"sqlite:///{path}")

    def load() -> object:
        with store.reading() as session:
            return load_map_data(session)

    data = load()
    print(f"county: {len(data.resident_keys):,} residents, {len(data.providers()):,} providers")
    print(f"load_map_data:                 {median_ms(load, args.runs):8.1f} ms")
    view = MapView()
    view.resize(1000, 700)
    view.show()
    print(f"set_map_data (build scene):    {median_ms(lambda: view.set_map_data(data), args.runs):8.1f} ms")
    view.viewport().grab()
    print(f"paint county, default layers:  {median_ms(lambda: view.viewport().grab(), args.runs):8.1f} ms")

    def pan() -> None:
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 40)
        view.viewport().grab()

    print(f"pan 40 px and paint:           {median_ms(pan, args.runs):8.1f} ms")
    view.fit_all()
    for name in LAYERS:
        view.set_layer_visible(name, name == "residents")
    print(f"paint residents layer only:    {median_ms(lambda: view.viewport().grab(), args.runs):8.1f} ms")

    cloud = next(item for item in view.scene().items() if isinstance(item, PointCloudItem))
    transform = view.viewportTransform()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def baseline() -> None:
        image.fill(0)
        painter = QPainter(image)
        painter.setTransform(transform)
        cloud._paint_with_points(painter)
        painter.end()

    def rasterised() -> None:
        image.fill(0)
        painter = QPainter(image)
        painter.setTransform(transform)
        raster, margin = cloud.rasterise(transform, image.width(), image.height())
        rows, columns = raster.shape
        drawn = QImage(raster.data, columns, rows, columns * 4, QImage.Format.Format_ARGB32_Premultiplied)
        painter.resetTransform()
        painter.drawImage(-margin, -margin, drawn)
        painter.end()

    base = median_ms(baseline, args.runs)
    fast = median_ms(rasterised, args.runs)
    print(f"residents, drawPoints baseline:{base:8.1f} ms")
    print(f"residents, numpy raster:       {fast:8.1f} ms  ({base / fast:.1f}x faster)")
    store.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
