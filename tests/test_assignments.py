"""The assignment lifecycle: statuses, dates and who, room accounting, re-matching after capacity drops."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_match_kit import caregiver, centre, meal_point, resident

from carematch.core import assignments
from carematch.core.db import Store
from carematch.core.enums import AssignmentStatus, NeedKind
from carematch.core.errors import UserInputError
from carematch.core.models import Assignment, AuditEntry


def test_the_whole_lifecycle_records_dates_and_who_and_room_follows_the_status(store: Store) -> None:
    with store.unit_of_work(actor="李站长") as session:
        point = meal_point(session, "ZC01", capacity=2)
        person = resident(session, 1, 0.3, 0.0, meal=True)
        proposal = assignments.propose(session, person, NeedKind.MEAL, point, actor="李站长")
        assert proposal.status is AssignmentStatus.PROPOSED
        assert proposal.proposed_at is not None and proposal.changed_by == "李站长"
        assert 290 <= (proposal.distance_m or 0) <= 310
        assert assignments.room_left(session, point) == 2  # a proposal holds no room
        assignments.confirm(session, proposal, "王干事")
        assert (proposal.status, proposal.changed_by) == (AssignmentStatus.CONFIRMED, "王干事")
        assert proposal.confirmed_at is not None
        assert assignments.room_left(session, point) == 1
        assignments.activate(session, proposal, "王干事")
        assert proposal.status is AssignmentStatus.ACTIVE and proposal.started_at is not None
        assert assignments.room_left(session, point) == 1
        assignments.end(session, proposal, "张护士")
        assert proposal.status is AssignmentStatus.ENDED and proposal.ended_at is not None
        assert assignments.room_left(session, point) == 2
        record_id = proposal.id
    with store.reading() as session:
        trail = session.scalars(select(AuditEntry).where(AuditEntry.record_id == record_id)).all()
        assert [entry.changes["status"][1] for entry in trail] == ["proposed", "confirmed", "active", "ended"]
        assert [entry.changes["changed_by"][1] for entry in trail if "changed_by" in entry.changes] == [
            "李站长",
            "王干事",
            "张护士",
        ]


@pytest.mark.parametrize(
    ("steps", "wrong"),
    [
        ((), "activate"),
        ((), "end"),
        (("confirm",), "confirm"),
        (("confirm", "activate"), "cancel"),
        (("cancel",), "confirm"),
        (("confirm", "activate", "end"), "activate"),
    ],
)
def test_a_wrong_transition_is_refused_with_a_clerk_message(tmp_path, steps: tuple[str, ...], wrong: str) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        point = meal_point(session, "ZC01")
        item = assignments.propose(session, resident(session, 1, meal=True), NeedKind.MEAL, point, actor="clerk")
        for step in steps:
            getattr(assignments, step)(session, item, "clerk")
        before = item.status
        with pytest.raises(UserInputError) as refused:
            getattr(assignments, wrong)(session, item, "clerk")
        assert item.status is before
        assert before.zh in refused.value.text("zh") and before.en.lower() in refused.value.text("en")


def test_confirming_into_a_full_provider_is_refused(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        home = centre(session, "JG01", beds=3, occupied=2)
        first = assignments.propose(
            session, resident(session, 1, dementia_care=True), NeedKind.DEMENTIA_CARE, home, actor="c"
        )
        second = assignments.propose(
            session, resident(session, 2, dementia_care=True), NeedKind.DEMENTIA_CARE, home, actor="c"
        )
        assignments.confirm(session, first, "c")
        assert assignments.room_left(session, home) == 0
        with pytest.raises(UserInputError, match="已满"):
            assignments.confirm(session, second, "c")
        assert second.status is AssignmentStatus.PROPOSED


def test_a_new_proposal_replaces_the_old_one_and_a_held_need_is_not_proposed_twice(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        a, b = caregiver(session, "HL01"), caregiver(session, "HL02", 1.0, 0.0)
        person = resident(session, 1, home=True, skills=("助洁",))
        old = assignments.propose(session, person, NeedKind.HOME_VISIT, a, actor="c")
        new = assignments.propose(session, person, NeedKind.HOME_VISIT, b, actor="c")
        assert old.status is AssignmentStatus.CANCELLED and old.cancelled_at is not None
        assignments.confirm(session, new, "c")
        with pytest.raises(UserInputError, match="已由护理员HL02已确认"):
            assignments.propose(session, person, NeedKind.HOME_VISIT, a, actor="c")


def test_proposals_must_fit_the_need_and_the_provider(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        point, worker = meal_point(session, "ZC01"), caregiver(session, "HL01")
        eater = resident(session, 1, meal=True)
        with pytest.raises(UserInputError, match="没有登记上门服务需求"):
            assignments.propose(session, eater, NeedKind.HOME_VISIT, worker, actor="c")
        with pytest.raises(UserInputError, match="不提供助餐服务"):
            assignments.propose(session, eater, NeedKind.MEAL, worker, actor="c")
        point.closed = True
        with pytest.raises(UserInputError, match="已停办"):
            assignments.propose(session, eater, NeedKind.MEAL, point, actor="c")


def _held(session, provider, kind, count: int) -> list[Assignment]:
    held = []
    for n in range(count):
        person = resident(session, 100 + n, 0.1 * n, 0.0, meal=True, dementia_care=True, home=True)
        item = assignments.propose(session, person, kind, provider, actor="c")
        assignments.confirm(session, item, "c")
        held.append(item)
    return held


def test_a_capacity_drop_flags_the_latest_confirmed_and_drops_no_one(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        point = meal_point(session, "ZC01", capacity=4)
        held = _held(session, point, NeedKind.MEAL, 4)
        assignments.activate(session, held[3], "c")  # already serving: gives way last
        point.daily_capacity = 2
        flagged = assignments.reconcile_provider(session, point)
        assert flagged == [held[2], held[1]]
        assert all(a.status in (AssignmentStatus.CONFIRMED, AssignmentStatus.ACTIVE) for a in held)
        assert "名额减少" in flagged[0].rematch_reason
        assert assignments.reconcile_provider(session, point) == []  # already flagged: nothing new
        assert assignments.room_left(session, point) == 0


def test_a_closed_provider_flags_every_holder_for_rematching(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        worker = caregiver(session, "HL01", max_clients=3)
        held = _held(session, worker, NeedKind.HOME_VISIT, 2)
        worker.closed = True
        assert assignments.reconcile_provider(session, worker) == held
        assert all(a.needs_rematch and "停办" in a.rematch_reason for a in held)
        assert assignments.room_left(session, worker) == 0


def test_confirming_a_replacement_ends_the_flagged_assignment(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        old_home, new_home = centre(session, "JG01", beds=1), centre(session, "JG02", 2.0, 0.0, beds=1)
        (held,) = _held(session, old_home, NeedKind.DEMENTIA_CARE, 1)
        assignments.activate(session, held, "c")
        old_home.closed = True
        assignments.reconcile_provider(session, old_home)
        replacement = assignments.propose(session, held.resident, NeedKind.DEMENTIA_CARE, new_home, actor="c")
        assignments.confirm(session, replacement, "c")
        assert held.status is AssignmentStatus.ENDED and not held.needs_rematch
        assert replacement.status is AssignmentStatus.CONFIRMED


def test_flag_for_rematch_marks_every_holder_with_the_reason(tmp_path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.unit_of_work(actor="clerk") as session:
        point = meal_point(session, "ZC01", capacity=3)
        held = _held(session, point, NeedKind.MEAL, 2)
        assert assignments.flag_for_rematch(session, point, "厨房装修") == held
        assert {a.rematch_reason for a in held} == {"厨房装修"}
