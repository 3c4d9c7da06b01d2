"""Service cards (爱心卡 / 养老服务卡): 85.6 × 54 mm, eight to an A4 page with cut marks.

Front: station, resident, masked citizen ID, each arranged service with its provider's name and
phone, the date. Back (two-sided): emergency contact, station phone and address, a QR code of
the resident's registry UUID, how to use the card. One-sided cards carry the QR code, emergency
contact and station phone on the front.

Only confirmed and active assignments are printed: a card stays in a wallet for months, so a
proposal that a clerk may still turn down must not send an old person to the wrong canteen.

Two-sided pages alternate front, back, front, back…; each back page is the mirror image of its
front's positions (column 1 ↔ column 2), so after a long-edge duplex flip every back lands behind
its own front. The grid is centred on the page, so the mirror is exact.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.enums import HOLDING_STATUSES, NeedKind
from carematch.core.errors import Lang, NotFoundError, UserInputError, msg
from carematch.core.models import Assignment, Resident, Township
from carematch.core.printing.layout import (
    ACCENT,
    INK,
    MUTED,
    PAGE_SIZE,
    RULE,
    StationInfo,
    atomic_output,
    format_date,
    page_label,
    register_fonts,
    station_info,
)

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
COLUMNS = 2
ROWS = 4
CARDS_PER_PAGE = COLUMNS * ROWS
PADDING = 3 * mm
BAND_HEIGHT = 8 * mm
QR_SIZE_FRONT = 16 * mm
QR_SIZE_BACK = 22 * mm
QR_GAP = 3.5 * mm  # white beside a code: its quiet zone of 4 modules, with room to spare
CUT_MARK_LENGTH = 5 * mm
CUT_MARK_GAP = 2 * mm
SMALLEST_TEXT = 4.5  # pt; smaller than this an old person's glasses will not help

GRID_LEFT = (PAGE_SIZE[0] - COLUMNS * CARD_WIDTH) / 2
GRID_BOTTOM = (PAGE_SIZE[1] - ROWS * CARD_HEIGHT) / 2


@dataclass(frozen=True)
class CardService:
    service: str
    provider: str
    phone: str
    rematch: bool = False  # flagged for re-matching (provider full or closed): the card says it will change


@dataclass(frozen=True)
class CardData:
    resident_id: uuid.UUID
    name: str
    masked_id: str
    services: tuple[CardService, ...]
    emergency_contact: str
    emergency_phone: str


def mask_citizen_id(citizen_id: str) -> str:
    """First 6 and last 4 characters shown, the rest starred: 330503********123X."""
    text = citizen_id.strip()
    if len(text) <= 10:
        return text[:2] + "*" * max(0, len(text) - 2)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def _service_label(assignment: Assignment, lang: Lang) -> str:
    kind = assignment.kind
    if kind is NeedKind.MEAL:
        if lang == "zh":
            return "助餐·送餐" if assignment.delivery else "助餐·堂食"
        return "Meals, delivered" if assignment.delivery else "Meals, dine-in"
    if kind is NeedKind.HOME_VISIT and assignment.visit_days:
        days = "、".join(assignment.visit_days)
        return f"上门服务（{days}）" if lang == "zh" else f"Home visits ({days})"
    return kind.label(lang)


def card_data(
    session: Session,
    *,
    township: str | None = None,
    resident_ids: Sequence[uuid.UUID] | None = None,
    lang: Lang = "zh",
) -> list[CardData]:
    """The cards to print, in township, village and name order.

    Without `resident_ids`: every resident (of the township) with a confirmed or active service.
    With them: exactly those residents, even without a service yet (the card then says so).
    """
    query = select(Resident).where(Resident.deleted_at.is_(None))
    if township:
        _check_township(session, township)
        query = query.where(Resident.township == township)
    if resident_ids is not None:
        wanted = list(dict.fromkeys(resident_ids))
        if not wanted:
            return []
        query = query.where(Resident.id.in_(wanted))
    else:
        holding = select(Assignment.resident_id).where(
            Assignment.status.in_(HOLDING_STATUSES), Assignment.deleted_at.is_(None)
        )
        query = query.where(Resident.id.in_(holding))
    residents = list(session.scalars(query.order_by(Resident.township, Resident.village, Resident.name_pinyin)))
    if resident_ids is not None and not residents:
        raise NotFoundError(msg("要打印的老年人不存在或已删除", "The residents to print do not exist or were deleted"))
    services = _services_by_resident(session, [r.id for r in residents], lang)
    return [
        CardData(
            resident_id=resident.id,
            name=resident.name,
            masked_id=mask_citizen_id(resident.citizen_id),
            services=tuple(services.get(resident.id, ())),
            emergency_contact=resident.emergency_contact.strip(),
            emergency_phone=resident.emergency_phone.strip(),
        )
        for resident in residents
    ]


def _check_township(session: Session, township: str) -> None:
    known = session.scalar(select(Township.id).where(Township.name == township, Township.deleted_at.is_(None)))
    if known is None and session.scalar(select(Resident.id).where(Resident.township == township).limit(1)) is None:
        raise UserInputError(msg("找不到乡镇(街道)“{name}”", "There is no township named {name!r}", name=township))


def _services_by_resident(session: Session, ids: list[uuid.UUID], lang: Lang) -> dict[uuid.UUID, list[CardService]]:
    found: dict[uuid.UUID, list[CardService]] = {}
    order = {NeedKind.MEAL: 0, NeedKind.DEMENTIA_CARE: 1, NeedKind.HOME_VISIT: 2}
    # Chunks keep each IN list well under SQLite's bound-parameter limit.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        assignments = session.scalars(
            select(Assignment)
            .where(
                Assignment.resident_id.in_(chunk),
                Assignment.status.in_(HOLDING_STATUSES),
                Assignment.deleted_at.is_(None),
            )
            .options(
                selectinload(Assignment.meal_point),
                selectinload(Assignment.care_centre),
                selectinload(Assignment.caregiver),
            )
        )
        for assignment in sorted(assignments, key=lambda a: (order[a.kind], a.created_at)):
            provider = assignment.provider
            found.setdefault(assignment.resident_id, []).append(
                CardService(
                    _service_label(assignment, lang),
                    provider.name,
                    provider.phone.strip(),
                    rematch=bool(assignment.needs_rematch),
                )
            )
    return found


# ---------------------------------------------------------------------------------------------
# Text fitting: per-character widths are cached, so shrinking a block to fit costs microseconds.


@cache
def _char_width(char: str) -> float:
    """Width of one character at 1 pt."""
    return float(pdfmetrics.stringWidth(char, register_fonts(), 1000)) / 1000


def measure(text: str, size: float) -> float:
    return sum(_char_width(char) for char in text) * size


# Numbers, phone numbers and Latin words stay whole; Chinese may break between any two characters.
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-+()./:]*|\s+|.", re.DOTALL)
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)")


def wrap(text: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """Lines no wider than `width` (continuation lines `indent` narrower)."""
    lines: list[str] = []
    line = ""
    line_width = 0.0
    limit = width
    for token in _TOKEN.findall(text):
        token_width = measure(token, size)
        if line and line_width + token_width > limit:
            if token.isspace():
                continue
            carried = ""
            if token in _NO_LINE_START and len(line) > 1 and measure(line[-1], size) + token_width <= width - indent:
                # A comma may not start a line: the character before it goes down with it.
                line, carried = line[:-1], line[-1]
            lines.append(line.rstrip())
            line, line_width, limit = carried, measure(carried, size), width - indent
        if token_width > limit:  # a number longer than the line: break it anyway
            for char in token:
                char_width = _char_width(char) * size
                if line and line_width + char_width > limit:
                    lines.append(line)
                    line, line_width, limit = "", 0.0, width - indent
                line += char
                line_width += char_width
            continue
        if not line and token.isspace():
            continue
        line += token
        line_width += token_width
    if line or not lines:
        lines.append(line.rstrip())
    return lines


def fit_size(text: str, width: float, largest: float, smallest: float) -> float:
    natural = measure(text, 1)
    if natural * largest <= width:
        return largest
    return max(smallest, math.floor(width / natural * 4) / 4) if natural else largest


@dataclass(frozen=True)
class _Block:
    size: float
    entries: list[list[str]]
    hidden: int


def fit_block(entries: Sequence[str], width: float, height: float, largest: float, indent: float) -> _Block:
    """Shrink the entries until all fit in the box; at the smallest size drop the last ones, which
    the card then counts ("另有 N 项")."""
    size = largest
    while True:
        leading = size * 1.22
        wrapped = [wrap(entry, size, width, indent) for entry in entries]
        lines = sum(len(w) for w in wrapped)
        if lines * leading <= height:
            return _Block(size, wrapped, 0)
        if size - 0.25 < SMALLEST_TEXT:
            break
        size -= 0.25
    capacity = max(1, int(height // leading))
    shown: list[list[str]] = []
    used = 0
    for lines_of_entry in wrapped:
        if used + len(lines_of_entry) > capacity - 1:
            break
        shown.append(lines_of_entry)
        used += len(lines_of_entry)
    return _Block(size, shown, len(entries) - len(shown))


# ---------------------------------------------------------------------------------------------
# Drawing


QR_MASK = 4
"""A fixed mask pattern. The standard lets the encoder choose any of the eight; scoring all eight
(the qrcode package's default) was 60 % of the time of a card sheet, and printed at 0.6 mm or more
a module any mask reads."""


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules of an ASCII payload, without the quiet zone (the card leaves white around it)."""
    data = payload.encode("ascii")
    code = qrcode.QRCode(
        version=_qr_version(len(data)), error_correction=ERROR_CORRECT_M, border=0, box_size=1, mask_pattern=QR_MASK
    )
    code.add_data(data, optimize=0)
    code.make(fit=False)
    return [list(row) for row in code.get_matrix()]


@cache
def _qr_version(length: int) -> int:
    """The smallest version holding `length` bytes in byte mode (enough for any ASCII payload of
    that length); every UUID has 36, so this is found once, not once per card (the search encodes
    the data twice)."""
    probe = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1, mask_pattern=QR_MASK)
    probe.add_data(b"a" * length, optimize=0)
    probe.make(fit=True)
    return int(probe.version)


