"""The registry's field tables, validation of what staff type or import, and saving records.

One table per kind (DESIGN §2): the Chinese header clerks write, the English field name, the
parser from `core.validation`, whether the value is required and its default. `validate()`
collects every fault of a record (not only the first), derives birth date and sex from the
citizen ID, and places the record through the gazetteer. `save()` creates or updates a record
inside the caller's session and never commits.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from carematch.core.enums import (
    MEAL_TIMES,
    SKILLS,
    SPECIAL_DIETS,
    WEEKDAYS,
    AbilityLevel,
    Assistance,
    CentreType,
    CertLevel,
    CoordSource,
    CoordSystem,
    LabelledEnum,
    Living,
    Sex,
)
from carematch.core.errors import ConflictError, Message, NotFoundError, UserInputError, msg
from carematch.core.models import (
    AuditEntry,
    CareCentre,
    Caregiver,
    MealPoint,
    Record,
    Resident,
    Township,
    Village,
    utcnow,
)
from carematch.core.validation import (
    CitizenId,
    InvalidValue,
    age_on,
    fail,
    mask_citizen_id,
    parse_bool,
    parse_choices,
    parse_citizen_id,
    parse_date,
    parse_enum,
    parse_float,
    parse_float_in_range,
    parse_int_in_range,
    parse_list,
    parse_phone,
)

if TYPE_CHECKING:
    from carematch.core.geo.gazetteer import Gazetteer

Kind = Literal["residents", "centres", "meal-points", "caregivers", "gazetteer"]
KINDS: tuple[Kind, ...] = ("residents", "centres", "meal-points", "caregivers", "gazetteer")
KIND_LABELS: dict[str, tuple[str, str]] = {
    "residents": ("老年人", "residents"),
    "centres": ("照护机构", "care centres"),
    "meal-points": ("助餐点", "meal points"),
    "caregivers": ("护理员", "caregivers"),
    "gazetteer": ("地名库", "gazetteer"),
}
MODELS: dict[str, type[Record]] = {
    "residents": Resident,
    "centres": CareCentre,
    "meal-points": MealPoint,
    "caregivers": Caregiver,
}
MIN_RESIDENT_AGE = 60
PLACE_FIELDS = ("township", "village", "address", "lon", "lat", "coord_system")


_WHITESPACE = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """`validation.normalize_text` with fast paths for the common cell (big imports call it a
    million times): ASCII or already-NFKC text skips the normalisation, printable text the regex."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isprintable() or "  " in text:
        text = _WHITESPACE.sub(" ", text)
    return text.strip()


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not clean_text(value)
    if isinstance(value, list | tuple | set):
        return not value
    return False


def _text(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = clean_text(value)
        if len(text) > limit:
            raise fail(
                "内容太长（最多{n}个字，现为{m}个）",
                "Too long (at most {n} characters, it has {m})",
                n=limit,
                m=len(text),
            )
        return text

    return parse


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff·])\s+(?=[\u3400-\u9fff·])")


def _person_name(limit: int) -> Callable[[object], str]:
    """A person's name: spaces clerks type to line up names (王  芳, 王 秀英) are not part of it."""
    text = _text(limit)

    def parse(value: object) -> str:
        return _CJK_GAP.sub("", text(value))

    return parse


def _enum(
    cls: type[LabelledEnum], zh: str, en: str, aliases: Mapping[str, LabelledEnum] | None = None
) -> Callable[[object], LabelledEnum]:
    known: dict[str, LabelledEnum] = dict(aliases or {})
    for member in cls:
        for label in (member.zh, member.en, str(member.value), member.name):
            known.setdefault(label.lower(), member)
            known.setdefault(label, member)

    def parse(value: object) -> LabelledEnum:
        text = clean_text(value)
        found = known.get(text) or known.get(text.lower())
        if found is not None:
            return found
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return parse_enum(cls, value, zh, en)

    return parse


def _names(limit: int) -> Callable[[object], list[str]]:
    """A list of names (、 , ， ; ；), each at most `limit` characters."""
    single = _text(limit)

    def parse(value: object) -> list[str]:
        return [single(name) for name in parse_list(value)]

    return parse


def _int(low: int, high: int, zh: str, en: str) -> Callable[[object], int]:
    return lambda value: parse_int_in_range(value, low, high, zh, en)


def _float(low: float, high: float, zh: str, en: str) -> Callable[[object], float]:
    return lambda value: parse_float_in_range(value, low, high, zh, en)


def _choices(allowed: Sequence[str], zh: str, en: str) -> Callable[[object], list[str]]:
    return lambda value: parse_choices(value, allowed, zh, en)


def _code(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).replace(" ", "").upper()
    if len(text) > 32:
        raise fail("编号太长（最多32个字符）", "Code too long (at most 32 characters)")
    if not re.fullmatch(r"[0-9A-Z_\-.\u4e00-\u9fff]+", text):
        raise fail("编号“{v}”只能含字母、数字、汉字和 - _ .", "Code “{v}” may hold only letters, digits, - _ .", v=text)
    return text


