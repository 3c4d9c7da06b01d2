"""Batch matching, reasons, proposals and the single-resident ranking on small hand-drawn maps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from test_match_kit import caregiver, centre, meal_point, resident

from carematch.core import assignments, matching
from carematch.core.cancel import Cancelled, CancelToken
from carematch.core.db import Store
from carematch.core.enums import AbilityLevel, AssignmentStatus, Assistance, Living, NeedKind
from carematch.core.models import Assignment, AuditEntry, MealPoint, Resident

AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with Store(f"sqlite:///{tmp_path / 'm.sqlite'}") as store, store.unit_of_work(actor="test") as opened:
        yield opened


def by_resident(result: matching.MatchResult) -> dict[str, str]:
    return {m.resident_name: m.provider_code for m in result.assignments}


def reasons(result: matching.MatchResult) -> dict[str, str]:
    return {u.name: u.reason_code for u in result.unassigned}


def test_priority_weights_follow_design_rules() -> None:
    from carematch.core.models import Resident

    def weight(**values: object) -> int:
        person = Resident(
            assistance=Assistance.NONE,
            ability=AbilityLevel.INTACT,
            living=Living.OTHER,
            birth_date=dt.date(1950, 1, 1),
        )
        for key, value in values.items():
            setattr(person, key, value)
        return matching.priority_weight(person, AS_OF)

    assert weight() == 1
    assert weight(assistance=Assistance.EXTREME_POVERTY) == 3
    assert weight(ability=AbilityLevel.SEVERE) == 3 and weight(ability=AbilityLevel.TOTAL) == 3
    assert weight(assistance=Assistance.MINIMUM_ALLOWANCE) == 2 and weight(assistance=Assistance.NEAR_POVERTY) == 2
    assert weight(ability=AbilityLevel.MODERATE) == 2
    # 80 on the very day counts; one day short does not; living with children does not.
    assert weight(living=Living.ALONE, birth_date=dt.date(1946, 6, 1)) == 2
    assert weight(living=Living.ALONE, birth_date=dt.date(1946, 6, 2)) == 1
    assert weight(living=Living.WITH_CHILDREN, birth_date=dt.date(1930, 1, 1)) == 1


def test_with_one_place_left_the_extreme_poverty_resident_gets_it(session: Session) -> None:
    meal_point(session, "ZC01", capacity=1)
    resident(session, 1, 0.1, 0.0, meal=True)  # nearer, but weight 1
    resident(session, 2, 0.8, 0.0, meal=True, assistance=Assistance.EXTREME_POVERTY)
    result = matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)
    assert by_resident(result) == {"测试老人2": "ZC01"}
    assert reasons(result) == {"测试老人1": "providers_full"}
    assert result.objective == result.assignments[0].distance_m + 1_000_000


def test_the_sum_of_distances_is_minimised_not_each_nearest(session: Session) -> None:
    # Greedy by resident would give A to r1 (0.1 km) and leave r2 with B at 1.9 km: 2.0 km.
    # The optimum gives A to r2 and B to r1: 0.9 + 0.9 = 1.8 km.
    meal_point(session, "A", 0.0, 0.0, capacity=1, dine_in_km=2.0)
    meal_point(session, "B", 1.0, 0.0, capacity=1, dine_in_km=2.0)
    resident(session, 1, 0.1, 0.0, meal=True)
    resident(session, 2, -0.9, 0.0, meal=True)
    result = matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)
    assert by_resident(result) == {"测试老人1": "B", "测试老人2": "A"}
    assert 1790 <= result.objective <= 1810


def test_meal_rules_dine_in_and_delivery(session: Session) -> None:
    meal_point(session, "ZC01", capacity=5, dine_in_km=1.0, delivers=True, delivery_km=3.0)
    meal_point(session, "ZC02", 0.0, 10.0, capacity=5, dine_in_km=1.0)
    resident(session, 1, 2.0, 0.0, meal=True)  # beyond dine-in, within delivery: delivered
    resident(session, 2, 0.0, 10.5, delivery=True)  # wants delivery; ZC02 does not deliver
    resident(session, 3, 0.0, 10.5, meal=True)  # dines in at ZC02
    resident(session, 4, 5.0, 0.0, meal=True)  # out of every radius
    resident(session, 5, None, None, meal=True)  # no location
    result = matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)
    assert by_resident(result) == {"测试老人1": "ZC01", "测试老人3": "ZC02"}
    delivered = {m.resident_name: m.delivery for m in result.assignments}
    assert delivered == {"测试老人1": True, "测试老人3": False}
    assert reasons(result) == {
        "测试老人2": "no_provider_in_range",
        "测试老人4": "no_provider_in_range",
        "测试老人5": "no_location",
    }


def test_dementia_beds_count_occupied_and_held_places(session: Session) -> None:
    home = centre(session, "JG01", beds=3, occupied=1, radius_km=5.0)
    held = resident(session, 1, 0.5, 0.0, dementia_care=True)
    item = assignments.propose(session, held, NeedKind.DEMENTIA_CARE, home, actor="t")
    assignments.confirm(session, item, "t")
    for n in (2, 3):
        resident(session, n, 0.5 * n, 0.0, dementia_care=True)
    resident(session, 4, 6.0, 0.0, dementia_care=True)
    result = matching.match_batch(session, [NeedKind.DEMENTIA_CARE], as_of=AS_OF)
    # 3 beds − 1 occupied by outsiders − 1 held = one bed for the nearer of 2 and 3.
    assert by_resident(result) == {"测试老人2": "JG01"}
    assert reasons(result) == {"测试老人3": "providers_full", "测试老人4": "no_provider_in_range"}


def test_home_visit_rules_skills_dementia_skill_days_and_room(session: Session) -> None:
    caregiver(session, "HL01", skills=("助洁", "助浴"), days=("周一", "周三"), max_clients=5)
    caregiver(session, "HL02", 0.5, 0.0, skills=("助洁", "认知照护"), days=("周二",), max_clients=5)
    resident(session, 1, 0.1, 0.0, home=True, skills=("助洁",), visits=2)  # HL01 (HL02 has one day)
    resident(session, 2, 0.1, 0.0, home=True, skills=("助洁",), dementia=True)  # needs 认知照护: HL02
    resident(session, 3, 0.1, 0.0, home=True, skills=("助医",))  # nobody has 助医
    resident(session, 4, 0.1, 0.0, home=True, skills=("助洁", "认知照护"), visits=3)  # HL02 has 1 day
    resident(session, 5, 20.0, 0.0, home=True, skills=("助洁",))
    result = matching.match_batch(session, [NeedKind.HOME_VISIT], as_of=AS_OF)
    assert by_resident(result) == {"测试老人1": "HL01", "测试老人2": "HL02"}
    assert reasons(result) == {
        "测试老人3": "no_skilled_provider",
        "测试老人4": "too_few_days",
        "测试老人5": "no_provider_in_range",
    }
    message = next(u.reason for u in result.unassigned if u.name == "测试老人3")
    assert "助医" in message.text("zh") and "助医" in message.text("en")


def test_closed_and_deleted_providers_and_deleted_residents_are_never_candidates(session: Session) -> None:
    closed = meal_point(session, "ZC01", capacity=5)
    closed.closed = True
    gone = meal_point(session, "ZC02", capacity=5)
    gone.deleted_at = dt.datetime(2026, 1, 1)
    resident(session, 1, 0.1, 0.0, meal=True)
    resident(session, 2, 0.1, 0.0, meal=True).deleted_at = dt.datetime(2026, 1, 1)
    result = matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)
    assert result.assignments == []
    assert reasons(result) == {"测试老人1": "no_provider_in_range"}


def test_write_proposals_replaces_the_kinds_proposals_and_keeps_confirmed_ones(store: Store) -> None:
    with store.unit_of_work(actor="t") as session:
        near = meal_point(session, "ZC01", capacity=2)
        meal_point(session, "ZC02", 0.6, 0.0, capacity=2)
        people = [resident(session, n, 0.1 * n, 0.0, meal=True) for n in (1, 2, 3)]
        confirmed = assignments.propose(session, people[0], NeedKind.MEAL, near, actor="t")
        assignments.confirm(session, confirmed, "t")
        stale = resident(session, 9, 0.2, 0.0, meal=True)
        assignments.propose(session, stale, NeedKind.MEAL, near, actor="t")
        stale.need_meal = False  # the need went away: its proposal must go too
        result = matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)
        summary = matching.write_proposals(session, result, "站长")
        assert (summary.created, summary.cancelled) == (2, 1)
    with store.reading() as session:
        rows = session.execute(
            select(Assignment.status, func.count()).where(Assignment.kind == NeedKind.MEAL).group_by(Assignment.status)
        ).all()
        assert dict(rows) == {
            AssignmentStatus.CONFIRMED: 1,
            AssignmentStatus.PROPOSED: 2,
            AssignmentStatus.CANCELLED: 1,
        }
        inserts = session.scalar(
            select(func.count()).where(AuditEntry.table_name == "assignments", AuditEntry.actor == "站长")
        )
        assert inserts == 3
        # Rows written in bulk read back through the ORM exactly as ORM-written ones do.
        written = session.scalars(
            select(Assignment).where(Assignment.status == AssignmentStatus.PROPOSED).order_by(Assignment.distance_m)
        ).all()
        assert [(a.version, a.changed_by, a.visit_days, a.needs_rematch) for a in written] == [
            (1, "站长", [], False)
        ] * 2
        assert all(a.proposed_at is not None and a.created_at == a.proposed_at for a in written)
        assert [a.provider.code for a in written] == ["ZC01", "ZC02"]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_id == written[0].id)).one()
        assert entry.action == "insert" and entry.changes["status"] == [None, "proposed"]
    with store.unit_of_work(actor="t") as session:
        again = matching.write_proposals(session, matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF), "t")
        assert (again.created, again.updated, again.kept, again.cancelled) == (0, 0, 2, 0)
        for item in session.scalars(select(Assignment).where(Assignment.status == AssignmentStatus.PROPOSED)):
            assignments.confirm(session, item, "t")
        assert assignments.room_left(session, session.get_one(MealPoint, near.id)) == 0


def test_open_needs_lists_unanswered_needs_with_reasons(session: Session) -> None:
    point = meal_point(session, "ZC01", capacity=2)
    proposed = resident(session, 1, 0.1, 0.0, meal=True)
    assignments.propose(session, proposed, NeedKind.MEAL, point, actor="t")
    resident(session, 2, 0.2, 0.0, meal=True, home=True, skills=("助浴",))
    needs = {(n.name, n.kind): n for n in matching.open_needs(session, as_of=AS_OF)}
    assert set(needs) == {("测试老人2", NeedKind.MEAL), ("测试老人2", NeedKind.HOME_VISIT)}
    assert needs["测试老人2", NeedKind.MEAL].reason_code == "not_matched_yet"
    assert needs["测试老人2", NeedKind.HOME_VISIT].reason_code == "no_provider_in_range"
    assert needs["测试老人2", NeedKind.MEAL].village == "2村"
    # The last place is promised to the proposal: a third person is told the point is full.
    resident(session, 3, 0.3, 0.0, meal=True)
    assignments.propose(
        session,
        session.get_one(Resident, needs["测试老人2", NeedKind.MEAL].resident_id),
        NeedKind.MEAL,
        point,
        actor="t",
    )
    (third,) = matching.open_needs(session, as_of=AS_OF, kinds=[NeedKind.MEAL])
    assert (third.name, third.reason_code) == ("测试老人3", "providers_full")


def test_a_flagged_assignment_is_matched_again(session: Session) -> None:
    old, new = meal_point(session, "ZC01", capacity=1), meal_point(session, "ZC02", 0.5, 0.0, capacity=1)
    person = resident(session, 1, 0.1, 0.0, meal=True)
    assignments.confirm(session, assignments.propose(session, person, NeedKind.MEAL, old, actor="t"), "t")
    assert matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF).assignments == []
    old.closed = True
    assignments.reconcile_provider(session, old)
    assert by_resident(matching.match_batch(session, [NeedKind.MEAL], as_of=AS_OF)) == {"测试老人1": "ZC02"}
    assert new.code == "ZC02"


def test_the_same_data_gives_the_same_result(session: Session) -> None:
    for code in ("ZC01", "ZC02", "ZC03"):
        meal_point(session, code, 0.0, 0.0, capacity=2)  # identical points: ties everywhere
    for n in range(8):
        resident(session, n, 0.1, 0.0, meal=True)
    first = matching.match_batch(session, as_of=AS_OF)
    assert all(matching.match_batch(session, as_of=AS_OF).assignments == first.assignments for _ in range(3))
    assert len(first.assignments) == 6 and len(first.unassigned) == 2


def test_progress_is_reported_and_cancel_stops_the_run(session: Session) -> None:
    meal_point(session, "ZC01")
    resident(session, 1, meal=True)
    seen: list[tuple[int, int]] = []
    matching.match_batch(session, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and seen[0][0] == 0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        matching.match_batch(session, cancel=token)


def test_rank_providers_lists_every_provider_nearest_first_with_why_not(session: Session) -> None:
    caregiver(session, "HL01", 0.5, 0.0, skills=("助洁",), days=("周一", "周二"))
    caregiver(session, "HL02", 1.0, 0.0, skills=("助洁", "助浴"), days=("周一",))
    caregiver(session, "HL03", 2.0, 0.0, skills=("助洁", "助浴"), days=("周一", "周二"), radius_km=1.0)
    full = caregiver(session, "HL04", 3.0, 0.0, skills=("助洁", "助浴"), days=("周一", "周二"), max_clients=1)
    caregiver(session, "HL05", 4.0, 0.0, skills=("助洁", "助浴"), days=("周一", "周二"))
    other = resident(session, 9, 3.0, 0.1, home=True, skills=("助洁",))
    assignments.confirm(session, assignments.propose(session, other, NeedKind.HOME_VISIT, full, actor="t"), "t")
    person = resident(session, 1, home=True, skills=("助洁", "助浴"), visits=2)
    options = matching.rank_providers(session, person, NeedKind.HOME_VISIT, as_of=AS_OF)
    assert [o.code for o in options] == ["HL01", "HL02", "HL03", "HL04", "HL05"]
    assert [o.eligible for o in options] == [False, False, False, False, True]
    why = {o.code: " / ".join(m.text("zh") for m in o.reasons) for o in options}
    assert why["HL01"] == "缺少技能：助浴"
    assert "可服务日只有1天" in why["HL02"]
    assert "超出服务半径 1 公里" in why["HL03"]
    assert why["HL04"] == "已满"
    assert options[0].error_m == 28 and options[3].room_left == 0 and options[4].room_left == 5
    assert 490 <= (options[0].distance_m or 0) <= 510


def test_rank_providers_for_a_resident_without_location(session: Session) -> None:
    meal_point(session, "ZC01")
    person = resident(session, 1, None, None, meal=True)
    (option,) = matching.rank_providers(session, person, NeedKind.MEAL)
    assert not option.eligible and option.distance_m is None
    assert option.reasons[0].text("en") == "The resident has no location"


def test_confirm_proposals_confirms_what_fits_and_says_why_not_for_the_rest(session: Session) -> None:
    point = meal_point(session, "ZC01", capacity=1)
    first, second = resident(session, 1, 0.1, 0.0, meal=True), resident(session, 2, 0.2, 0.0, meal=True)
    for person in (first, second):
        assignments.propose(session, person, NeedKind.MEAL, point, actor="t")
    outcome = matching.confirm_proposals(session, [NeedKind.MEAL], "站长")
    assert [a.resident_id for a in outcome.confirmed] == [first.id]
    ((kept_back, why),) = outcome.refused
    assert kept_back.resident_id == second.id and kept_back.status is AssignmentStatus.PROPOSED
    assert "已满" in why.text("zh")
    confirmed = outcome.confirmed[0]
    assert (confirmed.status, confirmed.changed_by, confirmed.version) == (AssignmentStatus.CONFIRMED, "站长", 2)
    assert confirmed.confirmed_at is not None
    trail = session.scalars(select(AuditEntry).where(AuditEntry.record_id == confirmed.id).order_by(AuditEntry.seq))
    assert [(e.action, e.changes.get("status")) for e in trail] == [
        ("insert", [None, "proposed"]),
        ("update", ["proposed", "confirmed"]),
    ]
    assert assignments.room_left(session, point) == 0
