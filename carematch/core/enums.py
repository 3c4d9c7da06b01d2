"""The vocabulary of DESIGN §1, with the Chinese labels staff read and write."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any


class LabelledEnum(enum.Enum):
    """An enumeration whose members know their Chinese and English labels."""

    _value_: Any
    zh: str
    en: str

    if not TYPE_CHECKING:
        # Hidden from type checkers so that `AbilityLevel(0)` reads as the usual lookup by value.
        def __new__(cls, value, zh, en):
            member = object.__new__(cls)
            member._value_ = value
            member.zh = zh
            member.en = en
            return member

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


class NeedKind(LabelledEnum):
    MEAL = ("meal", "助餐", "Meals")
    DEMENTIA_CARE = ("dementia_care", "认知障碍照护", "Dementia care")
    HOME_VISIT = ("home_visit", "上门服务", "Home visits")


class AssignmentStatus(LabelledEnum):
    PROPOSED = ("proposed", "待确认", "Proposed")
    CONFIRMED = ("confirmed", "已确认", "Confirmed")
    ACTIVE = ("active", "服务中", "Active")
    ENDED = ("ended", "已结束", "Ended")
    CANCELLED = ("cancelled", "已取消", "Cancelled")


# Statuses whose assignments hold a provider's room (DESIGN §4).
HOLDING_STATUSES = (AssignmentStatus.CONFIRMED, AssignmentStatus.ACTIVE)


class AbilityLevel(LabelledEnum):
    """GB/T 42195-2022 《老年人能力评估规范》, stored as 0–4."""

    INTACT = (0, "能力完好", "Intact")
    MILD = (1, "轻度失能", "Mildly impaired")
    MODERATE = (2, "中度失能", "Moderately impaired")
    SEVERE = (3, "重度失能", "Severely impaired")
    TOTAL = (4, "完全失能", "Totally impaired")

    @property
    def level(self) -> int:
        """0–4 (type checkers read `.value` as the declaration tuple)."""
        return int(self._value_)


class Assistance(LabelledEnum):
    EXTREME_POVERTY = ("tekun", "特困", "Extreme poverty (state-supported)")
    MINIMUM_ALLOWANCE = ("dibao", "低保", "Minimum living allowance")
    NEAR_POVERTY = ("dibian", "低边", "Near poverty")
    NONE = ("none", "普通", "None")


class Living(LabelledEnum):
    ALONE = ("alone", "独居", "Lives alone")
    EMPTY_NEST = ("empty_nest", "空巢", "Empty nest (couple)")
    WITH_CHILDREN = ("with_children", "与子女同住", "With children")
    OTHER = ("other", "其他", "Other")


class Sex(LabelledEnum):
    MALE = ("M", "男", "Male")
    FEMALE = ("F", "女", "Female")


class CertLevel(LabelledEnum):
    """养老护理员国家职业技能标准 (2019); the value is the grade number, 1 is highest."""

    GRADE5 = (5, "五级/初级工", "Grade 5 (junior)")
    GRADE4 = (4, "四级/中级工", "Grade 4 (intermediate)")
    GRADE3 = (3, "三级/高级工", "Grade 3 (senior)")
    GRADE2 = (2, "二级/技师", "Grade 2 (technician)")
    GRADE1 = (1, "一级/高级技师", "Grade 1 (senior technician)")

    @property
    def grade(self) -> int:
        """5 (junior) to 1 (senior technician)."""
        return int(self._value_)


class CentreType(LabelledEnum):
    NURSING_HOME = ("nursing_home", "养老机构", "Nursing home")
    CARE_CENTRE = ("care_centre", "居家养老服务照料中心", "Home-care service centre")
    DAY_CARE = ("day_care", "日间照料中心", "Day-care centre")


class CoordSystem(LabelledEnum):
    WGS84 = ("WGS84", "WGS84(GPS)", "WGS-84 (GPS)")
    GCJ02 = ("GCJ02", "GCJ02(高德/腾讯)", "GCJ-02 (AMap/Tencent)")
    BD09 = ("BD09", "BD09(百度)", "BD-09 (Baidu)")


class CoordSource(LabelledEnum):
    """Where a stored WGS-84 coordinate came from; the value is its typical error in metres."""

    GPS = ("gps", "GPS定位", "GPS")
    CONVERTED_GCJ02 = ("gcj02", "由高德/腾讯坐标换算", "Converted from GCJ-02")
    CONVERTED_BD09 = ("bd09", "由百度坐标换算", "Converted from BD-09")
    VILLAGE = ("village", "村(社区)中心", "Village centre")
    TOWNSHIP = ("township", "乡镇(街道)中心", "Township centre")
    MANUAL = ("manual", "手工输入", "Typed by hand")

    @property
    def error_m(self) -> int:
        return _SOURCE_ERROR_M[self]


_SOURCE_ERROR_M = {
    CoordSource.GPS: 20,
    CoordSource.CONVERTED_GCJ02: 20,
    CoordSource.CONVERTED_BD09: 20,
    CoordSource.MANUAL: 50,
    CoordSource.VILLAGE: 1000,
    CoordSource.TOWNSHIP: 5000,
}

SKILLS = ("助餐", "助浴", "助洁", "助行", "助医", "康复护理", "认知照护", "医疗护理", "精神慰藉")
DEMENTIA_SKILL = "认知照护"
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
MEAL_TIMES = ("午餐", "晚餐")
SPECIAL_DIETS = ("低盐", "低糖", "软食", "流食")
