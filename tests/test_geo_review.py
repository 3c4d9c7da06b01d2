"""The gazetteer review finds what will make placing records go wrong."""

from __future__ import annotations

import json

from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.geo.review import review_gazetteer
from carematch.core.paths import resource_path


def test_the_demo_county_has_only_its_shared_village_name() -> None:
    demo = Gazetteer.from_mapping(
        json.loads(resource_path("places", "nanxun_demo_gazetteer.json").read_text(encoding="utf-8"))
    )
    findings = review_gazetteer(demo)
    assert {(f.code, f.township, f.village) for f in findings} == {
        ("village_shared", "练市镇", "新华村"),
        ("village_shared", "千金镇", "新华村"),
    }
    assert "千金镇也有新华村" in next(f for f in findings if f.township == "练市镇").message.text("zh")


def test_each_kind_of_problem_is_found() -> None:
    gazetteer = Gazetteer.from_mapping(
        {
            "county": "南浔区",
            "townships": [
                {
                    "name": "炼市镇",  # misspelt: the list has 练市镇
                    "lon": 120.43,
                    "lat": 30.712,
                    "villages": [
                        {"name": "荃步村", "lon": 120.42485, "lat": 30.69385, "elderly_population": 610},
                        {"name": "远村", "lon": 121.2, "lat": 30.71, "elderly_population": 100},  # ~74 km away
                        {"name": "无坐标村", "elderly_population": 50},
                        {"name": "无人口村", "lon": 120.43, "lat": 30.71},
                        {"name": "全步村", "lon": 120.42, "lat": 30.69, "elderly_population": 80},  # 荃步村
                    ],
                },
                {"name": "无中心镇", "villages": []},
            ],
        }
    )
    codes = {(f.code, f.village) for f in review_gazetteer(gazetteer)}
    assert codes == {
        ("township_unlisted", ""),
        ("village_unlisted", "全步村"),
        ("village_far", "远村"),
        ("village_no_centre", "无坐标村"),
        ("no_population", "无人口村"),
        ("township_no_centre", ""),
    }
    for finding in review_gazetteer(gazetteer):
        assert finding.message.text("zh") and finding.message.text("en")


def test_a_former_name_another_village_carries_is_found() -> None:
    gazetteer = Gazetteer.from_mapping(
        {
            "townships": [
                {
                    "name": "甲镇",
                    "lon": 120.0,
                    "lat": 30.0,
                    "villages": [
                        {"name": "新华村", "lon": 120.0, "lat": 30.0, "elderly_population": 9, "aliases": ["红旗村"]}
                    ],
                },
                {
                    "name": "乙镇",
                    "lon": 120.1,
                    "lat": 30.0,
                    "villages": [{"name": "红旗村", "lon": 120.1, "lat": 30.0, "elderly_population": 9}],
                },
            ]
        }
    )
    findings = review_gazetteer(gazetteer, check_names=False)
    assert [(f.code, f.village) for f in findings] == [("alias_taken", "新华村")]
    assert "乙镇红旗村" in findings[0].message.text("zh")
