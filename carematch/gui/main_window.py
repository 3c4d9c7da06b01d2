"""The main window: navigation on the left, one page at a time on the right, menus, status bar.

Pages are built the first time they are shown (a cold start builds only the dashboard), and
rebuilt when the language changes, so every string is translated afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from carematch import __version__
from carematch.core import backups
from carematch.core.cancel import CancelToken, Progress
from carematch.core.db import Store
from carematch.core.errors import Lang
from carematch.gui.context import AppContext
from carematch.gui.dashboard_page import DashboardPage, StatisticsPage
from carematch.gui.registry_pages import CaregiversPage, CentresPage, MealPointsPage, ResidentsPage
from carematch.gui.settings_page import SettingsPage
from carematch.gui.tasks import run_task


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # pyside6-lupdate files module-level tr() under the empty context


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    build: Callable[[AppContext], QWidget]


def _matching_page(context: AppContext) -> QWidget:
    # The workbench pages pull in the matcher (OR-Tools); imported when first opened, so the
    # window starts without them.
    from carematch.gui.matching_page import MatchingPage

    return MatchingPage(context)


def _assignments_page(context: AppContext) -> QWidget:
    from carematch.gui.assignments_page import AssignmentsPage

    return AssignmentsPage(context)


def _map_page(context: AppContext) -> QWidget:
    from carematch.gui.map_page import MapPage

    return MapPage(context)


def _print_page(context: AppContext) -> QWidget:
    from carematch.gui.print_page import PrintPage

    return PrintPage(context)


def _gazetteer_page(context: AppContext) -> QWidget:
    from carematch.gui.gazetteer_page import GazetteerPage

    return GazetteerPage(context)


def page_specs() -> list[PageSpec]:
    return [
        PageSpec("dashboard", lambda: tr("工作台"), DashboardPage),
        PageSpec("residents", lambda: tr("老年人"), ResidentsPage),
        PageSpec("care_centres", lambda: tr("照护机构"), CentresPage),
        PageSpec("meal_points", lambda: tr("助餐点"), MealPointsPage),
        PageSpec("caregivers", lambda: tr("护理员"), CaregiversPage),
        PageSpec("matching", lambda: tr("匹配"), _matching_page),
        PageSpec("assignments", lambda: tr("派单"), _assignments_page),
        PageSpec("map", lambda: tr("地图"), _map_page),
        PageSpec("print", lambda: tr("打印"), _print_page),
        PageSpec("statistics", lambda: tr("统计"), StatisticsPage),
        PageSpec("gazetteer", lambda: tr("地名库"), _gazetteer_page),
        PageSpec("settings", lambda: tr("设置"), SettingsPage),
    ]


class MainWindow(QMainWindow):
    def __init__(self, store: Store | AppContext, lang: Lang = "zh") -> None:
        super().__init__()
        self.context = store if isinstance(store, AppContext) else AppContext(store, lang)
        self.store = self.context.store
        self.specs = page_specs()
        self.pages: dict[str, QWidget] = {}
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 600))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(128)
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { background: #f2f4f7; border: none; font-size: 12pt; outline: 0; }"
            "QListWidget#navigation::item { padding: 8px 14px; }"
            "QListWidget#navigation::item:selected { background: #1f5fa8; color: white; }"
        )
        self.stack = QStackedWidget()
        central = QWidget()
        body = QHBoxLayout(central)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._show_row)

        self.db_label = QLabel()
        self.backup_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)

        self.context.language_changed.connect(self.retranslate)
        self.context.changed.connect(self._on_changed)
        self.context.record_requested.connect(self.open_record)
        self.retranslate()

    # --- pages --------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use."""
        if key not in self.pages:
            spec = next(spec for spec in self.specs if spec.key == key)
            widget = spec.build(self.context)
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        row = next(index for index, spec in enumerate(self.specs) if spec.key == key)
        self.navigation.setCurrentRow(row)
        return self.pages[key]

    def open_record(self, page_key: str, record_id: str) -> QWidget | None:
        """Show the registry page `page_key` with the record's edit form open; the form, or None."""
        page = self.page(page_key)
        opener = getattr(page, "open_record", None)
        if not callable(opener):
            return None
        self.show_page(page_key)
        form: QWidget | None = opener(record_id)
        return form

    def current_key(self) -> str:
        return self.specs[max(self.navigation.currentRow(), 0)].key

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        widget = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(widget)

    @property
    def count_labels(self) -> dict[str, QLabel]:
        dashboard = self.page("dashboard")
        assert isinstance(dashboard, DashboardPage)
        return dashboard.count_labels

    def refresh(self) -> None:
        dashboard = self.page("dashboard")
        assert isinstance(dashboard, DashboardPage)
        dashboard.refresh()

    # --- language -----------------------------------------------------------------------

    def retranslate(self, *_: object) -> None:
        """Build navigation, menus and status bar in the current language; rebuild open pages."""
        current = self.current_key() if self.navigation.count() else "dashboard"
        self.setWindowTitle(tr("养老服务匹配 CareMatch"))
        for widget in self.pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for spec in self.specs:
            item = QListWidgetItem(spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(100, 38))
            self.navigation.addItem(item)
        self.navigation.blockSignals(False)
        font = QFont(self.font())
        font.setPointSize(12)  # the navigation's size in its style sheet
        metrics = QFontMetrics(font)
        widest = max(metrics.horizontalAdvance(spec.title()) for spec in self.specs)
        self.navigation.setFixedWidth(max(128, widest + 48))
        self._build_menus()
        self._update_status()
        self.show_page(current)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(tr("文件(&F)"))
        self._action(file_menu, tr("导入…"), "Ctrl+I", lambda: self._page_call("import_file"))
        self._action(file_menu, tr("导出…"), "Ctrl+E", lambda: self._page_call("export_file"))
        file_menu.addSeparator()
        sync_menu = file_menu.addMenu(tr("与县里同步"))
        self._action(sync_menu, tr("导出同步文件…"), None, lambda: self._sync("export_sync_file"))
        self._action(sync_menu, tr("导入同步文件…"), None, lambda: self._sync("import_sync_file"))
        self._action(sync_menu, tr("处理同步冲突…"), None, lambda: self._sync("open_sync_conflicts"))
        file_menu.addSeparator()
        self._action(file_menu, tr("退出"), QKeySequence.StandardKey.Quit, self.close)

        edit_menu = bar.addMenu(tr("编辑(&E)"))
        self._action(edit_menu, tr("新增记录"), "Ctrl+N", lambda: self._page_call("add_record"))
        self._action(edit_menu, tr("修改记录"), "Ctrl+Return", lambda: self._page_call("edit_selected"))
        self._action(
            edit_menu, tr("删除记录"), QKeySequence.StandardKey.Delete, lambda: self._page_call("delete_selected")
        )
        self._action(edit_menu, tr("撤销删除"), "Ctrl+Z", lambda: self._page_call("undo_delete"))
        edit_menu.addSeparator()
        self._action(edit_menu, tr("查找"), QKeySequence.StandardKey.Find, lambda: self._page_call("focus_search"))
        self._action(edit_menu, tr("修改历史"), "Ctrl+H", lambda: self._page_call("show_history"))

        go_menu = bar.addMenu(tr("转到(&G)"))
        for index, spec in enumerate(self.specs):
            # Ctrl+1 … Ctrl+0 for the first ten pages, Ctrl+, for 设置; the 地名库 is set up rarely.
            shortcut = f"Ctrl+{(index + 1) % 10}" if index < 10 else ("Ctrl+," if spec.key == "settings" else None)
            self._action(go_menu, spec.title(), shortcut, partial(self.show_page, spec.key))
        self._action(go_menu, tr("刷新"), QKeySequence.StandardKey.Refresh, lambda: self._page_call("refresh"))

        help_menu = bar.addMenu(tr("帮助(&H)"))
        self._action(help_menu, tr("关于 CareMatch"), None, self._about)

    def _action(self, menu: object, text: str, shortcut: object, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _sync(self, name: str) -> None:
        from carematch.gui import sync_dialogs  # imported when used: the window starts faster

        getattr(sync_dialogs, name)(self, self.context)

    def _page_call(self, name: str) -> None:
        widget = self.pages.get(self.current_key())
        method = getattr(widget, name, None)
        if callable(method):
            method()
        else:
            self.statusBar().showMessage(tr("这一页没有这个操作"), 3000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            tr("关于 CareMatch"),
            tr("养老服务匹配 CareMatch {version}\n乡镇(街道)居家养老服务中心的登记、匹配与打印工具，无需联网。").format(
                version=__version__
            ),
        )

    # --- status bar ---------------------------------------------------------------------

    def _on_changed(self, kind: str) -> None:
        if kind in ("settings", "backup"):
            self._update_status()

    def _update_status(self) -> None:
        database = str(self.store.file) if self.store.file is not None else self.store.url.split("@")[-1]
        self.db_label.setText(tr("数据库：{path}").format(path=database))
        self.db_label.setToolTip(database)
        self.backup_label.setText(tr("最近备份：{when}").format(when=self.last_backup_text()))

    def last_backup_text(self) -> str:
        if self.store.file is None:
            return tr("由服务器负责")
        found = backups.list_backups(self.store)
        if not found:
            return tr("暂无")
        return found[0].day.isoformat()

    def start_daily_backup(self) -> None:
        """Today's automatic backup (first open of the day), off the GUI thread."""
        store = self.store

        def work(progress: Progress, cancel: CancelToken) -> Path | None:
            return backups.daily_backup(store)

        def done(made: Path | None) -> None:
            if made is not None:
                self.statusBar().showMessage(tr("已自动备份到 {path}").format(path=made), 8000)
            self.context.notify("backup")

        run_task(self, tr("正在做每日自动备份"), work, done)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
