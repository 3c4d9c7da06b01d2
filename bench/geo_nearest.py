"""Nearest-provider and within-radius queries at county scale, against a plain geopy loop.

50,000 residents and 2,000 providers are drawn around 30.7N 120.3E (clustered in villages, as a
county's are). The SpatialIndex answers, for every resident, the nearest provider, and for every
provider (each with its own radius) every resident in range. The baseline is what one would
write without an index: a Python loop of `geopy.distance.great_circle` over every provider, run
on a sample of residents and scaled to all of them. The index's answers are checked against the
baseline's on that sample, so a fast wrong answer cannot pass.

    .venv/bin/python bench/geo_nearest.py [--residents 50000] [--providers 2000] [--runs 5] [--sample 25]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from geopy.distance import great_circle

from carematch.core.geo.distance import SpatialIndex, distances_m

CENTRE_LON, CENTRE_LAT = 120.3, 30.7


def clustered_points(rng: np.random.Generator, count: int, villages: int, spread_km: float) -> np.ndarray:
    """(count, 2) lon/lat: village centres within 30 km of the county centre, people around them."""
    angle = rng.uniform(0, 2 * math.pi, villages)
    reach = 30.0 * np.sqrt(rng.uniform(0, 1, villages))
    v_lat = CENTRE_LAT + reach * np.cos(angle) / 111.2
    v_lon = CENTRE_LON + reach * np.sin(angle) / (111.2 * math.cos(math.radians(CENTRE_LAT)))
    which = rng.integers(0, villages, count)
    lat = v_lat[which] + rng.normal(0, spread_km / 111.2, count)
    lon = v_lon[which] + rng.normal(0, spread_km / (111.2 * math.cos(math.radians(CENTRE_LAT))), count)
    return np.column_stack((lon, lat))


T = TypeVar("T")


def timed(runs: int, work: Callable[[], T]) -> tuple[float, float, T]:
    """(median wall seconds, median CPU seconds of this process, the last result)."""
    walls, cpus = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--providers", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=25, help="residents in the geopy baseline")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    residents = clustered_points(rng, args.residents, villages=600, spread_km=0.6)
    providers = clustered_points(rng, args.providers, villages=600, spread_km=0.4)
    radii_m = rng.uniform(1_000, 10_000, args.providers)  # 堂食 1 km … care centre 10 km
    r_lon, r_lat = residents[:, 0], residents[:, 1]
    p_lon, p_lat = providers[:, 0], providers[:, 1]

    build_s, build_cpu, provider_index = timed(args.runs, lambda: SpatialIndex(p_lon, p_lat))
    nearest_s, nearest_cpu, (best, best_m) = timed(args.runs, lambda: provider_index.nearest_many(r_lon, r_lat))

    resident_index = SpatialIndex(r_lon, r_lat)
    within_s, within_cpu, pairs = timed(args.runs, lambda: resident_index.pairs_within(p_lon, p_lat, radii_m))
    pair_count = len(pairs[0])

    # Baseline: the plain loop a first version would have, on a sample of residents.
    sample = rng.choice(args.residents, size=min(args.sample, args.residents), replace=False)

    def geopy_loop() -> list[tuple[int, int]]:
        answers = []
        for i in sample:
            here = (r_lat[i], r_lon[i])
            metres = [great_circle(here, (p_lat[j], p_lon[j])).m for j in range(args.providers)]
            j = min(range(args.providers), key=metres.__getitem__)
            answers.append((j, round(metres[j])))
        return answers

    loop_s, loop_cpu, loop_answers = timed(max(1, args.runs // 2), geopy_loop)
    for i, (j, metres) in zip(sample, loop_answers, strict=True):
        assert abs(int(best_m[i]) - metres) <= 1, (i, j, metres, best[i], best_m[i])
    # Within-radius, checked against plain numpy for the sampled providers.
    for j in sample[:10] % args.providers:
        expected = set(np.flatnonzero(distances_m(p_lon[j], p_lat[j], r_lon, r_lat) <= radii_m[j]).tolist())
        got = set(pairs[1][pairs[0] == j].tolist())
        assert got == expected, j

    loop_all_s = loop_s / len(sample) * args.residents
    loop_all_cpu = loop_cpu / len(sample) * args.residents
    print(f"geo_nearest: {args.residents:,} residents, {args.providers:,} providers, median of {args.runs} runs")
    print("  (the machine is shared: wall time includes waiting for a core, CPU time is this process's own)")
    print(f"  {'':42} {'wall':>10} {'CPU':>10}")
    print(f"  {'build provider index':42} {build_s * 1000:8.1f}ms {build_cpu * 1000:8.1f}ms")
    print(f"  {'nearest provider for everyone (goal < 1 s)':42} {nearest_s * 1000:8.1f}ms {nearest_cpu * 1000:8.1f}ms")
    print(
        f"  {'everyone within each provider radius':42} {within_s * 1000:8.1f}ms {within_cpu * 1000:8.1f}ms"
        f"   ({pair_count:,} pairs)"
    )
    print(
        f"  {'geopy great_circle loop, scaled to all':42} {loop_all_s:9.1f}s {loop_all_cpu:9.1f}s"
        f"   (measured on {len(sample)} residents x {args.providers:,} providers)"
    )
    print(
        f"  ratio loop / index for nearest: {loop_all_s / nearest_s:,.0f}x wall, {loop_all_cpu / nearest_cpu:,.0f}x CPU"
    )
    print("  the index's answers equal the loop's on the sample, to the metre")


if __name__ == "__main__":
    main()
