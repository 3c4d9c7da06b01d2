"""The maximal covering location solver against brute force over every k-subset."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carematch.core.coverage import solve_max_cover


def brute_force(weights: list[int], covers: list[list[int]], candidates: int, k: int) -> int:
    best = 0
    for chosen in itertools.combinations(range(candidates), min(k, candidates)):
        picked = set(chosen)
        best = max(best, sum(w for w, c in zip(weights, covers, strict=True) if picked & set(c)))
    return best


def covered_value(weights: list[int], covers: list[list[int]], chosen: tuple[int, ...]) -> int:
    return sum(w for w, c in zip(weights, covers, strict=True) if set(chosen) & set(c))


@pytest.mark.parametrize("seed", range(12))
def test_random_instances_match_brute_force_for_every_k(seed: int) -> None:
    rng = random.Random(seed)
    candidates = rng.randint(4, 9)
    demands = rng.randint(5, 25)
    weights = [rng.choice((1, 2, 3)) for _ in range(demands)]
    covers = [rng.sample(range(candidates), rng.randint(0, 3)) for _ in range(demands)]
    for k in range(1, 6):
        solution = solve_max_cover(weights, covers, candidates, k)
        assert solution.optimal
        assert len(solution.chosen) <= k
        assert covered_value(weights, covers, solution.chosen) == solution.value
        assert solution.value == brute_force(weights, covers, candidates, k)
        fewest = min(r for r in range(k + 1) if brute_force(weights, covers, candidates, r) == solution.value)
        assert len(solution.chosen) == fewest  # no site that adds nothing


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(1, 3), st.lists(st.integers(0, n - 1), max_size=3)), min_size=0, max_size=15
            ),
            st.integers(1, 5),
        )
    )
)
def test_any_instance_matches_brute_force(instance: tuple[int, list[tuple[int, list[int]]], int]) -> None:
    candidates, demands, k = instance
    weights = [w for w, _ in demands]
    covers = [c for _, c in demands]
    solution = solve_max_cover(weights, covers, candidates, k)
    assert solution.value == brute_force(weights, covers, candidates, k)
    assert covered_value(weights, covers, solution.chosen) == solution.value


def test_a_greedy_trap_is_solved_exactly() -> None:
    # Site 0 covers four needs, sites 1 and 2 three each: greedy opens 0 and then one more (5);
    # the optimum for k = 2 is sites 1 and 2 together (6).
    weights = [1, 1, 1, 1, 1, 1]
    covers = [[0, 1], [0, 1], [0, 2], [0, 2], [1], [2]]
    one = solve_max_cover(weights, covers, 3, 1)
    assert (one.chosen, one.value) == ((0,), 4)
    two = solve_max_cover(weights, covers, 3, 2)
    assert (two.chosen, two.value, two.optimal) == ((1, 2), 6, True)


def test_no_demand_or_k_zero_chooses_nothing() -> None:
    assert solve_max_cover([], [], 5, 3).chosen == ()
    assert solve_max_cover([2], [[1]], 5, 0).value == 0
