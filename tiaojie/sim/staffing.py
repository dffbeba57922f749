"""The staffing search: the fewest mediators per pool meeting the compliance target.

Criterion ("with stated confidence"): a pool passes when the lower end of the 95% confidence
interval (t, over replications) of its time-limit compliance is at least the target.
What is searched: full-time counts (part-time counts fixed, the default) or part-time counts
(full-time counts fixed: ``vary="part_time"``).

Method:
1. The offered work per pool is read from replication 0's case stream (no simulation):
   hours and work steps per available full-time hour, and the hours of cases part-timers may
   not take (docs/simulation.md §2).
2. Erlang C on that load gives a hard lower bound (utilisation < 1 — and, for part-time
   searches, full-timers able to carry the long cases; otherwise no part-time count can help)
   and an estimate (the smallest staffing with P(wait < 1 working day) ≥ target).
3. Search from the estimate: widen upward until a pass, then bisect, all pools at once — pools
   share no cases, so one simulation of a staffing vector tests every pool, and each pool's
   results are kept per (count, replication) and reused. Every candidate sees the same cases
   (common random numbers; a worker keeps each replication's case stream for the next
   candidate). A candidate first runs ``SCREEN_REPS`` replications: if its whole CI is below
   the target it fails there (early stopping); a pass is only ever declared on the full count.
"""

from __future__ import annotations

import math

from ..core.errors import TiaojieError
from .erlang import min_servers_for, mmc_metrics
from .runner import map_replications
from .stats import mean_ci

SCREEN_REPS = 4
VARY = ("full_time", "part_time")


def offered_load(sc, pilot: dict) -> list[dict]:
    """Per pool: offered load in full-time equivalents and Erlang C inputs, from a pilot
    replication or from :func:`tiaojie.sim.casegen.demand` (which also gives the long-case load)."""
    out = []
    hft = pilot["available_hours_per_full_time"]
    longs = pilot.get("long_effort_hours") or {}
    for p in sc.staff.pools:
        hours = pilot["effort_hours"][p.name]
        tasks = max(pilot["tasks_started"][p.name], 1)
        unit = (p.part_time_hours_per_week / 5.0) / sc.staff.hours_per_day   # FTE of one part-timer
        out.append({"pool": p.name, "load_fte": hours / hft if hft else 0.0,
                    "long_fte": (longs.get(p.name, 0.0) / hft) if hft else 0.0,
                    "part_time_fte": p.part_time * unit, "part_time_unit": unit,
                    "full_time": p.full_time,
                    "arrival_rate": tasks / hft if hft else 0.0,         # steps per full-time hour
                    "service_rate": tasks / hours if hours else 1.0})    # steps per hour of work
    return out


def erlang_bounds(sc, loads: list[dict], target: float, vary: str = "full_time") -> list[dict]:
    res = []
    for L in loads:
        load = L["load_fte"]
        total = (min_servers_for(L["arrival_rate"], L["service_rate"], wait_threshold=sc.staff.hours_per_day,
                                 target=target) if load > 0 else 0)
        if vary == "full_time":
            lower = max(0, math.floor(load - L["part_time_fte"]) + 1 if load > 0 else 0)
            if L["long_fte"] > 0:
                lower = max(lower, math.floor(L["long_fte"]) + 1)
            est = max(lower, math.ceil(total - L["part_time_fte"]))
        else:
            if L["long_fte"] > 0 and L["full_time"] <= L["long_fte"]:
                raise TiaojieError(
                    f"{L['pool']}：专职 {L['full_time']} 人不足以承担兼职人员不办理的长耗时案件"
                    f"（约 {L['long_fte']:.1f} 个专职人当量），只增加兼职人员无法达到目标，请先增加专职人数")
            unit = max(L["part_time_unit"], 1e-9)
            gap = load - L["full_time"]
            lower = max(0, math.floor(gap / unit) + 1) if gap >= 0 and load > 0 else 0
            est = max(lower, math.ceil((total - L["full_time"]) / unit))
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


def candidate_job(job: tuple) -> dict:
    """(scenario, replication, config path, vary, counts per pool, pools to simulate) →
    per-pool compliance of those pools."""
    sc, rep, cfg_path, vary, counts, only = job
    from ..rules import load_config
    from .model import run_replication

    cand = sc.with_staff(**{vary: counts})
    r = run_replication(cand, rep, config=load_config(cfg_path), cache=True, only_pools=set(only))
    names = [p.name for p in sc.staff.pools]
    return {names[i]: (1.0 if r["compliance_by_pool"][names[i]] is None else r["compliance_by_pool"][names[i]])
            for i in only}


