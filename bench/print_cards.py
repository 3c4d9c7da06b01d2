"""Printing speed and file size: 1,000 service cards and 200 assignment sheets.

A demo county is built in a temporary SQLite file, matched (carematch.core.matching) and its
proposals confirmed, so the cards and sheets carry real services. Then, each `--runs` times:

- cards: `render_cards` for 1,000 residents, two-sided (every card carries a QR code), with the
  QR drawn as one path from the `qrcode` package's matrix (ours), and, in the same run, with
  reportlab's `QrCodeWidget` drawn on each card (the usual approach: the baseline);
- sheets: `render_sheets` for 200 providers.

Medians are printed with the file sizes. Goals: 1,000 cards under 5 s and under 5 MB.

    .venv/bin/python bench/print_cards.py [--residents 4000] [--cards 1000] [--sheets 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from carematch.core import matching
from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.printing import cards as cards_module
from carematch.core.printing.cards import card_data, render_cards
from carematch.core.printing.sheets import render_sheets, sheet_work


def widget_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The baseline: reportlab's QR widget, one drawing per card."""
    widget = QrCodeWidget(payload, barLevel="M", barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


@contextmanager
def qr_drawn_by(draw: Callable[[Canvas, str, float, float, float], None]) -> Iterator[None]:
    original = cards_module.draw_qr
    cards_module.draw_qr = draw
    try:
        yield
    finally:
        cards_module.draw_qr = original


def timed(runs: int, work: Callable[[], Path]) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds of `runs` runs, and the file size."""
    walls, cpus = [], []
    size = 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        out = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        size = out.stat().st_size
    return statistics.median(walls), statistics.median(cpus), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=4000)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--sheets", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        started = time.perf_counter()
        with Store(str(tmp / "bench.sqlite")) as store:
            with store.unit_of_work(actor="bench") as session:
                build_demo(session, residents=args.residents, seed=1)
            with store.unit_of_work(actor="bench") as session:
                result = matching.match_batch(session)
                matching.write_proposals(session, result, "bench")
                matching.confirm_proposals(session, None, "bench")
            print(
                f"demo county of {args.residents} residents built and matched in {time.perf_counter() - started:.1f} s"
            )

            with store.reading() as session:
                chosen = [card.resident_id for card in card_data(session)][: args.cards]
                providers = [work.provider.id for work in sheet_work(session)][: args.sheets]
                print(f"{len(chosen)} cards, {len(providers)} provider sheets")

                def our_cards() -> Path:
                    return render_cards(session, tmp / "cards.pdf", resident_ids=chosen, two_sided=True)

                def widget_cards() -> Path:
                    with qr_drawn_by(widget_qr):
                        return render_cards(session, tmp / "cards-widget.pdf", resident_ids=chosen, two_sided=True)

                def sheets() -> Path:
                    return render_sheets(session, tmp / "sheets.pdf", provider_ids=providers)

                ours, ours_cpu, ours_size = timed(args.runs, our_cards)
                widget, widget_cpu, widget_size = timed(args.runs, widget_cards)
                sheet_time, sheet_cpu, sheet_size = timed(args.runs, sheets)

    print(
        f"median of {args.runs} runs; wall-clock and CPU seconds (the machine is shared: wall time is taken under load)"
    )
    print(f"cards, QR as one path (ours):   {ours:6.2f} s wall {ours_cpu:6.2f} s CPU  {ours_size / 1e6:5.2f} MB")
    print(f"cards, reportlab QrCodeWidget:  {widget:6.2f} s wall {widget_cpu:6.2f} s CPU  {widget_size / 1e6:5.2f} MB")
    print(f"  ({len(chosen)} two-sided cards; the widget run is the baseline, same data, same run)")
    print(f"speed-up over the baseline:     {widget_cpu / ours_cpu:6.1f} x (CPU)")
    print(
        f"sheets:                         {sheet_time:6.2f} s wall {sheet_cpu:6.2f} s CPU  {sheet_size / 1e6:5.2f} MB"
    )
    print(f"  ({len(providers)} provider sections)")
    wall_goal = "met" if ours < 5 else "not met"
    cpu_goal = "met" if ours_cpu < 5 else "not met"
    size_goal = "met" if ours_size < 5e6 else "not met"
    print(f"goal 1,000 cards < 5 s: {wall_goal} in wall time, {cpu_goal} in CPU time; < 5 MB: {size_goal}")


if __name__ == "__main__":
    main()
