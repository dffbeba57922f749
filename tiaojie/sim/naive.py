"""The naive baseline for the benchmark: how the model is usually first written in SimPy.

One process per case, a ``simpy.PriorityResource`` per pool (earliest deadline first), serial
replications, and a staffing search by doubling then bisection over staff counts with no
closed-form bounds. Same case generator and rules as the fast model; simplified mediator
semantics (no follow-up continuity or party's choice; a joint case's second mediator is folded
into the effort). Used only to measure what the fast path saves.
"""

from __future__ import annotations

import numpy as np
import simpy

from ..rules import load_config
from .arrivals import CHANNELS, daily_rates
from .calendar import WorkClock
from .casemix import ORIGINS, TRACKS, RuleTable, draw_batch, effort_multiplier
from .model import OFFICE_HOURS, OFFICE_START, day_tables
from .stats import mean_ci
from .streams import purpose_generators, replication_seed
from ..rules import Origin, Sector


def run_naive(sc, replication: int = 0) -> dict:
    cfg = load_config()
    tables = day_tables(sc, cfg)
    horizon, warm = sc.horizon_days, float(sc.warmup_days)
    g = purpose_generators(replication_seed(sc.seed, replication))
    rules = RuleTable(cfg, tables)
    env = simpy.Environment()
    ft = WorkClock(tables, sc.staff.hours_per_day)
    res, pt_clocks, busy_ft = [], [], []
    for p in sc.staff.pools:
        res.append(simpy.PriorityResource(env, capacity=max(p.full_time + p.part_time, 1)))
        pt_clocks.append(WorkClock(tables, p.part_time_hours_per_week / 5.0))
        busy_ft.append(0)
    met = {p.name: [0, 0] for p in sc.staff.pools}
    names = [p.name for p in sc.staff.pools]
    pool_of = {i: sc.pool_for(s) for i, s in enumerate(Sector)
               if any(s in p.sectors for p in sc.staff.pools)}
    chan, rates = daily_rates(sc, tables, horizon)
    chan_origin = np.array([ORIGINS.index(Origin(CHANNELS[c][0])) for c in chan])
    office = np.array([CHANNELS[c][1] for c in chan])

    def work(pi, effort):
        p = sc.staff.pools[pi]
        if busy_ft[pi] < p.full_time:
            busy_ft[pi] += 1
            yield env.timeout(ft.finish(env.now, effort) - env.now)
            busy_ft[pi] -= 1
        else:
            yield env.timeout(pt_clocks[pi].finish(env.now, effort) - env.now)

    open_measured: dict[int, tuple[int, float]] = {}

    def case(pi, due, steps, effort, waits, withdrawn, recuse, measured):
        key = id(waits)
        if measured:
            open_measured[key] = (pi, due)
        for k in range(steps):
            with res[pi].request(priority=due) as req:
                yield req
                yield from work(pi, effort)
            if k == 0 and recuse:
                with res[pi].request(priority=due) as req:
                    yield req
                    yield from work(pi, effort)
            if k == 0 and withdrawn:
                break
            if k < steps - 1:
                yield env.timeout(waits[k])
        if measured:
            del open_measured[key]
            met[names[pi]][0] += env.now <= due
            met[names[pi]][1] += 1

    def source():
        for d in range(horizon):
            counts = g["arrivals"].poisson(rates[d])
            n = int(counts.sum())
            if n == 0:
                yield env.timeout(1.0)
                continue
            ch = np.repeat(np.arange(len(chan)), counts)
            u = g["intraday"].random(n)
            t = np.sort(d + np.where(office[ch], OFFICE_START + u * OFFICE_HOURS, u))
            b = draw_batch(sc, g["casemix"], n, chan_origin[ch])
            trk, rows = rules.classify(b["sector"], b["origin"], b["proc"], b["opted"], b["clear"],
                                       b["appraisal"], b["multi"], b["mass"], b["declines"], b["amount"])
            dues = rules.due(rows, np.full(n, d)).tolist()
            mult = effort_multiplier(sc, b)
            for i in range(n):
                tp = sc.tracks[TRACKS[trk[i]].value]
                shape = 1 / max(tp.effort_cv, 1e-3) ** 2
                total = g["effort"].gamma(shape, tp.effort_hours * mult[i] / shape)
                wf = sc.case_mix.court_wait_factor if ORIGINS[b["origin"][i]].is_court else 1.0
                waits = [g["waits"].exponential(tp.institution_response_days) * wf] + \
                        [g["waits"].exponential(tp.wait_days) * wf for _ in range(tp.tasks)]
                out = g["outcomes"].random()
                withdrawn = out < tp.outcomes.get("withdrawn", 0)
                recuse = g["assignment"].random() < sc.case_mix.recusal
                yield env.timeout(max(t[i] - env.now, 0))
                env.process(case(pool_of[int(b["sector"][i])], dues[i] + 1.0, tp.tasks,
                                 total / tp.tasks, waits, withdrawn, recuse, env.now >= warm))
            yield env.timeout(max(d + 1 - env.now, 0))

    env.process(source())
    env.run(until=float(horizon))
    for pi, due in open_measured.values():       # still open and already late
        if due <= horizon:
            met[names[pi]][1] += 1
    return {"compliance_by_pool": {n: (m[0] / m[1] if m[1] else 1.0) for n, m in met.items()}}


def naive_search(sc, *, target: float, replications: int, max_staff: int = 1024) -> dict:
    """Doubling then bisection, one pool at a time, serial replications."""
    staff = [p.full_time for p in sc.staff.pools]
    evaluations = 0

    def passes(i, n):
        nonlocal evaluations
        evaluations += 1
        s = list(staff)
        s[i] = n
        cand = sc.with_staff(s)
        vals = [run_naive(cand, r)["compliance_by_pool"][sc.staff.pools[i].name] for r in range(replications)]
        return mean_ci(vals)[1] >= target

    for i in range(len(staff)):
        lo, hi = 0, 1
        while not passes(i, hi):
            lo, hi = hi, hi * 2
            if hi > max_staff:
                raise RuntimeError("naive search: target not reached")
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if passes(i, mid):
                hi = mid
            else:
                lo = mid
        staff[i] = hi
    return {"answer": dict(zip([p.name for p in sc.staff.pools], staff)), "evaluations": evaluations}
