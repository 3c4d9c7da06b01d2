"""Regenerate the sample printouts under docs/samples/ (PDFs and their pages as PNG at 80 dpi).

A small demo county is built in a temporary SQLite file, matched, and its proposals confirmed,
so the samples show real services, routes and admissions. The date is fixed so the samples only
change when the printing changes.

    .venv/bin/python scripts/make_samples.py [--out docs/samples]

Needs poppler-utils (pdftoppm) for the PNG pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from reportlab import rl_config
from sqlalchemy import select

from carematch.core import assignments, matching
from carematch.core.db import Store
from carematch.core.demo import build_demo
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.models import Assignment
from carematch.core.printing.cards import CardData, CardService, card_data, render_cards, write_cards
from carematch.core.printing.layout import StationInfo
from carematch.core.printing.sheets import render_sheets, sheet_work

SAMPLE_DAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent


def build_county(store: Store) -> None:
    with store.unit_of_work(actor="样例") as session:
        build_demo(session, residents=600, seed=1, today=SAMPLE_DAY)
    with store.unit_of_work(actor="样例") as session:
        result = matching.match_batch(session, as_of=SAMPLE_DAY)
        matching.write_proposals(session, result, "样例")
        matching.confirm_proposals(session, None, "样例")
        # Half the dementia-care admissions have moved in, so the sheet shows both states.
        held = session.scalars(
            select(Assignment).where(
                Assignment.kind == NeedKind.DEMENTIA_CARE, Assignment.status == AssignmentStatus.CONFIRMED
            )
        ).all()
        for assignment in held[::2]:
            assignments.activate(session, assignment, "样例")


def extreme_cards() -> list[CardData]:
    """What must still fit: the longest names, many services, missing contacts."""
    long_provider = "南浔区南浔镇居家养老服务照料中心第二分中心（原南浔镇敬老院）"
    return [
        CardData(
            uuid.UUID("00000000-0000-4000-8000-000000000001"),
            "欧阳娜娜木格其其格·阿依古丽·买买提江",
            "330503********123X",
            tuple(
                CardService(f"上门服务（周{'一二三四五六日'[n % 7]}）", long_provider, "0572-30123456")
                for n in range(9)
            ),
            "欧阳娜娜木格其其格·阿依古丽",
            "13611112222",
        ),
        CardData(uuid.UUID("00000000-0000-4000-8000-000000000002"), "王", "330503********0001", (), "", ""),
        CardData(
            uuid.UUID("00000000-0000-4000-8000-000000000003"),
            "司马长风",
            "330503********0002",
            (
                CardService("助餐·送餐", "练市镇朱家兜村老年食堂", "13800001111"),
                CardService("认知障碍照护", "练市镇居家养老服务照料中心", "0572-3010000"),
                CardService("上门服务（周一、周三、周五）", "钱美娟", "13600006666"),
            ),
            "司马青",
            "13900002222",
        ),
    ]


def pages_to_png(pdf: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    args = parser.parse_args()
    out: Path = args.out
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: apt-get install poppler-utils")
    out.mkdir(parents=True, exist_ok=True)
    # No creation time or random document ID in the files: a sample changes only when its print does.
    rl_config.invariant = 1
    for old in [*out.glob("*.pdf"), *out.glob("*.png")]:
        old.unlink()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder, Store(str(Path(folder) / "samples.sqlite")) as store:
        build_county(store)
        with store.reading() as session:
            first = [card.resident_id for card in card_data(session)][:8]
            written.append(render_cards(session, out / "cards-one-sided.pdf", resident_ids=first, issued=SAMPLE_DAY))
            written.append(
                render_cards(
                    session, out / "cards-two-sided.pdf", resident_ids=first, two_sided=True, issued=SAMPLE_DAY
                )
            )
            work = sheet_work(session)
            # The busiest caregiver, meal point and care centre: the longest lists the station prints.
            chosen = []
            for kind in (NeedKind.HOME_VISIT, NeedKind.MEAL, NeedKind.DEMENTIA_CARE):
                of_kind = [w for w in work if w.kind is kind]
                if of_kind:
                    chosen.append(max(of_kind, key=lambda w: len(w.assignments)).provider.id)
            written.append(render_sheets(session, out / "sheets.pdf", provider_ids=chosen, day=SAMPLE_DAY))
            try:
                from carematch.core.printing.report import render_coverage_report
            except ImportError:
                print("coverage report module not present: report sample skipped")
            else:
                written.append(render_coverage_report(session, out / "report.pdf", township=None, lang="zh"))
        station = StationInfo("南浔区南浔镇居家养老服务中心", "0572-3012345", "浙江省湖州市南浔区南浔镇人瑞路88号")
        written.append(
            write_cards(out / "cards-extreme.pdf", extreme_cards(), station, two_sided=True, issued=SAMPLE_DAY)
        )
    for pdf in written:
        pngs = pages_to_png(pdf)
        print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}: {len(pngs)} pages")


if __name__ == "__main__":
    main()
