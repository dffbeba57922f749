"""The caseload model: arrivals → intake → (institution response, party waits, sessions) →
agreement / written proposal → close. Effort drives staffing; elapsed time drives compliance.

A case is a sequence of work steps (``tracks.<t>.tasks``) that need a mediator for
``effort/tasks`` working hours each, separated by waits that need no mediator: the
institution's response after intake (art. 二十一) and the parties between later steps, then an
optional post-period (the consumer's acceptance of a small-claims proposal, signing). The time
limit (from the rules) is met if the last work step ends by the end of the due day.
Statistics are streamed; only a per-day backlog series is kept.
"""

from __future__ import annotations

from array import array

import numpy as np
import simpy

from ..rules import PracticeConfig, load_config
from .calendar import DayTables, WorkClock
from .casegen import OFFICE_HOURS, OFFICE_START, OUTCOME_CODES, CaseStream  # noqa: F401
from .casemix import ORIGINS, TRACKS, RuleTable
from .engine import MediatorPool


_TABLES: dict = {}
_RULES: dict = {}


def day_tables(sc, cfg: PracticeConfig) -> DayTables:
    """Day tables cached per process (start, horizon, configuration object)."""
    key = (sc.start_date, sc.horizon_days, id(cfg))
    hit = _TABLES.get(key)
    if hit is None or hit[0] is not cfg:
        if len(_TABLES) > 8:
            _TABLES.clear()
        hit = _TABLES[key] = (cfg, DayTables(sc.start_date, sc.horizon_days, cfg))
    return hit[1]


def rule_table(cfg: PracticeConfig, tables: DayTables) -> RuleTable:
    """The rules cache for these tables, kept per process (replications share it)."""
    key = (id(cfg), id(tables))
    hit = _RULES.get(key)
    if hit is None or hit[0] is not cfg or hit[1] is not tables:
        if len(_RULES) > 8:
            _RULES.clear()
        hit = _RULES[key] = (cfg, tables, RuleTable(cfg, tables))
    return hit[2]


class Case:
    __slots__ = ("arrival", "due", "fc_due", "track", "origin", "pool", "mediator", "effort",
                 "step", "steps", "waits", "outcome", "started", "first", "recuse", "joint",
                 "pending", "twin_effort", "jc", "done_work", "measured", "short")


class _Twin:
    __slots__ = ("case", "effort", "started", "step")

    def __init__(self, case, effort):
        self.case, self.effort, self.started, self.step = case, effort, 0.0, -1


class Stats:
    """Accumulators for one replication (cases arriving after warm-up)."""

    def __init__(self, n_pools, n_tracks, n_origins):
        self.arrivals = 0
        self.closed = 0
        self.open = 0
        self.area = 0.0
        self.last_t = 0.0
        self.w_arrivals = 0
        self.w_area = 0.0
        self.w_closed = 0
        self.w_sojourn = 0.0
        self.w_open = 0
        self.w_open_arr = 0.0
        self.comp = np.zeros((n_pools, n_tracks, n_origins, 2), dtype=np.int64)   # [..., met/total]
        self.outcomes = dict.fromkeys(OUTCOME_CODES, 0)
        self.jc = 0
        self.fc_n = 0
        self.fc_met = 0
        self.fc_sum = 0.0


