"""The staffing search: the fewest full-time mediators per pool meeting the compliance target.

Criterion ("with stated confidence"): a pool passes when the lower end of the 95% confidence
interval (t, over replications) of its time-limit compliance is at least the target.

Method:
1. A pilot replication at the scenario's staffing measures each pool's offered effort
   (work hours and work steps per available full-time hour) — demand does not depend on staff.
2. Erlang C on that load gives an instant estimate (the smallest c with P(wait < 1 working day)
   ≥ target) and a hard lower bound (utilisation < 1: fewer mediators can never keep up).
3. Bisection between the bound and the estimate (widened until it passes), all pools at once:
   pools share no cases, so one simulation of a staffing vector tests every pool's candidate.
   Every candidate uses the same replication seeds (common random numbers).
"""

from __future__ import annotations

import math

from .erlang import min_servers_for, min_servers_stable, mmc_metrics
from .runner import map_replications, replication_job
from .stats import mean_ci


def offered_load(sc, pilot: dict) -> list[dict]:
    """Per pool: offered load in full-time equivalents and Erlang C inputs, from a pilot."""
    out = []
    hft = pilot["available_hours_per_full_time"]
    for p in sc.staff.pools:
        hours = pilot["effort_hours"][p.name]
        tasks = max(pilot["tasks_started"][p.name], 1)
        pt_equiv = p.part_time * (p.part_time_hours_per_week / 5.0) / sc.staff.hours_per_day
        load = hours / hft if hft else 0.0                      # FTEs of work
        lam = tasks / hft if hft else 0.0                       # steps per full-time working hour
        mu = tasks / hours if hours else 1.0                    # steps per hour of work
        out.append({"pool": p.name, "load_fte": load, "part_time_fte": pt_equiv,
                    "arrival_rate": lam, "service_rate": mu})
    return out


def erlang_bounds(sc, loads: list[dict], target: float) -> list[dict]:
    res = []
    for L in loads:
        need_total_stable = min_servers_stable(L["load_fte"]) if L["load_fte"] > 0 else 0
        lower = max(0, math.ceil(need_total_stable - L["part_time_fte"]))
        if L["load_fte"] > 0:
            total = min_servers_for(L["arrival_rate"], L["service_rate"],
                                    wait_threshold=sc.staff.hours_per_day, target=target)
            est = max(lower, math.ceil(total - L["part_time_fte"]))
        else:
            est = 0
        res.append({"pool": L["pool"], "lower_bound": lower, "erlang_estimate": est})
    return res


def instant_estimate(sc, loads=None, pilot=None, target=None) -> dict:
    """Erlang estimate without a search (for the app's instant feedback)."""
    target = sc.target if target is None else target
    loads = loads or offered_load(sc, pilot)
    b = erlang_bounds(sc, loads, target)
    cur = {}
    for p, L in zip(sc.staff.pools, loads):
        c = p.full_time + L["part_time_fte"]
        m = (mmc_metrics(L["arrival_rate"], L["service_rate"], max(int(math.floor(c)), 1),
                         sc.staff.hours_per_day) if L["arrival_rate"] > 0 else None)
        cur[p.name] = {"utilisation": L["load_fte"] / c if c else math.inf,
                       "p_wait_lt_day": m["p_wait_lt"] if m else 1.0}
    return {"pools": b, "current": cur, "loads": loads}


def _summ(sc, reps):
    per_pool = {}
    for p in sc.staff.pools:
        vals = [r["compliance_by_pool"][p.name] for r in reps]
        vals = [1.0 if v is None else v for v in vals]
        m, lo, hi = mean_ci(vals)
        per_pool[p.name] = {"mean": m, "ci": [lo, hi], "replications": len(reps)}
    return per_pool


