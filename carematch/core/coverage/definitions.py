"""The figures of DESIGN §7 by name, with their labels, units and targets.

Every figure is a ratio of two whole numbers kept beside it (numerator, denominator), so anyone
can recompute it exactly from the registry; `value = numerator × scale / denominator`, or None
("—") when the denominator is 0.

Counting rules (the same for every figure):
- Only live records count: a record with `deleted_at` set never counts, nor a provider marked
  closed (停办/关闭).
- A provider, caregiver or resident counts in the township written in its own 乡镇(街道) column
  (a caregiver in the township of his or her own base, not of the centre he or she belongs to).
  A record whose 乡镇 names no gazetteer township counts only in the whole-registry figures.
- Villages and elderly population are the live gazetteer villages of live townships; elderly =
  Σ 老年人口 of those villages.
- Distance of record is `carematch.core.geo.distance.distance_m` (whole metres); a radius test is
  inclusive: reached when distance_m ≤ radius_km × 1000.
"""

from __future__ import annotations

from dataclasses import dataclass

PERCENT = 100
PER_10K = 10_000


@dataclass(frozen=True)
class FigureDefinition:
    key: str
    zh: str
    en: str
    scale: int
    unit_zh: str
    unit_en: str
    target_low: float | None = None
    target_high: float | None = None
    explanation_zh: str = ""
    explanation_en: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def unit(self, lang: str = "zh") -> str:
        return self.unit_zh if lang == "zh" else self.unit_en

    def target_text(self, lang: str = "zh") -> str:
        low, high = self.target_low, self.target_high
        if low is None and high is None:
            return "—"
        unit = "%" if self.scale == PERCENT else ""
        if low is not None and high is not None:
            return f"{low:g}–{high:g}{unit}"
        if low is not None:
            return f"≥ {low:g}{unit}"
        return f"≤ {high:g}{unit}"


MEAL_COVERAGE_TARGET_PERCENT = 90.0
DEMENTIA_BEDS_TARGET_PER_10K = 20.0
CAREGIVERS_TARGET_PER_10K = (18.0, 25.0)

MEAL_DINE_IN = FigureDefinition(
    "meal_coverage_dine_in",
    "助餐覆盖率(堂食)",
    "Meal coverage (dine-in)",
    PERCENT,
    "%",
    "%",
    explanation_zh="村(社区)中心在某个助餐点堂食半径内的村数 ÷ 村数",
    explanation_en="villages whose centre lies within some meal point's dine-in radius ÷ villages",
)
MEAL_DELIVERY = FigureDefinition(
    "meal_coverage_delivery",
    "助餐覆盖率(送餐)",
    "Meal coverage (delivery)",
    PERCENT,
    "%",
    "%",
    explanation_zh="村(社区)中心在某个送餐助餐点送餐半径内的村数 ÷ 村数",
    explanation_en="villages whose centre lies within the delivery radius of some delivering point ÷ villages",
)
MEAL_COMBINED = FigureDefinition(
    "meal_coverage",
    "助餐服务覆盖率",
    "Meal-service coverage",
    PERCENT,
    "%",
    "%",
    target_low=MEAL_COVERAGE_TARGET_PERCENT,
    explanation_zh="堂食或送餐半径到达村(社区)中心的村数 ÷ 村数",
    explanation_en="villages whose centre is reached by a dine-in or delivery radius ÷ villages",
)
DEMENTIA_BEDS = FigureDefinition(
    "dementia_beds_per_10k",
    "每万老人认知障碍照护床位",
    "Dementia-care beds per 10,000 elderly",
    PER_10K,
    "张/万人",
    "per 10k",
    target_low=DEMENTIA_BEDS_TARGET_PER_10K,
    explanation_zh="在办照护机构认知障碍床位之和 × 10000 ÷ 老年人口",
    explanation_en="Σ dementia beds of open care centres × 10,000 ÷ elderly population",
)
CAREGIVERS = FigureDefinition(
    "caregivers_per_10k",
    "每万老人持证护理员",
    "Certified caregivers per 10,000 elderly",
    PER_10K,
    "人/万人",
    "per 10k",
    target_low=CAREGIVERS_TARGET_PER_10K[0],
    target_high=CAREGIVERS_TARGET_PER_10K[1],
    explanation_zh="在岗持证护理员人数 × 10000 ÷ 老年人口",
    explanation_en="caregivers in service × 10,000 ÷ elderly population",
)
DOUBLE_CERTIFIED = FigureDefinition(
    "caregivers_double_certified",
    "护理员双证率",
    "Caregivers with both certificates",
    PERCENT,
    "%",
    "%",
    explanation_zh="持护理员证并持救护员证的人数 ÷ 护理员人数",
    explanation_en="caregivers who also hold the first-aid certificate ÷ caregivers",
)
SENIOR = FigureDefinition(
    "caregivers_senior",
    "高级工及以上占比",
    "Caregivers at senior grade or above",
    PERCENT,
    "%",
    "%",
    explanation_zh="证书等级为三级/高级工、二级/技师或一级/高级技师的人数 ÷ 护理员人数",
    explanation_en="caregivers of grade 3 (senior), 2 or 1 ÷ caregivers",
)

DEFINITIONS: tuple[FigureDefinition, ...] = (
    MEAL_COMBINED,
    MEAL_DINE_IN,
    MEAL_DELIVERY,
    DEMENTIA_BEDS,
    CAREGIVERS,
    DOUBLE_CERTIFIED,
    SENIOR,
)
BY_KEY = {definition.key: definition for definition in DEFINITIONS}

SENIOR_GRADE_AT_MOST = 3  # CertLevel.grade: 3 = 三级/高级工, 2 = 技师, 1 = 高级技师

REASON_LABELS: dict[str, tuple[str, str]] = {
    "no_location": ("没有位置", "No location"),
    "no_provider_in_range": ("范围内没有服务方", "No provider in range"),
    "no_skilled_provider": ("范围内没有所需技能的护理员", "No caregiver with the skills in range"),
    "too_few_days": ("护理员可服务日不足", "Caregivers have too few days"),
    "providers_full": ("范围内服务方已满", "Providers in range are full"),
    "not_matched_yet": ("尚未匹配", "Not matched yet"),
}
"""Short labels of matching's reason codes for tables (the per-need message names skills and counts)."""
