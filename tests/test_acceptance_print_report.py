"""Acceptance: printed PDFs (DESIGN §6) and the bureau's figures (DESIGN §7) on a county of our own."""

from __future__ import annotations

import itertools
import math
import re
import sqlite3
import subprocess
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from test_acceptance_kit import (
    CAREGIVERS,
    CENTRES,
    MEAL_POINTS,
    VILLAGES,
    build_county,
    caregiver_where,
    cli_json,
    eligible,
    metres,
    needs_of,
    run_cli,
)

MM = 72 / 25.4
CARD_W, CARD_H = 85.6 * MM, 54 * MM
AS_OF = "2026-06-15"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("print")
    county = build_county(folder)
    matched = cli_json(county.db, "match", "--auto", "--confirm", "--as-of", AS_OF)
    pdfs = {}
    for what in ("cards", "sheets", "report"):
        out = folder / f"{what}.pdf"
        done = run_cli(county.db, "print", what, "--out", str(out))
        assert done.returncode == 0, done.stderr
        pdfs[what] = out
    out = folder / "cards-白水乡.pdf"
    done = run_cli(county.db, "print", "cards", "--out", str(out), "--township", "白水乡")
    assert done.returncode == 0, done.stderr
    pdfs["cards-白水乡"] = out
    return {"county": county, "matched": matched, "pdfs": pdfs, "folder": folder}


def pdftext(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def card_holders(printed: dict[str, Any], township: str | None = None) -> dict[str, Any]:
    """People with a confirmed assignment (those who get a card), by citizen ID."""
    people = {p.cid: p for p in printed["county"].people}
    holders = {people[a["resident"]].cid: people[a["resident"]] for a in printed["matched"]["assignments"]}
    return {cid: p for cid, p in holders.items() if township is None or p.township == township}


@pytest.mark.parametrize("what", ["cards", "sheets", "report", "cards-白水乡"])
def test_every_font_is_embedded(printed: dict[str, Any], what: str) -> None:
    listing = subprocess.run(["pdffonts", str(printed["pdfs"][what])], capture_output=True, text=True, check=True)
    fonts = listing.stdout.splitlines()[2:]
    assert fonts, listing.stdout
    for line in fonts:
        emb = line.split()[-5]  # columns from the right: object ID (2), uni, sub, emb
        assert emb == "yes", line


def test_cards_carry_names_and_masked_ids_never_full_ones(printed: dict[str, Any]) -> None:
    text = pdftext(printed["pdfs"]["cards"])
    holders = card_holders(printed)
    assert holders
    for cid, person in holders.items():
        assert person.name in text
        assert f"{cid[:6]}********{cid[-4:]}" in text
    for person in printed["county"].people:
        assert person.cid not in text.replace(" ", "")
    assert pages(printed["pdfs"]["cards"]) == math.ceil(len(holders) / 8)


def test_cards_are_85_6_by_54_mm_eight_to_an_a4_page(printed: dict[str, Any]) -> None:
    box = pdftext(printed["pdfs"]["cards"], "-bbox", "-f", "1", "-l", "1")
    assert 'width="595.' in box and 'height="841.' in box
    names = [p.name for p in card_holders(printed).values()]
    spots = sorted(
        (round(float(y), 1), round(float(x), 1))
        for x, y, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', box)
        if word in names
    )
    assert len(spots) == min(8, len(names))
    xs = sorted({x for _, x in spots})
    ys = sorted({y for y, _ in spots})
    assert len(xs) == 2 and xs[1] - xs[0] == pytest.approx(CARD_W, abs=0.6)
    assert all(b - a == pytest.approx(CARD_H, abs=0.6) for a, b in itertools.pairwise(ys))


def test_each_card_qr_carries_that_residents_uuid(printed: dict[str, Any]) -> None:
    folder: Path = printed["folder"]
    db = sqlite3.connect(printed["county"].db)
    ids = {cid: uuid.UUID(str(rid)) for rid, cid in db.execute("select id, citizen_id from residents")}
    db.close()
    by_name = {p.name: p.cid for p in card_holders(printed).values()}
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(printed["pdfs"]["cards"]), str(folder / "qr")],
        check=True,
    )
    image = Image.open(next(folder.glob("qr-*1.png")))
    box = pdftext(printed["pdfs"]["cards"], "-bbox", "-f", "1", "-l", "1")
    scale = 150 / 72
    checked = 0
    for x, y, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', box):
        if word not in by_name:
            continue
        left, top = float(x) - 6, float(y) - 25  # the name sits near the card's top-left corner
        crop = image.crop(
            (int(left * scale), int(top * scale), int((left + CARD_W - 4) * scale), int((top + CARD_H - 4) * scale))
        )
        path = folder / f"card-{checked}.png"
        crop.save(path)
        read = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True)
        payloads = read.stdout.split()
        assert len(payloads) == 1, (word, payloads)
        assert uuid.UUID(payloads[0]) == ids[by_name[word]], word
        checked += 1
    assert checked == min(8, len(by_name))


