"""Optional online geocoding, replayed from recorded answers (no test touches the network)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from geopy.exc import GeocoderUnavailable
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.enums import CoordSource
from carematch.core.errors import UserInputError
from carematch.core.geo.coords import wgs84_to_bd09
from carematch.core.geo.distance import distance_m
from carematch.core.geo.gazetteer import Gazetteer
from carematch.core.geo.online import (
    LookupStatus,
    OnlineGeocoder,
    RecordedAdapter,
    forget_cached,
    geocoding_enabled,
    make_geocoder,
    place_or_ask_online,
    set_geocoding_enabled,
)
from carematch.core.models import GeocodeCache

# Answers in the layout of Nominatim's /search?format=json (written for these tests, in the
# documented format; coordinates are WGS-84 strings as Nominatim gives them).
LIANSHI_TOWN: list[dict[str, Any]] = [
    {
        "place_id": 1001,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "relation",
        "osm_id": 2001,
        "lat": "30.7120",
        "lon": "120.4300",
        "class": "boundary",
        "type": "administrative",
        "place_rank": 16,
        "importance": 0.35,
        "addresstype": "town",
        "name": "练市镇",
        "display_name": "练市镇, 南浔区, 湖州市, 浙江省, 中国",
        "boundingbox": ["30.64", "30.77", "120.36", "120.49"],
    }
]
QUANBU_VILLAGE: list[dict[str, Any]] = [
    {
        "place_id": 1002,
        "osm_type": "node",
        "osm_id": 2002,
        "lat": "30.69385",
        "lon": "120.42485",
        "class": "place",
        "type": "village",
        "addresstype": "village",
        "name": "荃步村",
        "display_name": "荃步村, 练市镇, 南浔区, 湖州市, 浙江省, 中国",
        "boundingbox": ["30.68", "30.70", "120.41", "120.43"],
    }
]
PARIS: list[dict[str, Any]] = [
    {"place_id": 3, "lat": "48.8566", "lon": "2.3522", "addresstype": "city", "display_name": "Paris, France"}
]

RECORDINGS: dict[str, Any] = {
    "浙江省湖州市南浔区练市镇": LIANSHI_TOWN,
    "练市镇荃步村": QUANBU_VILLAGE,
    "没有这个地方": [],
    "Paris": PARIS,
    "断网时的地址": GeocoderUnavailable("network is unreachable"),
}


def geocoder_for(session: Any, recordings: dict[str, Any] = RECORDINGS, **options: Any) -> OnlineGeocoder:
    factory = RecordedAdapter.factory(recordings)
    return OnlineGeocoder(session, adapter_factory=factory, min_delay_seconds=options.pop("delay", 0.0), **options)


def test_it_is_off_until_the_station_turns_it_on(store: Store) -> None:
    with store.unit_of_work() as session:
        assert not geocoding_enabled(session)
        answer = geocoder_for(session).lookup("练市镇荃步村")
        assert answer.status is LookupStatus.DISABLED
        assert session.scalar(select(func.count()).select_from(GeocodeCache)) == 0
        set_geocoding_enabled(session, True)
        assert geocoding_enabled(session)


def test_answers_are_converted_cached_and_asked_once(store: Store) -> None:
    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        online = geocoder_for(session)
        first = online.lookup("练市镇荃步村")
        assert first.found and not first.cached
        assert (first.lon, first.lat) == (120.42485, 30.69385)
        assert first.source is CoordSource.VILLAGE and "荃步村" in first.label
        town = online.lookup("浙江省湖州市南浔区练市镇")
        assert town.source is CoordSource.TOWNSHIP
    with store.unit_of_work() as session:
        again = geocoder_for(session, recordings={})  # nothing recorded: only the cache can answer
        second = again.lookup("  练市镇荃步村 ")
        assert second.found and second.cached and (second.lon, second.lat) == (120.42485, 30.69385)
        placed = second.placement()
        assert placed.source is CoordSource.VILLAGE and placed.error_m == 1000
        assert session.scalar(select(func.count()).select_from(GeocodeCache)) == 2


def test_not_found_is_cached_too_and_places_outside_china_are_not_used(store: Store) -> None:
    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        online = geocoder_for(session)
        assert online.lookup("没有这个地方").status is LookupStatus.NOT_FOUND
        assert online.lookup("Paris").status is LookupStatus.NOT_FOUND
        with pytest.raises(Exception, match="没有找到"):
            online.lookup("Paris").placement()
        assert session.scalar(select(func.count()).select_from(GeocodeCache)) == 2


def test_without_network_it_says_unavailable_and_caches_nothing(store: Store) -> None:
    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        answer = geocoder_for(session).lookup("断网时的地址")
        assert answer.status is LookupStatus.UNAVAILABLE
        assert session.scalar(select(func.count()).select_from(GeocodeCache)) == 0


def test_baidu_answers_are_converted_from_bd09(store: Store) -> None:
    bd_lon, bd_lat = wgs84_to_bd09(120.42485, 30.69385)
    recorded = {
        "荃步村": [{"lat": str(bd_lat), "lon": str(bd_lon), "addresstype": "village", "display_name": "荃步村"}]
    }
    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        online = OnlineGeocoder(
            session,
            geocoder=make_geocoder("nominatim", adapter_factory=RecordedAdapter.factory(recorded)),
            provider="baiduv3",
            min_delay_seconds=0.0,
        )
        answer = online.lookup("荃步村")
        assert answer.lon is not None and answer.lat is not None
        assert distance_m(answer.lon, answer.lat, 120.42485, 30.69385) == 0


def test_calls_are_spaced_by_the_rate_limiter(store: Store) -> None:
    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        online = geocoder_for(session, delay=0.2)
        started = time.monotonic()
        for address in ("练市镇荃步村", "浙江省湖州市南浔区练市镇", "没有这个地方"):
            online.lookup(address)
        assert time.monotonic() - started >= 0.4  # three calls, two gaps of at least 0.2 s


def test_the_replay_adapter_never_reaches_the_network() -> None:
    factory = RecordedAdapter.factory({})
    geocoder = make_geocoder(adapter_factory=factory)
    with pytest.raises(Exception, match="no recorded answer"):
        geocoder.geocode("北京市")
    assert factory.adapter.requests and "nominatim" in factory.adapter.requests[0]  # type: ignore[attr-defined]


def test_forget_cached(store: Store) -> None:
    import datetime as dt

    with store.unit_of_work() as session:
        set_geocoding_enabled(session, True)
        geocoder_for(session).lookup("练市镇荃步村")
        assert forget_cached(session, older_than=dt.timedelta(days=1)) == 0
        assert forget_cached(session) == 1


def test_an_address_the_gazetteer_lacks_is_placed_online_only_when_turned_on(store: Store) -> None:
    gazetteer = Gazetteer.from_mapping(
        {
            "townships": [
                {
                    "name": "甲镇",
                    "lon": 120.0,
                    "lat": 30.0,
                    "villages": [{"name": "新华村", "lon": 120.01, "lat": 30.0}],
                },
                {
                    "name": "乙镇",
                    "lon": 120.2,
                    "lat": 30.0,
                    "villages": [{"name": "新华村", "lon": 120.21, "lat": 30.0}],
                },
            ]
        }
    )
    recorded = {**RECORDINGS, "新华村": QUANBU_VILLAGE}
    with store.unit_of_work() as session:
        online = geocoder_for(session, recordings=recorded)
        with pytest.raises(UserInputError, match="找不到"):
            place_or_ask_online(session, gazetteer, address="练市镇荃步村", online=online)
        set_geocoding_enabled(session, True)
        placed = place_or_ask_online(session, gazetteer, address="练市镇荃步村", online=online)
        assert (placed.lon, placed.lat) == (120.42485, 30.69385)
        assert placed.source is CoordSource.VILLAGE and "在线查询" in placed.warnings[0].text("zh")
        # Two villages of that name in the gazetteer: still ambiguous, never settled online.
        with pytest.raises(UserInputError, match="2个"):
            place_or_ask_online(session, gazetteer, village="新华村", online=online)
        with pytest.raises(UserInputError, match="找不到"):
            place_or_ask_online(session, gazetteer, address="没有这个地方", online=online)
