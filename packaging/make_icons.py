"""Renders the app icon's SVG to the PNG (Linux .desktop) and ICO (Windows) files the bundle ships."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "carematch.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication([*sys.argv[:1], "-platform", "offscreen"])
    render(256).save(str(ICONS / "carematch.png"))
    if not render(256).save(str(ICONS / "carematch.ico")):
        print("this Qt cannot write .ico files", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
