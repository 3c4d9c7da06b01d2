"""The shared page layout, read back from real PDFs with poppler's tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph

from carematch.core.cancel import Cancelled, CancelToken
from carematch.core.models import Setting
from carematch.core.printing.layout import (
    Section,
    StationInfo,
    build_pdf,
    content_width,
    data_table,
    fit_font_size,
    station_info,
    styles,
    text_width,
    wrap_chars,
)

STATION = StationInfo(name="南浔区南浔镇居家养老服务中心", phone="0572-3012345", address="浙江省湖州市南浔区人瑞路88号")


def tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with all whitespace removed (pdftotext spaces and breaks CJK lines its own way)."""
    return ["".join(page.split()) for page in tool("pdftotext", str(pdf), "-").split("\f")[:-1]]


def fonts(pdf: Path) -> list[list[str]]:
    lines = tool("pdffonts", str(pdf)).splitlines()[2:]
    return [line.split() for line in lines]


def long_table_story(rows: int) -> list[object]:
    sheet = styles()
    # Each row's first and last words must land on the same page if no row is split.
    table = data_table(
        ["序号", "姓名", "地址", "签名"],
        [
            [str(n), f"王秀英{n}", f"起{n}起 " + "南浔镇人瑞路八十八号" * (1 + n % 5) + f" 止{n}止", ""]
            for n in range(rows)
        ],
        [15 * mm, 30 * mm, 90 * mm, content_width() - 135 * mm],
        min_row_height=9 * mm,
    )
    return [Paragraph("派单表", sheet.title), table]


def test_every_font_is_embedded_and_pages_are_a4(tmp_path: Path) -> None:
    out = build_pdf(tmp_path / "t.pdf", long_table_story(5), title="派单表", station=STATION)
    rows = fonts(out)
    assert rows, "the PDF names no font at all"
    for row in rows:
        name, embedded, subset = row[0], row[-5], row[-4]
        assert (embedded, subset) == ("yes", "yes"), f"{name} is not an embedded subset"
        assert "WenQuanYi" in name
    info = tool("pdfinfo", str(out))
    assert "595.276 x 841.89 pts (A4)" in info


def test_header_footer_and_no_row_is_split_across_pages(tmp_path: Path) -> None:
    out = build_pdf(tmp_path / "long.pdf", long_table_story(90), title="派单表", station=STATION)
    pages = page_texts(out)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert STATION.name in text
        assert f"第{number}页/共{len(pages)}页" in text
        assert "签名" in text, "the table header must repeat on every page"
    for n in range(90):
        holding_start = [i for i, text in enumerate(pages) if f"起{n}起" in text]
        holding_end = [i for i, text in enumerate(pages) if f"止{n}止" in text]
        assert holding_start == holding_end and len(holding_start) == 1, f"row {n} split across pages"


def test_sections_count_their_own_pages(tmp_path: Path) -> None:
    story = [Section("a", "南浔村老年食堂"), *long_table_story(60), PageBreak(), Section("b", "沈根娣")]
    story.append(Paragraph("只有一页", styles().body))
    pages = page_texts(build_pdf(tmp_path / "s.pdf", story, title="派单表", station=STATION))
    first_section = len(pages) - 1
    assert first_section >= 2
    assert f"第{first_section}页/共{first_section}页" in pages[first_section - 1]
    assert "南浔村老年食堂" in pages[0]
    assert "沈根娣" in pages[-1]
    assert "第1页/共1页" in pages[-1]


def test_english_footer(tmp_path: Path) -> None:
    pages = page_texts(build_pdf(tmp_path / "e.pdf", long_table_story(3), title="Sheets", station=STATION, lang="en"))
    assert "Page1of1" in pages[0]


def test_cancel_leaves_no_file_behind(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    out = tmp_path / "c.pdf"
    with pytest.raises(Cancelled):
        build_pdf(out, long_table_story(90), title="派单表", station=STATION, cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_per_page(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build_pdf(
        tmp_path / "p.pdf",
        long_table_story(90),
        title="派单表",
        station=STATION,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [done for done, _ in seen] == list(range(1, len(seen) + 1))
    assert len(seen) >= 3


def test_station_settings_are_read_and_a_missing_logo_is_ignored(store: object, tmp_path: Path) -> None:
    from carematch.core.db import Store

    assert isinstance(store, Store)
    with store.unit_of_work(actor="t") as session:
        session.add_all(
            [
                Setting(key="station_name", value=" 练市镇养老服务中心 "),
                Setting(key="station_phone", value="0572-3999999"),
                Setting(key="station_logo", value=str(tmp_path / "no-such-logo.png")),
            ]
        )
    with store.reading() as session:
        info = station_info(session)
    assert info == StationInfo(name="练市镇养老服务中心", phone="0572-3999999", address="", logo=None)


def test_text_fitting_never_exceeds_the_width() -> None:
    name = "欧阳娜娜木格其其格·阿依古丽" * 2
    size = fit_font_size(name, 40 * mm, 14, 4)
    assert text_width(name, size) <= 40 * mm + 0.01 or size == 4
    for line in wrap_chars(name, 9, 30 * mm):
        assert text_width(line, 9) <= 30 * mm
    assert "".join(wrap_chars(name, 9, 30 * mm)) == name


def test_station_logo_is_printed_in_every_header(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (181, 40, 46)).save(logo)
    station = StationInfo(name=STATION.name, phone=STATION.phone, address=STATION.address, logo=logo)
    out = build_pdf(tmp_path / "logo.pdf", long_table_story(90), title="派单表", station=station)
    pages = len(page_texts(out))
    images = tool("pdfimages", "-list", str(out)).splitlines()[2:]
    assert pages >= 3
    assert sorted({int(line.split()[0]) for line in images}) == list(range(1, pages + 1))