def qr_path_operators(matrix: list[list[bool]]) -> str:
    """PDF operators filling every dark module, in module units with y up: one "re" per
    horizontal run of dark modules, then a single fill."""
    size = len(matrix)
    operators: list[str] = []
    for row_number, row in enumerate(matrix):
        y = size - 1 - row_number
        column = 0
        while column < size:
            if row[column]:
                start = column
                while column < size and row[column]:
                    column += 1
                operators.append(f"{start} {y} {column - start} 1 re")
            else:
                column += 1
    operators.append("f")
    return "\n".join(operators)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code as one filled path (DESIGN §8: about 3× faster than reportlab's QrCodeWidget).

    The path is written in whole module units under a scaling transform, so no coordinate is
    formatted as a decimal: that formatting was the other large cost of 1,000 cards.
    """
    matrix = qr_matrix(payload)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.translate(x, y)
    canvas.scale(size / len(matrix), size / len(matrix))
    canvas.addLiteral(qr_path_operators(matrix))
    canvas.restoreState()


@dataclass(frozen=True)
class CardText:
    title: str
    no_service: str
    more: str
    issued: str
    emergency: str
    not_recorded: str
    station_phone: str
    station_address: str
    scan: str
    how_to: tuple[str, ...]
    rematch: str = ""


TEXTS: dict[str, CardText] = {
    "zh": CardText(
        title="养老服务卡",
        no_service="服务安排确认后，服务站会电话通知您",
        more="……另有 {n} 项服务，请问服务站",
        issued="发卡日期：{date}",
        emergency="紧急联系人：",
        not_recorded="未登记",
        station_phone="服务站电话：",
        station_address="地址：",
        scan="扫码核对",
        how_to=(
            "1. 请随身携带本卡，需要服务时拨打卡上的电话。",
            "2. 服务人员上门或送餐时，可出示本卡核对身份。",
            "3. 本卡遗失或信息有变，请联系服务站补办。",
        ),
        rematch="【待调整】",
    ),
    "en": CardText(
        title="Care service card",
        no_service="The station will phone you once your services are arranged",
        more="… and {n} more services: ask the station",
        issued="Issued {date}",
        emergency="Emergency contact: ",
        not_recorded="not recorded",
        station_phone="Station: ",
        station_address="Address: ",
        scan="Scan to check",
        how_to=(
            "1. Keep this card with you; call the numbers on it for service.",
            "2. Show it to carers and meal deliverers to check who you are.",
            "3. Lost it or details changed? Ask the station for a new one.",
        ),
        rematch=" [to be changed]",
    ),
}


def _band(canvas: Canvas, station: StationInfo, title: str, lang: Lang) -> None:
    font = register_fonts()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, CARD_HEIGHT - BAND_HEIGHT, CARD_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    title_size = 7.0
    title_width = measure(title, title_size)
    canvas.setFont(font, title_size)
    canvas.drawRightString(CARD_WIDTH - PADDING, CARD_HEIGHT - BAND_HEIGHT + 2.8 * mm, title)
    left = PADDING
    if station.logo is not None:
        # Drawn by file name, so reportlab embeds the image once for all the cards.
        logo_size = BAND_HEIGHT - 1.6 * mm
        canvas.drawImage(
            str(station.logo),
            PADDING - 1 * mm,
            CARD_HEIGHT - BAND_HEIGHT + 0.8 * mm,
            width=logo_size,
            height=logo_size,
            preserveAspectRatio=True,
            mask="auto",
        )
        left = PADDING - 1 * mm + logo_size + 1.2 * mm
    name = station.display_name(lang)
    room = CARD_WIDTH - left - PADDING - title_width - 3 * mm
    size = fit_size(name, room, 9, SMALLEST_TEXT)
    lines = _at_most(wrap(name, size, room), 2, size, room)
    canvas.setFont(font, size)
    if len(lines) == 1:
        canvas.drawString(left, CARD_HEIGHT - BAND_HEIGHT + (BAND_HEIGHT - size * 0.7) / 2, lines[0])
    else:
        canvas.drawString(left, CARD_HEIGHT - BAND_HEIGHT + BAND_HEIGHT / 2 + 0.3 * mm, lines[0])
        canvas.drawString(left, CARD_HEIGHT - BAND_HEIGHT + 0.8 * mm, lines[1])


def _at_most(lines: list[str], count: int, size: float, width: float) -> list[str]:
    """The first `count` lines, the last one ending in "…" if anything was left out."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    while last and measure(last + "…", size) > width:
        last = last[:-1]
    return [*lines[: count - 1], last + "…"]


def _draw_lines(canvas: Canvas, lines: Iterable[str], x: float, top: float, size: float, indent: float = 0) -> float:
    """Draw lines down from `top`; returns the baseline below the last one."""
    font = register_fonts()
    canvas.setFont(font, size)
    y = top
    for number, line in enumerate(lines):
        y -= size * 1.22
        canvas.drawString(x + (indent if number else 0), y + size * 0.22, line)
    return y


def _contact_line(label: str, name: str, phone: str, text: CardText) -> str:
    who = " ".join(part for part in (name, phone) if part)
    return label + (who or text.not_recorded)


def draw_front(
    canvas: Canvas, card: CardData, station: StationInfo, issued: dt.date, *, one_sided: bool, lang: Lang
) -> None:
    """One card's front, its lower-left corner at the canvas origin."""
    text = TEXTS[lang]
    font = register_fonts()
    _band(canvas, station, text.title, lang)
    inner = CARD_WIDTH - 2 * PADDING
    top = CARD_HEIGHT - BAND_HEIGHT - 1.2 * mm

    # The name: as large as fits, two lines at the smallest size for the very longest names.
    name_room = inner - (QR_SIZE_FRONT + QR_GAP if one_sided else 0)
    name_size = fit_size(card.name, name_room, 13, 7)
    name_lines = _at_most(wrap(card.name, name_size, name_room), 2, name_size, name_room)
    canvas.setFillColor(INK)
    top = _draw_lines(canvas, name_lines, PADDING, top, name_size)
    canvas.setFillColor(MUTED)
    id_size = min(7.0, fit_size(card.masked_id, name_room, 7, SMALLEST_TEXT))
    top = _draw_lines(canvas, [card.masked_id], PADDING, top - 0.3 * mm, id_size) - 1.2 * mm

    # The footer lines, from the bottom edge up.
    footer = [text.issued.format(date=format_date(issued, lang))]
    if one_sided:
        footer = [
            _contact_line(text.emergency, card.emergency_contact, card.emergency_phone, text),
            text.station_phone + (station.phone or text.not_recorded),
            *footer,
        ]
    else:
        footer = [text.station_phone + (station.phone or text.not_recorded) + "    " + footer[0]]
    footer_room = inner - (QR_SIZE_FRONT + QR_GAP if one_sided else 0)
    footer_block = fit_block(footer, footer_room, 13 * mm, 6.5, 2 * mm)
    footer_lines = sum(len(lines) for lines in footer_block.entries)
    footer_top = PADDING - 0.6 * mm + footer_lines * footer_block.size * 1.22
    canvas.setFillColor(MUTED)
    y = footer_top
    for lines in footer_block.entries:
        y = _draw_lines(canvas, lines, PADDING, y, footer_block.size, indent=2 * mm)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.3)
    canvas.line(PADDING, footer_top + 0.6 * mm, PADDING + footer_room, footer_top + 0.6 * mm)

    # The services fill what is left between the ID and the footer rule.
    box_top, box_bottom = top, footer_top + 1.2 * mm
    box_width = inner - (QR_SIZE_FRONT + QR_GAP if one_sided else 0)
    canvas.setFillColor(INK)
    if not card.services:
        size = fit_size(text.no_service, box_width, 7, SMALLEST_TEXT)
        block = fit_block([text.no_service], box_width, box_top - box_bottom, size, 0)
        _draw_lines(canvas, block.entries[0] if block.entries else [], PADDING, box_top, block.size)
    else:
        # A service flagged for re-matching is printed in red with a mark: the provider will change,
        # and whoever hands the card over sees it at a glance.
        entries = [
            f"{s.service}：{s.provider} {s.phone}".rstrip() + (text.rematch if s.rematch else "") for s in card.services
        ]
        block = fit_block(entries, box_width, box_top - box_bottom, 7.5, 3 * mm)
        y = box_top
        for lines, service in zip(block.entries, card.services, strict=False):
            canvas.setFillColor(ACCENT if service.rematch else INK)
            y = _draw_lines(canvas, lines, PADDING, y, block.size, indent=3 * mm)
        canvas.setFillColor(INK)
        if block.hidden:
            canvas.setFillColor(ACCENT)
            _draw_lines(canvas, [text.more.format(n=block.hidden)], PADDING, y, block.size)
    if one_sided:
        draw_qr(canvas, str(card.resident_id), CARD_WIDTH - PADDING - QR_SIZE_FRONT, PADDING, QR_SIZE_FRONT)
    canvas.setFont(font, 6)


