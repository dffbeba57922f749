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

import numpy as np
import simpy

from ..rules.config import PracticeConfig, load_config
from ..rules.enums import Origin, Sector, Track
from .arrivals import CHANNELS, daily_rates, surge_rates
from .calendar import DayTables, WorkClock
from .casemix import ORIGINS, TRACKS, RuleTable, draw_batch, effort_multiplier
from .engine import MediatorPool
from .streams import purpose_generators, replication_seed

BLOCK_DAYS = 7
OUTCOME_CODES = ("settled", "accepted", "refused", "failed", "withdrawn")
OFFICE_START, OFFICE_HOURS = 9.0 / 24, 8.0 / 24


_TABLES: dict = {}


def day_tables(sc, cfg: PracticeConfig) -> DayTables:
    """Day tables cached per process (start, horizon, configuration object)."""
    key = (sc.start_date, sc.horizon_days, id(cfg))
    hit = _TABLES.get(key)
    if hit is None or hit[0] is not cfg:
        if len(_TABLES) > 8:
            _TABLES.clear()
        hit = _TABLES[key] = (cfg, DayTables(sc.start_date, sc.horizon_days, cfg))
    return hit[1]


class Case:
    __slots__ = ("arrival", "due", "fc_due", "track", "origin", "pool", "mediator", "effort",
                 "step", "steps", "waits", "outcome", "started", "first", "recuse", "joint",
                 "pending", "twin_effort", "jc", "done_work", "measured")


