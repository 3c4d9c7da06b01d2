"""The demo county: nine townships of 南浔区 (Huzhou, Zhejiang) with invented people.

Everything is drawn from one seeded random generator, so the same seed and size give the same
county. Township names are real, their centres approximate; the people are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carematch.core.cancel import CancelToken, Progress, no_progress
from carematch.core.enums import (
    SKILLS,
    WEEKDAYS,
    AbilityLevel,
    Assistance,
    CentreType,
    CertLevel,
    CoordSource,
    Living,
    Sex,
)
from carematch.core.errors import UserInputError, msg
from carematch.core.models import (
    CareCentre,
    Caregiver,
    MealPoint,
    Record,
    Resident,
    Setting,
    Township,
    Village,
)
from carematch.core.paths import resource_path
from carematch.core.validation import citizen_id_check_digit

REGION_CODE = "330503"  # 湖州市南浔区
DEFAULT_RESIDENTS = 2000
DEFAULT_SEED = 1

SURNAMES = "沈王张陈李徐朱钱吴周杨姚施费蒋邱俞孙金潘钟屠凌褚严顾唐胡"
FEMALE_GIVEN = (
    "秀英",
    "桂英",
    "玉英",
    "凤英",
    "金娣",
    "阿宝",
    "杏娥",
    "美娟",
    "月娥",
    "彩英",
    "菊英",
    "根娣",
    "小妹",
    "巧珍",
    "雪芬",
    "惠芬",
    "林娣",
    "梅芳",
    "秀珍",
    "爱娟",
    "兰芬",
    "素珍",
)
MALE_GIVEN = (
    "建国",
    "根生",
    "阿毛",
    "金荣",
    "福林",
    "国强",
    "志明",
    "荣华",
    "永根",
    "水林",
    "德明",
    "雪根",
    "金法",
    "炳荣",
    "阿大",
    "财林",
    "兴发",
    "长根",
    "宝生",
    "伟民",
    "海林",
    "新民",
)


@dataclass(frozen=True)
class DemoSize:
    residents: int
    meal_points_per_township: int
    caregivers: int
    nursing_homes: int

    @classmethod
    def for_residents(cls, residents: int) -> DemoSize:
        # Providers grow with the square root of the population, as a county's do: the 50,000
        # resident county has about 2,000 providers.
        scale = max(1.0, math.sqrt(residents / DEFAULT_RESIDENTS) * 2.0 if residents > DEFAULT_RESIDENTS else 1.0)
        return cls(
            residents=residents,
            meal_points_per_township=round(5 * scale),
            caregivers=round(150 * scale),
            nursing_homes=max(2, round(2 * scale)),
        )


@dataclass(frozen=True)
class DemoSummary:
    townships: int
    villages: int
    residents: int
    meal_points: int
    care_centres: int
    caregivers: int


def load_demo_gazetteer() -> dict[str, Any]:
    with resource_path("places", "nanxun_demo_gazetteer.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def build_demo(
    session: Session,
    residents: int = DEFAULT_RESIDENTS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> DemoSummary:
    """Fill an empty registry with the demo county. Refuses a registry that holds records."""
    if residents < 0 or residents > 500_000:
        raise UserInputError(msg("老年人数应在0到500000之间", "The number of residents must be 0–500,000"))
    for model in (Resident, CareCentre, MealPoint, Caregiver, Township):
        if session.scalar(select(func.count()).select_from(model)):
            raise UserInputError(
                msg(
                    "数据库里已有数据，演示县只能建在空数据库里。请用 --db 指定一个新文件",
                    "The database already holds records; the demo county is built only in an empty one. "
                    "Give a new file with --db",
                )
            )
    today = today or dt.date.today()
    rng = random.Random(seed)
    size = DemoSize.for_residents(residents)
    gazetteer = load_demo_gazetteer()
    builder = _DemoBuilder(session, rng, size, today, progress, cancel or CancelToken())
    return builder.build(gazetteer)


class _DemoBuilder:
    def __init__(
        self,
        session: Session,
        rng: random.Random,
        size: DemoSize,
        today: dt.date,
        progress: Progress,
        cancel: CancelToken,
    ) -> None:
        self.session = session
        self.rng = rng
        self.size = size
        self.today = today
        self.progress = progress
        self.cancel = cancel
        self.villages: list[tuple[Township, Village]] = []
        self.used_ids: set[str] = set()

    def build(self, gazetteer: dict[str, Any]) -> DemoSummary:
        self._settings(gazetteer)
        townships = self._gazetteer(gazetteer)
        centres = self._care_centres(townships)
        meal_points = self._meal_points(townships)
        caregivers = self._caregivers(centres)
        count = self._residents()
        return DemoSummary(
            townships=len(townships),
            villages=len(self.villages),
            residents=count,
            meal_points=len(meal_points),
            care_centres=len(centres),
            caregivers=len(caregivers),
        )

    def _settings(self, gazetteer: dict[str, Any]) -> None:
        first = gazetteer["townships"][0]
        values = {
            "station_name": "南浔区南浔镇居家养老服务中心",
            "station_phone": "0572-3012345",
            "station_address": "浙江省湖州市南浔区南浔镇人瑞路88号",
            "station_lon": str(first["lon"]),
            "station_lat": str(first["lat"]),
            "county": gazetteer["county"],
        }
        for key, value in values.items():
            self.session.merge(Setting(key=key, value=value))

    def _gazetteer(self, gazetteer: dict[str, Any]) -> list[Township]:
        townships = []
        for entry in gazetteer["townships"]:
            township = Township(
                name=entry["name"],
                county=gazetteer["county"],
                lon=entry["lon"],
                lat=entry["lat"],
                coord_source=CoordSource.MANUAL,
            )
            self.session.add(township)
            townships.append(township)
            for v in entry["villages"]:
                village = Village(
                    township=township,
                    name=v["name"],
                    lon=v["lon"],
                    lat=v["lat"],
                    coord_source=CoordSource.GPS,
                    elderly_population=v["elderly_population"],
                )
                self.session.add(village)
                self.villages.append((township, village))
        self.session.flush()
        return townships

    def _near(self, lon: float, lat: float, max_km: float) -> tuple[float, float]:
        distance = max_km * math.sqrt(self.rng.random())
        angle = self.rng.uniform(0, 2 * math.pi)
        dlat = distance * math.cos(angle) / 111.2
        dlon = distance * math.sin(angle) / (111.2 * math.cos(math.radians(lat)))
        return round(lon + dlon, 6), round(lat + dlat, 6)

    def _phone(self) -> str:
        return self.rng.choice(("13", "15", "18", "17", "19")) + "".join(str(self.rng.randrange(10)) for _ in range(9))

    def _place(self, record: Any, township: Township, village: Village, spread_km: float) -> None:
        assert village.lon is not None and village.lat is not None
        record.township, record.village = township.name, village.name
        record.lon, record.lat = self._near(village.lon, village.lat, spread_km)
        record.coord_source = CoordSource.GPS
        record.coord_error_m = CoordSource.GPS.error_m

    def _care_centres(self, townships: list[Township]) -> list[CareCentre]:
        centres = []
        for index, township in enumerate(townships, start=1):
            village = next(v for t, v in self.villages if t is township)
            centre = CareCentre(
                code=f"JG{index:03d}",
                name=f"{township.name}居家养老服务照料中心",
                centre_type=CentreType.CARE_CENTRE,
                stars=self.rng.randint(2, 4),
                total_beds=self.rng.choice((20, 30, 40)),
                dementia_beds=self.rng.choice((0, 4, 6, 8, 10)),
                service_radius_km=self.rng.choice((8.0, 10.0, 12.0)),
                contact=self._name(Sex.FEMALE),
                phone=f"0572-30{self.rng.randrange(10000, 99999)}",
                address=f"{township.name}{village.name}中心路{self.rng.randint(1, 200)}号",
            )
            self._place(centre, township, village, 0.5)
            centre.dementia_beds_occupied = self.rng.randint(0, centre.dementia_beds // 2)
            centres.append(centre)
        for index in range(self.size.nursing_homes):
            township, village = self.rng.choice(self.villages)
            centre = CareCentre(
                code=f"JG{len(townships) + index + 1:03d}",
                name=f"南浔区{('颐养', '康乐', '福寿', '安康', '怡心')[index % 5]}养老院"
                + (f"{index // 5 + 1}分院" if index >= 5 else ""),
                centre_type=CentreType.NURSING_HOME,
                stars=self.rng.randint(3, 5),
                total_beds=self.rng.choice((80, 120, 160, 200)),
                dementia_beds=self.rng.choice((20, 30, 40)),
                service_radius_km=20.0,
                contact=self._name(Sex.MALE),
                phone=f"0572-30{self.rng.randrange(10000, 99999)}",
                address=f"{township.name}{village.name}{self.rng.randint(1, 300)}号",
            )
            self._place(centre, township, village, 1.5)
            centre.dementia_beds_occupied = self.rng.randint(centre.dementia_beds // 2, centre.dementia_beds)
            centres.append(centre)
        self.session.add_all(centres)
        self.session.flush()
        return centres

    def _meal_points(self, townships: list[Township]) -> list[MealPoint]:
        points: list[MealPoint] = []
        for township in townships:
            villages = [v for t, v in self.villages if t is township]
            for n in range(self.size.meal_points_per_township):
                village = villages[n % len(villages)]
                delivers = self.rng.random() < 0.6
                point = MealPoint(
                    code=f"ZC{len(points) + 1:04d}",
                    name=f"{village.name}{'老年食堂' if n % 3 else '爱心食堂'}"
                    + (f"{n // len(villages) + 1}" if n >= len(villages) else ""),
                    daily_capacity=self.rng.choice((20, 30, 40, 50, 60, 80)),
                    dine_in_radius_km=1.0,
                    delivers=delivers,
                    delivery_radius_km=self.rng.choice((3.0, 4.0, 5.0)) if delivers else 0.0,
                    meal_times=["午餐", "晚餐"] if self.rng.random() < 0.3 else ["午餐"],
                    special_diets=self.rng.sample(["低盐", "低糖", "软食", "流食"], self.rng.randint(0, 3)),
                    contact=self._name(Sex.FEMALE),
                    phone=self._phone(),
                    address=f"{township.name}{village.name}{self.rng.randint(1, 120)}号",
                )
                self._place(point, township, village, 0.4)
                points.append(point)
        self.session.add_all(points)
        self.session.flush()
        return points

    def _caregivers(self, centres: list[CareCentre]) -> list[Caregiver]:
        caregivers = []
        levels = (
            [CertLevel.GRADE5] * 40
            + [CertLevel.GRADE4] * 30
            + [CertLevel.GRADE3] * 20
            + [CertLevel.GRADE2] * 8
            + [CertLevel.GRADE1] * 2
        )
        for n in range(self.size.caregivers):
            township, village = self.rng.choice(self.villages)
            sex = Sex.FEMALE if self.rng.random() < 0.85 else Sex.MALE
            skills = set(self.rng.sample(SKILLS, self.rng.randint(2, 5)))
            if self.rng.random() < 0.3:
                skills.add("认知照护")
            day_count = self.rng.randint(3, 6)
            centre = self.rng.choice(centres) if self.rng.random() < 0.7 else None
            caregiver = Caregiver(
                code=f"HL{n + 1:04d}",
                name=self._name(sex),
                phone=self._phone(),
                cert_level=self.rng.choice(levels),
                first_aid=self.rng.random() < 0.45,
                skills=[s for s in SKILLS if s in skills],
                centre=centre,
                service_radius_km=self.rng.choice((3.0, 4.0, 5.0, 6.0, 8.0)),
                max_clients=self.rng.randint(5, 12),
                available_days=list(WEEKDAYS[:day_count])
                if self.rng.random() < 0.7
                else sorted(self.rng.sample(WEEKDAYS, day_count), key=WEEKDAYS.index),
            )
            caregiver.citizen_id = self._citizen_id(self._born_in(self.rng.randint(1966, 2000)), sex)
            self._place(caregiver, township, village, 1.0)
            caregivers.append(caregiver)
        self.session.add_all(caregivers)
        self.session.flush()
        return caregivers

    def _name(self, sex: Sex) -> str:
        given = FEMALE_GIVEN if sex is Sex.FEMALE else MALE_GIVEN
        return self.rng.choice(SURNAMES) + self.rng.choice(given)

    def _citizen_id(self, birth: dt.date, sex: Sex) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if sex is Sex.MALE else 0)
            first17 = f"{REGION_CODE}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + citizen_id_check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _born_in(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _born_aged(self, age: int) -> dt.date:
        """A birth date that makes the person exactly `age` today (so a resident is never under 60)."""
        anniversary = self.today.replace(year=self.today.year - age, day=min(self.today.day, 28))
        return anniversary - dt.timedelta(days=self.rng.randrange(365))

    def _residents(self) -> int:
        weights = [v.elderly_population for _, v in self.villages]
        batch: list[Record] = []
        total = self.size.residents
        for n in range(total):
            if n % 1000 == 0:
                self.cancel.raise_if_cancelled()
                self.progress(n, total)
            township, village = self.rng.choices(self.villages, weights=weights)[0]
            batch.append(self._resident(township, village))
            if len(batch) >= 5000:
                self.session.add_all(batch)
                self.session.flush()
                batch.clear()
        self.session.add_all(batch)
        self.session.flush()
        self.progress(total, total)
        return total

    def _resident(self, township: Township, village: Village) -> Resident:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.55 else Sex.MALE
        age = 60 + min(int(rng.expovariate(1 / 11.0)), 44)
        birth = self._born_aged(age)
        citizen_id = self._citizen_id(birth, sex)
        old = age >= 80
        ability = AbilityLevel(
            rng.choices((0, 1, 2, 3, 4), weights=(60, 17, 11, 8, 4) if old else (78, 12, 6, 3, 1))[0]
        )
        assistance = Assistance(rng.choices(("tekun", "dibao", "dibian", "none"), weights=(3, 8, 5, 84))[0])
        living = Living(rng.choices(("alone", "empty_nest", "with_children", "other"), weights=(22, 40, 33, 5))[0])
        dementia = rng.random() < (0.14 if old else 0.04)
        impaired = ability.level >= 2
        need_meal = rng.random() < (0.55 if impaired or living is Living.ALONE else 0.3)
        need_delivery = need_meal and rng.random() < (0.7 if impaired else 0.25)
        need_home = rng.random() < (0.45 if impaired else 0.08)
        visit_skills: list[str] = []
        if need_home:
            visit_skills = rng.sample(("助洁", "助浴", "助医", "康复护理", "精神慰藉", "助行"), rng.randint(1, 2))
        resident = Resident(
            citizen_id=citizen_id,
            name=self._name(sex),
            sex=sex,
            birth_date=birth,
            phone=self._phone() if rng.random() < 0.8 else f"0572-3{rng.randrange(100000, 999999)}",
            address=f"{township.name}{village.name}{rng.randint(1, 12)}组{rng.randint(1, 60)}号",
            living=living,
            ability=ability,
            dementia=dementia,
            assistance=assistance,
            emergency_contact=self._name(Sex.MALE if rng.random() < 0.5 else Sex.FEMALE),
            emergency_phone=self._phone(),
            need_meal=need_meal,
            need_delivery=need_delivery,
            need_dementia_care=dementia and rng.random() < 0.5,
            need_home_visit=need_home,
            visit_skills=visit_skills,
            visits_per_week=rng.choice((1, 1, 2, 2, 3)) if need_home else 1,
            diet=rng.sample(["低盐", "低糖", "软食"], rng.randint(0, 1)) if need_meal else [],
        )
        source = rng.random()
        assert village.lon is not None and village.lat is not None
        resident.township, resident.village = township.name, village.name
        if source < 0.75:
            resident.lon, resident.lat = self._near(village.lon, village.lat, 1.5)
            resident.coord_source = CoordSource.GPS
        else:
            resident.lon, resident.lat = village.lon, village.lat
            resident.coord_source = CoordSource.VILLAGE
        resident.coord_error_m = resident.coord_source.error_m
        return resident
