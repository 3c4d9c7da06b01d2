"""The spatial index's batch nearest query against brute force, ties included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carematch.core.geo.distance import SpatialIndex, distances_m


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60), st.integers(1, 80))
def test_nearest_many_is_brute_force_with_ties_to_the_lower_index(seed: int, points: int, queries: int) -> None:
    rng = np.random.default_rng(seed)
    lo, la = rng.uniform(120.2, 120.6, points), rng.uniform(30.6, 30.9, points)
    # Repeat some points so that equal distances occur and the lower index must win.
    lo, la = np.concatenate([lo, lo[: points // 2]]), np.concatenate([la, la[: points // 2]])
    q_lo, q_la = rng.uniform(120.0, 120.8, queries), rng.uniform(30.4, 31.1, queries)
    best, best_m = SpatialIndex(lo, la).nearest_many(q_lo, q_la)
    for i in range(queries):
        everyone = distances_m(q_lo[i], q_la[i], lo, la)
        assert best_m[i] == everyone.min()
        assert best[i] == int(np.flatnonzero(everyone == everyone.min())[0])


def test_nearest_many_of_an_empty_index_finds_nothing() -> None:
    best, metres = SpatialIndex([], []).nearest_many([120.0], [30.0])
    assert best.tolist() == [-1] and metres.tolist() == [np.iinfo(np.int64).max]


@settings(max_examples=40, deadline=None)
@given(st.floats(120.0, 120.8), st.floats(30.4, 31.1))
def test_the_gazetteers_nearest_village_is_the_nearest_centre(lon: float, lat: float) -> None:
    import json

    from carematch.core.geo.gazetteer import Gazetteer
    from carematch.core.paths import resource_path

    gazetteer = Gazetteer.from_mapping(
        json.loads(resource_path("places", "nanxun_demo_gazetteer.json").read_text(encoding="utf-8"))
    )
    village, metres = gazetteer.nearest_village(lon, lat) or (None, -1)
    centres = [v for v in gazetteer.villages if v.lon is not None and v.lat is not None]
    everyone = distances_m(lon, lat, [v.lon for v in centres], [v.lat for v in centres])
    assert village is not None and metres == everyone.min()


def test_a_gazetteer_without_centres_has_no_nearest_village() -> None:
    from carematch.core.geo.gazetteer import Gazetteer

    assert (
        Gazetteer.from_mapping({"townships": [{"name": "甲镇", "villages": [{"name": "乙村"}]}]}).nearest_village(
            120.0, 30.0
        )
        is None
    )
