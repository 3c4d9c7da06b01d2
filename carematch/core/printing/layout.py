"""What every printed page shares: the embedded Chinese font, styles, station settings, the A4
document template with its header and "第 N 页 / 共 M 页" footer, and tables whose rows never
split across pages.

The font is the shipped WenQuanYi Micro Hei (resources/fonts), embedded as a subset, so any
viewer or printer shows the Chinese whatever fonts the station PC has (DESIGN §8).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.errors import Lang, UserInputError, msg
from carematch.core.models import Setting
from carematch.core.paths import font_path

FONT = "WenQuanYiMicroHei"
"""The one font of every CareMatch PDF (the .ttc has no bold face; emphasis is by size and colour)."""

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#b5282e")  # 中国红, the usual colour of 爱心卡 and official forms
RULE = colors.HexColor("#999999")
ZEBRA = colors.HexColor("#f3f3f3")
HEADER_FILL = colors.HexColor("#e8e8e8")

PAGE_SIZE = A4
MARGIN = 15 * mm
HEADER_HEIGHT = 14 * mm
FOOTER_HEIGHT = 10 * mm

SETTING_KEYS = ("station_name", "station_phone", "station_address", "station_logo")


@cache
def register_fonts() -> str:
    """Register the shipped font once per process; returns its reportlab name."""
    path = font_path()
    if not path.exists():
        raise UserInputError(
            msg(
                "找不到打印用的中文字体文件 {path}，请重新安装 CareMatch",
                "The Chinese font for printing is missing ({path}); reinstall CareMatch",
                path=str(path),
            )
        )
    # subfontIndex 0 is WenQuanYi Micro Hei (1 is its monospaced twin). reportlab embeds only
    # the glyphs used, so a page of names costs kilobytes, not the 5 MB of the collection.
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    # <b>/<i> in paragraphs map back to the same face instead of failing on a missing bold.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


def text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, register_fonts(), size))


def fit_font_size(text: str, width: float, largest: float, smallest: float) -> float:
    """The largest size (step 0.25 pt) at which `text` fits in `width` on one line, at least `smallest`."""
    natural = text_width(text, largest)
    if natural <= width:
        return largest
    size = largest * width / natural
    size = max(smallest, int(size * 4) / 4)
    return size


def wrap_chars(text: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width`, between any two characters (CJK has no spaces)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            if line and text_width(line + char, size) > width:
                lines.append(line)
                line = char.lstrip()
            else:
                line += char
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_header: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle


@cache
def styles() -> Styles:
    """Paragraph styles; wordWrap="CJK" lets Chinese break between any two characters."""
    font = register_fonts()

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        values: dict[str, Any] = {
            "fontName": font,
            "fontSize": size,
            "leading": round(size * 1.3, 2),
            "textColor": INK,
            "wordWrap": "CJK",
            "alignment": TA_LEFT,
        }
        values.update(extra)
        return ParagraphStyle(name, **values)

    return Styles(
        title=style("cm-title", 16, alignment=TA_CENTER, spaceAfter=4 * mm, textColor=ACCENT),
        heading=style("cm-heading", 13, spaceBefore=3 * mm, spaceAfter=2 * mm),
        subheading=style("cm-subheading", 11, spaceBefore=2 * mm, spaceAfter=1.5 * mm, textColor=MUTED),
        body=style("cm-body", 10, spaceAfter=1.5 * mm),
        small=style("cm-small", 8, textColor=MUTED),
        cell=style("cm-cell", 9),
        cell_small=style("cm-cell-small", 7.5, textColor=MUTED),
        cell_header=style("cm-cell-header", 9, alignment=TA_CENTER),
        cell_center=style("cm-cell-center", 9, alignment=TA_CENTER),
        cell_right=style("cm-cell-right", 9, alignment=TA_RIGHT),
    )


def escape(text: object) -> str:
    """Text for a Paragraph: its mini-markup must not read a name such as "A&B<1>" as tags."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class StationInfo:
    """The station named on every page (Setting keys station_name, station_phone, station_address, station_logo)."""

    name: str = ""
    phone: str = ""
    address: str = ""
    logo: Path | None = None

    def display_name(self, lang: Lang = "zh") -> str:
        return self.name or ("居家养老服务中心" if lang == "zh" else "Home-care service station")


def station_info(session: Session) -> StationInfo:
    """The station's settings; a logo path that is not a readable image file is ignored."""
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(SETTING_KEYS)))
    values: dict[str, str] = {key: value for key, value in rows}
    logo: Path | None = None
    logo_text = (values.get("station_logo") or "").strip()
    if logo_text:
        candidate = Path(logo_text).expanduser()
        if candidate.is_file() and os.access(candidate, os.R_OK):
            logo = candidate
    return StationInfo(
        name=(values.get("station_name") or "").strip(),
        phone=(values.get("station_phone") or "").strip(),
        address=(values.get("station_address") or "").strip(),
        logo=logo,
    )


