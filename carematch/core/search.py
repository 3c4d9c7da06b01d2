"""Finding residents the way a clerk asks: 王秀, wangxiuying, wxy, the last digits of the ID, a phone,
a village — with filters. Every text match is a prefix or equality on an indexed column, so the
database answers from its indexes (no scan in Python, no LIKE '%…%' over the table).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, NeedKind
from carematch.core.models import Assignment, Resident
from carematch.core.validation import normalize_text

# Statuses under which a need counts as served (not "unmatched").
_LIVE_STATUSES = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED, AssignmentStatus.ACTIVE)
_NEED_COLUMNS = {
    NeedKind.MEAL: or_(Resident.need_meal.is_(True), Resident.need_delivery.is_(True)),
    NeedKind.DEMENTIA_CARE: Resident.need_dementia_care.is_(True),
    NeedKind.HOME_VISIT: Resident.need_home_visit.is_(True),
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_ID_LIKE = re.compile(r"\d{3,17}[\dXx]")


def _prefix(column: Any, text: str) -> ColumnElement[bool]:
    """column starts with text, written as a range the column's index answers."""
    return and_(column >= text, column < text + "\U0010ffff")


def text_condition(text: str) -> ColumnElement[bool]:
    """What a typed search text matches; blank text matches everyone."""
    query = normalize_text(text)
    if not query:
        return true()
    compact = query.replace(" ", "")
    conditions: list[ColumnElement[bool]] = []
    if _CJK.search(compact):
        conditions += [_prefix(Resident.name, compact), _prefix(Resident.village, compact)]
        conditions.append(Resident.township == compact)
    elif compact.isascii() and compact.isalpha():
        lowered = compact.lower()
        conditions.append(_prefix(Resident.name_initials, lowered))
        if len(lowered) > 1:  # one letter: the initials and the full pinyin start alike
            conditions.append(_prefix(Resident.name_pinyin, lowered))
    digits = compact.replace("-", "")
    if _ID_LIKE.fullmatch(digits):
        upper = digits.upper()
        if len(upper) == 18:
            conditions.append(Resident.citizen_id == upper)
        elif len(upper) >= 4:
            # ID tail: the indexed last-4 column narrows, the suffix test confirms longer tails.
            conditions.append(and_(Resident.id_tail == upper[-4:], Resident.citizen_id.endswith(upper)))
    if digits.isdigit() and len(digits) >= 3:
        conditions.append(_prefix(Resident.phone, digits))
        if digits != compact:  # a landline typed with its dash, as it is stored
            conditions.append(_prefix(Resident.phone, compact))
    return or_(*conditions) if conditions else false()


def _filtered(
    query: Select[Any],
    text: str,
    *,
    township: str | None,
    village: str | None,
    ability: AbilityLevel | None,
    assistance: Assistance | None,
    need: NeedKind | None,
    unmatched: bool | None,
    include_deleted: bool,
) -> Select[Any]:
    query = query.where(text_condition(text))
    if not include_deleted:
        query = query.where(Resident.deleted_at.is_(None))
    if township:
        query = query.where(Resident.township == township)
    if village:
        query = query.where(Resident.village == village)
    if ability is not None:
        query = query.where(Resident.ability == ability)
    if assistance is not None:
        query = query.where(Resident.assistance == assistance)
    kinds = [need] if need is not None else list(NeedKind)
    if need is not None:
        query = query.where(_NEED_COLUMNS[need])
    if unmatched is not None:
        open_needs = [and_(_NEED_COLUMNS[kind], ~_served(kind)) for kind in kinds]
        query = query.where(or_(*open_needs) if unmatched else ~or_(*open_needs))
    return query


def _served(kind: NeedKind) -> ColumnElement[bool]:
    return exists().where(
        Assignment.resident_id == Resident.id,
        Assignment.kind == kind,
        Assignment.status.in_(_LIVE_STATUSES),
        Assignment.deleted_at.is_(None),
    )


def search_residents(
    session: Session,
    text: str = "",
    *,
    township: str | None = None,
    village: str | None = None,
    ability: AbilityLevel | None = None,
    assistance: Assistance | None = None,
    need: NeedKind | None = None,
    unmatched: bool | None = None,
    include_deleted: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> list[Resident]:
    """Residents matching the text and every filter, in pinyin order of their names.

    `need` keeps residents with that need; `unmatched=True` keeps those with a need (of `need`,
    else any) that has no proposed, confirmed or active assignment; `unmatched=False` the others.
    """
    query = _filtered(
        select(Resident),
        text,
        township=township,
        village=village,
        ability=ability,
        assistance=assistance,
        need=need,
        unmatched=unmatched,
        include_deleted=include_deleted,
    )
    query = query.order_by(Resident.name_pinyin, Resident.citizen_id).limit(limit).offset(offset)
    return list(session.scalars(query))


def count_residents(
    session: Session,
    text: str = "",
    *,
    township: str | None = None,
    village: str | None = None,
    ability: AbilityLevel | None = None,
    assistance: Assistance | None = None,
    need: NeedKind | None = None,
    unmatched: bool | None = None,
    include_deleted: bool = False,
) -> int:
    query = _filtered(
        select(func.count(Resident.id)),
        text,
        township=township,
        village=village,
        ability=ability,
        assistance=assistance,
        need=need,
        unmatched=unmatched,
        include_deleted=include_deleted,
    )
    return int(session.scalar(query) or 0)
