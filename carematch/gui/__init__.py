"""The PySide6 window: a thin layer over the Qt-free core (carematch.core)."""

from carematch.gui.none_guard import keep_none_alive

# Before any Qt call of any page: PySide6 6.12 on CPython 3.11 loses a reference to None per void
# call (see none_guard), so every module of the window depends on this having run.
keep_none_alive()
