"""Window speed on a county-sized registry: cold start to a usable window, and search keystroke to table.

    .venv/bin/python bench/gui_start.py [--residents 50000] [--runs 5] [--db FILE]

Goals (issue 7): cold start under 2 s; a search keystroke updates the table in under 100 ms.
Prints medians. Baselines measured in the same run, on the same machine:
- start: a bare Qt window (QApplication + shipped font + one label) in a fresh process;
- search: reloading the unfiltered table (what clearing the search box costs).
The demo county is built once and kept (default /tmp/carematch-bench-<N>.sqlite).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD_START = textwrap.dedent(
    """
    import time
    started = time.perf_counter()
    import sys
    from PySide6.QtWidgets import QApplication
    from carematch.gui.app import install_font, open_store_with_demo
    from carematch.gui.context import AppContext
    from carematch.gui.main_window import MainWindow
    app = QApplication(sys.argv)
    install_font(app)
    store = open_store_with_demo(sys.argv[1])
    window = MainWindow(AppContext(store, "zh"))
    window.show()
    app.processEvents()
    window.grab()  # painted once: the clerk sees the window
    print(time.perf_counter() - started, time.process_time())
    """
)

BARE_START = textwrap.dedent(
    """
    import time
    started = time.perf_counter()
    import sys
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication(sys.argv)
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(sys.argv[2]))
    app.setFont(QFont(families[0]))
    label = QLabel("养老服务匹配")
    label.resize(1280, 800)
    label.show()
    app.processEvents()
    label.grab()
    print(time.perf_counter() - started, time.process_time())
    """
)

QUERIES = ("w", "wx", "wxy", "沈", "沈秀", "zhang", "1234", "0572", "千金镇")


def build_county(path: Path, residents: int) -> None:
    from carematch.core.db import Store
    from carematch.core.demo import build_demo

    if path.exists():
        return
    print(f"building the demo county with {residents:,} residents in {path} (once) …", flush=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with Store(f"sqlite:///{partial}") as store, store.unit_of_work(actor="demo") as session:
        build_demo(session, residents=residents)
    partial.rename(path)


def in_fresh_process(code: str, db: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from the start of the measured process to the painted window."""
    from carematch.core.paths import font_path

    result = subprocess.run(
        [sys.executable, "-c", code, f"sqlite:///{db}", str(font_path())],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    )
    if result.returncode != 0:
        raise SystemExit(f"the measured start failed:\n{result.stderr}")
    wall, cpu = result.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def search_timings(db: Path, runs: int) -> tuple[list[float], list[float], dict[str, int]]:
    from PySide6.QtWidgets import QApplication

    from carematch.core.db import Store
    from carematch.gui.app import install_font
    from carematch.gui.context import AppContext
    from carematch.gui.registry_pages import ResidentsPage

    app = QApplication.instance() or QApplication(sys.argv)
    install_font(app)  # type: ignore[arg-type]
    store = Store(f"sqlite:///{db}")
    page = ResidentsPage(AppContext(store, "zh"))
    page.resize(1280, 760)
    page.show()
    app.processEvents()
    keystrokes: list[float] = []
    unfiltered: list[float] = []
    found: dict[str, int] = {}
    per_query: dict[str, list[float]] = {query: [] for query in QUERIES}
    keystroke_cpu: list[float] = []
    for _ in range(runs):
        for query in QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            page.search.setText(query)  # textChanged → count + first page → model reset
            app.processEvents()
            page.table.viewport().repaint()
            keystrokes.append(time.perf_counter() - started)
            keystroke_cpu.append(time.process_time() - cpu_started)
            per_query[query].append(keystrokes[-1])
            found[query] = page.table_model.total
            started = time.perf_counter()
            page.search.clear()
            app.processEvents()
            page.table.viewport().repaint()
            unfiltered.append(time.perf_counter() - started)
    page.close()
    store.close()
    print(
        "  per query (median ms): "
        + ", ".join(f"{query}={statistics.median(times) * 1000:.0f}" for query, times in per_query.items())
    )
    print(f"  CPU per keystroke: median {statistics.median(keystroke_cpu) * 1000:.1f} ms")
    return keystrokes, unfiltered, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/carematch-bench-{args.residents}.sqlite")
    build_county(db, args.residents)

    bare = [in_fresh_process(BARE_START, db) for _ in range(args.runs)]
    cold = [in_fresh_process(COLD_START, db) for _ in range(args.runs)]
    wall, cpu = [t for t, _ in cold], [c for _, c in cold]
    print(
        f"cold start to a usable window ({args.residents:,} residents): median {statistics.median(wall):.2f} s wall, "
        f"{statistics.median(cpu):.2f} s CPU  (goal < 2 s)"
    )
    print(
        f"  baseline, a bare Qt window (PySide6 + font):  median {statistics.median(t for t, _ in bare):.2f} s wall, "
        f"{statistics.median(c for _, c in bare):.2f} s CPU"
    )
    print(f"  runs (wall): {', '.join(f'{t:.2f}' for t in wall)}")

    keystrokes, unfiltered, found = search_timings(db, args.runs)
    print(
        f"search keystroke to updated table: median {statistics.median(keystrokes) * 1000:.1f} ms, "
        f"worst {max(keystrokes) * 1000:.1f} ms over {len(keystrokes)} keystrokes (goal < 100 ms)"
    )
    print(f"  baseline, reloading the unfiltered table:  median {statistics.median(unfiltered) * 1000:.1f} ms")
    print("  matches: " + ", ".join(f"{query}={count:,}" for query, count in found.items()))
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} (machine shared with other work)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
