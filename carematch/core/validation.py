"""Validators and parsers for values staff type or paste.

Each parser takes what a clerk would write (full-width digits, stray spaces, Chinese labels)
and returns the normalised value, or raises `InvalidValue` whose message says what is wrong
in words a clerk understands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from carematch.core.enums import (
    AbilityLevel,
    Assistance,
    CertLevel,
    LabelledEnum,
    Sex,
)
from carematch.core.errors import Message, UserInputError, msg


class InvalidValue(UserInputError):
    """One value cannot be used; the message names the problem, not the field."""


def fail(zh: str, en: str, **params: object) -> InvalidValue:
    return InvalidValue(msg(zh, en, **params))


def normalize_text(value: object) -> str:
    """Full-width to half-width (NFKC), trimmed, inner runs of white space folded to one."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def is_blank(value: object) -> bool:
    return normalize_text(value) == ""


# --- Citizen ID, GB 11643-1999 -------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Province-level codes of GB/T 2260 (first two digits of the region code).
_PROVINCES = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    }
)


def citizen_id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: dt.date
    sex: Sex

    @property
    def masked(self) -> str:
        return mask_citizen_id(self.number)


def mask_citizen_id(number: str) -> str:
    """First 6 and last 4 shown, as on every screen and paper except the edit form."""
    if len(number) <= 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def parse_citizen_id(value: object, today: dt.date | None = None) -> CitizenId:
    text = normalize_text(value).replace(" ", "").upper()
    if not text:
        raise fail("身份证号不能为空", "Citizen ID is empty")
    if len(text) != 18:
        raise fail("身份证号应为18位，现为{n}位", "Citizen ID must have 18 characters, it has {n}", n=len(text))
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise fail(
            "身份证号前17位须为数字，最后一位为数字或X",
            "Citizen ID: the first 17 characters must be digits, the last a digit or X",
        )
    if int(text[:2]) not in _PROVINCES:
        raise fail(
            "身份证号开头{code}不是有效的省份代码",
            "Citizen ID starts with {code}, not a province code",
            code=text[:2],
        )
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise fail(
            "身份证号中的出生日期{d}不存在",
            "Citizen ID holds the birth date {d}, which does not exist",
            d=text[6:14],
        ) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1890:
        raise fail(
            "身份证号中的出生日期{d}不合理", "Citizen ID holds an impossible birth date {d}", d=birth.isoformat()
        )
    expected = citizen_id_check_digit(text[:17])
    if text[17] != expected:
        raise fail(
            "身份证号校验位不对（最后一位应为{c}），请核对是否有数字抄错",
            "Citizen ID check digit is wrong (the last character should be {c}); check for a mistyped digit",
            c=expected,
        )
    sex = Sex.MALE if int(text[16]) % 2 == 1 else Sex.FEMALE
    return CitizenId(text, birth, sex)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- Phone numbers -------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_LOCAL = re.compile(r"[2-9]\d{6,7}")


def parse_phone(value: object) -> str:
    """A mobile (11 digits) or landline (area code + 7–8 digits, or a local 7–8 digit number)."""
    text = normalize_text(value)
    if not text:
        raise fail("电话号码不能为空", "Phone number is empty")
    compact = re.sub(r"[\s()（）]", "", text).replace("—", "-").replace("－", "-")
    compact = re.sub(r"^(\+?86|0086)-?", "", compact)
    digits_only = compact.replace("-", "")
    if _MOBILE.fullmatch(digits_only):
        return digits_only
    if _LANDLINE.fullmatch(compact) or _LANDLINE.fullmatch(digits_only):
        if "-" in compact:
            return compact
        area_len = 3 if digits_only[:2] in {"01", "02"} else 4
        return digits_only[:area_len] + "-" + digits_only[area_len:]
    if _LOCAL.fullmatch(digits_only):
        return digits_only
    if digits_only.startswith("1") and digits_only.isdigit():
        raise fail(
            "手机号应为11位数字，现为{n}位",
            "A mobile number has 11 digits, this one has {n}",
            n=len(digits_only),
        )
    raise fail(
        "“{v}”不是有效的电话号码（手机11位，座机如0572-1234567）",
        "“{v}” is not a phone number (mobile: 11 digits; landline like 0572-1234567)",
        v=text,
    )


# --- Coordinates ---------------------------------------------------------------------------

CHINA_LON = (73.0, 135.1)
CHINA_LAT = (18.0, 53.6)


def in_china(lon: float, lat: float) -> bool:
    return CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]


@dataclass(frozen=True)
class Coordinates:
    lon: float
    lat: float
    swapped: bool = False


def parse_coordinates(lon_value: object, lat_value: object) -> Coordinates:
    """Longitude and latitude inside China; a swapped pair is recognised and put right."""
    lon = parse_float(lon_value, "经度", "longitude")
    lat = parse_float(lat_value, "纬度", "latitude")
    if in_china(lon, lat):
        return Coordinates(lon, lat)
    if in_china(lat, lon):
        return Coordinates(lat, lon, swapped=True)
    raise fail(
        "坐标({lon}, {lat})不在中国境内，请检查经度(73~135)和纬度(18~54)",
        "Coordinates ({lon}, {lat}) are outside China; longitude is 73–135, latitude 18–54",
        lon=lon,
        lat=lat,
    )