def _evaluate(sc, staff: list[int], replications: int, workers, dask_address, cfg_path, progress,
              target: float, undecided: set[str]):
    """Replications of one candidate, in two stages: a first batch (one replication per core
    pair) screens out candidates whose whole CI lies below the target; only the others get the
    full ``replications``. A pass is only ever declared on the full count."""
    cand = sc.with_staff(staff)
    first = min(replications, SCREEN_REPS)
    run = lambda idx: map_replications(replication_job, [(cand, r, cfg_path) for r in idx],  # noqa: E731
                                       workers=workers, dask_address=dask_address,
                                       progress=progress, desc=f"候选 {staff}")
    reps = run(range(first))
    per_pool = _summ(sc, reps)
    if first < replications and any(per_pool[n]["ci"][1] >= target for n in undecided):
        reps += run(range(first, replications))
        per_pool = _summ(sc, reps)
    return per_pool, reps


SCREEN_REPS = 4


def search_staff(sc, *, target: float | None = None, replications: int | None = None,
                 workers: int | None = None, dask_address: str | None = None,
                 config_path: str | None = None, progress: bool = False, max_staff: int = 5000) -> dict:
    from ..rules.config import config_path as _cfg_path

    target = sc.target if target is None else float(target)
    reps_n = sc.replications if replications is None else int(replications)
    cfg = str(_cfg_path(config_path))
    pilot = replication_job((sc, 0, cfg))
    loads = offered_load(sc, pilot)
    bounds = erlang_bounds(sc, loads, target)
    names = [p.name for p in sc.staff.pools]
    lo = [b["lower_bound"] - 1 for b in bounds]          # known to fail (unstable)
    hi = [None] * len(names)                              # smallest known to pass
    probe = [max(b["erlang_estimate"], b["lower_bound"]) for b in bounds]
    curve: dict[str, dict[int, dict]] = {n: {} for n in names}
    evaluations = 0
    simulated = 1
    while True:
        todo = [i for i in range(len(names)) if hi[i] is None or hi[i] - lo[i] > 1]
        if not todo:
            break
        cand = []
        for i in range(len(names)):
            if hi[i] is None:
                cand.append(probe[i])
            elif hi[i] - lo[i] > 1:
                cand.append((lo[i] + hi[i]) // 2)
            else:
                cand.append(hi[i])
        per_pool, reps = _evaluate(sc, cand, reps_n, workers, dask_address, cfg, progress,
                                   target, {names[i] for i in todo})
        evaluations += 1
        simulated += len(reps)
        for i, n in enumerate(names):
            res = per_pool[n]
            curve[n][cand[i]] = res
            if i not in todo:
                continue
            ok = res["ci"][0] >= target and res["replications"] == reps_n
            if ok:
                hi[i] = cand[i]
            else:
                lo[i] = cand[i]
                if hi[i] is None:
                    step = max(1, cand[i] - max(bounds[i]["lower_bound"], 0) + 1)
                    probe[i] = cand[i] + step
                    if probe[i] > max_staff:
                        from ..rules.errors import TiaojieError
                        raise TiaojieError(f"{n}: 人数达到 {max_staff} 仍未达到目标 {target:.0%}（目标可能无法达到，请检查期限与等待时间参数）")
    answer = hi
    # the answer's own replications (the final candidate vector may differ from the last evaluated)
    final = {n: curve[n][answer[i]] for i, n in enumerate(names)}
    return {
        "scenario": sc.name, "target": target, "replications": reps_n,
        "criterion": "lower end of the 95% CI of compliance >= target, per pool",
        "answer": {n: {"full_time": answer[i], "part_time": sc.staff.pools[i].part_time,
                       "compliance": final[n]} for i, n in enumerate(names)},
        "total_full_time": sum(answer),
        "below_answer_fails": {n: (answer[i] - 1 in curve[n] and curve[n][answer[i] - 1]["ci"][0] < target)
                               or answer[i] - 1 <= bounds[i]["lower_bound"] - 1
                               for i, n in enumerate(names)},
        "erlang": bounds, "loads": loads,
        "curve": {n: [{"full_time": k, **v} for k, v in sorted(curve[n].items())] for n in names},
        "evaluations": evaluations,
        "simulated_replications": simulated,
    }
