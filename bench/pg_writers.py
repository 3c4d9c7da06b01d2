"""20 stations writing to one PostgreSQL server at once: writes per second, p95 latency, nothing lost.

Starts its own private PostgreSQL cluster on loopback (like the tests), migrates a fresh
database, then runs a baseline with 1 client and the measured load with N clients (threads,
each with its own connection), for --seconds each, --runs times; prints the median.

Every client inserts residents (one unit of work each, with its audit entry) and every fifth
unit of work changes a shared "hot" record through the version counter, retrying on a
conflict. Afterwards: each committed resident is there exactly once, every audit entry is
there, and the hot record's version counts every successful change (no lost update).

    .venv/bin/python bench/pg_writers.py --seconds 60 --clients 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg_cluster import PrivateCluster
from sqlalchemy import func, select

from carematch.core.db import Store
from carematch.core.enums import Sex
from carematch.core.errors import ConflictError
from carematch.core.models import AuditEntry, MealPoint, Resident

HOT_CODE = "HOT-1"


@dataclass
class ClientLog:
    latencies: list[float] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    hot_changes: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


def client(url: str, number: int, run: int, stop_at: list[float], log: ClientLog, start: threading.Barrier) -> None:
    store = Store(url, migrate_schema=False)
    try:
        start.wait()
        sequence = 0
        while time.perf_counter() < stop_at[0]:
            sequence += 1
            began = time.perf_counter()
            try:
                if sequence % 5 == 0:
                    with store.unit_of_work(actor=f"站点{number}") as session:
                        hot = session.scalars(select(MealPoint).where(MealPoint.code == HOT_CODE)).one()
                        hot.daily_capacity += 1
                    log.hot_changes += 1
                else:
                    citizen_id = f"R{run:02d}{number:03d}{sequence:09d}"
                    with store.unit_of_work(actor=f"站点{number}") as session:
                        session.add(
                            Resident(
                                citizen_id=citizen_id,
                                name="测试老人",
                                sex=Sex.FEMALE,
                                birth_date=dt.date(1940, 1, 1),
                                township=f"乡镇{number}",
                            )
                        )
                    log.inserted.append(citizen_id)
            except ConflictError:
                log.conflicts += 1  # refused, nothing overwritten; the station retries
                continue
            except Exception as error:  # counted and shown: a bench must not hide failures
                log.errors.append(f"{type(error).__name__}: {error}"[:200])
                continue
            log.latencies.append(time.perf_counter() - began)
    finally:
        store.close()


@dataclass(frozen=True)
class Outcome:
    clients: int
    writes: int
    seconds: float
    p50_ms: float
    p95_ms: float
    conflicts: int
    errors: int
    lost: int
    duplicated: int
    hot_lost: int

    @property
    def per_second(self) -> float:
        return self.writes / self.seconds


def run_once(cluster: PrivateCluster, clients: int, seconds: float, run: int) -> Outcome:
    name = f"bench_{clients}_{run}"
    cluster.drop_database(name)
    url = cluster.create_database(name)
    with Store(url) as store, store.unit_of_work(actor="bench") as session:
        session.add(MealPoint(code=HOT_CODE, name="共享助餐点", daily_capacity=0))
    logs = [ClientLog() for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    stop_at = [float("inf")]  # set once every client is connected
    threads = [
        threading.Thread(target=client, args=(url, number, run, stop_at, log, start)) for number, log in enumerate(logs)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = sorted(latency for log in logs for latency in log.latencies)
    committed = [citizen_id for log in logs for citizen_id in log.inserted]
    hot_changes = sum(log.hot_changes for log in logs)
    with Store(url, migrate_schema=False) as store, store.reading() as session:
        stored = session.scalars(select(Resident.citizen_id)).all()
        audit_rows = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        hot = session.scalars(select(MealPoint).where(MealPoint.code == HOT_CODE)).one()
    stored_set = set(stored)
    lost = len(set(committed) - stored_set) + max(0, len(committed) + hot_changes + 1 - audit_rows)
    duplicated = len(stored) - len(stored_set) + len(stored_set - set(committed))
    hot_lost = abs(hot.daily_capacity - hot_changes) + abs(hot.version - (hot_changes + 1))
    cluster.drop_database(name)
    return Outcome(
        clients=clients,
        writes=len(latencies),
        seconds=elapsed,
        p50_ms=1000 * statistics.median(latencies) if latencies else float("nan"),
        p95_ms=1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        conflicts=sum(log.conflicts for log in logs),
        errors=sum(len(log.errors) for log in logs),
        lost=lost,
        duplicated=duplicated,
        hot_lost=hot_lost,
    )


def median_outcome(outcomes: list[Outcome]) -> Outcome:
    return sorted(outcomes, key=lambda o: o.per_second)[len(outcomes) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=1, help="median over this many runs of each")
    args = parser.parse_args()
    print(f"CareMatch server bench: {args.clients} clients vs 1, {args.seconds:g} s each, {args.runs} run(s)")
    print("(loopback PostgreSQL started by this script; fsync off; the machine may be shared, timings under load)")
    with PrivateCluster(max_connections=args.clients + 20) as cluster:
        results: dict[int, list[Outcome]] = {1: [], args.clients: []}
        for run in range(args.runs):
            for clients in (1, args.clients):
                outcome = run_once(cluster, clients, args.seconds, run)
                results[clients].append(outcome)
                print(
                    f"  run {run + 1}: {clients:>2} client(s): {outcome.writes} writes, {outcome.per_second:.0f}/s, "
                    f"p95 {outcome.p95_ms:.1f} ms, conflicts {outcome.conflicts}, errors {outcome.errors}",
                    flush=True,
                )
    print()
    print(
        f"{'clients':>8} {'writes/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'conflicts':>10} "
        f"{'lost':>5} {'dup':>5} {'hot lost':>9}"
    )
    failed = False
    for clients, outcomes in results.items():
        best = median_outcome(outcomes)
        print(
            f"{clients:>8} {best.per_second:>10.0f} {best.p50_ms:>8.1f} {best.p95_ms:>8.1f} {best.conflicts:>10} "
            f"{best.lost:>5} {best.duplicated:>5} {best.hot_lost:>9}"
        )
        failed |= any(o.lost or o.duplicated or o.hot_lost or o.errors for o in outcomes)
    base, load = median_outcome(results[1]), median_outcome(results[args.clients])
    print(f"\n{args.clients} clients reach {load.per_second / base.per_second:.2f}x the writes/s of one client")
    print("lost rows: 0, duplicated rows: 0, lost hot updates: 0" if not failed else "SOMETHING WAS LOST OR FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