class _Twin:
    __slots__ = ("case", "effort", "started")

    def __init__(self, case, effort):
        self.case, self.effort, self.started = case, effort, 0.0


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
                    config: PracticeConfig | None = None, tables: DayTables | None = None) -> dict:
    """One replication of the scenario; returns the KPIs as plain numbers."""
    cfg = config or load_config()
    horizon, warm = sc.horizon_days, float(sc.warmup_days)
    tables = tables or day_tables(sc, cfg)
    gens = purpose_generators(replication_seed(sc.seed if seed is None else seed, replication))
    rng_arr, rng_mix, rng_eff = gens["arrivals"], gens["casemix"], gens["effort"]
    rng_wait, rng_out, rng_asg, rng_day = gens["waits"], gens["outcomes"], gens["assignment"], gens["intraday"]
    rules = RuleTable(cfg, tables)
    env = simpy.Environment()
    st = Stats(len(sc.staff.pools), len(TRACKS), len(ORIGINS))
    track_params = [sc.tracks[t.value] for t in TRACKS]
    out_cum = []
    for tp in track_params:
        keys = [k for k in OUTCOME_CODES if tp.outcomes.get(k, 0) > 0]
        out_cum.append((keys, np.cumsum([tp.outcomes[k] for k in keys]).tolist()))

    # mediator pools
    working = tables.working
    ft_clock = WorkClock(working, sc.staff.hours_per_day)
    pools: list[MediatorPool] = []
    avail = []
    for i, p in enumerate(sc.staff.pools):
        pt_clock = WorkClock(working, p.part_time_hours_per_week / 5.0)
        clocks = [ft_clock] * p.full_time + [pt_clock] * p.part_time
        pools.append(MediatorPool(env, clocks, None, count_from=warm, index=i))
        avail.append(p.full_time * ft_clock.available_hours(warm, horizon)
                     + p.part_time * pt_clock.available_hours(warm, horizon))
    sector_pool = {}
    for s in Sector:
        try:
            sector_pool[list(Sector).index(s)] = sc.pool_for(s)
        except KeyError:
            pass

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
        if case.measured:
            met = now <= case.due
            st.comp[case.pool, case.track, case.origin, 0] += met
            st.comp[case.pool, case.track, case.origin, 1] += 1
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
                case.mediator = -1
                case.pending = 1
                pools[case.pool].submit(case.fc_due, case, -1)
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
            pool.submit(case.due, _Twin(case, case.twin_effort), -1)
        else:
            case.pending = 1
        pool.submit(case.due, case, case.mediator)

    for p in pools:
        p.on_done = on_done

    def on_arrive(ev):
        case = ev._value
        now = env._now
        account(now)
        st.arrivals += 1
        st.open += 1
        if case.measured:
            st.w_arrivals += 1
            st.w_open += 1
            st.w_open_arr += now
        case.pending = 1
        pools[case.pool].submit(case.fc_due, case, case.mediator)

    # arrivals
    chan_names, rates = daily_rates(sc, tables, horizon)
    chan_origin = np.array([ORIGINS.index(Origin(CHANNELS[c][0])) for c in chan_names], dtype=np.int64)
    court_origins = [ORIGINS.index(o) for o in Origin if o.is_court]
    office_only = np.array([CHANNELS[c][1] for c in chan_names], dtype=bool)
    surge_cols = [surge_rates(s, horizon) for s in sc.arrivals.surges]
    mix = sc.case_mix
    backlog = []
    cum_arrivals: list[int] = []

    def make_cases(day0, day1):
        for surge, col in [(None, None)] + list(zip(sc.arrivals.surges, surge_cols)):
            if surge is None:
                lam = rates[day0:day1]
                if lam.size == 0:
                    continue
                counts = rng_arr.poisson(lam)                       # days × channels
                n = int(counts.sum())
                if n == 0:
                    continue
                day_idx = np.repeat(np.repeat(np.arange(day0, day1), counts.shape[1]), counts.ravel())
                ch_idx = np.repeat(np.tile(np.arange(counts.shape[1]), day1 - day0), counts.ravel())
                origin_idx = chan_origin[ch_idx]
                office = office_only[ch_idx]
            else:
                counts = rng_arr.poisson(col[day0:day1])
                n = int(counts.sum())
                if n == 0:
                    continue
                day_idx = np.repeat(np.arange(day0, day1), counts)
                origin_idx = np.zeros(n, dtype=np.int64)       # self-received via the platform
                office = np.zeros(n, dtype=bool)
            u = rng_day.random(n)
            t_arr = day_idx + np.where(office, OFFICE_START + u * OFFICE_HOURS, u)
            b = draw_batch(sc, rng_mix, n, origin_idx, surge)
            trk, dues = rules.classify(b["sector"], b["origin"], b["proc"], b["opted"], b["clear"],
                                       b["appraisal"], b["multi"], b["mass"], b["declines"], b["amount"])
            mult = effort_multiplier(sc, b, surge)
            tasks = np.array([tp.tasks for tp in track_params])[trk]
            mean_eff = np.array([tp.effort_hours for tp in track_params])[trk] * mult
            cv = np.array([tp.effort_cv for tp in track_params])[trk]
            shape = np.where(cv > 0, 1.0 / np.maximum(cv, 1e-9) ** 2, 1e9)
            total = rng_eff.gamma(shape, mean_eff / shape)
            per_step = (total / tasks).tolist()
            kmax = int(tasks.max())
            e = rng_wait.exponential(1.0, size=(n, kmax + 1))
            wf = np.where(np.isin(origin_idx, court_origins), mix.court_wait_factor, 1.0)
            inst = np.array([tp.institution_response_days for tp in track_params])[trk] * wf
            wd = np.array([tp.wait_days for tp in track_params])[trk] * wf
            post = np.array([tp.post_days for tp in track_params])[trk]
            uo = rng_out.random((n, 2)).tolist()
            ua = rng_asg.random((n, 4))
            choose = (ua[:, 0] < mix.party_choice)
            recuse = (ua[:, 1] < mix.recusal).tolist()
            joint = ((trk == TRACKS.index(Track.complex))
                     & (ua[:, 2] < mix.joint_share_complex)).tolist()
            pool_idx = np.array([sector_pool[s] for s in b["sector"].tolist()]) if n else np.zeros(0, int)
            sizes = np.array([len(p_.clocks) for p_ in pools])[pool_idx]
            chosen = np.where(choose & (sizes > 0), (ua[:, 3] * sizes).astype(np.int64), -1).tolist()
            trk_l, org_l, pool_l, tasks_l = trk.tolist(), origin_idx.tolist(), pool_idx.tolist(), tasks.tolist()
            days_l, t_l = day_idx.tolist(), t_arr.tolist()
            fc_table = rules.first_contact_due
            e_l = e.tolist()
            inst_l, wd_l, post_l = inst.tolist(), wd.tolist(), post.tolist()
            jmult = sc.effort.joint
            jc_share = mix.judicial_confirmation_share
            for i in range(n):
                c = Case()
                d = days_l[i]
                c.arrival = t_l[i]
                c.due = dues[i][d] + 1.0
                c.fc_due = fc_table[d] + 1.0
                c.track = k = trk_l[i]
                c.origin = org_l[i]
                c.pool = pool_l[i]
                c.mediator = chosen[i]
                c.effort = per_step[i]
                c.twin_effort = per_step[i] * jmult
                c.step = 0
                c.steps = ns = tasks_l[i]
                row = e_l[i]
                ws = [row[0] * inst_l[i]] + [x * wd_l[i] for x in row[1:ns - 1]] if ns > 1 else []
                ws.append(row[ns] * post_l[i])
                c.waits = ws
                keys, cum = out_cum[k]
                x = uo[i][0]
                j = 0
                while j < len(cum) - 1 and x >= cum[j]:
                    j += 1
                c.outcome = keys[j]
                c.jc = c.outcome == "settled" and uo[i][1] < jc_share
                c.first = False
                c.recuse = recuse[i]
                c.joint = joint[i]
                c.done_work = False
                c.measured = c.arrival >= warm
                env.timeout(c.arrival - env._now, c).callbacks.append(on_arrive)

    def tick(ev):
        day = int(round(env._now))
        backlog.append(st.open)
        cum_arrivals.append(st.arrivals)
        if day % BLOCK_DAYS == 0 and day < horizon:
            make_cases(day, min(horizon, day + BLOCK_DAYS))
        if day + 1 < horizon:
            env.timeout(1.0).callbacks.append(tick)

    env.timeout(0.0).callbacks.append(tick)
    env.run(until=float(horizon))
    account(float(horizon))
    out = _kpis(sc, st, pools, avail, backlog, rules, tables, horizon, warm,
                ft_clock.available_hours(warm, horizon))
    cum_arrivals.append(st.arrivals)
    out["intake"] = [b - a for a, b in zip(cum_arrivals[:-1], cum_arrivals[1:])]
    return out


def _kpis(sc, st, pools, avail, backlog, rules, tables, horizon, warm, avail_ft) -> dict:
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
        "rule_calls": rules.calls,
        "calendar_warnings": tables.warnings,
    }