def page_label(number: int, total: int, lang: Lang = "zh") -> str:
    return f"第 {number} 页 / 共 {total} 页" if lang == "zh" else f"Page {number} of {total}"


def format_date(day: dt.date, lang: Lang = "zh") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


class Section(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Starts a numbered section: its pages show `title` in the header and count "第 N 页 / 共 M 页"
    among themselves (one provider's sheet is handed over on its own). Put it first on a new page."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._carematch_section = (self.key, self.title)


@dataclass
class PageFurniture:
    """What the header and footer print; filled in once all pages are known."""

    station: StationInfo
    title: str
    printed_on: dt.date
    lang: Lang = "zh"
    page_size: tuple[float, float] = PAGE_SIZE
    pages: list[tuple[str, str]] = field(default_factory=list)


def _draw_furniture(canvas: Canvas, furniture: PageFurniture, section_title: str, number: int, total: int) -> None:
    font = register_fonts()
    width, height = furniture.page_size
    top = height - MARGIN + 2 * mm
    left, right = MARGIN, width - MARGIN
    canvas.saveState()
    text_left = left
    logo = furniture.station.logo
    if logo is not None:
        try:
            canvas.drawImage(
                str(logo), left, top - 9 * mm, width=9 * mm, height=9 * mm, preserveAspectRatio=True, mask="auto"
            )
            text_left = left + 11 * mm
        except Exception:  # a broken logo file must not stop the printout
            text_left = left
    canvas.setFillColor(INK)
    station = furniture.station.display_name(furniture.lang)
    canvas.setFont(font, fit_font_size(station, (right - left) * 0.42, 10, 6))
    canvas.drawString(text_left, top - 4 * mm, station)
    if furniture.station.phone or furniture.station.address:
        contact = "  ".join(part for part in (furniture.station.phone, furniture.station.address) if part)
        canvas.setFillColor(MUTED)
        canvas.setFont(font, fit_font_size(contact, (right - text_left) * 0.45, 7.5, 5))
        canvas.drawString(text_left, top - 8.5 * mm, contact)
    heading = furniture.title if not section_title else f"{furniture.title} · {section_title}"
    canvas.setFillColor(INK)
    canvas.setFont(font, fit_font_size(heading, (right - left) * 0.5, 11, 6))
    canvas.drawRightString(right, top - 4 * mm, heading)
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8)
    printed = furniture.printed_on
    canvas.drawRightString(
        right, top - 8.5 * mm, ("日期：" if furniture.lang == "zh" else "Date: ") + format_date(printed, furniture.lang)
    )
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 10.5 * mm, right, top - 10.5 * mm)
    canvas.line(left, MARGIN - 2 * mm, right, MARGIN - 2 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, MARGIN - 6.5 * mm, page_label(number, total, furniture.lang))
    canvas.restoreState()


