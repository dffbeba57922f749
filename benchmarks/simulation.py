"""Simulation speed benchmark (run: .venv/bin/python benchmarks/simulation.py).

Prints, all measured in this one run:
  INFO load ...                         the machine's load average before and after (other work skews times)
  RATIO model_vs_ciw_throughput <x>     M/M/c customers per second, this model / Ciw (goal >= 2)
The staffing search is compared with the fair naive search on each of the four presets (city,
provincial, national_securities, surge), each from a cold start (worker processes started inside
the timing), and the totals give the headline figures:
  RATIO staffing_vs_naive_cost_<preset> <x>   that preset's wall-time ratio
  RATIO naive_vs_fast_answer <x>        naive total / fast total of the answers over the presets
                                        (goal 1.0; INFO gives the largest per-pool difference, goal <= 1)
  RATIO staffing_vs_naive_cost <x>      total wall time of the staffing searches / of the naive
                                        searches over the presets (goal <= 0.15)
  RATIO staffing_vs_naive_cpu <x>       the same in CPU seconds (parent + worker processes; less
                                        sensitive to other work on the machine than wall time)
  SECONDS staffing_answer <s>           total wall time of the staffing answers, worker start included
  SECONDS naive_staffing <s>
  RATIO model_us_per_case_vs_mmc <x>    full caseload model µs per case / M/M/c engine µs per customer
The naive search (benchmarks/naive_search.py) runs the *same model* (part-time rules, joint
mediation, recusal, random streams) one pool at a time from the offered load, stepping by one,
every candidate with all replications, serially, drawing its cases afresh.
  LINEAR <model> <cases> <seconds> <us_per_case> <peak_rss_MB> [horizon_days]   for 10k, 100k, 1M cases
  RATIO <model>_us_per_case_1M_vs_10k <x>   (linear cost: close to 1)
  RATIO <model>_peak_rss_largest_vs_10k <x> (flat memory: close to 1)
The full model reaches more cases the way the issue means it: the provincial preset at its own
size (same arrival rates, same mediators), run over a longer horizon. Each size runs in a fresh
process after a short untimed run of the same kind (imports, the rules' case-class cache), so the
figures are the simulation's own cost per case.
Options: --quick (smaller sizes; the city and provincial presets only) for a smoke test.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time

_HERE = __import__("pathlib").Path(__file__).resolve().parent
sys.path[:0] = [str(_HERE.parent), str(_HERE)]

MMC = dict(arrival_rate=9.0, service_rate=1.0, servers=10)


def ciw_throughput(n: int) -> float:
    import ciw

    net = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(rate=MMC["arrival_rate"])],
                             service_distributions=[ciw.dists.Exponential(rate=MMC["service_rate"])],
                             number_of_servers=[MMC["servers"]])
    ciw.seed(1)
    q = ciw.Simulation(net)
    t = time.perf_counter()
    q.simulate_until_max_customers(n, method="Finish")
    dt = time.perf_counter() - t
    return len(q.get_all_records()) / dt


def model_throughput(n: int) -> float:
    from tiaojie.sim.mmc import simulate_mmc

    t = time.perf_counter()
    r = simulate_mmc(MMC["arrival_rate"], MMC["service_rate"], MMC["servers"], n, seed=1,
                     wait_threshold=0.5)
    dt = time.perf_counter() - t
    return r["measured"] / dt


def _peak_rss_mb() -> float:
    """This process's own peak resident memory. VmHWM belongs to the process image; ru_maxrss
    would also count the parent's memory at fork time, which Linux carries across exec."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(kind: str, n: int, per_day: float, conn) -> None:
    from tiaojie.sim.mmc import simulate_mmc

    if kind == "mmc":
        simulate_mmc(MMC["arrival_rate"], MMC["service_rate"], MMC["servers"], 2000, seed=3)   # untimed
        t = time.perf_counter()
        simulate_mmc(MMC["arrival_rate"], MMC["service_rate"], MMC["servers"], n, seed=2)
        cases, horizon = n, 0
    else:
        from tiaojie.sim.model import run_replication
        from tiaojie.sim.scenario import load_scenario

        base = load_scenario("provincial")
        run_replication(base.model_copy(update={"horizon_days": 120}), 1)                  # untimed
        horizon = int(round(n / per_day))
        sc = base.model_copy(update={"horizon_days": horizon})   # same size, longer run
        t = time.perf_counter()
        cases = run_replication(sc, 0).arrivals
    dt = time.perf_counter() - t
    conn.send((cases, dt, _peak_rss_mb(), horizon))
    conn.close()


def linear(kind: str, sizes, per_day: float = 0.0) -> list[tuple]:
    ctx = mp.get_context("spawn")
    rows = []
    for n in sizes:
        a, b = ctx.Pipe()
        p = ctx.Process(target=_child, args=(kind, n, per_day, b))
        p.start()
        cases, dt, rss, horizon = a.recv()
        p.join()
        rows.append((kind, cases, dt, dt / cases * 1e6, rss))
        extra = f" {horizon}" if horizon else ""
        print(f"LINEAR {kind} {cases} {dt:.2f} {dt / cases * 1e6:.2f} {rss:.0f}{extra}", flush=True)
    return rows


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


