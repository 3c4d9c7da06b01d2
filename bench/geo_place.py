"""Placing an import's rows: addresses, names, converted coordinates, pasted text.

A synthetic county of 20 townships and 1,000 villages (invented names) and 50,000 rows of each
form. The address reader looks up the substrings of each address in the gazetteer's name tables;
the baseline is the obvious first version, testing every village name with `in` on every address
(what its cost grows with is the number of villages). Both are run in the same process and their
answers compared.

    .venv/bin/python bench/geo_place.py [--rows 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

from carematch.core.enums import CoordSystem
from carematch.core.geo.address import read_address
from carematch.core.geo.coords import wgs84_to_gcj02
from carematch.core.geo.gazetteer import Gazetteer, TownshipPlace, VillagePlace
from carematch.core.geo.pasted import read_pasted_coordinates
from carematch.core.geo.placement import place

T = TypeVar("T")
SYLLABLES = "安白宝北长陈大东丰福高古广和红湖华黄吉金九乐林龙茂南平千青庆荣三山上石双桃田万王西新兴阳永玉云张中周朱"


def county(rng: random.Random) -> Gazetteer:
    names: set[str] = set()

    def fresh(length: int) -> str:
        while True:
            name = "".join(rng.choice(SYLLABLES) for _ in range(length))
            if name not in names:
                names.add(name)
                return name

    townships = []
    for t in range(20):
        t_name = fresh(2) + "镇"
        t_lon, t_lat = 120.1 + 0.05 * (t % 5), 30.5 + 0.05 * (t // 5)
        villages = tuple(
            VillagePlace(t_name, fresh(rng.choice((2, 3))) + "村", t_lon + rng.uniform(-0.02, 0.02), t_lat, None, 500)
            for _ in range(50)
        )
        townships.append(TownshipPlace(t_name, "", t_lon, t_lat, None, villages))
    return Gazetteer(townships)


def timed(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    times = []
    for _ in range(runs):
        started = time.process_time()
        result = work()
        times.append(time.process_time() - started)
    return statistics.median(times), result


def naive_village(gazetteer: Gazetteer, text: str) -> str:
    hits = [v.name for v in gazetteer.villages if v.name in text]
    return hits[0] if len(hits) == 1 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(3)
    gazetteer = county(rng)
    villages = [rng.choice(gazetteer.villages) for _ in range(args.rows)]
    addresses = [
        f"浙江省湖州市某某区{v.township}{v.name}{rng.randint(1, 20)}组{rng.randint(1, 99)}号" for v in villages
    ]
    points = [(120.1 + rng.uniform(0, 0.3), 30.5 + rng.uniform(0, 0.2)) for _ in range(args.rows)]
    shown = [wgs84_to_gcj02(*p) for p in points]
    pasted = [f"{lat:.6f}, {lon:.6f}" for lon, lat in shown]

    read_s, readings = timed(args.runs, lambda: [read_address(gazetteer, a) for a in addresses])
    naive_s, naive = timed(args.runs, lambda: [naive_village(gazetteer, a) for a in addresses])
    assert [r.village.name if r.village else "" for r in readings] == [v.name for v in villages]
    agree = sum(1 for r, n in zip(readings, naive, strict=True) if (r.village.name if r.village else "") == n)
    address_s, _ = timed(args.runs, lambda: [place(gazetteer, address=a) for a in addresses])
    names_s, _ = timed(args.runs, lambda: [place(gazetteer, township=v.township, village=v.name) for v in villages])
    coords_s, _ = timed(args.runs, lambda: [place(gazetteer, lon=x, lat=y, system=CoordSystem.GCJ02) for x, y in shown])
    pasted_s, _ = timed(args.runs, lambda: [read_pasted_coordinates(p, "高德") for p in pasted])

    n = args.rows
    print(
        f"geo_place: {n:,} rows each, a county of {len(gazetteer.villages):,} villages; CPU time, median of {args.runs}"
    )
    print("  (taken on the shared 2-core machine; CPU time of this process, so waiting for a core is not counted)")
    print(f"  read_address                 {read_s:6.2f} s  {read_s / n * 1e6:6.1f} us/row")
    ratio = naive_s / read_s
    print(f"  baseline: every name 'in'    {naive_s:6.2f} s  {naive_s / n * 1e6:6.1f} us/row  ratio {ratio:.1f}x")
    print(f"    (the baseline also misreads {n - agree:,} rows: a short village name inside another one)")
    print(f"  place(address=...)           {address_s:6.2f} s  {address_s / n * 1e6:6.1f} us/row")
    print(f"  place(township=, village=)   {names_s:6.2f} s  {names_s / n * 1e6:6.1f} us/row")
    print(f"  place(GCJ-02 lon, lat)       {coords_s:6.2f} s  {coords_s / n * 1e6:6.1f} us/row  (exact inverse)")
    print(f"  read_pasted_coordinates(高德) {pasted_s:6.2f} s  {pasted_s / n * 1e6:6.1f} us/row")


if __name__ == "__main__":
    main()
