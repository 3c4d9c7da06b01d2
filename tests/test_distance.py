from __future__ import annotations

import numpy as np
from geopy.distance import great_circle
from hypothesis import given, settings
from hypothesis import strategies as st

from carematch.core.geo.distance import SpatialIndex, distance_m, distances_m

lons = st.floats(118.0, 123.0)
lats = st.floats(27.0, 32.0)


@given(lons, lats, lons, lats)
def test_the_distance_of_record_is_geopys_great_circle_to_the_metre(a: float, b: float, c: float, d: float) -> None:
    expected = round(great_circle((b, a), (d, c)).m)
    assert abs(distance_m(a, b, c, d) - expected) <= 1
    assert abs(int(distances_m(a, b, np.array([c]), np.array([d]))[0]) - expected) <= 1


def test_scalar_and_vector_forms_agree_exactly() -> None:
    rng = np.random.default_rng(5)
    lo, la = rng.uniform(119, 121, 2000), rng.uniform(29, 31, 2000)
    vector = distances_m(120.3, 30.7, lo, la)
    assert [distance_m(120.3, 30.7, x, y) for x, y in zip(lo, la, strict=True)] == vector.tolist()


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1), st.floats(100, 20_000))
def test_the_index_finds_exactly_the_points_within_the_radius(seed: int, radius_m: float) -> None:
    rng = np.random.default_rng(seed)
    lo, la = rng.uniform(120.2, 120.6, 300), rng.uniform(30.6, 30.9, 300)
    index = SpatialIndex(lo, la)
    found, metres = index.within(120.4, 30.75, radius_m)
    everyone = distances_m(120.4, 30.75, lo, la)
    assert set(found.tolist()) == set(np.flatnonzero(everyone <= radius_m).tolist())
    assert metres.tolist() == sorted(metres.tolist())


def test_pairs_within_uses_each_query_points_own_radius_inclusively() -> None:
    rng = np.random.default_rng(9)
    lo, la = rng.uniform(120.2, 120.6, 500), rng.uniform(30.6, 30.9, 500)
    q_lo, q_la = rng.uniform(120.2, 120.6, 40), rng.uniform(30.6, 30.9, 40)
    radii = rng.uniform(500, 6000, 40)
    radii[0] = float(distances_m(q_lo[0], q_la[0], lo[:1], la[:1])[0])  # a point exactly on the edge counts
    qi, pj, _metres = SpatialIndex(lo, la).pairs_within(q_lo, q_la, radii)
    got = set(zip(qi.tolist(), pj.tolist(), strict=True))
    expected = {
        (i, j) for i in range(40) for j, m in enumerate(distances_m(q_lo[i], q_la[i], lo, la).tolist()) if m <= radii[i]
    }
    assert got == expected
    assert (0, 0) in got


def test_an_empty_index_answers_nothing() -> None:
    index = SpatialIndex([], [])
    assert len(index.within(120.0, 30.0, 1000)[0]) == 0
    assert len(index.pairs_within([120.0], [30.0], [1000])[0]) == 0


@settings(max_examples=30)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5))
def test_nearest_agrees_with_brute_force(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    lo, la = rng.uniform(120.0, 120.8, 200), rng.uniform(30.5, 31.0, 200)
    q_lo, q_la = rng.uniform(119.5, 121.3, 30), rng.uniform(30.0, 31.5, 30)  # some far outside the points
    index = SpatialIndex(lo, la)
    best, best_m = index.nearest_many(q_lo, q_la)
    for i in range(30):
        everyone = distances_m(q_lo[i], q_la[i], lo, la)
        assert best_m[i] == everyone.min()
        assert best[i] == int(np.flatnonzero(everyone == everyone.min())[0])
        found, metres = index.nearest(q_lo[i], q_la[i], k)
        assert metres.tolist() == sorted(everyone.tolist())[:k]
        assert everyone[found].tolist() == metres.tolist()


def test_queries_far_from_every_point_find_nothing_in_range() -> None:
    index = SpatialIndex([120.0, 120.01], [30.0, 30.01])
    assert len(index.within(100.0, 40.0, 50_000)[0]) == 0
    assert index.within(120.0, 30.0, 0)[0].tolist() == [0]
