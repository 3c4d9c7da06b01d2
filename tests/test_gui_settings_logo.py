"""设置 → 站点图标: a PNG/JPEG is copied into the user's data folder and printed; anything else is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from carematch.core import paths
from carematch.core.db import Store
from carematch.core.printing.layout import station_info
from carematch.gui.context import AppContext
from carematch.gui.settings_page import LOGO_KEY, SettingsPage


@pytest.fixture
def context(db_url: str) -> Iterator[AppContext]:
    with Store(db_url) as store:
        yield AppContext(store, "zh", actor="沈丽")


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> SettingsPage:
    widget = SettingsPage(context)
    qtbot.addWidget(widget)
    return widget


def _picture(path: Path, fmt: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f5fa8"))
    assert image.save(str(path), fmt)
    return path


def test_a_png_from_a_usb_stick_is_copied_shown_saved_and_printed(
    qtbot: QtBot, page: SettingsPage, context: AppContext, tmp_path: Path
) -> None:
    stick = _picture(tmp_path / "U盘" / "站徽.png", "PNG")
    assert page.logo_preview.pixmap().isNull()
    assert not page.clear_logo_button.isEnabled()
    assert page.use_logo_file(stick) is True
    kept = Path(page.logo_path)
    assert kept.parent == paths.data_dir() / "logo" and kept.suffix == ".png"
    assert kept.read_bytes() == stick.read_bytes()
    assert not page.logo_preview.pixmap().isNull()
    assert page.clear_logo_button.isEnabled()
    assert context.setting(LOGO_KEY) == ""  # nothing stored until 保存设置
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert context.setting(LOGO_KEY) == str(kept)

    stick.unlink()  # the stick is taken away: printing still has the logo
    with context.reading() as session:
        assert station_info(session).logo == kept

    again = SettingsPage(context)
    qtbot.addWidget(again)
    assert not again.logo_preview.pixmap().isNull()


def test_a_jpeg_is_accepted_and_clear_removes_the_logo(
    qtbot: QtBot, page: SettingsPage, context: AppContext, tmp_path: Path
) -> None:
    assert page.use_logo_file(_picture(tmp_path / "logo.jpeg", "JPEG")) is True
    assert page.logo_path.endswith(".jpg")
    assert page.save() is True
    qtbot.mouseClick(page.clear_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_preview.pixmap().isNull()
    assert page.save() is True
    assert context.setting(LOGO_KEY) == ""
    with context.reading() as session:
        assert station_info(session).logo is None


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("名单.png", lambda p: p.write_text("姓名,电话\n", encoding="utf-8"), "不是 PNG 或 JPG"),
        ("站徽.bmp", lambda p: _picture(p, "BMP"), "不是 PNG 或 JPG"),
        ("半截.png", None, "读不出来"),
    ],
)
def test_a_file_that_is_not_a_readable_png_or_jpeg_is_refused_with_a_message(
    page: SettingsPage, context: AppContext, tmp_path: Path, name: str, make: object, words: str
) -> None:
    path = tmp_path / name
    if make is None:  # a PNG cut off halfway (an unfinished copy)
        whole = _picture(tmp_path / "whole.png", "PNG").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    else:
        make(path)  # type: ignore[operator]
    assert page.use_logo_file(path) is False
    assert words in page.logo_message.text()
    assert page.logo_path == ""
    assert not (paths.data_dir() / "logo").exists() or not any((paths.data_dir() / "logo").iterdir())
    assert page.save() is True
    assert context.setting(LOGO_KEY) == ""


def test_a_stored_logo_that_went_missing_is_pointed_out(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    context.save_settings({LOGO_KEY: str(tmp_path / "gone.png")})
    page = SettingsPage(context)
    qtbot.addWidget(page)
    assert "找不到了" in page.logo_message.text()
    assert page.logo_preview.pixmap().isNull()
