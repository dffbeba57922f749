"""The model reduced to M/M/c (and M/M/c+M): one track, exponential effort, no calendar.

Uses the same :class:`~tiaojie.sim.engine.MediatorPool` as the full model (FIFO: the priority
key is the arrival time), so validating this against Erlang C validates the pool's queueing.
With a patience rate θ each customer leaves if not served within an exponential patience
(mean 1/θ): the pool steps over a waiting task whose ``expire`` time has passed, which is the
full model's waiting-dependent withdrawal; validated against Erlang A.

Warm-up (a system started empty): the larger of MSER-5 on the mean of several pilot
replications' waits and a relaxation-time floor, ``5 λ / (cμ (1 - √ρ)²)`` customers (five
relaxation times of the queue; MSER-5 alone on one noisy pilot often chose 0, biasing the mean
wait low by 1–2 %). Statistics are streamed (sums and counts), except the pilots' waits.
"""

from __future__ import annotations

import math

import numpy as np

from .engine import MediatorPool
from .simpy_fast import Environment, now as _now, schedule
from .erlang import mmc_metrics
from .stats import mean_ci, mser5_truncation
from .streams import exponential, purpose_generators, replication_seed

PILOT_CAP = 50_000


PILOTS = 5
RELAXATION_TIMES = 5.0


class _Customer:
    __slots__ = ("arrival", "effort", "started", "n", "avoid", "joint", "expire", "step")

    def __init__(self):
        self.avoid, self.joint, self.step = -1, False, 1


def simulate_mmc(arrival_rate: float, service_rate: float, servers: int, customers: int,
                 *, seed: int = 0, replication: int = 0, warmup: int = 0,
                 wait_threshold: float | None = None, keep_waits: bool = False,
                 patience_rate: float | None = None) -> dict:
    """One replication: ``customers`` arrivals; statistics from customer ``warmup`` on."""
    gens = purpose_generators(replication_seed(seed, replication))
    inter = exponential(gens["arrivals"], 1.0 / arrival_rate)
    serv = exponential(gens["effort"], 1.0 / service_rate)
    pat = exponential(gens["spare"], 1.0 / patience_rate) if patience_rate else None
    env = Environment()
    acc = {"n": 0, "sum": 0.0, "lt": 0, "pos": 0, "ab": 0}
    waits: list[float] | None = [] if keep_waits else None
    thr = math.inf if wait_threshold is None else float(wait_threshold)

    def record(c, w, abandoned):
        if c.n >= warmup:
            acc["n"] += 1
            acc["sum"] += w
            acc["ab"] += abandoned
            if w < thr and not abandoned:
                acc["lt"] += 1
            if w > 0:
                acc["pos"] += 1
        if waits is not None:
            waits.append(w)

    pool = MediatorPool(env, [None] * int(servers), lambda pool, m, c: record(c, c.started - c.arrival, False))
    pool.on_abandon = lambda pool, c: record(c, c.expire - c.arrival, True)
    state = {"i": 0}
    next_inter, next_serv, submit = inter.next, serv.next, pool.submit
    next_pat = pat.next if pat is not None else None

    def arrive(ev):
        c = _Customer()
        c.arrival = now = _now(env)
        c.effort = next_serv()
        c.expire = now + next_pat() if next_pat is not None else math.inf
        c.n = i = state["i"]
        submit(now, c)
        i += 1
        state["i"] = i
        if i < customers:
            schedule(env, next_inter(), arrive)

    schedule(env, next_inter(), arrive)
    env.run()
    pool.flush_expired()
    n = acc["n"]
    out = {"customers": customers, "measured": n,
           "mean_wait": acc["sum"] / n if n else float("nan"),
           "p_abandon": acc["ab"] / n if n else float("nan"),
           "p_wait": acc["pos"] / n if n else float("nan"),
           "p_wait_lt": (acc["lt"] / n if n else float("nan")) if wait_threshold is not None else None}
    if waits is not None:
        out["waits"] = waits
    return out


def relaxation_floor(arrival_rate, service_rate, servers, patience_rate=None) -> int:
    """Customers in ``RELAXATION_TIMES`` relaxation times of the queue started empty,
    τ = 1 / (cμ (1 - √ρ)² + θ) (abandonment at rate θ per waiting customer speeds it up)."""
    rho = min(arrival_rate / (servers * service_rate), 0.999)
    tau = 1.0 / (servers * service_rate * (1.0 - math.sqrt(rho)) ** 2 + (patience_rate or 0.0))
    return int(math.ceil(RELAXATION_TIMES * arrival_rate * tau))