def test_cards_for_one_township_only(printed: dict[str, Any]) -> None:
    text = pdftext(printed["pdfs"]["cards-白水乡"])
    inside, outside = card_holders(printed, "白水乡"), card_holders(printed, "青山镇")
    assert inside and outside
    assert all(p.name in text for p in inside.values())
    assert not any(f"{cid[:6]}********{cid[-4:]}" in text for cid in outside)


def test_sheets_number_their_pages_and_list_clients(printed: dict[str, Any]) -> None:
    path = printed["pdfs"]["sheets"]
    numbers = []
    for page in range(1, pages(path) + 1):
        found = re.findall(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页", pdftext(path, "-f", str(page), "-l", str(page)))
        assert len(found) == 1, page
        numbers.append((int(found[0][0]), int(found[0][1])))
    # Numbered through the whole file, or afresh for each provider's section: 1..M, then 1..M' ...
    expected_n = 1
    for n, m in numbers:
        assert n == expected_n and n <= m, numbers
        expected_n = 1 if n == m else n + 1
    assert expected_n == 1, numbers
    text = pdftext(path).replace(" ", "")
    names = {row[0]: row[1] for row in CENTRES + MEAL_POINTS + CAREGIVERS}
    people = {p.cid: p for p in printed["county"].people}
    for item in printed["matched"]["assignments"]:
        if item["kind"] != "home_visit":  # home visits are listed on the caregiver's service days
            assert names[item["provider"]] in text and people[item["resident"]].name in text, item
    for person in printed["county"].people:
        assert person.cid not in text


def test_report_pdf_names_the_townships(printed: dict[str, Any]) -> None:
    text = pdftext(printed["pdfs"]["report"])
    assert "青山镇" in text and "白水乡" in text


# --- DESIGN §7 figures, recomputed from the sheets --------------------------------------------------------
SENIOR = {"三级/高级工", "二级/技师", "一级/高级技师"}


def expected_figures(township: str | None) -> dict[str, tuple[int, int]]:
    villages = [(v, lon, lat) for (t, v), (lon, lat, _) in VILLAGES.items() if township in (None, t)]
    elderly = sum(pop for (t, _), (_, _, pop) in VILLAGES.items() if township in (None, t))

    def reached(lon: float, lat: float) -> bool:
        for _c, _n, _t, _v, plon, plat, _cap, dine, delivers, deliver_km, *_ in MEAL_POINTS:
            d = metres(lon, lat, plon, plat)
            if d <= dine * 1000 or (delivers == "是" and d <= deliver_km * 1000):
                return True
        return False

    beds = sum(row[9] for row in CENTRES if township in (None, row[3]))
    carers = [row for row in CAREGIVERS if township in (None, row[6])]
    return {
        "meal_coverage": (sum(reached(lon, lat) for _, lon, lat in villages), len(villages)),
        "dementia_beds_per_10k": (beds, elderly),
        "caregivers_per_10k": (len(carers), elderly),
        "caregivers_double_certified": (sum(row[4] == "是" for row in carers), len(carers)),
        "caregivers_senior": (sum(row[3] in SENIOR for row in carers), len(carers)),
    }


@pytest.fixture(scope="module")
def report(printed: dict[str, Any]) -> dict[str, Any]:
    return cli_json(printed["county"].db, "report", "--as-of", AS_OF)


@pytest.mark.parametrize("township", [None, "青山镇", "白水乡"])
def test_report_figures_agree_with_the_sheets(report: dict[str, Any], township: str | None) -> None:
    figures = report["figures"]
    block = figures["total"] if township is None else next(t for t in figures["townships"] if t["township"] == township)
    for key, (numerator, denominator) in expected_figures(township).items():
        got = block["figures"][key]
        assert (got["numerator"], got["denominator"]) == (numerator, denominator), key
        scale = 10_000 if key.endswith("per_10k") else 100
        assert got["value"] == pytest.approx(scale * numerator / denominator, rel=1e-12), key


def test_report_counts_needs_and_residents(report: dict[str, Any], printed: dict[str, Any]) -> None:
    people = printed["county"].people
    total = report["figures"]["total"]
    matched = Counter(a["kind"] for a in printed["matched"]["assignments"])
    for kind in ("meal", "dementia_care", "home_visit"):
        needs = total["needs"][kind]
        assert needs["total"] == len(needs_of(people, kind)), kind
        assert needs["confirmed_or_active"] == matched[kind], kind
        assert needs["open"] == needs["total"] - matched[kind], kind
    assert total["residents_by_ability"] == {k: v for k, v in Counter(p.ability for p in people).items()} | {
        k: 0
        for k in ("能力完好", "轻度失能", "中度失能", "重度失能", "完全失能")
        if k not in {p.ability for p in people}
    }
    assert {k: v for k, v in total["residents_by_assistance"].items() if v} == dict(
        Counter(p.assistance for p in people)
    )
    assert report["counts"]["residents"] == len(people)
    assert report["assignments_by_status"]["confirmed"] == len(printed["matched"]["assignments"])


def test_open_needs_by_reason_add_up(report: dict[str, Any]) -> None:
    for block in [report["figures"]["total"], *report["figures"]["townships"]]:
        for kind, needs in block["needs"].items():
            assert sum(needs["open_by_reason"].values()) == needs["open"], (block["township"], kind)


@pytest.mark.parametrize("kind", ["meal", "dementia_care"])
def test_villages_no_provider_reaches_and_the_best_new_site(
    report: dict[str, Any], printed: dict[str, Any], kind: str
) -> None:
    as_of = date.fromisoformat(AS_OF)
    confirmed = {(a["resident"], a["kind"]) for a in printed["matched"]["assignments"]}
    unreached = [
        p for p in needs_of(printed["county"].people, kind) if (p.cid, kind) not in confirmed and not reach(p, kind)
    ]
    by_village: dict[tuple[str, str], list[int]] = {}
    for person in unreached:
        by_village.setdefault((person.township, person.village), []).append(person.weight(as_of))
    expected = sorted(
        ({"township": t, "village": v, "needs": len(w), "weighted": sum(w)} for (t, v), w in by_village.items()),
        key=lambda item: -item["weighted"],
    )
    got = report["capacity"][kind]["unreached_villages"]
    assert [{k: g[k] for k in ("township", "village", "needs", "weighted")} for g in got] == expected or (
        sorted(got, key=lambda g: (-g["weighted"], g["village"])) == got
        and {(g["township"], g["village"], g["needs"], g["weighted"]) for g in got}
        == {(e["township"], e["village"], e["needs"], e["weighted"]) for e in expected}
    )
    radius_m = report["capacity"][kind]["radius_km"]["default"] * 1000
    best = max(
        sum(p.weight(as_of) for p in unreached if metres(*p.where, lon, lat) <= radius_m)
        for lon, lat, _ in VILLAGES.values()
    )
    first = report["capacity"][kind]["choices"][0]
    assert first["k"] == 1 and first["covered_weight"] == best


def reach(person: Any, kind: str) -> bool:
    """Some provider's radius reaches the person, whatever its room (DESIGN §7 'no provider reaches')."""
    return bool(eligible(person, kind))


def test_cards_name_each_service_provider_and_phone(printed: dict[str, Any]) -> None:
    text = re.sub(r"\s+", "", pdftext(printed["pdfs"]["cards"]))
    providers = {row[0]: (row[1], row[-1]) for row in CENTRES + MEAL_POINTS} | {
        row[0]: (row[1], row[2]) for row in CAREGIVERS
    }
    for item in printed["matched"]["assignments"]:
        name, phone = providers[item["provider"]]
        assert name in text and phone in text, item
    assert "发卡日期" in text or re.search(r"20\d\d年\d{1,2}月\d{1,2}日", text)


def why_open(person: Any, kind: str) -> str:
    """The reason DESIGN §4 names for an unmatched need, checked in the order a clerk would ask."""
    lon, lat = person.where
    if kind in ("meal", "dementia_care"):  # every centre here has dementia beds: reach alone decides
        return "providers_full" if eligible(person, kind) else "no_provider_in_range"
    in_range = [row for row in CAREGIVERS if metres(lon, lat, *caregiver_where(row)) <= row[10] * 1000]
    wanted = set(person.skills) | ({"认知照护"} if person.dementia else set())
    skilled = [row for row in in_range if wanted <= set(row[5].split("、"))]
    enough_days = [row for row in skilled if len(row[12].split("、")) >= person.visits]
    if not in_range:
        return "no_provider_in_range"
    if not skilled:
        return "no_skilled_provider"
    if not enough_days:
        return "too_few_days"
    return "providers_full"


def test_open_needs_carry_the_right_reason(report: dict[str, Any], printed: dict[str, Any]) -> None:
    confirmed = {(a["resident"], a["kind"]) for a in printed["matched"]["assignments"]}
    for kind in ("meal", "dementia_care", "home_visit"):
        still_open = [p for p in needs_of(printed["county"].people, kind) if (p.cid, kind) not in confirmed]
        expected = Counter(why_open(p, kind) for p in still_open)
        assert report["figures"]["total"]["needs"][kind]["open_by_reason"] == dict(expected), kind
    texts: dict[str, set[str]] = {}
    people = {p.cid: p for p in printed["county"].people}
    for item in printed["matched"]["unassigned"]:
        texts.setdefault(why_open(people[item["resident"]], item["kind"]), set()).add(item["reason"])
    for one, other in itertools.combinations(texts, 2):
        assert not texts[one] & texts[other], (one, other)
