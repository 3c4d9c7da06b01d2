"""What the one-folder build leaves out, beyond the unused Python modules the spec excludes.

Used by carematch.spec on the analysis' table of binaries (entries are (destination, source,
typecode) tuples), before the folder is collected. Plain functions on those tuples, so the choices
can be read and tested apart from PyInstaller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

TocEntry = tuple[str, str, str]

# Qt plugins by folder, and within a folder the plugin names kept (None: all of them). A folder
# not listed is left out whole. A Widgets program on an X11 desktop (XWayland included: Qt falls
# back to xcb when its Wayland plugin is absent), on Windows, or offscreen for tests and the smoke test.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    # The portal theme gives the desktop's own file dialogs; the GTK 3 theme would bring GTK, cairo
    # and pango along (16 MB with their dependencies) for the same dialogs.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "platforminputcontexts": None,  # input methods: how Chinese is typed
    "xcbglintegrations": None,
    "imageformats": frozenset({"qjpeg", "qsvg", "qico"}),  # the station logo (PNG is built in) and icons
    "iconengines": None,
    "printsupport": None,  # CUPS on Linux, the Windows print dialog
    "styles": None,  # Windows' native look
}

# Libraries every Linux desktop has, which must match the host's graphics stack and configuration
# rather than the build machine's: AppImage's exclude list (pkg2appimage/excludelist, as vendored in
# linuxdeployqt's excludelist.h), without libstdc++, which is kept because the bundled Qt and
# OR-Tools may need a newer one than an older station PC has; and CUPS, through which the desktop
# prints (its client library must match the host's print service; without it Qt still saves PDFs).
HOST_LIBRARIES = frozenset(
    {
        "libasound.so.2",
        "libcups.so.2",
        "libcom_err.so.2",
        "libdrm.so.2",
        "libEGL.so.1",
        "libexpat.so.1",
        "libfontconfig.so.1",
        "libfreetype.so.6",
        "libfribidi.so.0",
        "libgbm.so.1",
        "libgcc_s.so.1",
        "libgdk_pixbuf-2.0.so.0",
        "libgio-2.0.so.0",
        "libglapi.so.0",
        "libGLdispatch.so.0",
        "libglib-2.0.so.0",
        "libGL.so.1",
        "libGLX.so.0",
        "libgmp.so.10",
        "libgobject-2.0.so.0",
        "libgpg-error.so.0",
        "libharfbuzz.so.0",
        "libICE.so.6",
        "libjack.so.0",
        "libOpenGL.so.0",
        "libp11-kit.so.0",
        "libpango-1.0.so.0",
        "libpangocairo-1.0.so.0",
        "libpangoft2-1.0.so.0",
        "libSM.so.6",
        "libthai.so.0",
        "libusb-1.0.so.0",
        "libuuid.so.1",
        "libX11.so.6",
        "libxcb-dri2.so.0",
        "libxcb-dri3.so.0",
        "libxcb.so.1",
        "libz.so.1",
    }
)


def qt_plugin_kept(destination: str) -> bool:
    """False for a Qt plugin the program does not use; True for anything that is not a Qt plugin."""
    parts = PurePath(destination.replace("\\", "/")).parts
    if "plugins" not in parts or parts.index("plugins") != len(parts) - 3:
        return True
    folder, filename = parts[-2], parts[-1]
    if folder not in QT_PLUGINS_KEPT:
        return False
    kept = QT_PLUGINS_KEPT[folder]
    name = filename.split(".")[0].removeprefix("lib")
    return kept is None or name in kept


def binaries_to_ship(
    binaries: Iterable[TocEntry], linked_names: Callable[[str], Iterable[str]], *, host_libraries: bool
) -> list[TocEntry]:
    """The binaries minus the unused Qt plugins, the libraries only those plugins needed, and (on
    Linux, `host_libraries`) the desktop's own libraries with what only they needed.

    `linked_names(source)` gives the file names of the libraries a binary links to directly. A
    library is dropped only if a dropped plugin or a host library reaches it and nothing kept does,
    so libraries that are loaded by name at run time (never linked) stay.
    """
    entries = list(binaries)
    by_name: dict[str, list[TocEntry]] = {}
    for entry in entries:
        by_name.setdefault(PurePath(entry[0]).name, []).append(entry)

    def from_host(entry: TocEntry) -> bool:
        return host_libraries and PurePath(entry[0]).name in HOST_LIBRARIES

    def reached_from(roots: Iterable[TocEntry], *, through_host: bool) -> set[TocEntry]:
        seen: set[TocEntry] = set()
        stack = list(roots)
        while stack:
            entry = stack.pop()
            if entry in seen:
                continue
            seen.add(entry)
            if through_host or not from_host(entry):
                for name in linked_names(entry[1]):
                    stack.extend(by_name.get(name, ()))
        return seen

    dropped_roots = [entry for entry in entries if not qt_plugin_kept(entry[0]) or from_host(entry)]
    reached_by_dropped = reached_from(dropped_roots, through_host=True)
    kept_roots = [entry for entry in entries if entry not in reached_by_dropped]
    reached_by_kept = reached_from(kept_roots, through_host=False)
    return [
        entry
        for entry in entries
        if not from_host(entry) and (entry in reached_by_kept or entry not in reached_by_dropped)
    ]
