from __future__ import annotations

import contextlib
import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carematch.core.enums import AbilityLevel, Assistance, CertLevel, Sex
from carematch.core.validation import (
    InvalidValue,
    citizen_id_check_digit,
    mask_citizen_id,
    parse_bool,
    parse_citizen_id,
    parse_coordinates,
    parse_date,
    parse_enum,
    parse_float_in_range,
    parse_int_in_range,
    parse_list,
    parse_phone,
)

TODAY = dt.date(2026, 11, 22)
PROVINCE_CODES = [
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
]


@st.composite
def citizen_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCE_CODES))
    region = f"{province:02d}{draw(st.integers(0, 9999)):04d}"
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + citizen_id_check_digit(first17)


@given(citizen_ids())
def test_every_valid_citizen_id_is_accepted_with_its_birth_date_and_sex(number: str) -> None:
    parsed = parse_citizen_id(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert parsed.sex is (Sex.MALE if int(number[16]) % 2 else Sex.FEMALE)


@given(citizen_ids(), st.integers(0, 17), st.sampled_from(string.digits + "X"))
def test_every_single_character_corruption_is_rejected(number: str, position: int, replacement: str) -> None:
    if number[position] == replacement:
        replacement = "0" if replacement != "0" else "1"
    corrupted = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidValue):
        parse_citizen_id(corrupted, today=TODAY)


@given(citizen_ids(), st.integers(0, 17))
def test_a_dropped_character_is_rejected(number: str, position: int) -> None:
    with pytest.raises(InvalidValue, match="18"):
        parse_citizen_id(number[:position] + number[position + 1 :], today=TODAY)


def test_full_width_digits_and_lower_case_x_are_normalised() -> None:
    assert parse_citizen_id(
        "３３０５０３１９４００５０３００１Ｘ".replace("Ｘ", citizen_id_check_digit("33050319400503001")), today=TODAY
    ).birth_date == dt.date(1940, 5, 3)
    first17 = "33050319400503002"
    check = citizen_id_check_digit(first17)
    assert parse_citizen_id(f" {first17}{check.lower()} ", today=TODAY).number == first17 + check


def test_citizen_id_messages_say_what_is_wrong_in_chinese_and_english() -> None:
    with pytest.raises(InvalidValue) as error:
        parse_citizen_id("3305031940050300", today=TODAY)
    assert "18位" in error.value.text("zh") and "18 characters" in error.value.text("en")
    with pytest.raises(InvalidValue) as error:
        parse_citizen_id("330503194002300011", today=TODAY)
    assert "出生日期" in error.value.text("zh")
    first17 = "33050319400503001"
    wrong = "0" if citizen_id_check_digit(first17) != "0" else "1"
    with pytest.raises(InvalidValue) as error:
        parse_citizen_id(first17 + wrong, today=TODAY)
    assert "校验位" in error.value.text("zh")


def test_future_birth_date_is_rejected() -> None:
    first17 = "33050320300101001"
    with pytest.raises(InvalidValue):
        parse_citizen_id(first17 + citizen_id_check_digit(first17), today=TODAY)


def test_masking_shows_first_six_and_last_four() -> None:
    assert mask_citizen_id("330503194005030011") == "330503********0011"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("１３８ １２３４ ５６７８", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0572-3012345", "0572-3012345"),
        ("05723012345", "0572-3012345"),
        ("(0572)3012345", "0572-3012345"),
        ("010-12345678", "010-12345678"),
        ("3012345", "3012345"),
    ],
)
def test_phone_numbers_as_staff_write_them(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1381234567", "138123456789", "abc", "12345", ""])
def test_bad_phone_numbers_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue):
        parse_phone(raw)


@given(st.text(max_size=30))
def test_phone_parser_never_crashes(raw: str) -> None:
    with contextlib.suppress(InvalidValue):
        parse_phone(raw)


def test_coordinates_inside_china_and_a_swapped_pair() -> None:
    assert parse_coordinates("120.43", "30.71").swapped is False
    fixed = parse_coordinates(30.71, 120.43)
    assert (fixed.lon, fixed.lat, fixed.swapped) == (120.43, 30.71, True)
    with pytest.raises(InvalidValue, match="不在中国境内"):
        parse_coordinates(2.35, 48.85)


@pytest.mark.parametrize(
    "raw", ["1940.5.3", "1940-05-03", "1940/5/3", "1940年5月3日", "19400503", dt.date(1940, 5, 3), 14734]
)
def test_dates_in_every_form_staff_use(raw: object) -> None:
    assert parse_date(raw) == dt.date(1940, 5, 3)


@pytest.mark.parametrize("raw", ["1940.2.30", "五月", "", "1940-13-01"])
def test_bad_dates_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("是", True),
        ("Y", True),
        ("1", True),
        ("√", True),
        (1, True),
        ("否", False),
        ("n", False),
        ("0", False),
        ("×", False),
    ],
)
def test_yes_no_in_every_form(raw: object, value: bool) -> None:
    assert parse_bool(raw) is value


def test_lists_split_on_every_separator() -> None:
    assert parse_list("助洁、助浴,助医，康复护理;精神慰藉；助行 助洁") == [
        "助洁",
        "助浴",
        "助医",
        "康复护理",
        "精神慰藉",
        "助行",
    ]


def test_enumerations_accept_labels_values_and_aliases() -> None:
    assert parse_enum(AbilityLevel, "重度失能", "能力等级", "ability") is AbilityLevel.SEVERE
    assert parse_enum(AbilityLevel, "3", "能力等级", "ability") is AbilityLevel.SEVERE
    assert parse_enum(Assistance, "低保户", "保障类别", "assistance") is Assistance.MINIMUM_ALLOWANCE
    assert parse_enum(CertLevel, "高级工", "证书等级", "certificate") is CertLevel.GRADE3
    with pytest.raises(InvalidValue, match="能力完好"):
        parse_enum(AbilityLevel, "很好", "能力等级", "ability")


def test_ranges_for_capacities_and_radii() -> None:
    assert parse_int_in_range("３０", 0, 10000) == 30
    with pytest.raises(InvalidValue, match="0到10000"):
        parse_int_in_range(-1, 0, 10000, "日供餐能力", "daily meals")
    with pytest.raises(InvalidValue, match="整数"):
        parse_int_in_range("2.5", 0, 10)
    assert parse_float_in_range("1.5", 0, 50) == 1.5