def choose_warmup(arrival_rate, service_rate, servers, customers, seed, patience_rate=None) -> int:
    """The larger of MSER-5 on the mean of ``PILOTS`` pilot replications' waits (their own
    streams, far from the measured replications' indices) and the relaxation-time floor."""
    pilot_n = min(customers, PILOT_CAP)
    runs = [simulate_mmc(arrival_rate, service_rate, servers, pilot_n, seed=seed, replication=2**31 - 1 - k,
                         keep_waits=True, patience_rate=patience_rate)["waits"] for k in range(PILOTS)]
    n = min(len(w) for w in runs)
    d = mser5_truncation(np.mean([w[:n] for w in runs], axis=0))
    floor = relaxation_floor(arrival_rate, service_rate, servers, patience_rate)
    return int(min(max(d, floor), customers // 2))


def run_mmc(arrival_rate: float, service_rate: float, servers: int, customers: int,
            replications: int, seed: int = 0, wait_threshold: float | None = None,
            warmup: int | None = None, workers: int | None = None, dask_address: str | None = None,
            progress: bool = False, patience_rate: float | None = None) -> dict:
    """Replications of the M/M/c reduction with 95% CIs, next to the Erlang C closed form
    (with ``patience_rate``: M/M/c+M next to Erlang A)."""
    if arrival_rate <= 0 or service_rate <= 0 or servers <= 0 or customers <= 0 or replications <= 0:
        from ..core.errors import RulesInputError
        raise RulesInputError("mmc", "arrival-rate、service-rate、servers、customers、replications 均须为正数")
    if patience_rate is not None and patience_rate <= 0:
        from ..core.errors import RulesInputError
        raise RulesInputError("patience-rate", f"耐心率 θ 须为正数（得到 {patience_rate}）")
    closed = mmc_metrics(arrival_rate, service_rate, servers, wait_threshold)
    if patience_rate is not None:
        return _run_mmc_abandon(arrival_rate, service_rate, servers, customers, replications, seed,
                                warmup, workers, dask_address, progress, patience_rate)
    if not closed["stable"]:
        from ..core.errors import RulesInputError
        raise RulesInputError("servers", f"利用率 ρ={closed['utilisation']:.3f} ≥ 1，系统不稳定，无稳态等待（增加 servers）")
    method = "given"
    if warmup is None:
        warmup = choose_warmup(arrival_rate, service_rate, servers, customers, seed)
        method = "MSER-5 on 5 pilot replications, at least 5 relaxation times"
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


def _run_mmc_abandon(lam, mu, c, customers, replications, seed, warmup, workers, dask_address,
                     progress, theta) -> dict:
    """M/M/c+M replications with CIs of the abandonment share and the mean wait (of all
    arrivals, abandoning ones up to their departure), beside Erlang A."""
    from .erlang import erlang_a
    from .runner import map_replications

    method = "given"
    if warmup is None:
        warmup = choose_warmup(lam, mu, c, customers, seed, patience_rate=theta)
        method = "MSER-5 on 5 pilot replications, at least 5 relaxation times"
    jobs = [dict(arrival_rate=lam, service_rate=mu, servers=c, customers=customers, seed=seed,
                 replication=r, warmup=warmup, patience_rate=theta) for r in range(replications)]
    reps = map_replications(_mmc_job, jobs, workers=workers, dask_address=dask_address,
                            progress=progress, desc="M/M/c+M")
    ea = erlang_a(lam, mu, c, theta)
    ab, mw = mean_ci([r["p_abandon"] for r in reps]), mean_ci([r["mean_wait"] for r in reps])
    return {
        "arrival_rate": lam, "service_rate": mu, "servers": c, "patience_rate": theta,
        "customers": customers, "replications": replications, "seed": seed,
        "warmup": {"customers": warmup, "method": method},
        "abandon": ab[0], "abandon_ci": [ab[1], ab[2]], "mean_wait": mw[0], "mean_wait_ci": [mw[1], mw[2]],
        "erlang_a": {"p_abandon": ea["p_abandon"], "mean_wait": ea["mean_wait"], "p_wait": ea["p_wait"]},
        "erlang_a_inside_ci": {"p_abandon": bool(ab[1] <= ea["p_abandon"] <= ab[2]),
                               "mean_wait": bool(mw[1] <= ea["mean_wait"] <= mw[2])},
    }


__all__ = ["simulate_mmc", "run_mmc", "choose_warmup", "np"]