def draw_back(canvas: Canvas, card: CardData, station: StationInfo, *, lang: Lang) -> None:
    """One card's back, its lower-left corner at the canvas origin."""
    text = TEXTS[lang]
    _band(canvas, station, text.title, lang)
    inner = CARD_WIDTH - 2 * PADDING
    left_room = inner - QR_SIZE_BACK - QR_GAP
    top = CARD_HEIGHT - BAND_HEIGHT - 1.5 * mm
    canvas.setFillColor(INK)
    contact = _contact_line(text.emergency, card.emergency_contact, card.emergency_phone, text)
    phone = text.station_phone + (station.phone or text.not_recorded)
    details = [contact, phone]
    if station.address:
        details.append(text.station_address + station.address)
    # The QR code keeps its quiet zone (4 modules, about 3 mm) clear of the red band.
    qr_top = CARD_HEIGHT - BAND_HEIGHT - 3.5 * mm
    qr_bottom = qr_top - QR_SIZE_BACK
    # Contacts in the upper part of the left column, the instructions below them.
    split = 24 * mm
    block = fit_block(details, left_room, top - split, 7.5, 2 * mm)
    y = top
    for lines in block.entries:
        y = _draw_lines(canvas, lines, PADDING, y - 0.4 * mm, block.size, indent=2 * mm)
    draw_qr(canvas, str(card.resident_id), CARD_WIDTH - PADDING - QR_SIZE_BACK, qr_bottom, QR_SIZE_BACK)
    canvas.setFillColor(MUTED)
    canvas.setFont(register_fonts(), 5.5)
    # Below the quiet zone (4 modules, about 3 mm): text closer than that stops some codes reading.
    canvas.drawCentredString(CARD_WIDTH - PADDING - QR_SIZE_BACK / 2, qr_bottom - 5 * mm, text.scan)
    how_top = min(y, split) - 1.5 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.3)
    canvas.line(PADDING, how_top + 0.8 * mm, PADDING + left_room, how_top + 0.8 * mm)
    # One line per instruction if 6 pt or more allows it: a wrapped line would leave one or two
    # characters alone on the next.
    one_line = min(fit_size(line, left_room, 7, 6) for line in text.how_to)
    how_to = fit_block(list(text.how_to), left_room, how_top - PADDING + 0.5 * mm, one_line, 2.5 * mm)
    y = how_top
    canvas.setFillColor(INK)
    for lines in how_to.entries:
        y = _draw_lines(canvas, lines, PADDING, y, how_to.size, indent=2.5 * mm)


