"""A look over the station's gazetteer for what will make placing records go wrong.

Each finding says what is wrong and what it will cause, in words a clerk acts on: a township
name not in the bundled list (probably misspelt), places without a centre (records fall back to
a coarser centre), a village centre far from its township's (probably the wrong coordinate
system or swapped digits), a village name two townships share (an address naming only the
village cannot be placed), a village without its elderly population (the coverage figures
divide by it).
"""

from __future__ import annotations

from dataclasses import dataclass

from carematch.core.errors import Message, msg
from carematch.core.geo.distance import distance_m
from carematch.core.geo.gazetteer import Gazetteer, VillagePlace, clean_name
from carematch.core.geo.places import check_township, check_village

# A village centre this far from its township's centre is almost surely misplaced: rural
# townships in Zhejiang and Sichuan are rarely more than 30 km across.
FAR_FROM_TOWNSHIP_M = 15_000


@dataclass(frozen=True)
class GazetteerFinding:
    code: str  # township_unlisted, township_no_centre, village_unlisted, village_no_centre, village_far,
    # village_shared, alias_taken, no_population
    township: str
    village: str
    message: Message


def review_gazetteer(gazetteer: Gazetteer, *, check_names: bool = True) -> list[GazetteerFinding]:
    """Every finding, township by township (an empty list: nothing to fix)."""
    findings: list[GazetteerFinding] = []
    shared: dict[str, list[str]] = {}
    for village in gazetteer.villages:
        shared.setdefault(clean_name(village.name), []).append(village.township)
    for township in gazetteer.townships:
        if check_names:
            listed = check_township(township.name, county=township.county)
            if not listed.known and listed.canonical and listed.canonical != township.name:
                findings.append(
                    GazetteerFinding(
                        "township_unlisted",
                        township.name,
                        "",
                        msg(
                            "乡镇名录中没有“{name}”，是不是“{canonical}”？",
                            "'{name}' is not in the township list; is it '{canonical}'?",
                            name=township.name,
                            canonical=listed.canonical,
                        ),
                    )
                )
        if not township.has_centre:
            findings.append(
                GazetteerFinding(
                    "township_no_centre",
                    township.name,
                    "",
                    msg(
                        "{name}没有中心坐标：只写了乡镇的记录无法定位",
                        "{name} has no centre: records giving only this township cannot be placed",
                        name=township.name,
                    ),
                )
            )
        for village in township.villages:
            findings.extend(_village_findings(township.name, township.lon, township.lat, village, shared))
            if check_names:
                findings.extend(_village_name_findings(township.name, township.county, village.name))
            findings.extend(_alias_findings(gazetteer, village))
    return findings


def _alias_findings(gazetteer: Gazetteer, village: VillagePlace) -> list[GazetteerFinding]:
    """A former name another village carries as its present name: addresses using it are ambiguous."""
    found = []
    for alias in village.aliases:
        holders = [v for v in gazetteer.villages if v is not village and clean_name(v.name) == clean_name(alias)]
        if holders:
            found.append(
                GazetteerFinding(
                    "alias_taken",
                    village.township,
                    village.name,
                    msg(
                        "{village}的曾用名“{alias}”也是{holders}的现名：只写这个名字的地址无法定位",
                        "The former name '{alias}' of {village} is the present name of {holders}: "
                        "addresses giving only that name cannot be placed",
                        village=village.township + village.name,
                        alias=alias,
                        holders="、".join(v.township + v.name for v in holders),
                    ),
                )
            )
    return found


def _village_name_findings(township: str, county: str, village: str) -> list[GazetteerFinding]:
    """A village name the statistical list writes differently (same stem or sound): probably misspelt.

    Names the list lacks altogether are not reported: villages are merged and renamed often.
    """
    listed = check_village(village, township=township, county=county)
    if listed.known or listed.canonical is None or listed.canonical == village:
        return []
    return [
        GazetteerFinding(
            "village_unlisted",
            township,
            village,
            msg(
                "{township}的村名录中没有“{village}”，是不是“{canonical}”？",
                "'{village}' is not in the village list of {township}; is it '{canonical}'?",
                township=township,
                village=village,
                canonical=listed.canonical,
            ),
        )
    ]


def _village_findings(
    township: str,
    t_lon: float | None,
    t_lat: float | None,
    village: VillagePlace,
    shared: dict[str, list[str]],
) -> list[GazetteerFinding]:
    found: list[GazetteerFinding] = []
    if village.lon is None or village.lat is None:
        found.append(
            GazetteerFinding(
                "village_no_centre",
                township,
                village.name,
                msg(
                    "{township}{village}没有中心坐标：其记录将按乡镇中心定位（误差约5公里）",
                    "{village} of {township} has no centre: its records fall back to the township centre (about 5 km)",
                    township=township,
                    village=village.name,
                ),
            )
        )
    elif t_lon is not None and t_lat is not None:
        away = distance_m(village.lon, village.lat, t_lon, t_lat)
        if away > FAR_FROM_TOWNSHIP_M:
            found.append(
                GazetteerFinding(
                    "village_far",
                    township,
                    village.name,
                    msg(
                        "{township}{village}的中心离乡镇中心{km}公里，请核对坐标和坐标系",
                        "The centre of {village} is {km} km from the centre of {township}; "
                        "check its coordinates and their system",
                        township=township,
                        village=village.name,
                        km=round(away / 1000, 1),
                    ),
                )
            )
    owners = shared.get(clean_name(village.name), [])
    if len(owners) > 1:
        others = "、".join(t for t in owners if t != township)
        found.append(
            GazetteerFinding(
                "village_shared",
                township,
                village.name,
                msg(
                    "{others}也有{village}：只写村名的地址要加上乡镇才能定位",
                    "{others} also has a {village}: addresses naming only the village need the township",
                    others=others,
                    village=village.name,
                ),
            )
        )
    if village.elderly_population <= 0:
        found.append(
            GazetteerFinding(
                "no_population",
                township,
                village.name,
                msg(
                    "{township}{village}未填老年人口：覆盖率等统计会少算",
                    "{village} of {township} has no elderly population: the coverage figures will count it as none",
                    township=township,
                    village=village.name,
                ),
            )
        )
    return found
