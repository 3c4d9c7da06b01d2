"""The bureau's report: registry counts, the §7 figures and where to add capacity.

`summary` keeps the original counts ("counts", "assignments_by_status"); `build_report` adds the
coverage figures (carematch.core.coverage) and the site suggestions; `report_lines` is the
readable text of the command line and `write_xlsx` the Excel export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carematch.core import coverage
from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.coverage.definitions import DEFINITIONS, PERCENT, FigureDefinition
from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, NeedKind
from carematch.core.errors import Lang, UserInputError, msg, pick
from carematch.core.models import (
    Assignment,
    CareCentre,
    Caregiver,
    MealPoint,
    Record,
    Resident,
    Township,
    Village,
)

COUNTED: dict[str, type[Record]] = {
    "residents": Resident,
    "care_centres": CareCentre,
    "meal_points": MealPoint,
    "caregivers": Caregiver,
    "townships": Township,
    "villages": Village,
    "assignments": Assignment,
}

COUNT_LABELS = {
    "residents": ("老年人", "Residents"),
    "care_centres": ("照护机构", "Care centres"),
    "meal_points": ("助餐点", "Meal points"),
    "caregivers": ("护理员", "Caregivers"),
    "townships": ("乡镇(街道)", "Townships"),
    "villages": ("村(社区)", "Villages"),
    "assignments": ("派单", "Assignments"),
}

PLANNED_KINDS = (NeedKind.MEAL, NeedKind.DEMENTIA_CARE, NeedKind.HOME_VISIT)
SITE_WORDS = {
    NeedKind.MEAL: ("助餐点", "meal point"),
    NeedKind.DEMENTIA_CARE: ("认知障碍照护点", "dementia-care place"),
    NeedKind.HOME_VISIT: ("上门服务站点", "home-visit base"),
}


def registry_counts(session: Session) -> dict[str, int]:
    """Live (not deleted) records of every type."""
    return {
        key: session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0
        for key, model in COUNTED.items()
    }


def assignment_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Assignment.status, func.count()).where(Assignment.deleted_at.is_(None)).group_by(Assignment.status)
    ).all()
    counts = {str(status.value): 0 for status in AssignmentStatus}
    counts.update({str(status.value): n for status, n in rows})
    return counts


def summary(session: Session) -> dict[str, Any]:
    return {"counts": registry_counts(session), "assignments_by_status": assignment_counts(session)}


@dataclass(frozen=True)
class Report:
    counts: dict[str, int]
    assignments_by_status: dict[str, int]
    figures: coverage.Figures
    plans: tuple[coverage.SitePlan, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "assignments_by_status": self.assignments_by_status,
            "as_of": self.figures.as_of.isoformat(),
            "figures": self.figures.to_dict(),
            "capacity": {plan.kind.value: plan.to_dict() for plan in self.plans},
        }


def build_report(
    session: Session,
    *,
    as_of: dt.date | None = None,
    k_max: int = 5,
    radii: coverage.SiteRadii | None = None,
    save: bool = True,
    include_reached: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Report:
    """Counts, figures and site suggestions; with `save`, this month's figures are kept as a snapshot.

    `include_reached` plans sites for every open need (room), not only those no provider reaches.

    Never commits: the caller's unit of work keeps (or drops) the snapshot.
    """
    cancel = cancel or CancelToken()
    steps = 1 + len(PLANNED_KINDS)
    progress(0, steps)
    from carematch.core.matching import open_needs

    as_of = as_of or dt.date.today()
    needs = open_needs(session, as_of=as_of)
    computed = coverage.figures(session, as_of, needs=needs)
    progress(1, steps)
    radii = radii or coverage.SiteRadii.from_settings(session)
    plans = []
    for n, kind in enumerate(PLANNED_KINDS, start=2):
        cancel.raise_if_cancelled()
        plans.append(
            coverage.suggest_sites(
                session,
                kind,
                k_max,
                as_of=as_of,
                radii=radii,
                include_reached=include_reached,
                needs=needs,
                cancel=cancel,
            )
        )
        progress(n, steps)
    if save:
        coverage.save_snapshot(session, computed)
    return Report(registry_counts(session), assignment_counts(session), computed, tuple(plans))


def format_value(definition: FigureDefinition, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}%" if definition.scale == PERCENT else f"{value:.1f}"


def target_verdict(figure: coverage.Figure, lang: Lang = "zh") -> str:
    """ "达标", "未达标" (below the target) or "高于目标" (above the top of a target range)."""
    value, low, high = figure.value, figure.definition.target_low, figure.definition.target_high
    if value is None or (low is None and high is None):
        return ""
    if low is not None and value < low:
        return pick(lang, "未达标", "below target")
    if high is not None and value > high:
        return pick(lang, "高于目标", "above target")
    return pick(lang, "达标", "meets target")


def area_name(area: coverage.AreaFigures, lang: Lang = "zh") -> str:
    if area.is_whole_registry:
        return "全部合计" if lang == "zh" else "Whole registry"
    return area.scope


def reason_label(computed: coverage.Figures, code: str, lang: Lang = "zh") -> str:
    message = computed.reasons.get(code)
    return message.text(lang) if message is not None else code


def _needs_line(computed: coverage.Figures, area: coverage.AreaFigures, lang: Lang) -> list[str]:
    lines = []
    for kind, counts in area.needs.items():
        if counts.total == 0 and counts.open == 0:
            continue
        reasons = (pick(lang, "，", ", ")).join(
            f"{reason_label(computed, code, lang)} {n}" for code, n in sorted(counts.open_by_reason.items())
        )
        lines.append(
            pick(
                lang,
                f"  {kind.zh}：需求 {counts.total}，已匹配 {counts.matched}（已确认或服务中 {counts.confirmed}），"
                f"待匹配 {counts.open}" + (f"（{reasons}）" if reasons else ""),
                f"  {kind.en}: needs {counts.total}, matched {counts.matched}"
                f" ({counts.confirmed} confirmed or active), open {counts.open}" + (f" ({reasons})" if reasons else ""),
            )
        )
    return lines


def area_lines(computed: coverage.Figures, area: coverage.AreaFigures, lang: Lang = "zh") -> list[str]:
    lines = [
        f"== {area_name(area, lang)} ==",
        pick(
            lang,
            f"  村(社区) {area.villages}，老年人口 {area.elderly}，助餐点 {area.meal_points}，"
            f"照护机构 {area.care_centres}（认知障碍床位 {area.dementia_beds}），护理员 {area.caregivers}，"
            f"登记老年人 {area.residents}",
            f"  villages {area.villages}, elderly {area.elderly}, meal points {area.meal_points}, "
            f"care centres {area.care_centres} ({area.dementia_beds} dementia beds), caregivers {area.caregivers}, "
            f"registered residents {area.residents}",
        ),
    ]
    if area.villages_without_centre:
        lines.append(
            pick(
                lang,
                f"  另有 {area.villages_without_centre} 个村没有中心坐标，未计入覆盖率",
                f"  {area.villages_without_centre} more villages have no centre and are left out of coverage",
            )
        )
    colon = pick(lang, "：", ": ")
    target_word, last_word = pick(lang, "目标", "target"), pick(lang, "上月", "last month")
    for figure in area.figures.values():
        definition = figure.definition
        verdict = target_verdict(figure, lang)
        lines.append(
            f"  {definition.label(lang)}{colon}{format_value(definition, figure.value)}"
            f" ({figure.numerator}/{figure.denominator})"
            f"  {target_word} {definition.target_text(lang)}"
            + (f" {verdict}" if verdict else "")
            + f"  {last_word} {format_value(definition, figure.last_month)}"
        )
    lines.extend(_needs_line(computed, area, lang))
    lines.append(
        pick(lang, "  能力等级：", "  Ability: ")
        + pick(lang, "，", ", ").join(f"{level.label(lang)} {n}" for level, n in area.residents_by_ability.items())
    )
    lines.append(
        pick(lang, "  保障类别：", "  Assistance: ")
        + pick(lang, "，", ", ").join(f"{cat.label(lang)} {n}" for cat, n in area.residents_by_assistance.items())
    )
    return lines


def plan_radius(plan: coverage.SitePlan, lang: Lang = "zh") -> str:
    """The radius a suggested site is planned with, as the text and the PDF report say it."""
    default_km, delivery_km = plan.radii.for_kind(plan.kind)
    if plan.kind is NeedKind.MEAL:
        return pick(
            lang,
            f"堂食半径 {plan.radii.meal_dine_in_km:g} 公里、送餐半径 {delivery_km:g} 公里",
            f"dine-in radius {plan.radii.meal_dine_in_km:g} km, delivery radius {delivery_km:g} km",
        )
    return pick(lang, f"服务半径 {default_km:g} 公里", f"service radius {default_km:g} km")


def plan_lines(plan: coverage.SitePlan, lang: Lang = "zh", villages_shown: int = 10) -> list[str]:
    word_zh, word_en = SITE_WORDS[plan.kind]
    radius = plan_radius(plan, lang)
    lines = [
        pick(
            lang,
            f"== {plan.kind.zh}：{plan.demand_label('zh')} {plan.demand_needs} 项（加权 {plan.demand_weight}）==",
            f"== {plan.kind.en}: {plan.demand_needs} {plan.demand_label('en')} (weighted {plan.demand_weight}) ==",
        )
    ]
    if plan.unlocated_needs:
        lines.append(
            pick(
                lang,
                f"  另有 {plan.unlocated_needs} 项需求没有位置，无法分析",
                f"  {plan.unlocated_needs} more needs have no location and cannot be analysed",
            )
        )
    for village in plan.unreached_villages[:villages_shown]:
        lines.append(
            pick(
                lang,
                f"  {village.township}{village.village}：{village.needs} 项，加权 {village.weighted}",
                f"  {village.township} {village.village}: {village.needs} needs, weighted {village.weighted}",
            )
        )
    if len(plan.unreached_villages) > villages_shown:
        more = len(plan.unreached_villages) - villages_shown
        lines.append(pick(lang, f"  ……另有 {more} 个村", f"  … {more} more villages"))
    if plan.demand_needs == 0:
        return lines
    lines.append(
        pick(
            lang,
            f"  建议新增{word_zh}选址（候选：{plan.candidates} 个村(社区)中心；{radius}）：",
            f"  Suggested sites for new {word_en}s (candidates: {plan.candidates} village centres; {radius}):",
        )
    )
    for choice in plan.choices:
        places = pick(lang, "、", ", ").join(
            f"{s.township}{s.village}" if lang == "zh" else s.village for s in choice.sites
        )
        effect = ""
        if choice.effect is not None:
            definition = coverage.definitions.BY_KEY[choice.effect.key]
            effect = (
                f"；{definition.label(lang)} {format_value(definition, choice.effect.before)} → "
                f"{format_value(definition, choice.effect.after)}"
                if lang == "zh"
                else f"; {definition.label(lang)} {format_value(definition, choice.effect.before)} → "
                f"{format_value(definition, choice.effect.after)}"
            )
        proof = (
            pick(lang, "（已证明最优）", " (proven optimal)")
            if choice.optimal
            else pick(lang, "（未证明最优）", " (not proven optimal)")
        )
        lines.append(
            pick(
                lang,
                f"  新增 {choice.k} 处：{places} → 覆盖 {choice.covered_needs} 项需求（加权 {choice.covered_weight}"
                f"/{plan.demand_weight}）{effect}{proof}",
                f"  {choice.k} new: {places} → covers {choice.covered_needs} needs (weighted {choice.covered_weight}"
                f"/{plan.demand_weight}){effect}{proof}",
            )
        )
    return lines


def report_lines(report: Report, lang: Lang = "zh", township: str | None = None) -> list[str]:
    computed = report.figures
    lines = [
        pick(
            lang,
            f"统计日期：{computed.as_of.isoformat()}（上月指 {computed.previous_month}；“—”表示上月没有记录）",
            f'As of {computed.as_of.isoformat()} (last month = {computed.previous_month}; "—" = not recorded)',
        ),
        pick(lang, "登记数：", "Registry: ")
        + pick(lang, "，", ", ").join(
            f"{COUNT_LABELS[key][0 if lang == 'zh' else 1]} {n}" for key, n in report.counts.items()
        ),
        "",
    ]
    areas = computed.areas() if township is None else (_find_area(computed, township),)
    for area in areas:
        lines.extend(area_lines(computed, area, lang))
        lines.append("")
    for plan in report.plans:
        lines.extend(plan_lines(plan, lang))
        lines.append("")
    return lines[:-1]


def _find_area(computed: coverage.Figures, township: str) -> coverage.AreaFigures:
    try:
        return computed.township(township)
    except KeyError:
        raise UserInputError(
            msg("地名库里没有乡镇(街道)“{name}”", "No township named {name} in the gazetteer", name=township)
        ) from None


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")


def _sheet_rows(sheet: Any, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"


def write_xlsx(report: Report, out: Path, lang: Lang = "zh") -> Path:
    """The figures as an Excel workbook: one sheet of figures per area, needs, residents, unreached villages, sites."""
    computed = report.figures
    book = Workbook()
    figures_sheet = book.active
    figures_sheet.title = pick(lang, "指标", "Figures")
    header = [pick(lang, "乡镇(街道)", "Township"), pick(lang, "村数", "Villages"), pick(lang, "老年人口", "Elderly")]
    for definition in DEFINITIONS:
        unit = definition.unit(lang)
        header += [
            f"{definition.label(lang)}({unit})",
            f"{pick(lang, '目标', 'Target')}",
            f"{pick(lang, '上月', 'Last month')}",
        ]
    rows = []
    for area in computed.areas():
        row: list[Any] = [area_name(area, lang), area.villages, area.elderly]
        for definition in DEFINITIONS:
            figure = area.figures[definition.key]
            row += [
                None if figure.value is None else round(figure.value, 2),
                definition.target_text(lang),
                "—" if figure.last_month is None else round(figure.last_month, 2),
            ]
        rows.append(row)
    _sheet_rows(figures_sheet, header, rows, [16, 8, 10] + [14, 10, 10] * len(DEFINITIONS))

    needs_sheet = book.create_sheet(pick(lang, "服务需求", "Needs"))
    codes = sorted({code for area in computed.areas() for c in area.needs.values() for code in c.open_by_reason})
    header = [
        pick(lang, "乡镇(街道)", "Township"),
        pick(lang, "服务", "Service"),
        pick(lang, "需求", "Needs"),
        pick(lang, "已匹配", "Matched"),
        pick(lang, "已确认或服务中", "Confirmed or active"),
        pick(lang, "待匹配", "Open"),
    ]
    header += [reason_label(computed, code, lang) for code in codes]
    rows = []
    for area in computed.areas():
        for kind, counts in area.needs.items():
            rows.append(
                [area_name(area, lang), kind.label(lang), counts.total, counts.matched, counts.confirmed, counts.open]
                + [counts.open_by_reason.get(code, 0) for code in codes]
            )
    _sheet_rows(needs_sheet, header, rows, [16, 14, 8, 8, 12, 8] + [16] * len(codes))

    people_sheet = book.create_sheet(pick(lang, "老年人", "Residents"))
    header = [pick(lang, "乡镇(街道)", "Township"), pick(lang, "登记人数", "Registered")]
    header += [level.label(lang) for level in AbilityLevel] + [category.label(lang) for category in Assistance]
    rows = [
        [area_name(area, lang), area.residents]
        + [area.residents_by_ability[level] for level in AbilityLevel]
        + [area.residents_by_assistance[category] for category in Assistance]
        for area in computed.areas()
    ]
    _sheet_rows(people_sheet, header, rows, [16, 10] + [12] * (len(AbilityLevel) + len(Assistance)))

    villages_sheet = book.create_sheet(pick(lang, "待覆盖村", "Unreached villages"))
    header = [
        pick(lang, "服务", "Service"),
        pick(lang, "乡镇(街道)", "Township"),
        pick(lang, "村(社区)", "Village"),
        pick(lang, "待匹配需求", "Open needs"),
        pick(lang, "加权", "Weighted"),
    ]
    rows = [
        [plan.kind.label(lang), v.township, v.village, v.needs, v.weighted]
        for plan in report.plans
        for v in plan.unreached_villages
    ]
    _sheet_rows(villages_sheet, header, rows, [14, 14, 16, 12, 10])

    sites_sheet = book.create_sheet(pick(lang, "建议选址", "Suggested sites"))
    header = [
        pick(lang, "服务", "Service"),
        pick(lang, "新增数", "k"),
        pick(lang, "选址", "Sites"),
        pick(lang, "覆盖需求", "Needs covered"),
        pick(lang, "覆盖加权", "Weight covered"),
        pick(lang, "可覆盖加权合计", "Weight to cover"),
        pick(lang, "最优", "Optimal"),
        pick(lang, "指标", "Figure"),
        pick(lang, "新增前", "Before"),
        pick(lang, "新增后", "After"),
    ]
    rows = []
    for plan in report.plans:
        for choice in plan.choices:
            effect = choice.effect
            effect_definition = None if effect is None else coverage.definitions.BY_KEY[effect.key]
            rows.append(
                [
                    plan.kind.label(lang),
                    choice.k,
                    "、".join(f"{s.township}{s.village}" for s in choice.sites),
                    choice.covered_needs,
                    choice.covered_weight,
                    plan.demand_weight,
                    pick(lang, "是", "yes") if choice.optimal else pick(lang, "否", "no"),
                    "" if effect_definition is None else effect_definition.label(lang),
                    None if effect is None or effect.before is None else round(effect.before, 2),
                    None if effect is None or effect.after is None else round(effect.after, 2),
                ]
            )
    _sheet_rows(sites_sheet, header, rows, [14, 8, 48, 10, 10, 12, 8, 24, 10, 10])

    out = Path(out)
    if not out.parent.exists():
        raise UserInputError(
            msg("保存位置 {folder} 不存在", "The folder {folder} does not exist", folder=str(out.parent))
        )
    partial = out.with_name(out.name + ".partial")
    try:
        book.save(partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out
