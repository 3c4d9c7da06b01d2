"""carematch report (JSON, text, Excel) and the coverage report PDF, on the hand-made county."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from carematch.cli.main import main
from carematch.core.db import Store
from carematch.core.models import CoverageSnapshot
from carematch.core.printing.report import render_coverage_report
from tests.test_coverage_figures import build_county


@pytest.fixture
def county_db(tmp_path: Path) -> str:
    db = str(tmp_path / "county.sqlite")
    with Store(db) as store, store.unit_of_work() as session:
        build_county(session)
    return db


def test_report_json_keeps_the_counts_and_adds_every_figure(county_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", county_db, "report", "--json", "--as-of", "2026-11-15"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"counts", "assignments_by_status", "as_of", "figures", "capacity"} <= set(data)
    assert data["counts"]["villages"] == 7 and data["counts"]["residents"] == 5
    assert data["assignments_by_status"]["proposed"] == 1
    total = data["figures"]["total"]
    assert total["figures"]["meal_coverage"] == {
        "value": 80.0,
        "numerator": 4,
        "denominator": 5,
        "unit": "percent",
        "target_low": 90.0,
        "target_high": None,
        "meets_target": False,
        "last_month": None,
    }
    assert set(total["figures"]) == {
        "meal_coverage",
        "meal_coverage_dine_in",
        "meal_coverage_delivery",
        "dementia_beds_per_10k",
        "caregivers_per_10k",
        "caregivers_double_certified",
        "caregivers_senior",
    }
    assert total["needs"]["meal"]["open_by_reason"] == {"no_provider_in_range": 1, "not_matched_yet": 1}
    assert total["residents_by_ability"]["完全失能"] == 1
    assert [t["township"] for t in data["figures"]["townships"]] == ["乙乡", "甲镇"]
    meal = data["capacity"]["meal"]
    assert meal["choices"][0]["sites"][0]["village"] == "B2村"
    assert meal["choices"][0]["effect"]["after"] == 100.0
    assert set(data["capacity"]) == {"meal", "dementia_care", "home_visit"}


def test_report_all_open_plans_for_room(county_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", county_db, "report", "--json", "--all-open", "--as-of", "2026-11-15"]) == 0
    meal = json.loads(capsys.readouterr().out)["capacity"]["meal"]
    assert (meal["include_reached"], meal["demand_needs"], meal["demand_weight"]) == (True, 2, 3)
    assert main(["--db", county_db, "report", "--all-open", "--as-of", "2026-11-15"]) == 0
    assert "== 助餐：待匹配需求（含范围内已满或缺技能） 2 项（加权 3）==" in capsys.readouterr().out


def test_report_text_reads_in_chinese_and_english(county_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", county_db, "report", "--as-of", "2026-11-15"]) == 0
    text = capsys.readouterr().out
    assert "助餐服务覆盖率：80.0% (4/5)  目标 ≥ 90% 未达标  上月 —" in text
    assert "== 甲镇 ==" in text and "乙乡B2村：1 项，加权 2" in text
    assert "新增 1 处：乙乡B2村" in text
    assert main(["--db", county_db, "report", "--lang", "en", "--township", "乙乡", "--as-of", "2026-11-15"]) == 0
    english = capsys.readouterr().out
    assert "Dementia-care beds per 10,000 elderly: 25.0 (10/4000)  target ≥ 20 meets target" in english
    assert "== 甲镇 ==" not in english


def test_report_writes_this_months_snapshot(county_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", county_db, "report", "--json"]) == 0
    month = json.loads(capsys.readouterr().out)["figures"]["month"]
    with Store(county_db) as store, store.reading() as session:
        rows = session.query(CoverageSnapshot).filter_by(month=month).all()
    assert len(rows) == 3 * 7
    assert {r.scope for r in rows} == {"", "甲镇", "乙乡"}


def test_report_exports_the_figures_to_excel(
    county_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.xlsx"
    assert main(["--db", county_db, "report", "--xlsx", str(out), "--as-of", "2026-11-15"]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["指标", "服务需求", "老年人", "待覆盖村", "建议选址"]
    rows = list(book["指标"].iter_rows(values_only=True))
    assert rows[0][:4] == ("乡镇(街道)", "村数", "老年人口", "助餐服务覆盖率(%)")
    assert rows[1][:4] == ("全部合计", 5, 6200, 80.0)
    assert rows[1][5] == "—"
    sites = list(book["建议选址"].iter_rows(values_only=True))
    assert sites[1][:3] == ("助餐", 1, "乙乡B2村")


def test_an_unknown_township_is_one_line_exit_1(county_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", county_db, "report", "--township", "不存在镇"]) == 1
    assert capsys.readouterr().err == "carematch: 地名库里没有乡镇(街道)“不存在镇”\n"
    with pytest.raises(SystemExit) as usage:
        main(["--db", county_db, "report", "--care-radius", "far"])
    assert usage.value.code == 2
    assert "半径应为公里数" in capsys.readouterr().err


def pdf_text(path: Path) -> str:
    """The PDF's text with all white space removed (pdftotext's spacing depends on the layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_the_pdf_reads_back_with_figures_charts_and_page_numbers(county_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    with Store(county_db) as store, store.reading() as session:
        assert render_coverage_report(session, out) == out
    text = pdf_text(out)
    assert "养老服务覆盖情况统计报告" in text
    assert "助餐服务覆盖率80.0%4/5≥90%未达标—" in text  # figure, fraction, target, verdict, last month
    assert "每万老人认知障碍照护床位（张/万人）" in text  # chart title
    assert "目标20" in text and "目标18" in text and "目标25" in text  # target lines
    assert "服务需求：已匹配与待匹配（项）" in text  # the stacked needs chart
    assert "乙乡B2村" in text
    assert "第1页/共4页" in text and "第4页/共4页" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_the_pdf_for_one_township_in_english(county_db: str, tmp_path: Path) -> None:
    out = tmp_path / "yi.pdf"
    with Store(county_db) as store, store.reading() as session:
        render_coverage_report(session, out, township="乙乡", lang="en")
    text = pdf_text(out)
    assert "Elderly-carecoveragereport·乙乡" in text
    assert "1.Mainfigures(乙乡)" in text
    assert "Pageweighted" not in text and "Page1of" in text


def test_print_report_command_writes_the_pdf(county_db: str, tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    assert main(["--db", county_db, "print", "report", "--out", str(out), "--township", "甲镇"]) == 0
    assert "甲镇" in pdf_text(out)


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
def test_radius_options_accept_0_to_100_km_only(value: float) -> None:
    import argparse

    from carematch.cli.cmd_report import _km

    text = repr(value)
    if 0 <= value <= 100:
        assert _km(text) == value
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            _km(text)


@given(st.text(max_size=12))
def test_radius_options_refuse_words_in_words(text: str) -> None:
    import argparse

    from carematch.cli.cmd_report import _km

    try:
        value = float(text)
    except ValueError:
        with pytest.raises(argparse.ArgumentTypeError, match="半径"):
            _km(text)
    else:
        if value == value and 0 <= value <= 100:
            assert _km(text) == value
