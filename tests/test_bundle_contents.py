"""What the bundle leaves out (packaging/bundle_contents.py): Qt plugins, what only they needed, host libraries."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bundle_contents", Path(__file__).resolve().parent.parent / "packaging" / "bundle_contents.py"
)
assert _spec is not None and _spec.loader is not None
bundle_contents = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_contents)


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/lib/libQt6Gui.so.6", True),
        ("ortools/.libs/libortools.so.9", True),
        ("plugins/readme.so", True),  # not a Qt plugin folder layout
    ],
)
def test_qt_plugins_kept_are_those_the_program_uses(destination: str, kept: bool) -> None:
    assert bundle_contents.qt_plugin_kept(destination) is kept


def _entry(destination: str) -> tuple[str, str, str]:
    return (destination, "/src/" + destination, "BINARY")


def _name(entry: tuple[str, str, str]) -> str:
    return Path(entry[0]).name


def test_a_library_goes_only_when_nothing_kept_links_to_it() -> None:
    gtk_theme = _entry("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    xcb = _entry("PySide6/Qt/plugins/platforms/libqxcb.so")
    cups_plugin = _entry("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    qt_widgets = ("PySide6/QtWidgets.abi3.so", "/src/PySide6/QtWidgets.abi3.so", "EXTENSION")
    qt_gui = _entry("PySide6/Qt/lib/libQt6Gui.so.6")
    cairo = _entry("libcairo.so.2")
    pixman = _entry("libpixman-1.so.0")
    cups = _entry("libcups.so.2")
    gnutls = _entry("libgnutls.so.30")
    loaded_by_name = _entry("libssl.so.3")  # linked by nothing: loaded at run time, so it stays
    x11 = _entry("libX11.so.6")
    xcb_lib = _entry("libxcb.so.1")
    links = {
        gtk_theme: [qt_gui, cairo],
        cairo: [pixman, x11],
        xcb: [qt_gui, x11],
        x11: [xcb_lib],
        qt_widgets: [qt_gui],
        cups_plugin: [qt_gui, cups],
        cups: [gnutls],
    }
    names = {entry[1]: [_name(linked) for linked in linked_to] for entry, linked_to in links.items()}
    entries = [
        gtk_theme,
        xcb,
        cups_plugin,
        qt_widgets,
        qt_gui,
        cairo,
        pixman,
        cups,
        gnutls,
        loaded_by_name,
        x11,
        xcb_lib,
    ]

    def linked_names(source: str) -> list[str]:
        return names.get(source, [])

    shipped = bundle_contents.binaries_to_ship(entries, linked_names, host_libraries=False)
    assert shipped == [xcb, cups_plugin, qt_widgets, qt_gui, cups, gnutls, loaded_by_name, x11, xcb_lib]

    # On Linux the host's X11, xcb and CUPS are used, and what only they linked goes with them.
    on_linux = bundle_contents.binaries_to_ship(entries, linked_names, host_libraries=True)
    assert on_linux == [xcb, cups_plugin, qt_widgets, qt_gui, loaded_by_name]
