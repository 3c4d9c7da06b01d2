"""Service cards, read back from real PDFs: fonts, text, geometry, QR codes, overflow."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.units import mm

from carematch.cli.main import main
from carematch.core import assignments
from carematch.core.cancel import Cancelled, CancelToken
from carematch.core.db import Store
from carematch.core.enums import NeedKind, Sex
from carematch.core.errors import UserInputError
from carematch.core.models import CareCentre, Caregiver, MealPoint, Resident, Setting, Township
from carematch.core.printing.cards import (
    CARD_HEIGHT,
    CARD_WIDTH,
    COLUMNS,
    GRID_BOTTOM,
    GRID_LEFT,
    ROWS,
    CardData,
    CardService,
    mask_citizen_id,
    measure,
    render_cards,
    wrap,
    write_cards,
)
from carematch.core.printing.layout import PAGE_SIZE, StationInfo
from carematch.core.validation import citizen_id_check_digit

STATION = StationInfo("南浔区南浔镇居家养老服务中心", "0572-3012345", "浙江省湖州市南浔区南浔镇人瑞路88号")
PT_PER_MM = 72 / 25.4


def tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def flat_pages(pdf: Path) -> list[str]:
    return ["".join(page.split()) for page in tool("pdftotext", str(pdf), "-").split("\f")[:-1]]


def citizen_id(n: int) -> str:
    first17 = f"330503{1930 + n % 30}0{1 + n % 9}1{n % 10}{n:03d}"[:17]
    return first17 + citizen_id_check_digit(first17)


def scan_cards(pdf: Path, page: int, folder: Path) -> list[str]:
    """The QR codes of one page, read the way a phone reads them: one card at a time.

    The page is rendered at 300 dpi (an office printer's resolution) and cut into its card slots;
    zbar, given a whole page of eight codes, now and then overlooks one that it reads alone.
    """
    dpi = 300
    stem = folder / f"scan-{pdf.stem}-{page}"
    tool("pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(stem))
    image = Image.open(next(folder.glob(f"{stem.name}*.png")))
    scale = dpi / 72
    crops = []
    for row in range(ROWS):
        for column in range(COLUMNS):
            left = (GRID_LEFT + column * CARD_WIDTH) * scale
            top = (PAGE_SIZE[1] - GRID_BOTTOM - (row + 1) * CARD_HEIGHT) * scale
            crop = folder / f"{stem.name}-card{row}{column}.png"
            image.crop(
                (round(left), round(top), round(left + CARD_WIDTH * scale), round(top + CARD_HEIGHT * scale))
            ).save(crop)
            crops.append(str(crop))
    # zbarimg exits 4 when an image holds no code (an empty slot); that is not an error here.
    result = subprocess.run(["zbarimg", "--raw", "-q", *crops], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 4), result.stderr
    return result.stdout.split()


@dataclass
class Registry:
    served: list[uuid.UUID]
    proposed_only: uuid.UUID
    long_name: uuid.UUID
    ids: dict[uuid.UUID, str]


@pytest.fixture
def sqlite_store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


def build_registry(store: Store) -> Registry:
    with store.unit_of_work(actor="测试") as session:
        session.add_all(
            [
                Setting(key="station_name", value=STATION.name),
                Setting(key="station_phone", value=STATION.phone),
                Setting(key="station_address", value=STATION.address),
                Township(name="南浔镇", lon=120.42, lat=30.87),
            ]
        )
        point = MealPoint(code="ZC0001", name="南浔村老年食堂", daily_capacity=40, delivers=True, delivery_radius_km=5)
        point.phone, point.township, point.lon, point.lat = "13800001111", "南浔镇", 120.42, 30.87
        centre = CareCentre(code="JG0001", name="南浔镇居家养老服务照料中心", dementia_beds=5, phone="0572-3010000")
        centre.township, centre.lon, centre.lat = "南浔镇", 120.42, 30.871
        carer = Caregiver(code="HL0001", name="王桂英", phone="13900002222", skills=["助洁", "助浴"])
        carer.available_days, carer.township, carer.lon, carer.lat = ["周一", "周三", "周五"], "南浔镇", 120.421, 30.87
        session.add_all([point, centre, carer])
        names = ["沈秀英", "张建国", "欧阳娜娜木格其其格·阿依古丽·买买提江·艾力", "李阿毛", "陈根生"]
        residents = []
        for n, name in enumerate(names):
            resident = Resident(
                citizen_id=citizen_id(n),
                name=name,
                sex=Sex.FEMALE,
                birth_date=dt.date(1940, 1, 1),
                township="南浔镇",
                village="南浔村",
                lon=120.42 + n * 0.001,
                lat=30.87,
                emergency_contact=f"家属{n}",
                emergency_phone=f"1361111{n:04d}",
                need_meal=True,
                need_delivery=n % 2 == 0,
                need_home_visit=True,
                need_dementia_care=True,
                visit_skills=["助洁"],
            )
            residents.append(resident)
        session.add_all(residents)
        session.flush()
        for resident in residents[:3]:
            for kind, provider in (
                (NeedKind.MEAL, point),
                (NeedKind.DEMENTIA_CARE, centre),
                (NeedKind.HOME_VISIT, carer),
            ):
                proposal = assignments.propose(session, resident, kind, provider, actor="测试")
                assignments.confirm(session, proposal, "测试")
        assignments.propose(session, residents[3], NeedKind.MEAL, point, actor="测试")
        return Registry(
            served=[r.id for r in residents[:3]],
            proposed_only=residents[3].id,
            long_name=residents[2].id,
            ids={r.id: r.citizen_id for r in residents},
        )


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: Path) -> list[Word]:
    """Every word with its box in points, y down from the page top (pdftotext -bbox)."""
    html = tool("pdftotext", "-bbox", str(pdf), "-")
    found = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            found.append(Word(page, unescape(match.group(5)), x0, y0, x1, y1))
    return found


def card_cell(x: float, y_from_top: float) -> tuple[int, int] | None:
    """(row, column) of the card slot holding this point, or None in the page margin."""
    y = PAGE_SIZE[1] - y_from_top
    column = int((x - GRID_LEFT) // CARD_WIDTH)
    row = ROWS - 1 - int((y - GRID_BOTTOM) // CARD_HEIGHT)
    if 0 <= column < COLUMNS and 0 <= row < ROWS and x >= GRID_LEFT and y >= GRID_BOTTOM:
        return row, column
    return None


def assert_nothing_overflows(pdf: Path) -> None:
    tolerance = 0.2
    for word in words(pdf):
        start = card_cell(word.x0 + tolerance, word.y0 + tolerance)
        end = card_cell(word.x1 - tolerance, word.y1 - tolerance)
        assert start == end, f"{word.text!r} on page {word.page} crosses a card edge"
        if start is not None:
            x0 = GRID_LEFT + start[1] * CARD_WIDTH
            top = PAGE_SIZE[1] - GRID_BOTTOM - ROWS * CARD_HEIGHT + start[0] * CARD_HEIGHT
            # Nothing in the 2 mm next to the cut: a slightly wrong cut must not take letters off.
            assert word.x0 >= x0 + 2 * mm and word.x1 <= x0 + CARD_WIDTH - 2 * mm, word
            assert word.y0 >= top + 1 * mm - tolerance and word.y1 <= top + CARD_HEIGHT - 1 * mm, word


def test_cli_prints_cards_of_residents_with_confirmed_services(
    sqlite_store: Store, db_url: str, tmp_path: Path
) -> None:
    registry = build_registry(sqlite_store)
    out = tmp_path / "cards.pdf"
    assert main(["--db", db_url, "print", "cards", "--out", str(out)]) == 0
    for row in tool("pdffonts", str(out)).splitlines()[2:]:
        assert row.split()[-5:-3] == ["yes", "yes"], row
    assert "595.276 x 841.89 pts (A4)" in tool("pdfinfo", str(out))
    text = "".join(flat_pages(out))
    for name in ("沈秀英", "张建国", "南浔村老年食堂", "13800001111", "王桂英", "南浔镇居家养老服务照料中心"):
        assert name in text
    assert "李阿毛" not in text, "a resident with only a proposal gets no card"
    assert "陈根生" not in text
    for resident_id in registry.served:
        full = registry.ids[resident_id]
        assert full not in text
        assert mask_citizen_id(full) in text
    assert_nothing_overflows(out)


def test_cards_are_85_6_by_54_mm_and_eight_to_a_page(sqlite_store: Store, tmp_path: Path) -> None:
    many = [
        CardData(uuid.uuid4(), f"测试{n}", "330503********0000", (CardService("助餐·堂食", "食堂", "1"),), "", "")
        for n in range(9)
    ]
    out = write_cards(tmp_path / "c.pdf", many, STATION)
    assert "Pages:           2" in tool("pdfinfo", str(out))
    dpi = 254  # 10 pixels a millimetre
    tool("pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(out), str(tmp_path / "page"))
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None

    def red(x: int, y: int) -> bool:
        r, g, b = pixels[x, y]
        return r > 150 and g < 90 and b < 90

    # The red bands run the full card width; two cards side by side make one 171.2 mm strip.
    column_x = round(GRID_LEFT / PT_PER_MM * 10) + 10  # 1 mm inside the left edge, where no text is
    band_rows = [y for y in range(height) if red(column_x, y)]
    tops = [y for y in band_rows if y - 1 not in band_rows]
    assert len(tops) == ROWS
    gaps = [b - a for a, b in itertools.pairwise(tops)]
    assert all(abs(gap - 540) <= 2 for gap in gaps), gaps
    strip = [x for x in range(width) if red(x, tops[0] + 5)]
    assert abs(len(strip) - 2 * 856) <= 3, len(strip)
    assert abs(strip[0] - round(GRID_LEFT / PT_PER_MM * 10)) <= 2


def test_qr_codes_decode_to_the_registry_uuids(sqlite_store: Store, tmp_path: Path) -> None:
    registry = build_registry(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_cards(session, tmp_path / "cards.pdf", two_sided=True)
    assert "Pages:           2" in tool("pdfinfo", str(out))
    # 300 dpi is what an office printer gives; zbar reads the codes at that resolution.
    decoded = scan_cards(out, 2, tmp_path)
    assert sorted(decoded) == sorted(str(i) for i in registry.served)


def test_one_sided_front_carries_the_qr_code_and_emergency_contact(sqlite_store: Store, tmp_path: Path) -> None:
    registry = build_registry(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_cards(session, tmp_path / "cards.pdf", resident_ids=[registry.served[0]])
    text = flat_pages(out)[0]
    assert "紧急联系人：家属0" in text
    assert scan_cards(out, 1, tmp_path) == [str(registry.served[0])]


def test_two_sided_backs_land_behind_their_fronts(sqlite_store: Store, tmp_path: Path) -> None:
    registry = build_registry(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_cards(session, tmp_path / "cards.pdf", two_sided=True, township="南浔镇")
    found = words(out)
    for resident_id in registry.served:
        n = list(registry.ids).index(resident_id)
        front = next(w for w in found if w.page == 1 and mask_citizen_id(registry.ids[resident_id]) in w.text)
        back = next(w for w in found if w.page == 2 and f"家属{n}" in w.text)
        front_slot, back_slot = card_cell(front.x0, front.y0), card_cell(back.x0, back.y0)
        assert front_slot is not None and back_slot is not None
        # Long-edge duplex turns the sheet over left to right: column 0's back is printed in column 1.
        assert back_slot == (front_slot[0], COLUMNS - 1 - front_slot[1])
    text = flat_pages(out)[1]
    assert "请随身携带本卡" in text and STATION.phone in text
    assert_nothing_overflows(out)


def test_extreme_names_and_many_services_stay_inside_the_card(tmp_path: Path) -> None:
    long_provider = "南浔区南浔镇居家养老服务照料中心第二分中心（原南浔镇敬老院）"
    extreme = [
        CardData(
            uuid.uuid4(),
            "欧阳娜娜木格其其格·阿依古丽·买买提江·艾力·司马长风" * 2,
            "330503********123X",
            tuple(
                CardService("上门服务（周一、周二、周三、周四、周五、周六、周日）", long_provider, "0572-30123456")
                for _ in range(12)
            ),
            "欧阳娜娜木格其其格·阿依古丽·买买提江·艾力" * 2,
            "13611112222",
        ),
        CardData(uuid.uuid4(), "王", "330503********0001", (), "", ""),
        CardData(uuid.uuid4(), "W" * 80, "330503********0002", (CardService("M" * 60, "W" * 90, "9" * 40),), "", ""),
    ]
    station = StationInfo(
        "浙江省湖州市南浔区南浔镇人瑞路社区居家养老服务中心暨社会工作服务站" * 2, "0572-3012345", "很长的地址" * 20
    )
    for two_sided in (False, True):
        out = write_cards(tmp_path / f"x{two_sided}.pdf", extreme, station, two_sided=two_sided)
        assert_nothing_overflows(out)
        text = "".join(flat_pages(out))
        assert "另有" in text, "hidden services must be counted on the card"
    decoded = scan_cards(out, 2, tmp_path)
    assert sorted(decoded) == sorted(str(card.resident_id) for card in extreme)


def test_resident_without_a_service_gets_a_card_that_says_so(sqlite_store: Store, tmp_path: Path) -> None:
    registry = build_registry(sqlite_store)
    with sqlite_store.reading() as session:
        out = render_cards(session, tmp_path / "one.pdf", resident_ids=[registry.proposed_only])
    text = flat_pages(out)[0]
    assert "李阿毛" in text and "服务安排确认后" in text
    assert "南浔村老年食堂" not in text, "a proposal is not printed on a card"


def test_unknown_township_and_empty_selection_are_clerk_errors(
    sqlite_store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_store.reading() as session, pytest.raises(UserInputError):
        render_cards(session, tmp_path / "none.pdf")
    build_registry(sqlite_store)
    assert main(["--db", db_url, "print", "cards", "--township", "不存在镇", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "不存在镇" in capsys.readouterr().err
    assert main(["--db", db_url, "print", "cards", "--out", str(tmp_path / "x.txt")]) == 1
    assert not list(tmp_path.glob("x.*"))


def test_cancel_stops_and_leaves_no_file(tmp_path: Path) -> None:
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        token.cancel()

    cards = [CardData(uuid.uuid4(), f"测试{n}", "330503********0000", (), "", "") for n in range(20)]
    with pytest.raises(Cancelled):
        write_cards(tmp_path / "c.pdf", cards, STATION, progress=progress, cancel=token)
    assert seen == [(8, 20)]
    assert list(tmp_path.iterdir()) == []


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("Nd", "Lu", "Lo")), min_size=0, max_size=40))
@settings(max_examples=100, deadline=None)
def test_masking_keeps_first_six_and_last_four(number: str) -> None:
    masked = mask_citizen_id(number)
    assert len(masked) == len(number.strip())
    if len(number) > 10:
        assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
        assert set(masked[6:-4]) <= {"*"}
    assert masked.count("*") >= max(0, len(number) - 10)


@given(
    st.text(alphabet="王秀英南浔镇 0123456789-，。abcXYZ（）", min_size=0, max_size=120),
    st.floats(min_value=4.5, max_value=14),
    st.floats(min_value=20, max_value=240),
)
@settings(max_examples=200, deadline=None)
def test_wrapped_lines_fit_and_keep_every_visible_character(text: str, size: float, width: float) -> None:
    lines = wrap(text, size, width, indent=6)
    for number, line in enumerate(lines):
        room = width - (6 if number else 0)
        assert measure(line, size) <= room + 1e-6 or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_every_code_of_a_full_sheet_decodes_with_the_fixed_mask(tmp_path: Path) -> None:
    cards = [CardData(uuid.uuid4(), f"测试{n}", "330503********0000", (), "", "") for n in range(16)]
    out = write_cards(tmp_path / "c.pdf", cards, STATION, two_sided=True)
    decoded = scan_cards(out, 2, tmp_path) + scan_cards(out, 4, tmp_path)
    assert sorted(decoded) == sorted(str(card.resident_id) for card in cards)


def test_english_cards(sqlite_store: Store, db_url: str, tmp_path: Path) -> None:
    build_registry(sqlite_store)
    out = tmp_path / "en.pdf"
    assert main(["--db", db_url, "--lang", "en", "print", "cards", "--two-sided", "--out", str(out)]) == 0
    front, back = flat_pages(out)
    assert "Careservicecard" in front and "Meals,delivered" in front and "Meals,dine-in" in front
    assert "Emergencycontact:" in back and "Keepthiscardwithyou" in back


def test_station_logo_on_every_card_embedded_once_and_a_broken_logo_is_skipped(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (48, 48), (255, 255, 255)).save(logo)
    cards = [CardData(uuid.uuid4(), f"测试{n}", "330503********0000", (), "", "") for n in range(8)]
    station = StationInfo(STATION.name, STATION.phone, STATION.address, logo)
    out = write_cards(tmp_path / "logo.pdf", cards, station, two_sided=True)
    listed = tool("pdfimages", "-list", str(out)).splitlines()[2:]
    assert len(listed) == 16, "drawn on every front and back"
    assert len({line.split()[10] for line in listed}) == 1, "one image object shared by all"
    assert_nothing_overflows(out)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    out = write_cards(tmp_path / "b.pdf", cards, StationInfo(STATION.name, logo=broken))
    assert tool("pdfimages", "-list", str(out)).splitlines()[2:] == []