def _card_origin(slot: int, mirrored: bool) -> tuple[float, float]:
    row, column = divmod(slot, COLUMNS)
    if mirrored:
        column = COLUMNS - 1 - column
    return GRID_LEFT + column * CARD_WIDTH, GRID_BOTTOM + (ROWS - 1 - row) * CARD_HEIGHT


def draw_cut_marks(canvas: Canvas) -> None:
    """Short marks in the margin along every cut line; nothing is drawn on the cards themselves."""
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.25)
    right = GRID_LEFT + COLUMNS * CARD_WIDTH
    top = GRID_BOTTOM + ROWS * CARD_HEIGHT
    for column in range(COLUMNS + 1):
        x = GRID_LEFT + column * CARD_WIDTH
        canvas.line(x, top + CUT_MARK_GAP, x, top + CUT_MARK_GAP + CUT_MARK_LENGTH)
        canvas.line(x, GRID_BOTTOM - CUT_MARK_GAP, x, GRID_BOTTOM - CUT_MARK_GAP - CUT_MARK_LENGTH)
    for row in range(ROWS + 1):
        y = GRID_BOTTOM + row * CARD_HEIGHT
        canvas.line(GRID_LEFT - CUT_MARK_GAP, y, GRID_LEFT - CUT_MARK_GAP - CUT_MARK_LENGTH, y)
        canvas.line(right + CUT_MARK_GAP, y, right + CUT_MARK_GAP + CUT_MARK_LENGTH, y)
    canvas.restoreState()


