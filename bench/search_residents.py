"""Resident search latency on a county-size registry (goal: under 20 ms on 50,000 residents).

    .venv/bin/python bench/search_residents.py [--rows 50000] [--repeat 5]

Builds the registry with the synthetic roster of bench/import_residents.py, then times the queries
a clerk types (initials, pinyin, a surname, a full name, ID tails, phone, village, filters), each
answered as the window asks it: the first page of 200 and the total count. Baseline in the same
run: the same name queries as a substring scan (LIKE '%…%'), which no index can answer.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from import_residents import fresh_database, make_roster
from sqlalchemy import func, or_, select

from carematch.core.db import Store
from carematch.core.enums import NeedKind
from carematch.core.models import Resident
from carematch.core.search import count_residents, search_residents
from carematch.core.transfer import import_file


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        make_roster(work / "roster.xlsx", args.rows)
        url = fresh_database(work / "search.sqlite")
        with Store(url) as store:
            verdict = import_file(store, "residents", work / "roster.xlsx")
            print(f"registry: {verdict.imported} residents")
            with store.reading() as session:
                sample = session.scalars(select(Resident).order_by(func.random()).limit(20)).all()
            rng = random.Random(3)
            queries: list[tuple[str, dict[str, object]]] = []
            for person in sample:
                queries += [
                    (person.name_initials, {}),
                    (person.name_pinyin[:6], {}),
                    (person.name[:1], {}),
                    (person.name, {}),
                    (person.citizen_id[-4:], {}),
                    (person.citizen_id[-6:], {}),
                    (person.phone[:7], {}),
                    (person.phone, {}),
                    (person.village, {}),
                    (person.name_initials[:1], {"township": person.township}),
                    ("", {"need": NeedKind.MEAL, "unmatched": True, "village": person.village}),
                ]
            rng.shuffle(queries)
            latencies: list[float] = []
            cpu: list[float] = []
            by_kind: dict[str, list[float]] = {}
            with store.reading() as session:
                for text, filters in queries:
                    for _ in range(args.repeat):
                        session.expunge_all()  # every query hydrates its rows afresh, as a new window page would
                        start, start_cpu = time.perf_counter(), time.process_time()
                        search_residents(session, text, **filters)  # type: ignore[arg-type]
                        count_residents(session, text, **filters)  # type: ignore[arg-type]
                        elapsed = (time.perf_counter() - start) * 1000
                        latencies.append(elapsed)
                        cpu.append((time.process_time() - start_cpu) * 1000)
                    kind = "filters" if filters else ("digits" if text.isdigit() else "text")
                    by_kind.setdefault(kind, []).append(elapsed)
                baseline: list[float] = []
                for person in sample:
                    start = time.perf_counter()
                    pattern = f"%{person.name_pinyin[2:6]}%"
                    session.scalars(
                        select(Resident)
                        .where(or_(Resident.name_pinyin.like(pattern), Resident.name.like(pattern)))
                        .limit(200)
                    ).all()
                    session.scalar(select(func.count()).where(Resident.name_pinyin.like(pattern)))
                    baseline.append((time.perf_counter() - start) * 1000)
        print(
            f"search + count on {verdict.imported} residents, {len(latencies)} timed queries: "
            f"median {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
            f"max {max(latencies):.1f} ms (goal < 20 ms); CPU time median {statistics.median(cpu):.1f} ms, "
            f"p95 {percentile(cpu, 0.95):.1f} ms (what it costs without other work on the machine)"
        )
        for kind, values in sorted(by_kind.items()):
            print(f"  {kind}: median {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms")
        print(f"baseline substring scan (LIKE '%…%'): median {statistics.median(baseline):.1f} ms")


if __name__ == "__main__":
    main()
