"""Priority weight of a resident (DESIGN §4): 3 for the neediest, 2 for the vulnerable, else 1."""

from __future__ import annotations

import datetime as dt

from carematch.core.enums import AbilityLevel, Assistance, Living
from carematch.core.models import Resident

UNMATCHED_COST = 1_000_000
"""Cost of leaving a need of weight 1 unmatched; far above any distance, so matching always pays."""


def age_on(birth_date: dt.date, as_of: dt.date) -> int:
    """Full years of age on `as_of`."""
    return as_of.year - birth_date.year - ((as_of.month, as_of.day) < (birth_date.month, birth_date.day))


def weight_of(
    assistance: Assistance | None,
    ability: AbilityLevel | None,
    living: Living | None,
    birth_date: dt.date | None,
    as_of: dt.date,
) -> int:
    if assistance is Assistance.EXTREME_POVERTY or ability in (AbilityLevel.SEVERE, AbilityLevel.TOTAL):
        return 3
    if assistance in (Assistance.MINIMUM_ALLOWANCE, Assistance.NEAR_POVERTY) or ability is AbilityLevel.MODERATE:
        return 2
    if living is Living.ALONE and birth_date is not None and age_on(birth_date, as_of) >= 80:
        return 2
    return 1


def priority_weight(resident: Resident, as_of: dt.date | None = None) -> int:
    """3 if 特困 or 重度/完全失能; else 2 if 低保/低边, 中度失能, or 80+ and 独居; else 1."""
    return weight_of(
        resident.assistance, resident.ability, resident.living, resident.birth_date, as_of or dt.date.today()
    )