def _page_note(canvas: Canvas, station: StationInfo, side: str, number: int, total: int, lang: Lang) -> None:
    font = register_fonts()
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8)
    width = PAGE_SIZE[0]
    top_line = GRID_BOTTOM + ROWS * CARD_HEIGHT + CUT_MARK_GAP + CUT_MARK_LENGTH + 4 * mm
    note = (
        f"{station.display_name(lang)} · 爱心卡{side} · 沿四周裁切标记裁开"
        if lang == "zh"
        else f"{station.display_name(lang)} · service cards, {side} · cut along the marks"
    )
    canvas.drawCentredString(width / 2, top_line, note)
    canvas.drawCentredString(
        width / 2, GRID_BOTTOM - CUT_MARK_GAP - CUT_MARK_LENGTH - 8 * mm, page_label(number, total, lang)
    )
    canvas.restoreState()


def _usable_logo(station: StationInfo) -> StationInfo:
    """The station without its logo if the file is not an image reportlab can read: a broken
    logo must not stop a thousand cards."""
    if station.logo is None:
        return station
    try:
        ImageReader(str(station.logo)).getSize()
    except Exception:
        return replace(station, logo=None)
    return station


def write_cards(
    out: Path,
    cards: Sequence[CardData],
    station: StationInfo,
    *,
    two_sided: bool = False,
    issued: dt.date | None = None,
    lang: Lang = "zh",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the card sheets for `cards` (already chosen and ordered) to `out`."""
    if not cards:
        raise UserInputError(
            msg(
                "没有要打印的爱心卡：还没有已确认或服务中的派单",
                "No cards to print: no confirmed or active assignments yet",
            )
        )
    font = register_fonts()
    issued = issued or dt.date.today()
    token = cancel or CancelToken()
    station = _usable_logo(station)
    sheets = math.ceil(len(cards) / CARDS_PER_PAGE)
    total_pages = sheets * (2 if two_sided else 1)
    side_names = ("正面", "背面") if lang == "zh" else ("fronts", "backs")
    out = Path(out)
    with atomic_output(out) as partial:
        canvas = Canvas(str(partial), pagesize=PAGE_SIZE, initialFontName=font, pageCompression=1)
        canvas.setTitle(TEXTS[lang].title)
        canvas.setAuthor(station.display_name(lang))
        canvas.setCreator("CareMatch")
        page = 0
        for sheet in range(sheets):
            token.raise_if_cancelled()
            batch = cards[sheet * CARDS_PER_PAGE : (sheet + 1) * CARDS_PER_PAGE]
            sides = (False, True) if two_sided else (False,)
            for back in sides:
                page += 1
                draw_cut_marks(canvas)
                _page_note(canvas, station, side_names[1 if back else 0] if two_sided else "", page, total_pages, lang)
                for slot, card in enumerate(batch):
                    x, y = _card_origin(slot, mirrored=back)
                    canvas.saveState()
                    canvas.translate(x, y)
                    if back:
                        draw_back(canvas, card, station, lang=lang)
                    else:
                        draw_front(canvas, card, station, issued, one_sided=not two_sided, lang=lang)
                    canvas.restoreState()
                canvas.showPage()
            progress(min(len(cards), (sheet + 1) * CARDS_PER_PAGE), len(cards))
        canvas.save()
    return out


def render_cards(
    session: Session,
    out: Path,
    *,
    township: str | None = None,
    resident_ids: Sequence[uuid.UUID] | None = None,
    two_sided: bool = False,
    issued: dt.date | None = None,
    lang: Lang = "zh",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Service cards of the residents with a confirmed or active service (or of `resident_ids`)."""
    cards = card_data(session, township=township, resident_ids=resident_ids, lang=lang)
    return write_cards(
        out,
        cards,
        station_info(session),
        two_sided=two_sided,
        issued=issued,
        lang=lang,
        progress=progress,
        cancel=cancel,
    )