def run_replication(sc, replication: int = 0, *, seed: int | None = None,
                    config: PracticeConfig | None = None, tables: DayTables | None = None,
                    cache: bool = False, only_pools: set[int] | None = None) -> dict:
    """One replication of the scenario; returns the KPIs as plain numbers.

    ``cache=True`` keeps this replication's case stream in the process for the next call with
    the same demand (the staffing search's candidates); ``only_pools`` simulates only the cases
    of those pools (pools share no cases, so their results are unchanged)."""
    cfg = config or load_config()
    horizon, warm = sc.horizon_days, float(sc.warmup_days)
    tables = tables or day_tables(sc, cfg)
    rules = rule_table(cfg, tables)
    stream = CaseStream(sc, replication, tables, rules, seed)
    env = simpy.Environment()
    st = Stats(len(sc.staff.pools), len(TRACKS), len(ORIGINS))

    # mediator pools: full-timers first, then part-timers
    ft_clock = WorkClock(tables, sc.staff.hours_per_day)
    pools: list[MediatorPool] = []
    avail = []
    for i, p in enumerate(sc.staff.pools):
        pt_clock = WorkClock(tables, p.part_time_hours_per_week / 5.0)
        clocks = [ft_clock] * p.full_time + [pt_clock] * p.part_time
        pools.append(MediatorPool(env, clocks, None, count_from=warm, index=i, n_full=p.full_time,
                                  part_time_cap=p.part_time_max_open))
        avail.append(p.full_time * ft_clock.available_hours(warm, horizon)
                     + p.part_time * pt_clock.available_hours(warm, horizon))
    pt_cases = [0, 0]          # cases owned by part-timers after warm-up: [met, total]
    working: set = set()       # measured cases whose work is not finished (at most the open cases)

    def account(now):
        dt_ = now - st.last_t
        st.area += st.open * dt_
        if now > warm:
            st.w_area += st.open * (now - max(st.last_t, warm))
        st.last_t = now

    def close(case, now):
        account(now)
        st.open -= 1
        st.closed += 1
        if case.measured:
            st.w_closed += 1
            st.w_sojourn += now - case.arrival
            st.w_open -= 1
            st.w_open_arr -= case.arrival
            st.outcomes[case.outcome] += 1
            if case.jc:
                st.jc += 1

    def on_post(ev):
        close(ev._value, env._now)

    def finish_work(case, now):
        case.done_work = True
        pool = pools[case.pool]
        m = case.mediator
        if m >= pool.nf:
            pool.release(m)
        if case.measured:
            working.discard(case)
            met = now <= case.due
            st.comp[case.pool, case.track, case.origin, 0] += met
            st.comp[case.pool, case.track, case.origin, 1] += 1
            if m >= pool.nf:
                pt_cases[0] += met
                pt_cases[1] += 1
        post = case.waits[-1]
        if post > 0 and case.outcome != "withdrawn":
            env.timeout(post, case).callbacks.append(on_post)
        else:
            close(case, now)

    def on_done(pool, m, task):
        now = env._now
        if type(task) is _Twin:
            case = task.case
        else:
            case = task
            if case.step == 0 and not case.first:
                case.first = True
                if case.measured:
                    w = case.started - case.arrival
                    st.fc_n += 1
                    st.fc_sum += w
                    st.fc_met += case.started <= case.fc_due
            case.mediator = m
        case.pending -= 1
        if case.pending == 0:
            after_step(case, now)

    def after_step(case, now):
        case.step += 1
        if case.step == 1:
            if case.recuse:
                case.recuse = False
                case.step = 0
                pool = pools[case.pool]
                if case.mediator >= pool.nf:
                    pool.release(case.mediator)
                case.mediator = -1
                case.pending = 1
                pool.submit(case.fc_due, case, -1, case.short)
                return
            if case.outcome == "withdrawn":
                finish_work(case, now)
                return
        if case.step >= case.steps:
            finish_work(case, now)
            return
        env.timeout(case.waits[case.step - 1], case).callbacks.append(on_wait_over)

    def on_wait_over(ev):
        case = ev._value
        pool = pools[case.pool]
        if case.joint:
            case.pending = 2
            pool.submit(case.due, _Twin(case, case.twin_effort), -1, False)
        else:
            case.pending = 1
        pool.submit(case.due, case, case.mediator, case.short)

    for p in pools:
        p.on_done = on_done
    sizes = [len(p.clocks) for p in pools]

    def on_arrive(ev):
        case = ev._value
        now = env._now
        account(now)
        st.arrivals += 1
        st.open += 1
        if case.measured:
            working.add(case)
            st.w_arrivals += 1
            st.w_open += 1
            st.w_open_arr += now
        case.pending = 1
        pool = pools[case.pool]
        m = case.mediator
        if m >= 0 and not pool.may_choose(m, case.short):
            m = case.mediator = -1           # the chosen part-timer cannot take it: organisation assigns
        pool.submit(case.fc_due, case, m, case.short)

    backlog = array("i")       # per-day series: 4 bytes a day (typed arrays, not lists)
    intake = array("i")

    classes: set = set()

    def make_cases(day0, day1):
        b = stream.block(day0, day1, cache)
        classes.update(b.classes)
        t_l, due_l, fc_l, trk_l, org_l, pool_l, uc_l = b.t, b.due, b.fc_due, b.trk, b.org, b.pool, b.uchoice
        eff_l, twin_l, steps_l, waits_l, out_l, jc_l = b.eff, b.twin, b.steps, b.waits, b.outcome, b.jc
        rec_l, joint_l, short_l = b.recuse, b.joint, b.short
        now0 = env._now
        for i in range(b.n):
            if only_pools is not None and pool_l[i] not in only_pools:
                continue
            c = Case()
            c.arrival = t = t_l[i]
            c.due = due_l[i]
            c.fc_due = fc_l[i]
            c.track = trk_l[i]
            c.origin = org_l[i]
            c.pool = p = pool_l[i]
            u = uc_l[i]
            c.mediator = int(u * sizes[p]) if u >= 0 and sizes[p] else -1
            c.effort = eff_l[i]
            c.twin_effort = twin_l[i]
            c.step = 0
            c.steps = steps_l[i]
            c.waits = waits_l[i]
            c.outcome = out_l[i]
            c.jc = jc_l[i]
            c.first = False
            c.recuse = rec_l[i]
            c.joint = joint_l[i]
            c.short = short_l[i]
            c.done_work = False
            c.measured = t >= warm
            env.timeout(t - now0, c).callbacks.append(on_arrive)

    last = [0]

    def tick(ev):
        day = int(round(env._now))
        backlog.append(st.open)
        intake.append(st.arrivals - last[0])
        last[0] = st.arrivals
        if tables.is_block_start(day) and day < horizon:
            end = day + 1
            while end < horizon and not tables.is_block_start(end):
                end += 1
            make_cases(day, end)
        if day + 1 < horizon:
            env.timeout(1.0).callbacks.append(tick)

    env.timeout(0.0).callbacks.append(tick)
    env.run(until=float(horizon))
    account(float(horizon))
    for case in working:       # unfinished at the end: late if the due day has passed
        if case.due <= horizon:
            st.comp[case.pool, case.track, case.origin, 1] += 1
    out = _kpis(sc, st, pools, avail, backlog, tables, horizon, warm,
                ft_clock.available_hours(warm, horizon), classes)
    intake.append(st.arrivals - last[0])
    out["intake"] = intake[1:]
    out["part_time_cases"] = pt_cases[1]
    out["part_time_compliance"] = pt_cases[0] / pt_cases[1] if pt_cases[1] else None
    return out


