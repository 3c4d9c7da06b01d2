"""Registry counts (the start of the bureau's figures)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carematch.core.enums import AssignmentStatus
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
