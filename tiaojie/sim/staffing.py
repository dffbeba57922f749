"""The staffing search: the fewest mediators per pool meeting every compliance target.

Criterion ("with stated confidence", :mod:`tiaojie.sim.targets`): a pool passes when, for its
overall target and each segment target that applies to it, the lower end of the 95%
confidence interval (t, over replications) of time-limit compliance reaches the target.
What is searched (``vary``): full-time counts (part-time fixed, the default), part-time counts
(full-time fixed) or ``surge``: temporary full-time staff for a window of days on top of the
scenario's permanent staff.

Method:
1. The offered work per pool is read from replication 0's case stream (no simulation):
   hours and work steps per available (productive) full-time hour, and the hours of cases
   part-timers may not take (docs/explanation/simulation.md §2).
2. Erlang C on that load gives a hard lower bound (utilisation < 1 — and, for part-time
   searches, full-timers able to carry the long cases) and an estimate (the smallest staffing
   with P(wait < 1 working day) ≥ target).
3. Search from the estimate: widen upward until a pass, then step down one at a time (bisect
   while the bracket is wider than ``STEP_DOWN``), all pools at once — pools
   share no cases, so one simulation of a staffing vector tests every pool, and each pool's
   results are kept per (count, replication) and reused. Every candidate sees the same cases
   (common random numbers; a worker keeps each replication's case stream). A candidate first
   runs ``SCREEN_REPS`` replications: if a criterion's whole CI is below its target it fails
   there (early stopping); a pass is only ever declared on the full count.
"""

from __future__ import annotations

import math

from ..core.errors import TiaojieError
from . import targets as T
from .erlang import min_servers_for, mmc_metrics
from .runner import default_workers, map_replications, prestart

SCREEN_REPS = 4
STEP_DOWN = 4          # below a pass, try one fewer while the bracket is this narrow
VARY = ("full_time", "part_time", "surge")


def offered_load(sc, pilot: dict) -> list[dict]:
    """Per pool: offered load in full-time equivalents and Erlang C inputs, from
    :func:`tiaojie.sim.casegen.demand` plus ``available_hours_per_full_time`` (productive)."""
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
    """Per pool: the Erlang C hard lower bound and estimate of the searched count."""
    day = sc.staff.hours_per_day * sc.staff.productive_share      # one working day of work
    res = []
    for L in loads:
        load = L["load_fte"]
        total = (min_servers_for(L["arrival_rate"], L["service_rate"], wait_threshold=day,
                                 target=target) if load > 0 else 0)
        if vary == "surge":
            lower, est = 0, 0
        elif vary == "full_time":
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
                         sc.staff.hours_per_day * sc.staff.productive_share) if L["arrival_rate"] > 0 else None)
        cur[p.name] = {"utilisation": L["load_fte"] / c if c else math.inf,
                       "p_wait_lt_day": m["p_wait_lt"] if m else 1.0}
    return {"pools": b, "current": cur, "loads": loads}


def candidate(sc, vary: str, counts: list[int], surge_window=None):
    """The scenario with the searched counts in place."""
    if vary == "surge":
        start, days = surge_window
        return sc.with_surge_staff(counts, start, days)
    return sc.with_staff(**{vary: counts})


def candidate_job(job: tuple) -> dict:
    """(scenario, replication, config path, vary, counts, pools to simulate, surge window) →
    per pool, the values of its criteria."""
    sc, rep, cfg_path, vary, counts, only, window, target = job
    from ..rules import load_config
    from .model import run_replication

    r = run_replication(candidate(sc, vary, counts, window), rep, config=load_config(cfg_path),
                        cache=True, only_pools=set(only))
    crit = T.criteria(sc, target)
    names = [p.name for p in sc.staff.pools]
    return {names[i]: T.values(r, names[i], crit[i]) for i in only}