PRESETS = ("city", "provincial", "national_securities", "surge")


def compare_one(name: str) -> dict:
    """The staffing search and the fair naive search on one preset, each from a cold start
    (worker processes started inside the timing, as a command-line run does)."""
    from naive_search import naive_search
    from tiaojie.sim import runner
    from tiaojie.sim.scenario import load_scenario
    from tiaojie.sim.staffing import search_staff

    sc = load_scenario(name)
    runner.shutdown_pool()
    t, c = time.perf_counter(), time.process_time()
    res = search_staff(sc, replications=10)
    fast = time.perf_counter() - t
    fast_cpu = time.process_time() - c + (runner._POOL.cpu_seconds() if runner._POOL is not None else 0.0)
    workers = runner._POOL_SIZE or 1
    runner.shutdown_pool()
    answer = {k: v["full_time"] for k, v in res["answer"].items()}
    t, c = time.perf_counter(), time.process_time()
    nres = naive_search(sc, target=sc.target, replications=10)
    slow, slow_cpu = time.perf_counter() - t, time.process_time() - c
    diff = {k: nres["answer"][k] - answer[k] for k in answer}
    print(f"INFO {name}: staffing answer {answer} in {fast:.2f} s ({workers} worker(s), {res['evaluations']} "
          f"rounds, {res['simulated_replications']} replications); naive {nres['answer']} in {slow:.2f} s "
          f"({nres['evaluations']} candidates from {nres['start']}); naive minus fast {diff}", flush=True)
    print(f"RATIO staffing_vs_naive_cost_{name} {fast / slow:.3f}", flush=True)
    return {"fast": fast, "slow": slow, "fast_cpu": fast_cpu, "slow_cpu": slow_cpu,
            "fast_total": sum(answer.values()), "naive_total": sum(nres["answer"].values()),
            "worst_diff": max(abs(d) for d in diff.values())}


def staffing_comparison(names) -> None:
    """Every preset, then the totals: the headline ratio is total search time over total naive
    time across the presets (each preset's own ratio is printed above it)."""
    rows = [compare_one(n) for n in names]
    total = {k: sum(r[k] for r in rows) for k in ("fast", "slow", "fast_cpu", "slow_cpu", "fast_total", "naive_total")}
    print(f"INFO largest per-pool difference naive minus fast: {max(r['worst_diff'] for r in rows)} mediator(s)", flush=True)
    print(f"RATIO naive_vs_fast_answer {total['naive_total'] / total['fast_total']:.3f}", flush=True)
    print(f"SECONDS staffing_answer {total['fast']:.2f}", flush=True)
    print(f"SECONDS naive_staffing {total['slow']:.2f}", flush=True)
    print(f"RATIO staffing_vs_naive_cost {total['fast'] / total['slow']:.3f}", flush=True)
    print(f"INFO CPU seconds: staffing {total['fast_cpu']:.2f} (parent + workers), naive {total['slow_cpu']:.2f}", flush=True)
    print(f"RATIO staffing_vs_naive_cpu {total['fast_cpu'] / total['slow_cpu']:.3f}", flush=True)


def main() -> None:
    quick = "--quick" in sys.argv
    from tiaojie.sim.model import run_replication
    from tiaojie.sim.scenario import load_scenario

    print(f"INFO load average (1, 5, 15 min) at start: {_load()} on {os.cpu_count()} cores", flush=True)
    n = 20_000 if quick else 100_000
    ours = model_throughput(n)
    ciw_rate = ciw_throughput(n // 2)
    print(f"INFO mmc customers/s: model {ours:,.0f}, ciw {ciw_rate:,.0f}", flush=True)
    print(f"RATIO model_vs_ciw_throughput {ours / ciw_rate:.2f}", flush=True)

    sc = load_scenario("provincial")
    staffing_comparison(("city", "provincial") if quick else PRESETS)

    per_day = run_replication(sc, 0).arrivals / sc.horizon_days
    sizes = (10_000, 100_000) if quick else (10_000, 100_000, 1_000_000)
    big = "100k" if quick else "1M"
    us = {}
    for kind in ("mmc", "model"):
        rows = linear(kind, sizes, per_day)
        us[kind] = rows[1][3]
        print(f"RATIO {kind}_us_per_case_{big}_vs_10k {rows[-1][3] / rows[0][3]:.2f}", flush=True)
        print(f"RATIO {kind}_peak_rss_largest_vs_10k {rows[-1][4] / rows[0][4]:.2f}", flush=True)
    print(f"INFO us per case at 100k: model {us['model']:.1f}, mmc {us['mmc']:.1f}", flush=True)
    print(f"RATIO model_us_per_case_vs_mmc {us['model'] / us['mmc']:.2f}", flush=True)
    print(f"INFO load average (1, 5, 15 min) at end: {_load()}", flush=True)


if __name__ == "__main__":
    main()
