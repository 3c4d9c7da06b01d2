"""The bundled township names of Zhejiang and Sichuan, and how they check and complete names."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carematch.core.errors import UserInputError
from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.geo.placement import place
from carematch.core.geo.places import (
    bundled_townships,
    bundled_villages,
    check_township,
    check_village,
    county_centre,
    county_centres,
    suggest_townships,
)
from carematch.core.paths import resource_path


def test_the_list_holds_both_provinces_with_their_counties() -> None:
    townships = bundled_townships()
    per_province = Counter(t.province for t in townships)
    assert set(per_province) == {"浙江省", "四川省"}
    assert per_province["浙江省"] > 1300 and per_province["四川省"] > 3000
    assert all(t.city and t.county and t.name and t.nbs_code.isdigit() for t in townships)
    nanxun = [t.name for t in townships if t.county == "南浔区"]
    assert {"南浔镇", "双林镇", "练市镇", "善琏镇", "旧馆街道", "菱湖镇", "和孚镇", "千金镇", "石淙镇"} <= set(nanxun)
    # Keyed on county + name: no county lists the same township twice.
    pairs = Counter((t.province, t.city, t.county, t.name) for t in townships)
    assert max(pairs.values()) == 1


def test_the_attribution_names_the_sources_and_licences() -> None:
    text = resource_path("places", "ATTRIBUTION.md").read_text(encoding="utf-8")
    for words in ("china-division 2.7.0", "WTFPL", "china-region 0.0.11", "MIT", "UNVERIFIED"):
        assert words in text


@pytest.mark.parametrize(
    ("typed", "county", "canonical", "reason"),
    [
        ("练市镇", "", "练市镇", "exact"),
        ("练市", "", "练市镇", "stem"),
        ("炼市镇", "南浔区", "练市镇", "pinyin"),  # same sound, wrong character
        ("旧馆街道办", "", "旧馆街道", "stem"),
        ("双林", "南浔", "双林镇", "stem"),
        ("善连镇", "南浔区", "善琏镇", "pinyin"),
    ],
)
def test_misspelt_or_suffixless_names_are_completed(typed: str, county: str, canonical: str, reason: str) -> None:
    check = check_township(typed, county=county)
    assert check.canonical == canonical
    assert check.suggestions[0].reason == reason
    assert check.known == (reason == "exact")


def test_a_name_several_counties_share_is_not_completed_without_the_county() -> None:
    check = check_township("新华")
    assert check.canonical is None and len({s.township.county for s in check.suggestions}) >= 2
    assert check_township("城厢镇").known  # real, though in several counties


def test_nothing_close_gives_no_suggestion() -> None:
    assert suggest_townships("ABCD") == []
    assert suggest_townships("") == []
    assert not check_township("ABCD").known


def test_similar_characters_are_offered_after_exact_stem_and_sound() -> None:
    suggestions = suggest_townships("练市镇镇", county="南浔区")
    assert suggestions and suggestions[0].township.name == "练市镇"
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(bundled_townships()))
def test_every_bundled_name_checks_as_known(township: object) -> None:
    from carematch.core.geo.places import BundledTownship

    assert isinstance(township, BundledTownship)
    check = check_township(township.name, county=township.county)
    assert check.known and check.canonical == township.name


def test_county_centres_are_rough_unverified_hints() -> None:
    centres = county_centres()
    assert centres and not any(c.verified for c in centres)
    nanxun = county_centre("南浔")
    assert nanxun is not None and (nanxun.lon, nanxun.lat) == (120.43, 30.88)
    assert county_centre("不存在县") is None


def test_placing_a_township_missing_from_the_gazetteer_points_to_the_list() -> None:
    gazetteer = Gazetteer.from_mapping({"townships": [{"name": "甲镇", "lon": 120.0, "lat": 30.0}]})
    with pytest.raises(UserInputError) as raised:
        place(gazetteer, township="练市")
    assert "湖州市南浔区练市镇" in raised.value.text("zh")


def test_the_village_list_completes_village_names_within_a_township() -> None:
    villages = bundled_villages("练市")
    assert "荃步村" in villages and "朱家兜村" in villages and len(villages) > 30
    assert all(not v.endswith("委会") for v in villages)  # 荃步村委会 is written 荃步村
    assert check_village("荃步村", township="练市镇").known
    for typed in ("荃步", "全步村", "荃布村"):
        check = check_village(typed, township="练市镇")
        assert not check.known and check.canonical == "荃步村", typed
    assert check_village("荃步村", township="善琏镇").canonical is None  # not a village of 善琏镇
    assert bundled_villages("不存在镇") == () and not check_village("荃步村", township="不存在镇").listed


def test_placing_a_village_missing_from_the_gazetteer_points_to_the_village_list() -> None:
    gazetteer = Gazetteer.from_mapping(
        {"county": "南浔区", "townships": [{"name": "练市镇", "lon": 120.43, "lat": 30.712, "villages": []}]}
    )
    with pytest.raises(UserInputError) as raised:
        place(gazetteer, township="练市镇", village="荃布村")
    assert "村名录中练市镇有荃步村" in raised.value.text("zh")
