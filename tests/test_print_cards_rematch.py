"""A service whose assignment is flagged for re-matching is marked on the card (【待调整】, in red)
and beside the client's name on the provider's assignment sheet."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from carematch.core import assignments
from carematch.core.db import Store
from carematch.core.enums import NeedKind, Sex
from carematch.core.models import MealPoint, Resident, Township
from carematch.core.printing.cards import render_cards
from carematch.core.printing.sheets import render_sheets
from carematch.core.validation import citizen_id_check_digit


def citizen_id(n: int) -> str:
    body = f"33050319400101{n:03d}"
    return body + citizen_id_check_digit(body)


def card_text(pdf: Path, lang_mark: str) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split()) if lang_mark == "zh" else " ".join(text.split())


def test_a_flagged_service_is_marked_and_the_others_are_not(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store, store.unit_of_work(actor="测试") as session:
        session.add(Township(name="南浔镇", lon=120.42, lat=30.87))
        points = []
        for code, name in (("ZC0001", "东村老年食堂"), ("ZC0002", "西村老年食堂")):
            point = MealPoint(code=code, name=name, daily_capacity=10, phone="13800001111")
            point.township, point.lon, point.lat = "南浔镇", 120.42, 30.87
            points.append(point)
        residents = [
            Resident(
                citizen_id=citizen_id(n),
                name=name,
                sex=Sex.FEMALE,
                birth_date=dt.date(1940, 1, 1),
                township="南浔镇",
                lon=120.42,
                lat=30.87,
                need_meal=True,
            )
            for n, name in enumerate(("沈秀英", "张桂英"))
        ]
        session.add_all([*points, *residents])
        session.flush()
        for resident, point in zip(residents, points, strict=True):
            proposal = assignments.propose(session, resident, NeedKind.MEAL, point, actor="测试")
            assignments.confirm(session, proposal, "测试")
        flagged = assignments.flag_for_rematch(session, points[1], "西村老年食堂停办")
        assert [a.resident_id for a in flagged] == [residents[1].id]

        kept, moving = tmp_path / "kept.pdf", tmp_path / "moving.pdf"
        render_cards(session, kept, resident_ids=[residents[0].id])
        render_cards(session, moving, resident_ids=[residents[1].id])
        english = render_cards(session, tmp_path / "moving-en.pdf", resident_ids=[residents[1].id], lang="en")
        sheets = render_sheets(session, tmp_path / "sheets.pdf", provider_ids=[p.id for p in points])

    assert "东村老年食堂" in card_text(kept, "zh") and "待调整" not in card_text(kept, "zh")
    assert "西村老年食堂13800001111【待调整】" in card_text(moving, "zh")
    assert "[to be changed]" in card_text(english, "en")
    sheet_text = card_text(sheets, "zh")
    assert "张桂英【待调整】" in sheet_text and "沈秀英【待调整】" not in sheet_text and "沈秀英" in sheet_text