def _citizen_id(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel keeps only 15 significant digits of a number: the ID is already damaged.
        raise fail(
            "身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新填写",
            "Excel stored the citizen ID as a number and lost its last digits; format the column as text "
            "and type it again",
        )
    return parse_citizen_id(value).number


def _phone(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_phone(value)


_DAY_NAMES = {
    **{day: day for day in WEEKDAYS},
    **{"星期" + day[1]: day for day in WEEKDAYS},
    **{"礼拜" + day[1]: day for day in WEEKDAYS},
    "周天": "周日",
    "星期天": "周日",
    "礼拜天": "周日",
    **{str(n): day for n, day in enumerate(WEEKDAYS, start=1)},
    **{day[1]: day for day in WEEKDAYS},
    "天": "周日",
}
_DAY_RANGE = re.compile(r"^(\S+?)\s*(?:至|到|~|～|-|—)\s*(\S+)$")


def parse_weekdays(value: object) -> list[str]:
    """可服务日: 周一…周日, 星期一, 1–7, 周一至周五, 每天/全周; order of the week kept."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list | tuple | set):  # from a form's check boxes
        value = "、".join(str(v) for v in value)
    text = clean_text(value)
    if text in {"每天", "全周", "每日", "天天", "全天", "周一至周日"}:
        return list(WEEKDAYS)
    if text in {"工作日"}:
        return list(WEEKDAYS[:5])
    chosen: set[str] = set()
    for part in re.split(r"[、,，;；/\s]+", text):
        if not part:
            continue
        span = _DAY_RANGE.match(part)
        if span and span[1] in _DAY_NAMES and span[2] in _DAY_NAMES:
            first, last = WEEKDAYS.index(_DAY_NAMES[span[1]]), WEEKDAYS.index(_DAY_NAMES[span[2]])
            if first > last:
                raise fail("“{v}”：日期范围前后颠倒", "“{v}”: the day range is reversed", v=part)
            chosen.update(WEEKDAYS[first : last + 1])
        elif part in _DAY_NAMES:
            chosen.add(_DAY_NAMES[part])
        else:
            raise fail(
                "可服务日“{v}”不认识，可填 周一…周日、周一至周五 或 每天",
                "Working day “{v}” is not known; write 周一…周日, 周一至周五 or 每天",
                v=part,
            )
    return [day for day in WEEKDAYS if day in chosen]


def _coord(zh: str, en: str) -> Callable[[object], float]:
    return lambda value: parse_float(value, zh, en)


@dataclass(frozen=True)
class Field:
    """One column of a template: how clerks head it, how it is read, what it defaults to."""

    name: str
    zh: str
    en: str
    parse: Callable[[object], Any]
    required: bool = False
    default: Any = None
    aliases: tuple[str, ...] = ()
    enum: type[LabelledEnum] | None = None
    stored: bool = True
    """False for columns that are not a model attribute (坐标系, 所属机构 code)."""

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, self.en, *self.aliases)


def _place_fields(*, coords_required: bool = False) -> tuple[Field, ...]:
    return (
        Field(
            "township",
            "乡镇(街道)",
            "township",
            _text(40),
            default="",
            aliases=("乡镇", "街道", "镇街", "乡镇街道", "镇(街道)", "所属乡镇"),
        ),
        Field(
            "village",
            "村(社区)",
            "village",
            _text(40),
            default="",
            aliases=("村", "社区", "村社区", "村居", "村(居)", "所在村", "村(居)委会"),
        ),
        Field("address", "详细地址", "address", _text(200), default="", aliases=("地址", "住址", "家庭住址")),
        Field("lon", "经度", "lon", _coord("经度", "longitude"), coords_required, aliases=("longitude", "lng")),
        Field("lat", "纬度", "lat", _coord("纬度", "latitude"), coords_required, aliases=("latitude",)),
        Field(
            "coord_system",
            "坐标系",
            "coord_system",
            _enum(CoordSystem, "坐标系", "coordinate system", _COORD_ALIASES),
            default=CoordSystem.WGS84,
            enum=CoordSystem,
            stored=False,
        ),
    )


_COORD_ALIASES: dict[str, LabelledEnum] = {
    "GPS": CoordSystem.WGS84,
    "WGS-84": CoordSystem.WGS84,
    "高德": CoordSystem.GCJ02,
    "腾讯": CoordSystem.GCJ02,
    "GCJ-02": CoordSystem.GCJ02,
    "火星坐标": CoordSystem.GCJ02,
    "百度": CoordSystem.BD09,
    "BD-09": CoordSystem.BD09,
}
_CENTRE_TYPE_ALIASES: dict[str, LabelledEnum] = {
    "养老院": CentreType.NURSING_HOME,
    "敬老院": CentreType.NURSING_HOME,
    "福利院": CentreType.NURSING_HOME,
    "照料中心": CentreType.CARE_CENTRE,
    "居家养老服务中心": CentreType.CARE_CENTRE,
    "日照中心": CentreType.DAY_CARE,
    "日间照料": CentreType.DAY_CARE,
}


_FLAGS = {"是": True, "否": False, "Y": True, "N": False, "y": True, "n": False, "√": True, "×": False}


def _flag(value: object) -> bool:
    if isinstance(value, str):
        found = _FLAGS.get(value.strip())
        if found is not None:
            return found
    return parse_bool(value)


def _bool_field(name: str, zh: str, en: str, *aliases: str) -> Field:
    return Field(name, zh, en, _flag, default=False, aliases=aliases)


def _contact_fields() -> tuple[Field, ...]:
    return (
        Field("contact", "联系人", "contact", _person_name(40), default="", aliases=("负责人",)),
        Field(
            "phone",
            "联系电话",
            "phone",
            _phone,
            default="",
            aliases=("电话", "手机", "手机号", "手机号码", "电话号码", "联系方式"),
        ),
    )


RESIDENT_FIELDS: tuple[Field, ...] = (
    Field(
        "citizen_id",
        "身份证号",
        "citizen_id",
        _citizen_id,
        True,
        aliases=("身份证", "身份证号码", "公民身份号码", "证件号码"),
    ),
    Field("name", "姓名", "name", _person_name(40), True, aliases=("老人姓名",)),
    Field("sex", "性别", "sex", _enum(Sex, "性别", "sex"), enum=Sex),
    Field("birth_date", "出生日期", "birth_date", parse_date, aliases=("出生年月日", "生日")),
    Field(
        "phone",
        "联系电话",
        "phone",
        _phone,
        default="",
        aliases=("电话", "手机", "手机号", "手机号码", "电话号码", "联系方式"),
    ),
    *_place_fields(),
    Field("living", "居住情况", "living", _enum(Living, "居住情况", "living"), default=Living.OTHER, enum=Living),
    Field(
        "ability",
        "能力等级",
        "ability",
        _enum(AbilityLevel, "能力等级", "ability level"),
        default=AbilityLevel.INTACT,
        aliases=("能力评估等级", "失能等级"),
        enum=AbilityLevel,
    ),
    _bool_field("dementia", "认知障碍", "dementia"),
    Field(
        "assistance",
        "保障类别",
        "assistance",
        _enum(Assistance, "保障类别", "assistance category"),
        default=Assistance.NONE,
        aliases=("救助类别",),
        enum=Assistance,
    ),
    Field("emergency_contact", "紧急联系人", "emergency_contact", _person_name(40), default=""),
    Field("emergency_phone", "紧急联系电话", "emergency_phone", _phone, default="", aliases=("紧急联系人电话",)),
    _bool_field("need_meal", "助餐", "need_meal", "助餐需求"),
    _bool_field("need_delivery", "送餐", "need_delivery", "送餐需求"),
    _bool_field("need_dementia_care", "认知障碍照护", "need_dementia_care"),
    _bool_field("need_home_visit", "上门服务", "need_home_visit", "上门服务需求"),
    Field(
        "visit_skills",
        "上门服务项目",
        "visit_skills",
        _choices(SKILLS, "上门服务项目", "home-visit services"),
        default=list,
        aliases=("服务项目",),
    ),
    Field(
        "visits_per_week", "每周上门次数", "visits_per_week", _int(1, 7, "每周上门次数", "visits per week"), default=1
    ),
    Field("diet", "特殊膳食", "diet", _choices(SPECIAL_DIETS, "特殊膳食", "special diet"), default=list),
    Field("notes", "备注", "notes", _text(2000), default=""),
)

CENTRE_FIELDS: tuple[Field, ...] = (
    Field("code", "编号", "code", _code, True, aliases=("机构编号",)),
    Field("name", "名称", "name", _text(80), True, aliases=("机构名称",)),
    Field(
        "centre_type",
        "类型",
        "centre_type",
        _enum(CentreType, "类型", "type", _CENTRE_TYPE_ALIASES),
        default=CentreType.CARE_CENTRE,
        aliases=("机构类型",),
        enum=CentreType,
    ),
    *_place_fields(),
    Field("stars", "星级", "stars", _int(0, 5, "星级", "stars"), default=0),
    Field(
        "total_beds", "总床位", "total_beds", _int(0, 100_000, "总床位", "total beds"), default=0, aliases=("床位数",)
    ),
    Field("dementia_beds", "认知障碍床位", "dementia_beds", _int(0, 10_000, "认知障碍床位", "dementia beds"), True),
    Field(
        "dementia_beds_occupied",
        "认知障碍床位已占用",
        "dementia_beds_occupied",
        _int(0, 10_000, "认知障碍床位已占用", "dementia beds occupied"),
        default=0,
    ),
    Field(
        "service_radius_km",
        "服务半径(公里)",
        "service_radius_km",
        _float(0, 200, "服务半径", "service radius"),
        True,
        aliases=("服务半径", "服务半径(km)"),
    ),
    *_contact_fields(),
    _bool_field("closed", "已停业", "closed", "停业"),
)

MEAL_POINT_FIELDS: tuple[Field, ...] = (
    Field("code", "编号", "code", _code, True, aliases=("助餐点编号",)),
    Field("name", "名称", "name", _text(80), True, aliases=("助餐点名称",)),
    *_place_fields(),
    Field(
        "daily_capacity",
        "日供餐能力(份)",
        "daily_capacity",
        _int(0, 100_000, "日供餐能力", "daily capacity"),
        True,
        aliases=("日供餐能力", "日供餐量"),
    ),
    Field(
        "dine_in_radius_km",
        "堂食半径(公里)",
        "dine_in_radius_km",
        _float(0, 50, "堂食半径", "dine-in radius"),
        default=1.0,
        aliases=("堂食半径",),
    ),
    _bool_field("delivers", "是否送餐", "delivers", "送餐"),
    Field(
        "delivery_radius_km",
        "送餐半径(公里)",
        "delivery_radius_km",
        _float(0, 100, "送餐半径", "delivery radius"),
        default=0.0,
        aliases=("送餐半径",),
    ),
    Field("meal_times", "供餐时段", "meal_times", _choices(MEAL_TIMES, "供餐时段", "meal times"), default=list),
    Field(
        "special_diets", "特殊膳食", "special_diets", _choices(SPECIAL_DIETS, "特殊膳食", "special diets"), default=list
    ),
    *_contact_fields(),
    _bool_field("closed", "已停业", "closed", "停业"),
)

CAREGIVER_FIELDS: tuple[Field, ...] = (
    Field("code", "编号", "code", _code, True, aliases=("护理员编号", "工号")),
    Field("name", "姓名", "name", _person_name(40), True),
    Field("citizen_id", "身份证号", "citizen_id", _citizen_id, default=None, aliases=("身份证", "身份证号码")),
    Field("phone", "联系电话", "phone", _phone, default="", aliases=("电话", "手机", "手机号")),
    Field(
        "cert_level",
        "证书等级",
        "cert_level",
        _enum(CertLevel, "证书等级", "certificate level"),
        default=CertLevel.GRADE5,
        aliases=("等级", "职业等级"),
        enum=CertLevel,
    ),
    _bool_field("first_aid", "救护员证", "first_aid", "救护员"),
    Field("skills", "技能", "skills", _choices(SKILLS, "技能", "skills"), default=list, aliases=("服务技能",)),
    Field("centre_code", "所属机构", "centre_code", _code, default="", aliases=("所属机构编号",), stored=False),
    *_place_fields(),
    Field(
        "service_radius_km",
        "服务半径(公里)",
        "service_radius_km",
        _float(0, 100, "服务半径", "service radius"),
        True,
        aliases=("服务半径",),
    ),
    Field("max_clients", "最大服务对象数", "max_clients", _int(0, 1000, "最大服务对象数", "most clients"), True),
    Field("available_days", "可服务日", "available_days", parse_weekdays, True, aliases=("服务日",)),
    _bool_field("closed", "已离职", "closed", "离职"),
)

GAZETTEER_FIELDS: tuple[Field, ...] = (
    Field("township", "乡镇(街道)", "township", _text(40), True, aliases=("乡镇", "街道", "镇街")),
    Field("village", "村(社区)", "village", _text(40), default="", aliases=("村", "社区")),
    Field("lon", "经度", "lon", _coord("经度", "longitude"), aliases=("longitude", "lng")),
    Field("lat", "纬度", "lat", _coord("纬度", "latitude"), aliases=("latitude",)),
    Field(
        "elderly_population",
        "老年人口",
        "elderly_population",
        _int(0, 10_000_000, "老年人口", "elderly population"),
        default=0,
        aliases=("60岁以上人口", "老年人数"),
    ),
    Field(
        "coord_system",
        "坐标系",
        "coord_system",
        _enum(CoordSystem, "坐标系", "coordinate system", _COORD_ALIASES),
        default=CoordSystem.WGS84,
        enum=CoordSystem,
        stored=False,
    ),
    Field("county", "县(区)", "county", _text(40), default="", aliases=("县", "区县")),
    # Former names of a merged or renamed village, still written in addresses; blank keeps those stored.
    Field("aliases", "曾用名", "aliases", _names(40), default=None, aliases=("原名", "曾用村名", "原村名", "别名")),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "residents": RESIDENT_FIELDS,
    "centres": CENTRE_FIELDS,
    "meal-points": MEAL_POINT_FIELDS,
    "caregivers": CAREGIVER_FIELDS,
    "gazetteer": GAZETTEER_FIELDS,
}
KEY_FIELD: dict[str, str] = {
    "residents": "citizen_id",
    "centres": "code",
    "meal-points": "code",
    "caregivers": "code",
    "gazetteer": "township",
}


def check_kind(kind: str) -> str:
    if kind not in FIELDS:
        raise UserInputError(
            msg("不认识的类别“{k}”，可用：{a}", "Unknown kind “{k}”; use one of: {a}", k=kind, a=", ".join(KINDS))
        )
    return kind


def field_table(kind: str) -> tuple[Field, ...]:
    return FIELDS[check_kind(kind)]


def field_named(kind: str, name: str) -> Field | None:
    return next((f for f in field_table(kind) if f.name == name), None)


@dataclass
class Validated:
    """The outcome of `validate`: parsed values by model attribute, and every fault per field."""

    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[Message]] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def key(self) -> str:
        return str(self.fields.get(KEY_FIELD[self.kind]) or "")

    def add_error(self, name: str, message: Message) -> None:
        self.errors.setdefault(name, []).append(message)

    def messages(self) -> list[Message]:
        """Every fault, each prefixed with the column's Chinese / English header (unless it names it)."""
        out = []
        for name, messages in self.errors.items():
            column = field_named(self.kind, name)
            zh, en = (column.zh, column.en.replace("_", " ")) if column else ("位置", "place")
            for m in messages:
                text = m.text("zh")
                named = text.startswith(zh) or text.startswith(zh.split("(")[0])
                out.append(m if named else Message(f"{zh}：{m.zh}", f"{en}: {m.en}", m.params))
        return out

    def raise_if_invalid(self) -> None:
        if self.errors:
            parts = self.messages()
            raise UserInputError(
                Message(
                    "；".join(m.text("zh") for m in parts),
                    "; ".join(m.text("en") for m in parts),
                )
            )


def validate(
    kind: str,
    values: Mapping[str, object],
    *,
    session: Session | None = None,
    gazetteer: Gazetteer | None = None,
    today: dt.date | None = None,
) -> Validated:
    """Parse and check one record's values (keys: model attribute names).

    Every fault is collected per field. Residents get birth date and sex from the citizen ID
    (checked against those columns when given). Records other than gazetteer rows are placed
    through `geo.placement.place` with the station's gazetteer (`gazetteer`, else loaded from
    `session`). Caregivers' 所属机构 (a care-centre 编号) is resolved through `session`.
    """
    table = field_table(kind)
    result = Validated(kind)
    raw: dict[str, Any] = {}
    for column in table:
        value = values.get(column.name)
        if _blank(value):
            if column.required:
                result.add_error(column.name, msg("必须填写", "is required"))
            else:
                raw[column.name] = column.default_value()
            continue
        try:
            raw[column.name] = column.parse(value)
        except InvalidValue as error:
            result.add_error(column.name, error.message)
        except UserInputError as error:
            result.add_error(column.name, error.message)
    today = today or dt.date.today()
    if kind == "residents":
        _check_resident(result, raw, values, today)
    elif kind == "centres":
        _check_centre(result, raw)
    elif kind == "meal-points":
        _check_meal_point(result, raw, values)
    elif kind == "caregivers":
        _check_caregiver(result, raw, session)
    if kind == "gazetteer":
        _convert_gazetteer_coordinates(result, raw, values)
        if raw.get("aliases") and not raw.get("village"):
            result.add_error(
                "aliases",
                msg(
                    "曾用名只用于村(社区)，乡镇这一行请留空",
                    "Former names are for villages; leave it blank on a township row",
                ),
            )
    else:
        _place(result, raw, values, session, gazetteer)
    result.fields = {column.name: raw[column.name] for column in table if column.stored and column.name in raw}
    result.fields |= {k: v for k, v in raw.items() if k in ("coord_source", "coord_error_m", "centre_id")}
    return result


def _check_resident(result: Validated, raw: dict[str, Any], values: Mapping[str, object], today: dt.date) -> None:
    number = raw.get("citizen_id")
    if number:
        # Already checked by the field's parser: read birth date and sex straight from it.
        person = CitizenId(
            number,
            dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
            Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE,
        )
        if not _blank(values.get("birth_date")):
            given = raw.get("birth_date")
            if isinstance(given, dt.date) and given != person.birth_date:
                result.add_error(
                    "birth_date",
                    msg(
                        "出生日期{g}与身份证号中的{d}不一致",
                        "Birth date {g} does not agree with {d} in the citizen ID",
                        g=given.isoformat(),
                        d=person.birth_date.isoformat(),
                    ),
                )
        if not _blank(values.get("sex")):
            given_sex = raw.get("sex")
            if isinstance(given_sex, Sex) and given_sex is not person.sex:
                result.add_error(
                    "sex",
                    msg(
                        "性别“{g}”与身份证号（{s}）不一致",
                        "Sex “{g}” does not agree with the citizen ID ({s})",
                        g=given_sex.zh,
                        s=person.sex.zh,
                    ),
                )
        raw["birth_date"], raw["sex"] = person.birth_date, person.sex
        if age_on(person.birth_date, today) < MIN_RESIDENT_AGE:
            # A warning, not a fault: some places also serve people about to turn 60.
            result.warnings.append(
                msg(
                    "按身份证号此人{a}岁，未满60周岁",
                    "By the citizen ID this person is {a}, under 60",
                    a=age_on(person.birth_date, today),
                )
            )
    if raw.get("need_home_visit") is False and raw.get("visit_skills"):
        result.warnings.append(
            msg("填了上门服务项目但“上门服务”为否", "Home-visit services are given but 上门服务 is 否 (no)")
        )


def _check_centre(result: Validated, raw: dict[str, Any]) -> None:
    beds, taken = raw.get("dementia_beds"), raw.get("dementia_beds_occupied")
    if isinstance(beds, int) and isinstance(taken, int) and taken > beds:
        result.add_error(
            "dementia_beds_occupied",
            msg(
                "已占用{t}张，多于认知障碍床位{b}张",
                "{t} beds occupied, more than the {b} dementia beds",
                t=taken,
                b=beds,
            ),
        )
    total = raw.get("total_beds")
    if isinstance(beds, int) and isinstance(total, int) and total and beds > total:
        result.add_error(
            "dementia_beds",
            msg(
                "认知障碍床位{b}张，多于总床位{t}张",
                "{b} dementia beds, more than the {t} beds in all",
                b=beds,
                t=total,
            ),
        )


def _check_meal_point(result: Validated, raw: dict[str, Any], values: Mapping[str, object]) -> None:
    if raw.get("delivers") and not raw.get("delivery_radius_km") and "delivery_radius_km" not in result.errors:
        result.add_error(
            "delivery_radius_km",
            msg("送餐的助餐点须填写送餐半径（大于0）", "A meal point that delivers needs a delivery radius above 0"),
        )


def _check_caregiver(result: Validated, raw: dict[str, Any], session: Session | None) -> None:
    code = raw.get("centre_code")
    raw["centre_id"] = None
    if not code or session is None:
        return
    centre_id = session.scalar(select(CareCentre.id).where(CareCentre.code == code, CareCentre.deleted_at.is_(None)))
    if centre_id is None:
        result.add_error(
            "centre_code",
            msg("所属机构编号“{c}”在照护机构中找不到", "No care centre has the code “{c}”", c=code),
        )
    raw["centre_id"] = centre_id


def _given_coordinates(
    result: Validated, raw: dict[str, Any], values: Mapping[str, object]
) -> tuple[float, float] | None:
    lon_blank, lat_blank = _blank(values.get("lon")), _blank(values.get("lat"))
    if lon_blank and lat_blank:
        return None
    if lon_blank or lat_blank:
        missing = "lon" if lon_blank else "lat"
        result.add_error(missing, msg("经度和纬度要同时填写", "Longitude and latitude go together; one is missing"))
        return None
    lon, lat = raw.get("lon"), raw.get("lat")
    if isinstance(lon, float) and isinstance(lat, float):
        return lon, lat
    return None


def _place(
    result: Validated,
    raw: dict[str, Any],
    values: Mapping[str, object],
    session: Session | None,
    gazetteer: Gazetteer | None,
) -> None:
    from carematch.core.geo.placement import place

    coordinates = _given_coordinates(result, raw, values)
    if any(name in result.errors for name in ("lon", "lat")):
        return
    if gazetteer is None:
        from carematch.core.geo.gazetteer import Gazetteer

        if session is None:
            raise TypeError("validate() needs a gazetteer or a session to place records")
        gazetteer = Gazetteer.load(session)
    system = raw.get("coord_system") or CoordSystem.WGS84
    try:
        placement = place(
            gazetteer,
            township=str(raw.get("township") or ""),
            village=str(raw.get("village") or ""),
            address=str(raw.get("address") or ""),
            lon=coordinates[0] if coordinates else None,
            lat=coordinates[1] if coordinates else None,
            system=system,
        )
    except UserInputError as error:
        if coordinates:
            where = "lon"
        elif not raw.get("township") and not raw.get("village") and not raw.get("address"):
            result.add_error(
                "village",
                msg(
                    "没有位置：请填写经度和纬度，或乡镇(街道)和村(社区)",
                    "No place: give longitude and latitude, or township and village",
                ),
            )
            return
        else:
            where = "village" if raw.get("village") else "township"
        result.add_error(where, error.message)
        return
    raw["lon"], raw["lat"] = placement.lon, placement.lat
    raw["coord_source"], raw["coord_error_m"] = placement.source, placement.error_m
    if placement.township:
        raw["township"] = placement.township
    if placement.village:
        raw["village"] = placement.village
    result.warnings.extend(placement.warnings)


def _convert_gazetteer_coordinates(result: Validated, raw: dict[str, Any], values: Mapping[str, object]) -> None:
    coordinates = _given_coordinates(result, raw, values)
    if coordinates is None:
        raw["lon"] = raw["lat"] = raw["coord_source"] = None
        return
    from carematch.core.geo.coords import to_wgs84
    from carematch.core.validation import in_china

    lon, lat = coordinates
    if not in_china(lon, lat) and in_china(lat, lon):
        lon, lat = lat, lon
        result.warnings.append(msg("经纬度填反了，已自动调换", "Longitude and latitude were swapped; put right"))
    if not in_china(lon, lat):
        result.add_error(
            "lon",
            msg(
                "坐标({lon}, {lat})不在中国境内，请检查经度(73~135)和纬度(18~54)",
                "Coordinates ({lon}, {lat}) are outside China; longitude is 73–135, latitude 18–54",
                lon=lon,
                lat=lat,
            ),
        )
        return
    system = raw.get("coord_system") or CoordSystem.WGS84
    raw["lon"], raw["lat"] = to_wgs84(lon, lat, system)
    raw["coord_source"] = {
        CoordSystem.WGS84: CoordSource.GPS,
        CoordSystem.GCJ02: CoordSource.CONVERTED_GCJ02,
        CoordSystem.BD09: CoordSource.CONVERTED_BD09,
    }[system]


# --- Saving ----------------------------------------------------------------------------------

SaveOutcome = Literal["created", "updated", "unchanged"]
_SAME_PLACE_M = 1e-7  # degrees; about a centimetre


def find_by_key(session: Session, kind: str, key: str, *, include_deleted: bool = False) -> Record | None:
    model = MODELS[check_kind(kind)]
    column = getattr(model, KEY_FIELD[kind])
    query = select(model).where(column == key)
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    return session.scalars(query).first()


def save(session: Session, kind: str, validated: Validated, existing: Record | None = None) -> Record:
    """Create the record, or update `existing` (which may come from another session: a record
    changed since it was read raises ConflictError). Never commits."""
    record, _ = save_with_outcome(session, kind, validated, existing)
    return record


def save_with_outcome(
    session: Session, kind: str, validated: Validated, existing: Record | None = None
) -> tuple[Record, SaveOutcome]:
    validated.raise_if_invalid()
    if kind == "gazetteer":
        if existing is not None:
            # Gazetteer rows are saved by name (upsert), so the version check is made here: a place
            # someone else changed since the form was opened is refused, not overwritten.
            _current(session, type(existing), existing)
        return _save_gazetteer(session, validated)
    model = MODELS[check_kind(kind)]
    key_name = KEY_FIELD[kind]
    key = validated.fields[key_name]
    if existing is None:
        found = find_by_key(session, kind, key, include_deleted=True)
        if found is not None:
            label = mask_citizen_id(key) if kind == "residents" else key
            if found.is_deleted:
                raise UserInputError(
                    msg(
                        "{k}的记录已被删除；如需恢复，请在“已删除”中恢复后再修改",
                        "The record {k} was deleted; undelete it first to change it",
                        k=label,
                    )
                )
            raise UserInputError(msg("{k}已登记过，不能重复登记", "{k} is already registered", k=label))
        record = model(**validated.fields)
        session.add(record)
        _after_provider_change(session, kind, record)
        return record, "created"
    record = _current(session, model, existing)
    if getattr(record, key_name) != key:
        clash = find_by_key(session, kind, key, include_deleted=True)
        if clash is not None and clash.id != record.id:
            raise UserInputError(msg("{k}已被另一条记录使用", "{k} is used by another record", k=key))
    changed = apply_fields(record, validated.fields)
    if changed:
        _after_provider_change(session, kind, record)
    return record, ("updated" if changed else "unchanged")


def _current(session: Session, model: type[Record], existing: Record) -> Record:
    if existing in session:
        return existing
    record = session.get(model, existing.id)
    if record is None:
        raise NotFoundError(msg("这条记录已不存在", "This record no longer exists"))
    if record.version != existing.version:
        raise ConflictError(
            msg(
                "这条记录已被别人修改过，您的修改没有保存。请重新打开后再改",
                "Someone else changed this record since you opened it; your change was not saved. "
                "Reopen it and change it again",
            )
        )
    return record


def apply_fields(record: Record, fields: Mapping[str, Any]) -> bool:
    """Set the values that differ; True when anything changed. Typed coordinates that did not
    move keep the provenance they have (a re-import must not turn 'converted' into 'typed')."""
    same_place = (
        fields.get("lon") is not None
        and getattr(record, "lon", None) is not None
        and abs(float(fields["lon"]) - float(record.lon)) < _SAME_PLACE_M  # type: ignore[attr-defined]
        and abs(float(fields["lat"]) - float(record.lat)) < _SAME_PLACE_M  # type: ignore[attr-defined]
    )
    changed = False
    for name, value in fields.items():
        if same_place and name in ("lon", "lat", "coord_source", "coord_error_m"):
            continue
        if getattr(record, name) != value:
            setattr(record, name, list(value) if isinstance(value, list) else value)
            changed = True
    return changed


def _after_provider_change(session: Session, kind: str, record: Record) -> None:
    """Provider capacity dropped or it closed: matching flags the assignments beyond its room."""
    if kind not in ("centres", "meal-points", "caregivers"):
        return
    try:
        assignments = importlib.import_module("carematch.core.assignments")
    except ImportError:
        return
    reconcile = getattr(assignments, "reconcile_provider", None)
    if reconcile is not None:
        session.flush()
        reconcile(session, record)


def _save_gazetteer(session: Session, validated: Validated) -> tuple[Record, SaveOutcome]:
    from carematch.core.geo import gazetteer as geo

    fields = validated.fields
    township_name = geo.clean_name(fields["township"])
    village_name = geo.clean_name(fields.get("village") or "")
    township = session.scalars(select(Township).where(Township.name == township_name)).first()
    if not village_name:
        keys = ("county", "lon", "lat", "coord_source", "deleted_at")
        source = _kept_source(township, fields)
        before = _snapshot(township, keys)
        township_record = geo.upsert_township(
            session,
            name=township_name,
            county=fields.get("county") or None,
            lon=fields.get("lon"),
            lat=fields.get("lat"),
            coord_source=source,
        )
        return township_record, _outcome(before, township_record, keys)
    village = None
    if township is not None:
        village = session.scalars(
            select(Village).where(Village.township_id == township.id, Village.name == village_name)
        ).first()
    village_keys = ("lon", "lat", "coord_source", "elderly_population", "aliases", "deleted_at")
    before = _snapshot(village, village_keys)
    if before is not None:
        before["aliases"] = list(before["aliases"] or [])  # a copy: upsert_village replaces the list
    source = _kept_source(village, fields)
    village_record = geo.upsert_village(
        session,
        township=township if township is not None else township_name,
        name=village_name,
        lon=fields.get("lon"),
        lat=fields.get("lat"),
        coord_source=source,
        elderly_population=fields.get("elderly_population") or 0,
        aliases=fields.get("aliases"),
    )
    return village_record, _outcome(before, village_record, village_keys)


def _kept_source(place: Township | Village | None, fields: Mapping[str, Any]) -> CoordSource | None:
    """Coordinates that did not move keep the provenance they have."""
    source: CoordSource | None = fields.get("coord_source")
    if (
        place is not None
        and place.lon is not None
        and fields.get("lon") is not None
        and abs(place.lon - fields["lon"]) < _SAME_PLACE_M
        and abs((place.lat or 0) - fields["lat"]) < _SAME_PLACE_M
    ):
        return place.coord_source
    return source


def _snapshot(record: Record | None, keys: Sequence[str]) -> dict[str, Any] | None:
    return None if record is None else {k: getattr(record, k) for k in keys}


def _outcome(before: dict[str, Any] | None, record: Record, keys: Sequence[str]) -> SaveOutcome:
    if before is None:
        return "created"
    return "unchanged" if before == {k: getattr(record, k) for k in keys} else "updated"


def soft_delete(session: Session, record: Record) -> None:
    """Mark deleted (kept, restorable); a provider's assignments are flagged for re-matching."""
    if record.deleted_at is None:
        record.deleted_at = utcnow()
        kind = next((k for k, m in MODELS.items() if isinstance(record, m)), "")
        _after_provider_change(session, kind, record)


def undelete(session: Session, record: Record) -> None:
    if record.deleted_at is not None:
        record.deleted_at = None
        kind = next((k for k, m in MODELS.items() if isinstance(record, m)), "")
        _after_provider_change(session, kind, record)


# --- History ---------------------------------------------------------------------------------

_TABLE_KINDS = {model.__tablename__: kind for kind, model in MODELS.items()}
_ACTIONS = {
    "insert": ("新建", "created"),
    "update": ("修改", "changed"),
    "delete": ("删除", "deleted"),
    "restore": ("恢复", "undeleted"),
    "purge": ("彻底删除", "purged"),
}
_EXTRA_LABELS = {
    "coord_source": ("坐标来源", "coordinate source"),
    "coord_error_m": ("坐标误差(米)", "coordinate error (m)"),
    "deleted_at": ("删除时间", "deleted at"),
    "centre_id": ("所属机构", "care centre"),
    "id_tail": ("身份证后4位", "ID tail"),
}


@dataclass(frozen=True)
class Change:
    field: str
    label_zh: str
    label_en: str
    old: str
    new: str

    def text(self, lang: str = "zh") -> str:
        if lang == "zh":
            return f"{self.label_zh}：{self.old or '（空）'} → {self.new or '（空）'}"
        return f"{self.label_en}: {self.old or '(blank)'} → {self.new or '(blank)'}"


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    changes: tuple[Change, ...]

    def text(self, lang: str = "zh") -> str:
        zh, en = _ACTIONS.get(self.action, (self.action, self.action))
        who = self.actor or ("未署名" if lang == "zh" else "unnamed")
        head = f"{self.at:%Y-%m-%d %H:%M} {who} {zh if lang == 'zh' else en}"
        if self.action == "insert" or not self.changes:
            return head
        separator = "；" if lang == "zh" else "; "
        return head + ("：" if lang == "zh" else ": ") + separator.join(c.text(lang) for c in self.changes)


def _readable(kind: str, name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    column = field_named(kind, name) if kind else None
    if column is not None and column.enum is not None:
        for member in column.enum:
            if str(member.value) == str(value):
                return member.zh
    if name == "coord_source":
        for source in CoordSource:
            if source.value == value:
                return source.zh
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if name == "citizen_id":
        return mask_citizen_id(str(value))
    return str(value)


def history(session: Session, record_id: uuid.UUID) -> list[HistoryEntry]:
    """The record's audit trail, oldest first, with field labels and values a clerk reads."""
    entries = session.scalars(select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.seq))
    out = []
    for entry in entries:
        kind = _TABLE_KINDS.get(entry.table_name, "")
        changes = []
        for name, pair in entry.changes.items():
            if entry.action in ("insert", "purge") or name == "id_tail":
                continue
            old, new = pair
            column = field_named(kind, name) if kind else None
            label_zh, label_en = (column.zh, column.en) if column else _EXTRA_LABELS.get(name, (name, name))
            changes.append(Change(name, label_zh, label_en, _readable(kind, name, old), _readable(kind, name, new)))
        out.append(HistoryEntry(entry.at, entry.actor, entry.action, tuple(changes)))
    return out