# --- Numbers, flags, dates -----------------------------------------------------------------


def parse_float(value: object, zh_name: str = "数值", en_name: str = "value") -> float:
    if isinstance(value, bool):
        raise fail("{f}应为数字", "{e} must be a number", f=zh_name, e=en_name)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = normalize_text(value).replace(" ", "").replace("。", ".")
        if not text:
            raise fail("{f}不能为空", "{e} is empty", f=zh_name, e=en_name)
        try:
            number = float(text)
        except ValueError:
            raise fail(
                "{f}应为数字，而不是“{v}”", "{e} must be a number, not “{v}”", f=zh_name, e=en_name, v=text
            ) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise fail("{f}应为数字", "{e} must be a number", f=zh_name, e=en_name)
    return number


def parse_int_in_range(value: object, low: int, high: int, zh_name: str = "数值", en_name: str = "value") -> int:
    number = parse_float(value, zh_name, en_name)
    if number != int(number):
        raise fail("{f}应为整数，而不是{v}", "{e} must be a whole number, not {v}", f=zh_name, e=en_name, v=number)
    return int(check_range(int(number), low, high, zh_name, en_name))


def parse_float_in_range(
    value: object, low: float, high: float, zh_name: str = "数值", en_name: str = "value"
) -> float:
    return check_range(parse_float(value, zh_name, en_name), low, high, zh_name, en_name)


def check_range(number: float, low: float, high: float, zh_name: str, en_name: str) -> float:
    if not low <= number <= high:
        raise fail(
            "{f}应在{lo}到{hi}之间，现为{v}",
            "{e} must be between {lo} and {hi}, it is {v}",
            f=zh_name,
            e=en_name,
            lo=_plain(low),
            hi=_plain(high),
            v=_plain(number),
        )
    return number


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "t", "对"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "无", "f", "不"}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalize_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise fail("“{v}”应填 是 或 否", "“{v}” should be 是 (yes) or 否 (no)", v=text)


_DATE_TEXT = re.compile(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date:
    """Excel dates, date objects and text such as 1940.5.3, 1940-05-03, 1940/5/3, 1940年5月3日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = normalize_text(value)
    match = _DATE_TEXT.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if match is None:
        raise fail(
            "“{v}”不是可识别的日期（例如 1940-05-03 或 1940年5月3日）",
            "“{v}” is not a date (write e.g. 1940-05-03 or 1940年5月3日)",
            v=text,
        )
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise fail("日期“{v}”不存在", "The date “{v}” does not exist", v=text) from None


_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")


def parse_list(value: object) -> list[str]:
    """Lists written with 、 , ， ; ； (and stray spaces); duplicates dropped, order kept."""
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    else:
        items = _LIST_SPLIT.split(normalize_text(value))
    seen: dict[str, None] = {}
    for item in items:
        text = normalize_text(item)
        if text:
            seen.setdefault(text, None)
    return list(seen)


def parse_choices(value: object, allowed: Iterable[str], zh_name: str, en_name: str) -> list[str]:
    allowed = tuple(allowed)
    items = parse_list(value)
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise fail(
            "{f}中“{v}”不认识，可填：{a}",
            "{e}: “{v}” is not known; use: {a}",
            f=zh_name,
            e=en_name,
            v="、".join(unknown),
            a="、".join(allowed),
        )
    return items


# --- Enumerations --------------------------------------------------------------------------

E = TypeVar("E", bound=LabelledEnum)

# Other ways staff write the same thing.
_ALIASES: dict[type[LabelledEnum], dict[str, object]] = {
    AbilityLevel: {"完好": 0, "能力完好": 0, "轻度": 1, "中度": 2, "重度": 3, "完全": 4, "失能": 4},
    Assistance: {
        "特困供养": "tekun",
        "特困人员": "tekun",
        "低保户": "dibao",
        "低保边缘": "dibian",
        "低边户": "dibian",
        "无": "none",
        "一般": "none",
        "其他": "none",
    },
    CertLevel: {
        "五级": 5,
        "初级": 5,
        "初级工": 5,
        "四级": 4,
        "中级": 4,
        "中级工": 4,
        "三级": 3,
        "高级": 3,
        "高级工": 3,
        "二级": 2,
        "技师": 2,
        "一级": 1,
        "高级技师": 1,
    },
    Sex: {"男性": "M", "女性": "F", "male": "M", "female": "F"},
}


def parse_enum(cls: type[E], value: object, zh_name: str, en_name: str) -> E:
    if isinstance(value, cls):
        return value
    text = normalize_text(value)
    folded = text.lower()
    for member in cls:
        if folded in {member.zh.lower(), member.en.lower(), str(member.value).lower(), member.name.lower()}:
            return member
    alias = _ALIASES.get(cls, {}).get(text)
    if alias is not None:
        return cls(alias)
    raise fail(
        "{f}“{v}”不认识，可填：{a}",
        "{e} “{v}” is not known; use one of: {a}",
        f=zh_name,
        e=en_name,
        v=text,
        a="、".join(m.zh for m in cls),
    )


def message_of(error: Exception) -> Message:
    if isinstance(error, UserInputError):
        return error.message
    return msg("{e}", "{e}", e=str(error))