def _kpis(sc, st, pools, avail, backlog, tables, horizon, warm, avail_ft, classes) -> dict:
    window = horizon - warm
    comp_p = st.comp
    comp = comp_p.sum(axis=0)
    by_track = {t.value: (float(comp[i, :, 0].sum() / comp[i, :, 1].sum()) if comp[i, :, 1].sum() else None)
                for i, t in enumerate(TRACKS)}
    by_origin = {o.value: (float(comp[:, j, 0].sum() / comp[:, j, 1].sum()) if comp[:, j, 1].sum() else None)
                 for j, o in enumerate(ORIGINS)}
    by_pool = {p.name: (float(comp_p[i, ..., 0].sum() / comp_p[i, ..., 1].sum())
                        if comp_p[i, ..., 1].sum() else None) for i, p in enumerate(sc.staff.pools)}
    total = comp[..., 1].sum()
    o = st.outcomes
    decided = o["settled"] + o["accepted"] + o["refused"] + o["failed"]
    n_ft = sum(p.full_time for p in sc.staff.pools)
    n_pt = sum(p.part_time for p in sc.staff.pools)
    pt_hours = sum(p.part_time * p.part_time_hours_per_week for p in sc.staff.pools) * window / 7.0
    cost = sc.cost.full_time_per_year * n_ft * window / 365.0 + sc.cost.part_time_per_hour * pt_hours
    lam = st.w_arrivals / window
    # time in system of the window's arrivals, truncated at the horizon for those still open
    W = ((st.w_sojourn + st.w_open * horizon - st.w_open_arr) / st.w_arrivals
         if st.w_arrivals else float("nan"))
    return {
        "compliance": float(comp[..., 0].sum() / total) if total else None,
        "compliance_by_track": by_track,
        "compliance_by_origin": by_origin,
        "compliance_by_pool": by_pool,
        "compliance_counts_by_pool": {p.name: [int(comp_p[i, ..., 0].sum()), int(comp_p[i, ..., 1].sum())] for i, p in enumerate(sc.staff.pools)},
        "first_contact_mean_days": st.fc_sum / st.fc_n if st.fc_n else None,
        "first_contact_on_time": st.fc_met / st.fc_n if st.fc_n else None,
        "success_rate": (o["settled"] + o["accepted"]) / decided if decided else None,
        "outcomes": dict(o),
        "judicial_confirmations": st.jc,
        "utilisation": {p.name: (pl.busy_hours / a if a else None)
                        for p, pl, a in zip(sc.staff.pools, pools, avail)},
        "effort_hours": {p.name: pl.busy_hours for p, pl in zip(sc.staff.pools, pools)},
        "tasks_started": {p.name: pl.tasks for p, pl in zip(sc.staff.pools, pools)},
        "available_hours_per_full_time": avail_ft,
        "utilisation_overall": sum(pl.busy_hours for pl in pools) / sum(avail) if sum(avail) else None,
        "cases_per_mediator_year": (st.w_closed / max(n_ft + n_pt, 1)) * 365.0 / window,
        "cost": cost,
        "cost_per_case": cost / st.w_closed if st.w_closed else None,
        "arrivals": st.arrivals, "closed": st.closed, "open_at_end": st.open,
        "window_arrivals": st.w_arrivals, "window_closed": st.w_closed,
        "little": {"L": st.w_area / window, "lambda": lam, "W": W, "lambda_W": lam * W},
        "backlog": backlog,
        "case_classes": len(classes),
        "calendar_warnings": tables.warnings,
    }

