"""Assignment sheets (派单表): one section per provider, handed over on its own.

- caregiver: the weekly plan, then each day's visits in visiting order, with address, phone and
  the skills each visit needs;
- meal point: the day's dine-in list, then the delivery list in delivery order, with diet notes;
- care centre: the dementia-care admissions.

Only confirmed and active assignments are listed: a provider acts on what the station has agreed,
not on proposals. Each provider's section counts its own pages ("第 N 页 / 共 M 页"), because the
sheets are torn apart and handed to different people; a row never splits across pages and every
row has a signature cell.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.enums import DEMENTIA_SKILL, HOLDING_STATUSES, WEEKDAYS, AssignmentStatus, Living, NeedKind
from carematch.core.errors import Lang, NotFoundError, UserInputError, msg, pick
from carematch.core.matching.routes import delivery_route, weekly_plan
from carematch.core.models import Assignment, CareCentre, Caregiver, MealPoint, Resident, Township
from carematch.core.printing.layout import (
    Section,
    build_pdf,
    content_width,
    data_table,
    escape,
    format_date,
    station_info,
    styles,
)

Provider = MealPoint | CareCentre | Caregiver

SIGNATURE_ROW = 10 * mm  # tall enough to sign a name in
KIND_ORDER = {NeedKind.HOME_VISIT: 0, NeedKind.MEAL: 1, NeedKind.DEMENTIA_CARE: 2}


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def place_of(resident: Resident) -> str:
    where = resident.address or f"{resident.township}{resident.village}"
    if resident.village and resident.village not in where:
        where = f"{resident.village} {where}"
    return where


def phones_of(resident: Resident) -> str:
    return resident.phone or "—"


def skills_needed(resident: Resident) -> list[str]:
    """The skills a home visit needs (DESIGN §4: 认知照护 as well when the resident has dementia)."""
    skills = list(resident.visit_skills or [])
    if resident.dementia and DEMENTIA_SKILL not in skills:
        skills.append(DEMENTIA_SKILL)
    return skills


def client_name(assignment: Assignment, lang: Lang) -> str:
    """The client's name, marked when the assignment is flagged for re-matching (this provider is
    full or closed): the provider sees the person may move to another one soon."""
    name = assignment.resident.name
    return name + pick(lang, "\n【待调整】", "\n[to be changed]") if assignment.needs_rematch else name


def care_notes(resident: Resident, day: dt.date, lang: Lang) -> str:
    notes = [f"{age_on(resident.birth_date, day)}{pick(lang, '岁', ' y')}", resident.ability.label(lang)]
    if resident.dementia:
        notes.append(pick(lang, "认知障碍", "dementia"))
    if resident.living is Living.ALONE:
        notes.append(resident.living.label(lang))
    text = "，".join(notes) if lang == "zh" else "; ".join(notes)
    if resident.emergency_phone:
        # On its own line, so the phone number is not broken across two.
        who = " ".join(p for p in (resident.emergency_contact, resident.emergency_phone) if p)
        text += "\n" + pick(lang, "紧急：", "Emergency: ") + who
    return text


def diet_notes(resident: Resident, lang: Lang) -> str:
    notes = list(resident.diet or [])
    if resident.dementia:
        notes.append(pick(lang, "认知障碍", "dementia"))
    return "、".join(notes) if notes else "—"


# ---------------------------------------------------------------------------------------------
# What to print


@dataclass
class ProviderWork:
    provider: Provider
    kind: NeedKind
    assignments: list[Assignment]


def sheet_work(
    session: Session,
    *,
    township: str | None = None,
    provider_ids: Sequence[uuid.UUID] | None = None,
) -> list[ProviderWork]:
    """Providers with confirmed or active assignments, each with those assignments; caregivers
    first, then meal points, then care centres, each by code."""
    if township:
        _check_township(session, township)
    query = (
        select(Assignment)
        .join(Resident, Assignment.resident_id == Resident.id)
        .where(
            Assignment.status.in_(HOLDING_STATUSES),
            Assignment.deleted_at.is_(None),
            Resident.deleted_at.is_(None),
        )
        .options(
            selectinload(Assignment.resident),
            selectinload(Assignment.meal_point),
            selectinload(Assignment.care_centre),
            selectinload(Assignment.caregiver),
        )
    )
    wanted = set(provider_ids) if provider_ids is not None else None
    grouped: dict[uuid.UUID, ProviderWork] = {}
    for assignment in session.scalars(query):
        provider = assignment.provider
        if wanted is not None and provider.id not in wanted:
            continue
        if township and provider.township != township:
            continue
        work = grouped.setdefault(provider.id, ProviderWork(provider, assignment.kind, []))
        work.assignments.append(assignment)
    if wanted is not None and not grouped:
        missing = [pid for pid in wanted if not _provider_exists(session, pid)]
        if missing:
            raise NotFoundError(
                msg("要打印的服务机构不存在或已删除", "The providers to print do not exist or were deleted")
            )
    return sorted(grouped.values(), key=lambda w: (KIND_ORDER[w.kind], w.provider.code))


def _provider_exists(session: Session, provider_id: uuid.UUID) -> bool:
    return any(session.get(model, provider_id) is not None for model in (MealPoint, CareCentre, Caregiver))


def _check_township(session: Session, township: str) -> None:
    known = session.scalar(select(Township.id).where(Township.name == township, Township.deleted_at.is_(None)))
    if known is not None:
        return
    for model in (Resident, MealPoint, CareCentre, Caregiver):
        if session.scalar(select(model.id).where(model.township == township).limit(1)) is not None:
            return
    raise UserInputError(msg("找不到乡镇(街道)“{name}”", "There is no township named {name!r}", name=township))


def _by_place(assignments: list[Assignment]) -> list[Assignment]:
    return sorted(assignments, key=lambda a: (a.resident.village, a.resident.address, a.resident.name_pinyin))


# ---------------------------------------------------------------------------------------------
# Sections


def _provider_heading(work: ProviderWork, day: dt.date, lang: Lang) -> list[Flowable]:
    sheet = styles()
    provider = work.provider
    kind_title = {
        NeedKind.HOME_VISIT: pick(lang, "上门服务派单表", "Home-visit sheet"),
        NeedKind.MEAL: pick(lang, "助餐派单表", "Meal sheet"),
        NeedKind.DEMENTIA_CARE: pick(lang, "认知障碍照护入住名单", "Dementia-care admissions"),
    }[work.kind]
    facts: list[str] = [f"{pick(lang, '编号', 'Code')}：{provider.code}"]
    if provider.phone:
        facts.append(f"{pick(lang, '电话', 'Phone')}：{provider.phone}")
    contact = getattr(provider, "contact", "")
    if contact:
        facts.append(f"{pick(lang, '联系人', 'Contact')}：{contact}")
    if isinstance(provider, Caregiver):
        facts.append(provider.cert_level.label(lang))
        if provider.available_days:
            facts.append(f"{pick(lang, '可服务日', 'Days')}：{'、'.join(provider.available_days)}")
    if isinstance(provider, MealPoint):
        if provider.meal_times:
            facts.append(f"{pick(lang, '供餐', 'Meals')}：{'、'.join(provider.meal_times)}")
        if provider.special_diets:
            facts.append(f"{pick(lang, '特殊膳食', 'Diets')}：{'、'.join(provider.special_diets)}")
    if isinstance(provider, CareCentre):
        free = provider.dementia_beds - provider.dementia_beds_occupied
        beds = pick(lang, "认知障碍床位", "Dementia beds")
        outside = pick(lang, "本表外已占", "taken outside")
        free_label = pick(lang, "可用", "free")
        held = provider.dementia_beds_occupied
        facts.append(f"{beds}：{provider.dementia_beds}（{outside} {held}，{free_label} {free}）")
    where = provider.address or f"{provider.township}{provider.village}"
    if where:
        facts.append(f"{pick(lang, '地址', 'Address')}：{where}")
    return [
        Paragraph(escape(f"{kind_title} · {provider.name}"), sheet.title),
        Paragraph(escape("　".join(facts)), sheet.body),
        Paragraph(escape(f"{pick(lang, '日期', 'Date')}：{format_date(day, lang)}"), sheet.small),
        Spacer(1, 2 * mm),
    ]


def _signature_note(lang: Lang) -> Flowable:
    text = pick(
        lang,
        "签名：服务完成后请服务对象（或家属）在“签名”栏签字或按手印；情况有变请及时告知服务站。",
        "Signature: after each service the resident (or family) signs or leaves a thumbprint; "
        "tell the station of any change.",
    )
    return Paragraph(escape(text), styles().small)


def _meal_section(work: ProviderWork, day: dt.date, lang: Lang, routes: RouteSource) -> list[Flowable]:
    sheet = styles()
    width = content_width()
    dine_in = _by_place([a for a in work.assignments if not a.delivery])
    delivered = [a for a in work.assignments if a.delivery]
    story: list[Flowable] = []
    story.append(
        Paragraph(
            escape(pick(lang, f"今日堂食名单（{len(dine_in)} 人）", f"Dine-in today ({len(dine_in)})")), sheet.heading
        )
    )
    if dine_in:
        story.append(
            data_table(
                [
                    pick(lang, "序号", "No."),
                    pick(lang, "姓名", "Name"),
                    pick(lang, "村(社区) / 地址", "Village / address"),
                    pick(lang, "电话", "Phone"),
                    pick(lang, "膳食要求", "Diet"),
                    pick(lang, "签到", "Signature"),
                ],
                [
                    [
                        str(n),
                        client_name(a, lang),
                        place_of(a.resident),
                        phones_of(a.resident),
                        diet_notes(a.resident, lang),
                        "",
                    ]
                    for n, a in enumerate(dine_in, start=1)
                ],
                [10 * mm, 24 * mm, 58 * mm, 30 * mm, 30 * mm, width - 152 * mm],
                align=["center", "left", "left", "left", "left", "left"],
                min_row_height=SIGNATURE_ROW,
            )
        )
    else:
        story.append(Paragraph(escape(pick(lang, "今日无堂食对象。", "Nobody dines in today.")), sheet.body))
    story.append(CondPageBreak(40 * mm))
    assert isinstance(work.provider, MealPoint)
    stops = routes.delivery(work.provider, delivered) if delivered else []
    story.append(
        Paragraph(
            escape(
                pick(
                    lang,
                    f"今日送餐名单（按送餐顺序，{len(delivered)} 户）",
                    f"Deliveries today, in delivery order ({len(delivered)})",
                )
            ),
            sheet.heading,
        )
    )
    if stops:
        story.append(_route_line([s.assignment.resident.name for s in stops], work.provider.name, lang))
        story.append(
            data_table(
                [
                    pick(lang, "顺序", "Stop"),
                    pick(lang, "姓名", "Name"),
                    pick(lang, "村(社区) / 地址", "Village / address"),
                    pick(lang, "电话", "Phone"),
                    pick(lang, "膳食要求", "Diet"),
                    pick(lang, "距上一站", "From last"),
                    pick(lang, "签收", "Signature"),
                ],
                [
                    [
                        str(s.order),
                        client_name(s.assignment, lang),
                        place_of(s.assignment.resident),
                        phones_of(s.assignment.resident),
                        diet_notes(s.assignment.resident, lang),
                        _km(s.leg_m),
                        "",
                    ]
                    for s in stops
                ],
                [10 * mm, 22 * mm, 50 * mm, 28 * mm, 26 * mm, 17 * mm, width - 153 * mm],
                align=["center", "left", "left", "left", "left", "right", "left"],
                min_row_height=SIGNATURE_ROW,
            )
        )
    else:
        story.append(Paragraph(escape(pick(lang, "今日无送餐对象。", "No deliveries today.")), sheet.body))
    return story


def _centre_section(work: ProviderWork, day: dt.date, lang: Lang) -> list[Flowable]:
    sheet = styles()
    width = content_width()
    rows = sorted(
        work.assignments,
        key=lambda a: (
            a.status is not AssignmentStatus.ACTIVE,
            a.confirmed_at or dt.datetime.min,
            a.resident.name_pinyin,
        ),
    )
    story: list[Flowable] = [
        Paragraph(
            escape(pick(lang, f"认知障碍照护入住（{len(rows)} 人）", f"Dementia-care admissions ({len(rows)})")),
            sheet.heading,
        )
    ]
    story.append(
        data_table(
            [
                pick(lang, "序号", "No."),
                pick(lang, "姓名", "Name"),
                pick(lang, "性别/年龄", "Sex/age"),
                pick(lang, "村(社区) / 地址", "Village / address"),
                pick(lang, "能力等级", "Ability"),
                pick(lang, "紧急联系人", "Emergency contact"),
                pick(lang, "状态", "Status"),
                pick(lang, "签名", "Signature"),
            ],
            [
                [
                    str(n),
                    client_name(a, lang),
                    f"{a.resident.sex.label(lang)}/{age_on(a.resident.birth_date, day)}",
                    place_of(a.resident),
                    a.resident.ability.label(lang),
                    " ".join(p for p in (a.resident.emergency_contact, a.resident.emergency_phone) if p) or "—",
                    _status_text(a, lang),
                    "",
                ]
                for n, a in enumerate(rows, start=1)
            ],
            [9 * mm, 20 * mm, 18 * mm, 30 * mm, 17 * mm, 34 * mm, 30 * mm, width - 158 * mm],
            align=["center", "left", "center", "left", "left", "left", "left", "left"],
            min_row_height=SIGNATURE_ROW,
        )
    )
    return story


def _status_text(assignment: Assignment, lang: Lang) -> str:
    if assignment.status is AssignmentStatus.ACTIVE:
        since = assignment.started_at
        label = pick(lang, "已入住", "Admitted")
    else:
        since = assignment.confirmed_at
        label = pick(lang, "待入住", "To admit")
    return f"{label} {since:%Y-%m-%d}" if since else label


def _km(metres: int | None) -> str:
    if metres is None:
        return "—"
    if metres < 1000:
        return f"{round(metres, -1)} m"
    return f"{metres / 1000:.1f} km"


def _route_line(names: list[str], base: str, lang: Lang) -> Flowable:
    route = " → ".join([base, *names])
    return Paragraph(escape(pick(lang, "路线：", "Route: ") + route), styles().small)


# ---------------------------------------------------------------------------------------------
# Visiting order, from the matching workstream's route planner


@dataclass(frozen=True)
class RouteStop:
    order: int
    assignment: Assignment
    leg_m: int | None
    """Distance from the previous stop (or the provider's base for the first), metres."""


@dataclass(frozen=True)
class DayVisits:
    weekday: str
    date: dt.date
    stops: list[RouteStop]
    total_m: int
    """Base → every stop → base."""


@dataclass(frozen=True)
class Week:
    days: list[DayVisits]
    visit_days: dict[uuid.UUID, tuple[str, ...]]
    """Per assignment, the weekdays it is visited."""
    warnings: list[str]


class RouteSource:
    """Visiting orders from the route planner (carematch.core.matching.routes), matched back to
    the assignments printed; a stop the planner did not return is still printed, last."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def delivery(self, meal_point: MealPoint, assignments: list[Assignment]) -> list[RouteStop]:
        by_id = {a.id: a for a in assignments}
        stops: list[RouteStop] = []
        for stop in delivery_route(self.session, meal_point):
            assignment = by_id.pop(stop.assignment_id, None)
            if assignment is not None:
                stops.append(RouteStop(len(stops) + 1, assignment, stop.leg_m))
        for assignment in _by_place(list(by_id.values())):
            stops.append(RouteStop(len(stops) + 1, assignment, None))
        return stops

    def week(self, caregiver: Caregiver, assignments: list[Assignment], day: dt.date, lang: Lang) -> Week:
        by_id = {a.id: a for a in assignments}
        dates = dict(zip(WEEKDAYS, week_of(day), strict=True))
        plan = weekly_plan(self.session, caregiver)
        days: list[DayVisits] = []
        for day_plan in plan.days:
            stops: list[RouteStop] = []
            for stop in day_plan.stops:
                assignment = by_id.get(stop.assignment_id)
                if assignment is not None:
                    stops.append(RouteStop(len(stops) + 1, assignment, stop.leg_m))
            days.append(DayVisits(day_plan.day, dates.get(day_plan.day, day), stops, day_plan.total_m))
        visit_days = {client.assignment_id: client.days for client in plan.clients}
        return Week(days, visit_days, [warning.text(lang) for warning in plan.warnings])


def _caregiver_section(work: ProviderWork, day: dt.date, lang: Lang, routes: RouteSource) -> list[Flowable]:
    sheet = styles()
    width = content_width()
    assert isinstance(work.provider, Caregiver)
    week = routes.week(work.provider, work.assignments, day, lang)
    story: list[Flowable] = [Paragraph(escape(pick(lang, "本周计划", "This week")), sheet.heading)]
    plan_rows = [
        [
            f"{d.weekday} {d.date.month}/{d.date.day}",
            str(len(d.stops)),
            " → ".join(s.assignment.resident.name for s in d.stops) or pick(lang, "（无上门）", "(no visits)"),
            _km(d.total_m) if d.stops else "—",
        ]
        for d in week.days
    ]
    story.append(
        data_table(
            [
                pick(lang, "日期", "Day"),
                pick(lang, "户数", "Visits"),
                pick(lang, "访问顺序（从住地出发并返回）", "Visiting order (from home and back)"),
                pick(lang, "全程", "Round trip"),
            ],
            plan_rows,
            [24 * mm, 14 * mm, width - 62 * mm, 24 * mm],
            align=["left", "center", "left", "right"],
        )
    )
    clients = sorted(work.assignments, key=lambda a: (a.resident.village, a.resident.name_pinyin))
    story.append(Spacer(1, 2 * mm))
    story.append(
        data_table(
            [
                pick(lang, "服务对象", "Client"),
                pick(lang, "村(社区)", "Village"),
                pick(lang, "每周次数", "Visits a week"),
                pick(lang, "上门日", "Days"),
                pick(lang, "服务项目", "Skills needed"),
            ],
            [
                [
                    client_name(a, lang),
                    a.resident.village or a.resident.township,
                    str(a.resident.visits_per_week),
                    "、".join(week.visit_days.get(a.id, ())) or "—",
                    "、".join(skills_needed(a.resident)) or "—",
                ]
                for a in clients
            ],
            [30 * mm, 34 * mm, 20 * mm, 50 * mm, width - 134 * mm],
            align=["left", "left", "center", "left", "left"],
        )
    )
    for warning in week.warnings:
        story.append(Paragraph(escape(pick(lang, "注意：", "Note: ") + warning), sheet.small))
    for visits_of_day in week.days:
        if not visits_of_day.stops:
            continue
        count = len(visits_of_day.stops)
        summary = pick(
            lang,
            f" · {count} 户 · 全程 {_km(visits_of_day.total_m)}",
            f" · {count} visits, {_km(visits_of_day.total_m)}",
        )
        heading = Paragraph(
            escape(f"{visits_of_day.weekday} {format_date(visits_of_day.date, lang)}{summary}"), sheet.subheading
        )
        table = data_table(
            [
                pick(lang, "顺序", "Stop"),
                pick(lang, "姓名", "Name"),
                pick(lang, "村(社区) / 地址（距上一站）", "Village / address (from last stop)"),
                pick(lang, "电话", "Phone"),
                pick(lang, "服务项目", "Skills needed"),
                pick(lang, "备注", "Notes"),
                pick(lang, "签名", "Signature"),
            ],
            [
                [
                    str(s.order),
                    client_name(s.assignment, lang),
                    place_of(s.assignment.resident) + (f"\n（{_km(s.leg_m)}）" if s.leg_m is not None else ""),
                    phones_of(s.assignment.resident),
                    "、".join(skills_needed(s.assignment.resident)) or "—",
                    care_notes(s.assignment.resident, visits_of_day.date, lang),
                    "",
                ]
                for s in visits_of_day.stops
            ],
            [9 * mm, 17 * mm, 38 * mm, 25 * mm, 22 * mm, 45 * mm, width - 156 * mm],
            align=["center", "left", "left", "left", "left", "left", "left"],
            min_row_height=SIGNATURE_ROW,
        )
        # The day's heading never stands alone at the foot of a page.
        story.append(CondPageBreak(40 * mm))
        story.append(heading)
        story.append(table)
    return story


# ---------------------------------------------------------------------------------------------
# The document


def render_sheets(
    session: Session,
    out: Path,
    *,
    township: str | None = None,
    provider_ids: Sequence[uuid.UUID] | None = None,
    day: dt.date | None = None,
    lang: Lang = "zh",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Assignment sheets of every provider with confirmed or active assignments (or of
    `provider_ids`), for `day` (default today); returns `out`."""
    day = day or dt.date.today()
    token = cancel or CancelToken()
    work = sheet_work(session, township=township, provider_ids=provider_ids)
    if not work:
        raise UserInputError(
            msg(
                "没有要打印的派单表：还没有已确认或服务中的派单",
                "No sheets to print: no confirmed or active assignments yet",
            )
        )
    routes = RouteSource(session)
    story: list[Flowable] = []
    for number, provider_work in enumerate(work):
        token.raise_if_cancelled()
        if number:
            story.append(PageBreak())
        story.append(Section(str(provider_work.provider.id), provider_work.provider.name))
        story.extend(_provider_heading(provider_work, day, lang))
        if provider_work.kind is NeedKind.HOME_VISIT:
            story.extend(_caregiver_section(provider_work, day, lang, routes))
        elif provider_work.kind is NeedKind.MEAL:
            story.extend(_meal_section(provider_work, day, lang, routes))
        else:
            story.extend(_centre_section(provider_work, day, lang))
        story.append(Spacer(1, 3 * mm))
        story.append(_signature_note(lang))
        progress(number + 1, len(work) * 2)  # gathering is the first half, layout the second
    total = len(work)

    def layout_progress(done: int, pages: int) -> None:
        # Pages are at least as many as sections; the last step is reported once the file is written.
        progress(total + min(done, total - 1), total * 2)

    written = build_pdf(
        out,
        story,
        title=pick(lang, "派单表", "Assignment sheets"),
        station=station_info(session),
        printed_on=day,
        lang=lang,
        progress=layout_progress,
        cancel=token,
        expected_pages=total,
    )
    progress(total * 2, total * 2)
    return written
