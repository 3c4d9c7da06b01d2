"""The coverage report PDF for the bureau (DESIGN §6–§7): figures per township beside their
targets and last month's values, bar charts per township against the target lines, needs and
residents, and where to add capacity. Built on `printing.layout` (embedded font, header, footer).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from sqlalchemy.orm import Session

from carematch.core import coverage
from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.coverage.definitions import (
    BY_KEY,
    CAREGIVERS,
    DEFINITIONS,
    DEMENTIA_BEDS,
    MEAL_COMBINED,
    PERCENT,
    FigureDefinition,
)
from carematch.core.enums import AbilityLevel, Assistance
from carematch.core.errors import Lang, UserInputError, msg, pick
from carematch.core.printing.layout import (
    ACCENT,
    FONT,
    INK,
    MUTED,
    RULE,
    build_pdf,
    content_width,
    data_table,
    escape,
    format_date,
    register_fonts,
    station_info,
    styles,
)
from carematch.core.report import (
    PLANNED_KINDS,
    SITE_WORDS,
    area_name,
    format_value,
    plan_radius,
    reason_label,
    target_verdict,
)

BAR_OK = colors.HexColor("#4a7fb0")
BAR_SHORT = colors.HexColor("#d98c3f")
BAR_TOTAL = colors.HexColor("#6b6b6b")
CHARTED = (MEAL_COMBINED, DEMENTIA_BEDS, CAREGIVERS)
VILLAGES_LISTED = 15
# Narrow table columns: English headers short enough not to break inside a word.
SHORT_EN: dict[AbilityLevel | Assistance, str] = {
    AbilityLevel.INTACT: "Intact",
    AbilityLevel.MILD: "Mild",
    AbilityLevel.MODERATE: "Mod.",
    AbilityLevel.SEVERE: "Severe",
    AbilityLevel.TOTAL: "Total",
    Assistance.EXTREME_POVERTY: "Ext. poor",
    Assistance.MINIMUM_ALLOWANCE: "Dibao",
    Assistance.NEAR_POVERTY: "Dibian",
    Assistance.NONE: "None",
}


def _nice_top(largest: float) -> tuple[float, float]:
    """An axis top and step (1, 2 or 5 × 10^n) a little above `largest`."""
    largest = max(largest, 1.0) * 1.12
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(largest / step), step


def _bar_chart(
    areas: Sequence[coverage.AreaFigures], lang: Lang, font: str, width: float, height: float, top: float, step: float
) -> VerticalBarChart:
    """A bar per area, named under it at a slant, on a 0–top axis with a light grid: the look every chart shares."""
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 20 * mm
    chart.width, chart.height = width - 32 * mm, height - 30 * mm
    chart.categoryAxis.categoryNames = [area_name(area, lang) for area in areas]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dx = 2
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e0e0e0")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barWidth = 6
    chart.groupSpacing = 6
    chart.bars.strokeColor = None
    return chart


def figure_chart(
    definition: FigureDefinition, areas: Sequence[coverage.AreaFigures], width: float, lang: Lang
) -> Drawing:
    """Bars per township (the whole registry first, in grey) with dashed target lines."""
    font = register_fonts()
    height = 70 * mm
    drawing = Drawing(width, height)
    # The renderer starts every drawing in Helvetica, which the PDF would name but not embed.
    drawing.initialFontName = font
    values = [area.figures[definition.key].value for area in areas]
    targets = [t for t in (definition.target_low, definition.target_high) if t is not None]
    top, step = _nice_top(max([v for v in values if v is not None] + targets + [0.0]))
    if definition.scale == PERCENT:
        top, step = 120.0, 20.0  # a share never exceeds 100 %; the headroom keeps the bar labels clear
    chart = _bar_chart(areas, lang, font, width, height, top, step)  # room on the right for the target labels
    chart.data = [[v if v is not None else 0.0 for v in values]]
    chart.bars[0].fillColor = BAR_OK
    for index, area in enumerate(areas):
        figure = area.figures[definition.key]
        colour = BAR_TOTAL if area.is_whole_registry else BAR_SHORT if figure.meets_target is False else BAR_OK
        chart.bars[(0, index)].fillColor = colour
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    chart.barLabels.fillColor = INK
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[format_value(definition, v).rstrip("%") for v in values]]
    drawing.add(chart)
    for target in targets:
        y = chart.y + target / top * chart.height
        drawing.add(
            Line(chart.x, y, chart.x + chart.width, y, strokeColor=ACCENT, strokeWidth=0.9, strokeDashArray=[4, 2])
        )
        drawing.add(
            String(
                chart.x + chart.width + 1.5 * mm,
                y - 2.5,
                f"{pick(lang, '目标', 'target')} {target:g}",
                fontName=font,
                fontSize=7,
                fillColor=ACCENT,
            )
        )
    title = (
        f"{definition.label(lang)}（{definition.unit(lang)}）"
        if lang == "zh"
        else (f"{definition.label(lang)} ({definition.unit(lang)})")
    )
    drawing.add(String(chart.x, height - 6 * mm, title, fontName=font, fontSize=10, fillColor=INK))
    legend_x = width - 62 * mm
    for n, (colour, label) in enumerate(
        (
            (BAR_TOTAL, pick(lang, "合计", "total")),
            (BAR_OK, pick(lang, "达标", "on target")),
            (BAR_SHORT, pick(lang, "偏离目标", "off target")),
        )
    ):
        x = legend_x + n * 20 * mm
        drawing.add(Rect(x, height - 6.2 * mm, 3 * mm, 3 * mm, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 4 * mm, height - 5.8 * mm, label, fontName=font, fontSize=7, fillColor=MUTED))
    return drawing


def needs_chart(areas: Sequence[coverage.AreaFigures], width: float, lang: Lang) -> Drawing:
    """Stacked bars per township: needs matched and needs still open (all kinds together)."""
    font = register_fonts()
    height = 62 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName = font
    matched = [sum(c.matched for c in area.needs.values()) for area in areas]
    still_open = [sum(c.open for c in area.needs.values()) for area in areas]
    top, step = _nice_top(max([m + o for m, o in zip(matched, still_open, strict=True)] + [0]))
    chart = _bar_chart(areas, lang, font, width, height, top, step)
    chart.data = [matched, still_open]
    chart.categoryAxis.style = "stacked"
    chart.bars[0].fillColor = BAR_OK
    chart.bars[1].fillColor = BAR_SHORT
    drawing.add(chart)
    title = pick(lang, "服务需求：已匹配与待匹配（项）", "Needs: matched and open")
    drawing.add(String(chart.x, height - 6 * mm, title, fontName=font, fontSize=10, fillColor=INK))
    for n, (colour, label) in enumerate(
        ((BAR_OK, pick(lang, "已匹配", "matched")), (BAR_SHORT, pick(lang, "待匹配", "open")))
    ):
        x = width - 42 * mm + n * 20 * mm
        drawing.add(Rect(x, height - 6.2 * mm, 3 * mm, 3 * mm, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 4 * mm, height - 5.8 * mm, label, fontName=font, fontSize=7, fillColor=MUTED))
    return drawing


def _figure_rows(area: coverage.AreaFigures, lang: Lang) -> list[list[object]]:
    rows: list[list[object]] = []
    for definition in DEFINITIONS:
        figure = area.figures[definition.key]
        rows.append(
            [
                definition.label(lang),
                format_value(definition, figure.value),
                f"{figure.numerator} / {figure.denominator}",
                definition.target_text(lang),
                target_verdict(figure, lang) or "—",
                format_value(definition, figure.last_month),
            ]
        )
    return rows


def _summary_table(area: coverage.AreaFigures, width: float, lang: Lang) -> Flowable:
    header = [
        pick(lang, "指标", "Figure"),
        pick(lang, "本月", "Now"),
        pick(lang, "分子 / 分母", "Numerator / denominator"),
        pick(lang, "目标", "Target"),
        pick(lang, "评价", "Verdict"),
        pick(lang, "上月", "Last month"),
    ]
    fractions = (0.32, 0.12, 0.2, 0.12, 0.12, 0.12)
    return data_table(
        header,
        _figure_rows(area, lang),
        [width * f for f in fractions],
        align=("left", "right", "center", "center", "center", "right"),
    )


def _townships_table(areas: Sequence[coverage.AreaFigures], width: float, lang: Lang) -> Flowable:
    keys = [d for d in DEFINITIONS]
    header = [pick(lang, "乡镇(街道)", "Township"), pick(lang, "村", "Villages"), pick(lang, "老年人口", "Elderly")]
    header += [d.label(lang) for d in keys]
    rows = [
        [area_name(area, lang), area.villages, area.elderly]
        + [format_value(d, area.figures[d.key].value) for d in keys]
        for area in areas
    ]
    first = 0.15
    numbers = 0.075
    rest = (1 - first - 2 * numbers) / len(keys)
    return data_table(
        header,
        rows,
        [width * first, width * numbers, width * numbers] + [width * rest] * len(keys),
        align=["left"] + ["right"] * (len(header) - 1),
    )


def _needs_table(
    figures: coverage.Figures, areas: Sequence[coverage.AreaFigures], width: float, lang: Lang
) -> Flowable:
    header = [
        pick(lang, "乡镇(街道)", "Township"),
        pick(lang, "服务", "Service"),
        pick(lang, "需求", "Needs"),
        pick(lang, "已匹配", "Matched"),
        pick(lang, "已确认/服务中", "Confirmed"),
        pick(lang, "待匹配", "Open"),
        pick(lang, "待匹配原因", "Why open"),
    ]
    rows: list[list[object]] = []
    for area in areas:
        for kind, counts in area.needs.items():
            reasons = pick(lang, "；", "; ").join(
                f"{reason_label(figures, code, lang)} {n}" for code, n in sorted(counts.open_by_reason.items())
            )
            rows.append(
                [
                    area_name(area, lang),
                    kind.label(lang),
                    counts.total,
                    counts.matched,
                    counts.confirmed,
                    counts.open,
                    reasons or "—",
                ]
            )
    fractions = (0.13, 0.13, 0.07, 0.09, 0.12, 0.07, 0.39)
    return data_table(
        header, rows, [width * f for f in fractions], align=("left", "left", "right", "right", "right", "right", "left")
    )


def _residents_table(areas: Sequence[coverage.AreaFigures], width: float, lang: Lang) -> Flowable:
    header = [pick(lang, "乡镇(街道)", "Township"), pick(lang, "登记", "All")]
    header += [level.zh if lang == "zh" else SHORT_EN[level] for level in AbilityLevel]
    header += [category.zh if lang == "zh" else SHORT_EN[category] for category in Assistance]
    rows = [
        [area_name(area, lang), area.residents]
        + [area.residents_by_ability[level] for level in AbilityLevel]
        + [area.residents_by_assistance[category] for category in Assistance]
        for area in areas
    ]
    first, second = 0.14, 0.07
    rest = (1 - first - second) / (len(AbilityLevel) + len(Assistance))
    return data_table(
        header,
        rows,
        [width * first, width * second] + [width * rest] * (len(header) - 2),
        align=["left"] + ["right"] * (len(header) - 1),
    )


def _capacity_story(plan: coverage.SitePlan, township: str | None, width: float, lang: Lang) -> list[Flowable]:
    sheet = styles()
    word_zh, word_en = SITE_WORDS[plan.kind]
    story: list[Flowable] = [
        Paragraph(
            escape(
                pick(
                    lang,
                    f"{plan.kind.zh}：{plan.demand_label('zh')} {plan.demand_needs} 项（加权 {plan.demand_weight}）",
                    f"{plan.kind.en}: {plan.demand_needs} {plan.demand_label('en')} (weighted {plan.demand_weight})",
                )
            ),
            sheet.subheading,
        )
    ]
    villages = [v for v in plan.unreached_villages if township is None or v.township == township]
    if villages:
        rows = [[n, v.township, v.village, v.needs, v.weighted] for n, v in enumerate(villages[:VILLAGES_LISTED], 1)]
        header = [
            pick(lang, "排序", "Rank"),
            pick(lang, "乡镇(街道)", "Township"),
            pick(lang, "村(社区)", "Village"),
            pick(lang, "需求数", "Needs"),
            pick(lang, "加权", "Weighted"),
        ]
        story.append(
            data_table(
                header,
                rows,
                [width * f for f in (0.08, 0.27, 0.35, 0.15, 0.15)],
                align=("right", "left", "left", "right", "right"),
            )
        )
        if len(villages) > VILLAGES_LISTED:
            story.append(
                Paragraph(
                    escape(
                        pick(
                            lang,
                            f"……另有 {len(villages) - VILLAGES_LISTED} 个村，见 Excel 导出",
                            f"… {len(villages) - VILLAGES_LISTED} more villages in the Excel export",
                        )
                    ),
                    sheet.small,
                )
            )
    if plan.demand_needs == 0:
        story.append(
            Paragraph(
                escape(
                    pick(
                        lang,
                        "所有待匹配需求都在现有服务方范围内，无需新增选址。",
                        "Every open need is within some provider's radius; no new site is needed.",
                    )
                ),
                sheet.body,
            )
        )
        return story
    radius = plan_radius(plan, lang)
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            escape(
                pick(
                    lang,
                    f"建议新增{word_zh}选址（候选为 {plan.candidates} 个村(社区)中心，{radius}；"
                    "最大覆盖选址模型精确求解）",
                    f"Suggested sites for new {word_en}s ({plan.candidates} village centres as candidates, {radius}; "
                    "maximal covering location solved exactly)",
                )
            ),
            sheet.body,
        )
    )
    header = [
        pick(lang, "新增数", "k"),
        pick(lang, "选址", "Sites"),
        pick(lang, "覆盖需求", "Needs"),
        pick(lang, "覆盖加权", "Weight"),
        pick(lang, "指标变化", "Effect on the figure"),
        pick(lang, "最优", "Optimal"),
    ]
    effect_key = next((c.effect.key for c in plan.choices if c.effect is not None), None)
    if effect_key is not None:
        header[4] = BY_KEY[effect_key].label(lang) + pick(lang, "（新增前→后）", " (before → after)")
    choice_rows: list[list[object]] = []
    for choice in plan.choices:
        effect = "—"
        if choice.effect is not None:
            definition = BY_KEY[choice.effect.key]
            effect = (
                f"{format_value(definition, choice.effect.before)} → {format_value(definition, choice.effect.after)}"
            )
        choice_rows.append(
            [
                choice.k,
                pick(lang, "、", ", ").join(f"{s.township}{s.village}" for s in choice.sites),
                choice.covered_needs,
                f"{choice.covered_weight} / {plan.demand_weight}",
                effect,
                pick(lang, "已证明", "proven") if choice.optimal else pick(lang, "未证明", "not proven"),
            ]
        )
    story.append(
        data_table(
            header,
            choice_rows,
            [width * f for f in (0.07, 0.38, 0.1, 0.12, 0.23, 0.1)],
            align=("right", "left", "right", "right", "left", "center"),
        )
    )
    return story


def render_coverage_report(
    session: Session,
    out: Path,
    *,
    township: str | None = None,
    lang: Lang = "zh",
    as_of: dt.date | None = None,
    radii: coverage.SiteRadii | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the coverage report PDF to `out` (whole registry, or one township's figures beside the total)."""
    cancel = cancel or CancelToken()
    sheet = styles()
    width = content_width()
    from carematch.core.matching import open_needs

    as_of = as_of or dt.date.today()
    needs = open_needs(session, as_of=as_of)
    figures = coverage.figures(session, as_of, needs=needs)
    if township is not None:
        try:
            chosen = figures.township(township)
        except KeyError:
            raise UserInputError(
                msg("地名库里没有乡镇(街道)“{name}”", "No township named {name} in the gazetteer", name=township)
            ) from None
        areas: tuple[coverage.AreaFigures, ...] = (figures.total, chosen)
    else:
        areas = figures.areas()
    radii = radii or coverage.SiteRadii.from_settings(session)
    plans = []
    for kind in PLANNED_KINDS:
        cancel.raise_if_cancelled()
        plans.append(coverage.suggest_sites(session, kind, 5, as_of=as_of, radii=radii, needs=needs, cancel=cancel))
    main_area = areas[-1] if township is not None else figures.total
    title = pick(lang, "养老服务覆盖情况统计报告", "Elderly-care coverage report")
    story: list[Flowable] = [
        Paragraph(escape(title + (f" · {township}" if township else "")), sheet.title),
        Paragraph(
            escape(
                pick(
                    lang,
                    f"统计日期 {format_date(figures.as_of, lang)}；“上月”为 {figures.previous_month} 最后一次统计时"
                    "记录的数值，“—”表示当月没有记录。停办或已删除的机构、助餐点、护理员不计入。",
                    f'As of {format_date(figures.as_of, lang)}; "last month" is the value recorded when the figures '
                    f'were last computed in {figures.previous_month}, "—" when none was. Closed or deleted providers '
                    "are not counted.",
                )
            ),
            sheet.small,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                pick(
                    lang,
                    f"一、主要指标（{area_name(main_area, lang)}）",
                    f"1. Main figures ({area_name(main_area, lang)})",
                )
            ),
            sheet.heading,
        ),
        _summary_table(main_area, width, lang),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                pick(
                    lang,
                    f"村(社区) {main_area.villages} 个，老年人口 {main_area.elderly} 人，"
                    f"助餐点 {main_area.meal_points} 个，"
                    f"照护机构 {main_area.care_centres} 个（认知障碍床位 {main_area.dementia_beds} 张），"
                    f"持证护理员 {main_area.caregivers} 人，登记老年人 {main_area.residents} 人。",
                    f"{main_area.villages} villages, {main_area.elderly} elderly, {main_area.meal_points} meal points, "
                    f"{main_area.care_centres} care centres ({main_area.dementia_beds} dementia beds), "
                    f"{main_area.caregivers} certified caregivers, {main_area.residents} registered residents.",
                )
            ),
            sheet.body,
        ),
    ]
    story.append(CondPageBreak(80 * mm))
    story.append(
        Paragraph(escape(pick(lang, "二、各乡镇(街道)对照目标", "2. Townships against the targets")), sheet.heading)
    )
    chart_areas = figures.areas()
    for definition in CHARTED:
        story.append(KeepTogether([figure_chart(definition, chart_areas, width, lang), Spacer(1, 3 * mm)]))
    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph(escape(pick(lang, "三、各乡镇(街道)指标", "3. Figures by township")), sheet.heading))
    story.append(_townships_table(areas, width, lang))
    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph(escape(pick(lang, "四、服务需求匹配情况", "4. Needs matched and open")), sheet.heading))
    story.append(needs_chart(figures.townships, width, lang))
    story.append(_needs_table(figures, areas, width, lang))
    story.append(CondPageBreak(40 * mm))
    story.append(
        Paragraph(
            escape(pick(lang, "五、老年人能力等级与保障类别", "5. Residents by ability and assistance")), sheet.heading
        )
    )
    story.append(_residents_table(areas, width, lang))
    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph(escape(pick(lang, "六、服务能力补充建议", "6. Where to add capacity")), sheet.heading))
    if township is not None:
        story.append(
            Paragraph(
                escape(
                    pick(
                        lang,
                        "选址建议按全部登记范围求解；下列待覆盖村只列本乡镇。",
                        "Sites are chosen over the whole registry; the villages listed are this township's.",
                    )
                ),
                sheet.small,
            )
        )
    for plan in plans:
        story.extend(_capacity_story(plan, township, width, lang))
        story.append(Spacer(1, 3 * mm))
    return build_pdf(
        Path(out), story, title=title, station=station_info(session), lang=lang, progress=progress, cancel=cancel
    )


__all__ = ["FONT", "figure_chart", "render_coverage_report"]
