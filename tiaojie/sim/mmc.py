"""The model reduced to M/M/c: one track, exponential effort, no waits, no calendar.

Uses the same :class:`~tiaojie.sim.engine.MediatorPool` as the full model (FIFO: the priority
key is the arrival time), so validating this against Erlang C validates the pool's queueing.
Warm-up: MSER-5 on a pilot replication's waits (reported); statistics are streamed
(sums and counts), never a list of every customer, except the pilot's waits.
"""

from __future__ import annotations

import math

import numpy as np
import simpy

from .engine import MediatorPool
from .erlang import mmc_metrics
from .stats import mean_ci, mser5_truncation
from .streams import exponential, purpose_generators, replication_seed

PILOT_CAP = 50_000


class _Customer:
    __slots__ = ("arrival", "effort", "started", "n")


def simulate_mmc(arrival_rate: float, service_rate: float, servers: int, customers: int,
                 *, seed: int = 0, replication: int = 0, warmup: int = 0,
                 wait_threshold: float | None = None, keep_waits: bool = False) -> dict:
    """One replication: ``customers`` arrivals; statistics from customer ``warmup`` on."""
    gens = purpose_generators(replication_seed(seed, replication))
    inter = exponential(gens["arrivals"], 1.0 / arrival_rate)
    serv = exponential(gens["effort"], 1.0 / service_rate)
    env = simpy.Environment()
    acc = {"n": 0, "sum": 0.0, "lt": 0, "pos": 0}
    waits: list[float] | None = [] if keep_waits else None
    thr = math.inf if wait_threshold is None else float(wait_threshold)

    def done(pool, m, c):
        if c.n >= warmup:
            w = c.started - c.arrival
            acc["n"] += 1
            acc["sum"] += w
            if w < thr:
                acc["lt"] += 1
            if w > 0:
                acc["pos"] += 1
        if waits is not None:
            waits.append(c.started - c.arrival)

    pool = MediatorPool(env, [None] * int(servers), done)
    state = {"i": 0}
    next_inter, next_serv, submit = inter.next, serv.next, pool.submit

    def arrive(ev):
        c = _Customer()
        c.arrival = now = env._now
        c.effort = next_serv()
        c.n = i = state["i"]
        submit(now, c)
        i += 1
        state["i"] = i
        if i < customers:
            env.timeout(next_inter()).callbacks.append(arrive)

    env.timeout(next_inter()).callbacks.append(arrive)
    env.run()
    n = acc["n"]
    out = {"customers": customers, "measured": n,
           "mean_wait": acc["sum"] / n if n else float("nan"),
           "p_wait": acc["pos"] / n if n else float("nan"),
           "p_wait_lt": (acc["lt"] / n if n else float("nan")) if wait_threshold is not None else None}
    if waits is not None:
        out["waits"] = waits
    return out


def choose_warmup(arrival_rate, service_rate, servers, customers, seed) -> int:
    """MSER-5 truncation on a pilot replication (its own stream: replication index -1 → spare)."""
    pilot_n = min(customers, PILOT_CAP)
    pilot = simulate_mmc(arrival_rate, service_rate, servers, pilot_n, seed=seed,
                         replication=2**31 - 1, keep_waits=True)
    d = mser5_truncation(pilot["waits"])
    return int(min(d, customers // 2))


def run_mmc(arrival_rate: float, service_rate: float, servers: int, customers: int,
            replications: int, seed: int = 0, wait_threshold: float | None = None,
            warmup: int | None = None, workers: int | None = None, dask_address: str | None = None,
            progress: bool = False) -> dict:
    """Replications of the M/M/c reduction with 95% CIs, next to the Erlang C closed form."""
    if arrival_rate <= 0 or service_rate <= 0 or servers <= 0 or customers <= 0 or replications <= 0:
        from ..core.errors import RulesInputError
        raise RulesInputError("mmc", "arrival-rate、service-rate、servers、customers、replications 均须为正数")
    closed = mmc_metrics(arrival_rate, service_rate, servers, wait_threshold)
    if not closed["stable"]:
        from ..core.errors import RulesInputError
        raise RulesInputError("servers", f"利用率 ρ={closed['utilisation']:.3f} ≥ 1，系统不稳定，无稳态等待（增加 servers）")
    method = "given"
    if warmup is None:
        warmup = choose_warmup(arrival_rate, service_rate, servers, customers, seed)
        method = "MSER-5 on a pilot replication"
    from .runner import map_replications
    jobs = [dict(arrival_rate=arrival_rate, service_rate=service_rate, servers=servers,
                 customers=customers, seed=seed, replication=r, warmup=warmup,
                 wait_threshold=wait_threshold) for r in range(replications)]
    reps = map_replications(_mmc_job, jobs, workers=workers, dask_address=dask_address,
                            progress=progress, desc="M/M/c")
    mw = mean_ci([r["mean_wait"] for r in reps])
    out = {
        "arrival_rate": arrival_rate, "service_rate": service_rate, "servers": servers,
        "customers": customers, "replications": replications, "seed": seed,
        "warmup": {"customers": warmup, "method": method},
        "mean_wait": mw[0], "mean_wait_ci": [mw[1], mw[2]],
        "p_wait": mean_ci([r["p_wait"] for r in reps])[0],
        "erlang_c": {"p_wait": closed["p_wait"], "mean_wait": closed["mean_wait"],
                     "utilisation": closed["utilisation"]},
    }
    if wait_threshold is not None:
        p = mean_ci([r["p_wait_lt"] for r in reps])
        out.update({"wait_threshold": wait_threshold, "p_wait_lt": p[0], "p_wait_lt_ci": [p[1], p[2]]})
        out["erlang_c"]["p_wait_lt"] = closed["p_wait_lt"]
    out["erlang_c_inside_ci"] = {
        "mean_wait": bool(mw[1] <= closed["mean_wait"] <= mw[2]),
        **({"p_wait_lt": bool(out["p_wait_lt_ci"][0] <= closed["p_wait_lt"] <= out["p_wait_lt_ci"][1])}
           if wait_threshold is not None else {}),
    }
    return out


def _mmc_job(kw: dict) -> dict:
    return simulate_mmc(**kw)


__all__ = ["simulate_mmc", "run_mmc", "choose_warmup", "np"]