def _saturated(name: str, res: dict, c: int, target: float, vary: str) -> None:
    """Stop widening when doubling the staff no longer raises compliance: the target is above
    what staffing can reach (waits and time limits cap it, or part-timers cannot take the rest)."""
    half = [k for k in res if k <= c // 2 and len(res[k]) == len(res[c])]
    if c < 8 or not half:
        return
    before, now = _stats(res[max(half)])["mean"], _stats(res[c])["mean"]
    if now - before < 0.002:
        what = "专职" if vary == "full_time" else "兼职"
        hint = "请先增加专职人数" if vary == "part_time" else "请检查期限、等待时间参数或降低目标"
        raise TiaojieError(f"{name}：{what}人数从 {max(half)} 增至 {c}，办结率仅从 {before:.1%} 到 {now:.1%}，"
                           f"已接近上限，达不到目标 {target:.0%}；{hint}")


def _stats(vals: dict[int, float]) -> dict:
    m, lo, hi = mean_ci(list(vals.values()))
    return {"mean": m, "ci": [lo, hi], "replications": len(vals)}


def search_staff(sc, *, target: float | None = None, replications: int | None = None,
                 workers: int | None = None, dask_address: str | None = None,
                 config_path: str | None = None, progress: bool = False, max_staff: int = 5000,
                 vary: str = "full_time") -> dict:
    from ..rules import config_path as _cfg_path
    from ..rules import load_config
    from .calendar import WorkClock
    from .casegen import demand
    from .model import day_tables, rule_table

    if vary not in VARY:
        raise TiaojieError(f"vary 应为 full_time 或 part_time（得到 {vary}）")
    target = sc.target if target is None else float(target)
    N = sc.replications if replications is None else int(replications)
    cfg = str(_cfg_path(config_path))
    config = load_config(cfg)
    tables = day_tables(sc, config)
    pilot = demand(sc, 0, tables, rule_table(config, tables))
    pilot["available_hours_per_full_time"] = WorkClock(tables, sc.staff.hours_per_day).available_hours(
        float(sc.warmup_days), float(sc.horizon_days))
    loads = offered_load(sc, pilot)
    bounds = erlang_bounds(sc, loads, target, vary)
    names = [p.name for p in sc.staff.pools]
    k = len(names)
    lo = [b["lower_bound"] - 1 for b in bounds]     # largest count known to fail
    hi: list = [None] * k                           # smallest count known to pass (full reps)
    prov: list = [None] * k                         # smallest count whose screen clearly passed
    probe = [b["erlang_estimate"] for b in bounds]
    results: list[dict[int, dict[int, float]]] = [{} for _ in range(k)]   # pool -> count -> rep -> value
    evaluations = simulated = 0
    first = min(N, SCREEN_REPS)

    while True:
        cand, need = [], []
        for i in range(k):
            upper = hi[i] if hi[i] is not None else prov[i]
            if hi[i] is not None and hi[i] - lo[i] <= 1:
                c, n = hi[i], 0                      # this pool is settled
            elif upper is None:
                c = probe[i]
            elif upper - lo[i] > 1:
                c = (lo[i] + upper) // 2
            else:
                c = upper                            # confirm a screened pass on the full count
            if c > max_staff:
                raise TiaojieError(f"{names[i]}：人数达到 {max_staff} 仍未达到目标 {target:.0%}"
                                   "（目标可能无法达到，请检查期限与等待时间参数）")
            have = results[i].get(c, {})
            if hi[i] is None or hi[i] - lo[i] > 1:
                n = N if (c == upper or len(have) >= first) else first
            cand.append(c)
            need.append([r for r in range(n) if r not in have])
        jobs = []
        for r in sorted(set().union(*need)):
            only = [i for i in range(k) if r in need[i]]     # settled pools are not simulated
            jobs.append((sc, r, cfg, vary, cand, only))
        if not jobs:
            break
        out = map_replications(candidate_job, jobs, workers=workers, dask_address=dask_address,
                               progress=progress, desc=f"候选 {cand}")
        evaluations += 1
        simulated += len(jobs)
        for job, res in zip(jobs, out):
            for i in job[5]:
                results[i].setdefault(cand[i], {})[job[1]] = res[names[i]]
        for i in range(k):
            if not need[i]:
                continue
            c, s = cand[i], _stats(results[i][cand[i]])
            if s["ci"][1] < target or (s["replications"] >= N and s["ci"][0] < target):
                lo[i] = c                                            # fails
                if prov[i] is not None and prov[i] <= c:
                    prov[i] = None                                   # a screened pass not confirmed
                    probe[i] = c + 1
                elif hi[i] is None and prov[i] is None:
                    _saturated(names[i], results[i], c, target, vary)
                    probe[i] = c + max(1, c - bounds[i]["lower_bound"] + 1)
            elif s["replications"] >= N:
                hi[i] = c                                            # passes on the full count
            elif s["ci"][0] >= target:
                prov[i] = c if prov[i] is None else min(prov[i], c)  # screened pass, confirm later
            # otherwise undecided: the next round runs the full count at the same candidate

    answer = hi
    curve = {n: [{vary: c, **_stats(v)} for c, v in sorted(results[i].items())] for i, n in enumerate(names)}
    final = {n: _stats(results[i][answer[i]]) for i, n in enumerate(names)}
    other = "part_time" if vary == "full_time" else "full_time"
    ans = {}
    for i, p in enumerate(sc.staff.pools):
        a = {vary: answer[i], other: getattr(p, other), "compliance": final[names[i]]}
        a["fte"] = a["full_time"] + a["part_time"] * loads[i]["part_time_unit"]
        ans[names[i]] = a
    below = {}
    for i, n in enumerate(names):
        prev = results[i].get(answer[i] - 1)
        below[n] = (answer[i] - 1 < bounds[i]["lower_bound"]) or (prev is not None and _stats(prev)["ci"][0] < target)
    return {
        "scenario": sc.name, "target": target, "replications": N, "vary": vary,
        "criterion": "lower end of the 95% CI of compliance >= target, per pool",
        "answer": ans,
        "total_full_time": sum(a["full_time"] for a in ans.values()),
        "total_part_time": sum(a["part_time"] for a in ans.values()),
        "total_fte": sum(a["fte"] for a in ans.values()),
        "below_answer_fails": below,
        "erlang": bounds, "loads": loads,
        "curve": curve,
        "evaluations": evaluations,
        "simulated_replications": simulated,
    }