def _saturated(name: str, res: dict, c: int, vary: str, crit: list[dict]) -> None:
    """Stop widening when doubling the staff no longer raises a failing criterion: its target is
    above what staffing can reach (waits and time limits cap it, or part-timers cannot take
    the rest). The message names the segment."""
    half = [k for k in res if k <= c // 2 and len(res[k]) == len(res[c])]
    if c < 8 or not half:
        return
    before, now = T.stats(res[max(half)], crit), T.stats(res[c], crit)
    for b, a in zip(before, now):
        if a["mean"] is None or a["ci"][0] >= a["target"] or b["mean"] is None:
            continue
        if a["mean"] - b["mean"] < 0.002 and a["mean"] >= a["target"]:
            raise TiaojieError(f"{name}：{a['label']}办结率平均 {a['mean']:.1%} 已达目标 {a['target']:.0%}，"
                               f"但 {a['replications']} 次重复的 95% 置信区间下限只有 {a['ci'][0]:.1%}，"
                               "增加人数无助于收窄区间；请增加重复次数（命令行：--replications）")
        if a["mean"] - b["mean"] < 0.002:
            what = {"full_time": "专职", "part_time": "兼职", "surge": "临时"}[vary]
            hint = "请先增加专职人数" if vary == "part_time" else "请检查期限、等待时间参数或降低目标"
            raise TiaojieError(f"{name}：{what}人数从 {max(half)} 增至 {c}，{a['label']}办结率仅从 {b['mean']:.1%} "
                               f"到 {a['mean']:.1%}，已接近上限，达不到目标 {a['target']:.0%}；{hint}")


class _Search:
    """Bookkeeping of the search: per pool, the known fail/pass counts and all results."""

    def __init__(self, sc, bounds, crit, N):
        k = len(sc.staff.pools)
        self.names = [p.name for p in sc.staff.pools]
        self.bounds, self.crit, self.N = bounds, crit, N
        self.lo = [b["lower_bound"] - 1 for b in bounds]   # largest count known to fail
        self.hi: list = [None] * k                         # smallest count known to pass (full reps)
        self.prov: list = [None] * k                       # smallest count whose screen passed
        self.probe = [b["erlang_estimate"] for b in bounds]
        self.results: list[dict[int, dict[int, tuple]]] = [{} for _ in range(k)]

    def next_candidate(self, i: int, max_staff: int, target: float) -> tuple[int, list[int]]:
        """(count to simulate for pool i, replications still needed)."""
        lo, hi, prov, N = self.lo[i], self.hi[i], self.prov[i], self.N
        upper = hi if hi is not None else prov
        if hi is not None and hi - lo <= 1:
            return hi, []                                  # settled
        if upper is None:
            c = self.probe[i]
        elif upper - lo > 1:          # step down near a pass (the estimate is usually close), else bisect
            c = upper - 1 if upper - lo <= STEP_DOWN else (lo + upper) // 2
        else:
            c = upper                                      # confirm a screened pass on the full count
        if c > max_staff:
            raise TiaojieError(f"{self.names[i]}：人数达到 {max_staff} 仍未达到目标 {target:.0%}"
                               "（目标可能无法达到，请检查期限与等待时间参数）")
        have = self.results[i].get(c, {})
        n = N if (c == upper or len(have) >= min(N, SCREEN_REPS)) else min(N, SCREEN_REPS)
        return c, [r for r in range(n) if r not in have]

    def judge(self, i: int, c: int, vary: str) -> None:
        v = T.verdict(T.stats(self.results[i][c], self.crit[i]), self.N)
        if v == "fail":
            self.lo[i] = c
            if self.prov[i] is not None and self.prov[i] <= c:
                self.prov[i] = None                        # a screened pass not confirmed
                self.probe[i] = c + 1
            elif self.hi[i] is None and self.prov[i] is None:
                _saturated(self.names[i], self.results[i], c, vary, self.crit[i])
                self.probe[i] = c + max(1, c - self.bounds[i]["lower_bound"] + 1)
        elif v == "pass":
            self.hi[i] = c
        elif v == "screened":
            self.prov[i] = c if self.prov[i] is None else min(self.prov[i], c)


def _pilot(sc, cfg: str) -> dict:
    from ..rules import load_config
    from .casegen import demand
    from .due_dates import WorkClock
    from .model import day_tables, rule_table

    config = load_config(cfg)
    tables = day_tables(sc, config)
    pilot = demand(sc, 0, tables, rule_table(config, tables))
    pilot["available_hours_per_full_time"] = WorkClock(
        tables, sc.staff.hours_per_day * sc.staff.productive_share).available_hours(
        float(sc.warmup_days), float(sc.horizon_days))
    return pilot


def search_staff(sc, *, target: float | None = None, replications: int | None = None,
                 workers: int | None = None, dask_address: str | None = None,
                 config_path: str | None = None, progress: bool = False, max_staff: int = 5000,
                 vary: str = "full_time", surge_window: tuple[int, int] | None = None,
                 on_progress=None) -> dict:
    """The staffing answer. ``on_progress(round, done, total, candidate)`` is called as each
    replication finishes (the app's progress bar)."""
    from ..rules import config_path as _cfg_path

    if vary not in VARY:
        raise TiaojieError(f"vary 应为 full_time、part_time 或 surge（得到 {vary}）")
    if vary == "surge" and not surge_window:
        raise TiaojieError("搜索临时人员须给出冲击期（起始日、天数）/ surge search needs --surge-window START DAYS")
    target = sc.target if target is None else float(target)
    N = sc.replications if replications is None else int(replications)
    cfg = str(_cfg_path(config_path))
    if workers is None and not dask_address:
        workers = default_workers()                  # once: every round then keeps the same workers
    prestart(workers, dask_address)                  # workers start while the load is read
    loads = offered_load(sc, _pilot(sc, cfg))
    bounds = erlang_bounds(sc, loads, target, vary)
    crit = T.criteria(sc, target)
    s = _Search(sc, bounds, crit, N)
    k = len(s.names)
    evaluations = simulated = 0
    while True:
        plan = [s.next_candidate(i, max_staff, target) for i in range(k)]
        cand, need = [c for c, _ in plan], [n for _, n in plan]
        jobs = [(sc, r, cfg, vary, cand, [i for i in range(k) if r in need[i]], surge_window, target)
                for r in sorted(set().union(*need))]
        if not jobs:
            break
        evaluations += 1
        cb = None if on_progress is None else (lambda done, total, e=evaluations, c=cand: on_progress(e, done, total, c))
        out = map_replications(candidate_job, jobs, workers=workers, dask_address=dask_address,
                               progress=progress, desc=f"候选 {cand}", on_progress=cb)
        simulated += len(jobs)
        for job, res in zip(jobs, out):
            for i in job[5]:
                s.results[i].setdefault(cand[i], {})[job[1]] = res[s.names[i]]
        for i in range(k):
            if need[i]:
                s.judge(i, cand[i], vary)
    return _report(sc, s, loads, bounds, target, vary, evaluations, simulated, surge_window)


def _report(sc, s: _Search, loads, bounds, target, vary, evaluations, simulated, window) -> dict:
    names, answer = s.names, s.hi
    field = "surge_full_time" if vary == "surge" else vary
    curve, ans, binding = {}, {}, {}
    for i, (n, p) in enumerate(zip(names, sc.staff.pools)):
        curve[n] = [{field: c, **_overall(T.stats(v, s.crit[i]))} for c, v in sorted(s.results[i].items())]
        st = T.stats(s.results[i][answer[i]], s.crit[i])
        a = {"full_time": p.full_time, "part_time": p.part_time, vary if vary != "surge" else field: answer[i],
             "compliance": _overall(st), "segments": [_seg(x) for x in st[1:]]}
        a["fte"] = a["full_time"] + a["part_time"] * loads[i]["part_time_unit"]
        ans[n] = a
        prev = s.results[i].get(answer[i] - 1)
        unstable = answer[i] - 1 < bounds[i]["lower_bound"]
        binding[n] = {"pool": n, "count": answer[i],
                      **T.binding(st, T.stats(prev, s.crit[i]) if prev else None, unstable or prev is None)}
    worst = max(binding.values(), key=lambda b: b["count"] - bounds[names.index(b["pool"])]["lower_bound"])
    out = {
        "scenario": sc.name, "target": target, "replications": s.N, "vary": vary,
        "criterion": "lower end of the 95% CI of compliance >= target, per pool and segment",
        "rule": T.RULE, "productive_share": sc.staff.productive_share,
        "segment_targets": [t.model_dump(mode="json") for t in sc.segment_targets],
        "answer": ans, "binding": binding, "binding_overall": worst,
        "total_full_time": sum(a["full_time"] for a in ans.values()),
        "total_part_time": sum(a["part_time"] for a in ans.values()),
        "total_fte": sum(a["fte"] for a in ans.values()),
        "below_answer_fails": {n: binding[n]["reason"] in ("fails_with_one_fewer", "erlang_lower_bound")
                               for n in names},
        "erlang": bounds, "loads": loads, "curve": curve,
        "evaluations": evaluations, "simulated_replications": simulated,
    }
    if vary == "surge":
        out["surge_window"] = {"start_day": window[0], "days": window[1]}
        out["total_surge_full_time"] = sum(a[field] for a in ans.values())
    return out


def _overall(st: list[dict]) -> dict:
    return {"mean": st[0]["mean"], "ci": st[0]["ci"], "replications": st[0]["replications"]}


def _seg(s: dict) -> dict:
    return {"segment": s["label"], "key": s["key"], "target": s["target"], "mean": s["mean"], "ci": s["ci"]}
