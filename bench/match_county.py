"""Bench: batch matching of the demo county (default 50,000 residents, about 2,000 providers).

Measures, per run, from a fresh copy of the cached county: finding the candidates (loading needs
and providers, spatial index, rules), solving the min-cost flow, and writing the proposals (one
committed unit of work) — the median of several runs and the process's peak memory. In the same
run, the greedy baseline (neediest first, each takes the nearest eligible provider with room, on
the same candidate lists): its time, its objective and how many more needs it leaves unmatched.

    .venv/bin/python bench/match_county.py [--residents 50000] [--runs 5]

The county is built once with `carematch demo --residents N` and cached under bench/out/.
Goals (issue 5): under 5 s end to end and under 1.5 GB on the 2-core machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carematch.core.db import Store  # noqa: E402
from carematch.core.matching import batch  # noqa: E402
from carematch.core.matching.priority import UNMATCHED_COST  # noqa: E402

OUT = ROOT / "bench" / "out"
AS_OF = dt.date(2026, 6, 1)


def cached_county(residents: int, seed: int) -> Path:
    path = OUT / f"demo-{residents}-seed{seed}.sqlite"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building the demo county ({residents} residents) once into {path} …", flush=True)
        partial = path.with_suffix(".partial.sqlite")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "carematch",
                "--db",
                str(partial),
                "demo",
                "--residents",
                str(residents),
                "--seed",
                str(seed),
            ],
            check=True,
            cwd=ROOT,
        )
        partial.rename(path)
    return path


def greedy(problem: batch.KindProblem) -> tuple[int, int, int, float]:
    """Neediest first (then 身份证号), each need takes its nearest eligible provider with room left.

    Returns (objective, unmatched needs, matched distance, seconds). Uses the same candidate pairs as the flow, which
    are sorted by need and distance, so the nearest with room is the first pair with room.
    """
    started = time.perf_counter()
    needs, candidates = problem.needs, problem.candidates
    room = problem.providers.room.copy()
    starts = np.searchsorted(candidates.need, np.arange(len(needs) + 1))
    providers, distances = candidates.provider.tolist(), candidates.distance.tolist()
    order = sorted(range(len(needs)), key=lambda i: (-int(needs.weight[i]), needs.citizen_ids[i]))
    objective, unmatched, distance = 0, 0, 0
    for i in order:
        for k in range(starts[i], starts[i + 1]):
            j = providers[k]
            if room[j] > 0:
                room[j] -= 1
                objective += distances[k]
                distance += distances[k]
                break
        else:
            objective += UNMATCHED_COST * int(needs.weight[i])
            unmatched += 1
    return objective, unmatched, distance, time.perf_counter() - started


def one_run(source: Path, work: Path) -> dict[str, float | int]:
    shutil.copyfile(source, work)
    for suffix in ("-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    figures: dict[str, float | int] = dict.fromkeys(
        (
            "candidates_s",
            "solve_s",
            "write_s",
            "greedy_s",
            "pairs",
            "needs",
            "objective",
            "unmatched",
            "greedy_objective",
            "greedy_unmatched",
            "matched_distance",
            "greedy_distance",
        ),
        0,
    )
    with Store(f"sqlite:///{work}") as store:
        started = time.perf_counter()
        cpu_started = time.process_time()
        with store.unit_of_work(actor="bench") as session:
            result = batch.MatchResult(kinds=batch.ALL_KINDS)
            t_rows = time.perf_counter()
            rows = batch.fetch_need_rows(session, batch.ALL_KINDS)  # one scan of the residents for all kinds
            figures["candidates_s"] += time.perf_counter() - t_rows
            for kind in batch.ALL_KINDS:
                t0 = time.perf_counter()
                problem = batch.build_problem(session, kind, AS_OF, with_proposals=False, rows=rows)
                t1 = time.perf_counter()
                batch.solve_problem(problem, result)
                t2 = time.perf_counter()
                figures["candidates_s"] += t1 - t0
                figures["solve_s"] += t2 - t1
                figures["pairs"] += len(problem.candidates.need)
                figures["needs"] += len(problem.needs)
                cpu_before_greedy = time.process_time()
                g_objective, g_unmatched, g_distance, g_seconds = greedy(problem)
                cpu_started += time.process_time() - cpu_before_greedy
                figures["greedy_objective"] += g_objective
                figures["greedy_unmatched"] += g_unmatched
                figures["greedy_distance"] += g_distance
                figures["greedy_s"] += g_seconds
                started += g_seconds  # the baseline is not part of the matcher's time
            t3 = time.perf_counter()
            batch.write_proposals(session, result, "bench")
        t4 = time.perf_counter()
        figures["write_s"] = t4 - t3
        figures["total_s"] = t4 - started
        figures["cpu_s"] = time.process_time() - cpu_started
        figures["objective"] = result.objective
        figures["unmatched"] = len(result.unassigned)
        figures["matched"] = len(result.assignments)
        figures["matched_distance"] = sum(m.distance_m for m in result.assignments)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = cached_county(args.residents, args.seed)
    work = OUT / f"match-bench-{args.residents}.sqlite"
    runs = [one_run(source, work) for _ in range(args.runs)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in runs)

    last = runs[-1]
    print(f"county: {args.residents} residents, {int(last['needs'])} open needs, {int(last['pairs'])} candidate pairs")
    print(f"runs: {args.runs} (machine shared with other work: timings taken under load)")
    print("matcher, median seconds:")
    print(f"  candidates (load + spatial index + rules)  {median('candidates_s'):7.2f}")
    print(f"  min-cost-flow solve (3 kinds)              {median('solve_s'):7.2f}")
    print(f"  write proposals + commit                   {median('write_s'):7.2f}")
    print(f"  end to end                                 {median('total_s'):7.2f}   (goal < 5 s)")
    each = ", ".join(f"{float(r['total_s']):.2f}" for r in runs)
    print(f"  runs end to end: {each}")
    print(f"  CPU time of this process, end to end       {median('cpu_s'):7.2f}   (~ wall time on an idle machine)")
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB   (goal < 1.5 GB)")
    print("optimum vs greedy nearest-with-room (neediest first), same candidates:")
    print(
        f"  optimal: objective {int(last['objective']):>14,}  matched {int(last['matched'])}  "
        f"unmatched {int(last['unmatched'])}  solve {median('solve_s'):.2f} s"
    )
    print(
        f"  greedy : objective {int(last['greedy_objective']):>14,}  "
        f"unmatched {int(last['greedy_unmatched'])}  time {median('greedy_s'):.2f} s"
    )
    print(
        f"  greedy leaves {int(last['greedy_unmatched']) - int(last['unmatched'])} more needs unmatched; "
        f"its objective is {100 * (last['greedy_objective'] / last['objective'] - 1):.2f} % higher"
    )
    print(
        f"  matched distance: optimal {last['matched_distance'] / 1000:,.0f} km over {int(last['matched'])} needs, "
        f"greedy {last['greedy_distance'] / 1000:,.0f} km over {int(last['needs'] - last['greedy_unmatched'])}"
    )
    work.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