def numbered_canvas_maker(furniture: PageFurniture) -> Callable[..., Canvas]:
    """A canvas that holds its pages until the end, so each footer can say how many pages follow."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this the canvas starts every page in Helvetica, a font the PDF would name
            # but not embed (pdffonts shows it "emb no").
            kwargs["initialFontName"] = kwargs.get("initialFontName") or register_fonts()
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            self._carematch_section: tuple[str, str] = ("", "")
            self.setTitle(furniture.title)
            self.setAuthor(furniture.station.display_name(furniture.lang))
            self.setCreator("CareMatch")

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            sections = [state["_carematch_section"] for state in self._held_pages]
            totals: dict[str, int] = {}
            for key, _ in sections:
                totals[key] = totals.get(key, 0) + 1
            seen: dict[str, int] = {}
            for state, (key, title) in zip(self._held_pages, sections, strict=True):
                self.__dict__.update(state)
                seen[key] = seen.get(key, 0) + 1
                _draw_furniture(self, furniture, title, seen[key], totals[key])
                furniture.pages.append((key, title))
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, filename: str, page_size: tuple[float, float], **kwargs: Any) -> None:
        super().__init__(
            filename,
            pagesize=page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_HEIGHT,
            bottomMargin=MARGIN + FOOTER_HEIGHT - 6 * mm,
            **kwargs,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])


def content_width(page_size: tuple[float, float] = PAGE_SIZE) -> float:
    """Width of the text frame of a page of that size."""
    return float(page_size[0] - 2 * MARGIN)


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Write to a neighbour file and move it into place only when complete: a cancelled or failed
    job never leaves half a PDF where the last good one was."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise UserInputError(
            msg("保存位置 {folder} 不存在", "The folder {folder} does not exist", folder=str(out.parent))
        )
    partial = out.with_name(out.name + ".partial")
    try:
        yield partial
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def build_pdf(
    out: Path,
    story: Sequence[Flowable],
    *,
    title: str,
    station: StationInfo,
    printed_on: dt.date | None = None,
    lang: Lang = "zh",
    landscape_pages: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    expected_pages: int = 0,
) -> Path:
    """Lay out `story` on A4 pages with the station header and the page-count footer; returns `out`.

    Put a `Section` at the start of each part that counts its own pages; without one the whole
    document is numbered. `progress(done, total)` is called per page (total = `expected_pages`
    if known, else the pages so far); `cancel` is checked between pages.
    """
    register_fonts()
    page_size = landscape(PAGE_SIZE) if landscape_pages else PAGE_SIZE
    furniture = PageFurniture(
        station=station, title=title, printed_on=printed_on or dt.date.today(), lang=lang, page_size=page_size
    )
    token = cancel or CancelToken()

    def on_progress(kind: str, value: int) -> None:
        if kind == "PAGE":
            token.raise_if_cancelled()
            progress(value, max(expected_pages, value))

    out = Path(out)
    with atomic_output(out) as partial:
        document = _Document(
            str(partial), page_size, title=title, author=station.display_name(lang), initialFontName=FONT
        )
        document.setProgressCallBack(on_progress)
        document.build(list(story), canvasmaker=numbered_canvas_maker(furniture))
    return out


class MinHeight(Flowable):  # type: ignore[misc]
    """A cell's content, given at least `height` points, drawn centred in it."""

    def __init__(self, content: Flowable, height: float) -> None:
        super().__init__()
        self.content = content
        self.min_height = height
        self._content_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.content.wrap(available_width, available_height)
        self._content_height = float(height)
        self.width = width
        self.height = max(self.min_height, float(height))
        return width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, (self.height - self._content_height) / 2)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    zebra: bool = True,
    min_row_height: float | None = None,
) -> Table:
    """A table whose header repeats on every page and whose rows are never split across pages.

    Cells may be text (wrapped in the cell style, Chinese breaks anywhere, "\n" breaks the line)
    or flowables.
    `align` gives "left", "center" or "right" per column. `min_row_height` keeps rows tall
    enough to sign in.
    """
    sheet = styles()
    by_align = {"left": sheet.cell, "center": sheet.cell_center, "right": sheet.cell_right}
    alignments = list(align) if align is not None else ["left"] * len(header)

    font = register_fonts()
    cell_size = sheet.cell.fontSize
    padding = 6.0  # left + right padding below

    def cell(value: object, column: int) -> object:
        if isinstance(value, Flowable):
            return value
        text = "" if value is None else str(value)
        # Text that fits on one line is drawn as a plain string: a Paragraph per cell was most of
        # the time of 200 sheets. Anything longer wraps in a Paragraph ("\n" starts a new line).
        if "\n" not in text and pdfmetrics.stringWidth(text, font, cell_size) <= col_widths[column] - padding:
            return text
        return Paragraph(escape(text).replace("\n", "<br/>"), by_align[alignments[column]])

    data: list[list[object]] = [[Paragraph(escape(text), sheet.cell_header) for text in header]]
    for row in rows:
        cells = [cell(value, column) for column, value in enumerate(row)]
        if min_row_height is not None and cells:
            # A minimum, not a fixed height: a fixed row height would let long text spill over the
            # next row; content taller than the minimum makes the row taller.
            first = cells[0]
            if not isinstance(first, Flowable):
                first = Paragraph(escape(first), by_align[alignments[0]])
            cells[0] = MinHeight(first, min_row_height - 5.5)
        data.append(cells)
    # splitByRow with splitInRow=0 (reportlab's default, stated so nobody turns it on): a page
    # break falls only between rows; repeatRows=1 prints the header again on the next page.
    table = Table(data, colWidths=list(col_widths), repeatRows=1, splitByRow=1, splitInRow=0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        # Plain-string cells use the table's own font; left at its default it would name
        # Helvetica, unembedded, in the PDF.
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), cell_size),
        ("LEADING", (0, 0), (-1, -1), sheet.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(
        ("ALIGN", (column, 1), (column, -1), {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}[how])
        for column, how in enumerate(alignments)
    )
    if zebra:
        commands.extend(("BACKGROUND", (0, n), (-1, n), ZEBRA) for n in range(2, len(data), 2))
    table.setStyle(TableStyle(commands))
    return table
