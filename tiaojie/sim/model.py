"""The caseload model: arrivals → intake → (institution response, party waits, sessions) →
agreement / written proposal → close. Effort drives staffing; elapsed time drives compliance.

A case (:class:`WorkItem`) is a sequence of work steps (``tracks.<t>.tasks``) that need a
mediator for ``effort/tasks`` working hours each, separated by waits that need no mediator: the
institution's response after intake (art. 二十一) and the parties between later steps, then an
optional post-period (the consumer's acceptance of a small-claims proposal, signing). The time
limit (from the rules) is met if the last work step ends by the end of the due day.

:class:`CaseloadModel` holds one replication's state; its methods are the event handlers.
Statistics are streamed into :class:`Tally`; only a per-day backlog series is kept, and the
event log only when asked (``record=True``).
"""

from __future__ import annotations

import math
from array import array

import numpy as np

from ..rules import PracticeConfig, load_config
from .casegen import OUTCOME_CODES, CaseStream
from .casemix import ORIGINS, TRACKS, RuleTable
from .due_dates import MARGIN_DAYS, DayTables, WorkClock
from .engine import MediatorPool
from .result import EventLog, Little, ReplicationResult
from .simpy_fast import Environment, now as _now, schedule, value_of

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


BYTES_PER_DAY = 64          # day tables, clocks, backlog and intake series (measured ≈ 30)
MEMORY_SHARE = 0.5          # refuse a horizon whose day tables would take half the free memory


def available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def memory_guard(sc) -> None:
    """Refuse (naming ``horizon_days``) a horizon the machine's free memory cannot hold. Per-case
    state is bounded by the open cases, so the horizon's day tables are what grows."""
    need = (sc.horizon_days + MARGIN_DAYS) * BYTES_PER_DAY
    free = available_memory()
    if free is not None and need > MEMORY_SHARE * free:
        from .scenario import ScenarioError
        raise ScenarioError(sc.name, "horizon_days", f"{sc.horizon_days} 天约需 {need / 2**20:.0f} MB，"
                            f"超过可用内存的一半（{free / 2**20:.0f} MB）；请缩短仿真期")


class WorkItem:
    """One simulated dispute as the mediator pool sees it (not the case bank's ``Case``)."""
    __slots__ = ("cid", "arrival", "due", "fc_due", "track", "origin", "pool", "mediator",
                 "effort", "step", "steps", "waits", "outcome", "started", "first", "recuse",
                 "joint_case", "joint", "twin", "avoid", "expire", "jc", "measured", "short")


class Tally:
    """Accumulators for one replication (the ``w_`` ones: cases arriving after warm-up)."""

    def __init__(self, n_pools: int, warm: float):
        self.warm = warm
        self.arrivals = self.closed = self.open = 0
        self.area = self.last_t = 0.0
        self.w_arrivals = self.w_closed = self.w_open = 0
        self.w_area = self.w_sojourn = self.w_open_arr = 0.0
        self.comp = np.zeros((n_pools, len(TRACKS), len(ORIGINS), 2), dtype=np.int64)
        self.outcomes = dict.fromkeys(OUTCOME_CODES, 0)
        self.jc = self.fc_n = self.fc_met = self.abandoned = 0
        self.fc_sum = 0.0
        self.pt = [0, 0]                    # cases owned by part-timers: [met, judged]

    def account(self, t: float) -> None:
        self.area += self.open * (t - self.last_t)
        if t > self.warm:
            self.w_area += self.open * (t - max(self.last_t, self.warm))
        self.last_t = t


class CaseloadModel:
    """One replication of a scenario. ``run()`` returns a :class:`ReplicationResult`.

    ``cache=True`` keeps the replication's case stream in the process for the next run with the
    same demand (the staffing search's candidates); ``only_pools`` simulates only the cases of
    those pools (pools share no cases, so their results are unchanged); ``record=True`` keeps
    the event log (``result.events``)."""

    def __init__(self, sc, replication: int = 0, *, seed: int | None = None,
                 config: PracticeConfig | None = None, tables: DayTables | None = None,
                 cache: bool = False, only_pools: set[int] | None = None, record: bool = False):
        self.sc, self.rep, self.cache, self.only = sc, int(replication), cache, only_pools
        memory_guard(sc)
        cfg = config or load_config()
        self.horizon, self.warm = sc.horizon_days, float(sc.warmup_days)
        self.tables = tables or day_tables(sc, cfg)
        self.stream = CaseStream(sc, replication, self.tables, rule_table(cfg, self.tables), seed)
        self.env = Environment()
        self.tally = Tally(len(sc.staff.pools), self.warm)
        self.log = EventLog() if record else None
        self.working: set = set()           # measured cases whose work is not finished
        self.backlog, self.intake = array("i"), array("i")
        self.classes: set = set()
        self.n_cases = self._last_arrivals = 0
        self.open_cases: dict = {}          # logged runs: cases not yet closed
        self._build_pools()

    def _build_pools(self) -> None:
        sc, share = self.sc, self.sc.staff.productive_share
        self.ft_clock = WorkClock(self.tables, sc.staff.hours_per_day * share)
        self.pools, self.avail = [], {}
        self.duty: list[tuple] = []        # (pool, first mediator, count, start, end) of surge staff
        for i, p in enumerate(sc.staff.pools):
            pt_clock = WorkClock(self.tables, p.part_time_hours_per_week * share / 5.0)
            temp = sum(s.full_time for s in p.surge_staff)
            clocks = [self.ft_clock] * (p.full_time + temp) + [pt_clock] * p.part_time
            pool = MediatorPool(self.env, clocks, self.on_done, count_from=self.warm, index=i,
                                n_full=p.full_time + temp, part_time_cap=p.part_time_max_open,
                                log=[] if self.log is not None else None)
            self.pools.append(pool)
            hours = (p.full_time * self.ft_clock.available_hours(self.warm, self.horizon)
                     + p.part_time * pt_clock.available_hours(self.warm, self.horizon))
            m = p.full_time
            for s in p.surge_staff:
                t0, t1 = float(s.start_day), float(min(s.start_day + s.days, self.horizon))
                for k in range(m, m + s.full_time):
                    pool.deactivate(k)
                self.duty.append((i, m, s.full_time, t0, t1))
                hours += s.full_time * self.ft_clock.available_hours(max(t0, self.warm), max(t1, self.warm))
                m += s.full_time
            self.avail[p.name] = hours
        self.sizes = [len(p.clocks) for p in self.pools]
        self.partners = [p.n if p.pt_partners else p.nf for p in self.pools]

    # --- events ---------------------------------------------------------------------------
    def on_arrive(self, ev) -> None:
        case, t, st = value_of(ev), _now(self.env), self.tally
        st.account(t)
        st.arrivals += 1
        st.open += 1
        if self.log is not None:
            self.open_cases[case.cid] = case
        if case.expire < math.inf:
            schedule(self.env, case.expire - t, self.on_patience, case)
        if case.measured:
            self.working.add(case)
            st.w_arrivals += 1
            st.w_open += 1
            st.w_open_arr += t
        pool = self.pools[case.pool]
        m = case.mediator
        if m >= 0 and not pool.may_choose(m, case.short):
            m = case.mediator = -1           # the chosen part-timer cannot take it: organisation assigns
        pool.submit(case.fc_due, case, m, case.short)

    def on_duty(self, ev) -> None:
        i, m0, n, on = value_of(ev)
        pool = self.pools[i]
        for m in range(m0, m0 + n):
            (pool.activate if on else pool.deactivate)(m)

    def on_done(self, pool, m: int, case) -> None:
        if case.mediator >= 0 and not pool.active[case.mediator]:
            case.mediator = m                # a temporary mediator left: the case changed hands
        if case.step == 0:
            if not case.first:
                case.first = True
                if case.measured:
                    st = self.tally
                    st.fc_n += 1
                    st.fc_sum += case.started - case.arrival
                    st.fc_met += case.started <= case.fc_due
            case.mediator = m
            case.expire = math.inf
        self.after_step(case, _now(self.env))

    def on_patience(self, ev) -> None:
        """A party's patience ran out: withdrawn if still waiting for first contact (the pool
        steps over a task whose ``expire`` has passed)."""
        case = value_of(ev)
        if case.step == 0 and case.started < 0:
            case.outcome = "withdrawn"
            case.mediator = -1
            self.tally.abandoned += case.measured
            self.finish_work(case, _now(self.env), judged=False)

    def after_step(self, case, t: float) -> None:
        case.step += 1
        if case.step == 1:
            if case.recuse:                  # the intake mediator recuses: never works it again
                case.recuse = False
                case.step = 0
                pool = self.pools[case.pool]
                case.avoid = case.mediator
                pool.release(case.mediator)
                case.mediator = -1
                pool.submit(case.fc_due, case, -1, case.short)
                return
            if case.outcome == "withdrawn":
                self.finish_work(case, t)
                return
        if case.step >= case.steps:
            self.finish_work(case, t)
            return
        schedule(self.env, case.waits[case.step - 1], self.on_wait_over, case)

    def on_wait_over(self, ev) -> None:
        case = value_of(ev)
        if case.joint_case:                  # a joint session: its length, two mediators held
            case.joint = True
            case.effort = case.twin
        pool = self.pools[case.pool]
        m = case.mediator
        if m >= 0 and not pool.active[m]:    # its temporary mediator has left: the pool reassigns
            pool.submit(case.due, case, -1, False)
            return
        pool.submit(case.due, case, m, case.short)

    def finish_work(self, case, t: float, judged: bool = True) -> None:
        pool = self.pools[case.pool]
        m = case.mediator
        if m >= 0:
            pool.release(m)
        if case.measured:
            self.working.discard(case)
            if judged:
                met = t <= case.due
                comp = self.tally.comp
                comp[case.pool, case.track, case.origin, 0] += met
                comp[case.pool, case.track, case.origin, 1] += 1
                if m >= pool.nf:
                    self.tally.pt[0] += met
                    self.tally.pt[1] += 1
        post = case.waits[-1]
        if post > 0 and case.outcome != "withdrawn":
            schedule(self.env, post, self.on_post, case)
        else:
            self.close(case, t)

    def on_post(self, ev) -> None:
        self.close(value_of(ev), _now(self.env))

    def close(self, case, t: float) -> None:
        st = self.tally
        st.account(t)
        st.open -= 1
        st.closed += 1
        if self.log is not None:
            self._log_case(case, t)
            del self.open_cases[case.cid]
        if case.measured:
            st.w_closed += 1
            st.w_sojourn += t - case.arrival
            st.w_open -= 1
            st.w_open_arr -= case.arrival
            st.outcomes[case.outcome] += 1
            st.jc += case.jc

    def _log_case(self, case, closed) -> None:
        self.log.cases.append((case.cid, case.arrival, closed, case.outcome, TRACKS[case.track].value,
                               ORIGINS[case.origin].value, self.sc.staff.pools[case.pool].name,
                               case.due, case.avoid))

    def on_tick(self, ev) -> None:
        day = int(round(_now(self.env)))
        st = self.tally
        self.backlog.append(st.open)
        self.intake.append(st.arrivals - self._last_arrivals)
        self._last_arrivals = st.arrivals
        tables = self.tables
        if tables.is_block_start(day) and day < self.horizon:
            end = day + 1
            while end < self.horizon and not tables.is_block_start(end):
                end += 1
            self.make_cases(day, end)
        if day + 1 < self.horizon:
            schedule(self.env, 1.0, self.on_tick)

    def make_cases(self, day0: int, day1: int) -> None:
        """Turn one week's pre-drawn cases into work items and schedule their arrivals."""
        b = self.stream.block(day0, day1, self.cache)
        self.classes.update(b.classes)
        only, sizes, warm, t0, env = self.only, self.sizes, self.warm, _now(self.env), self.env
        pat, partners = b.patience, self.partners
        for i in range(b.n):
            p = b.pool[i]
            if only is not None and p not in only:
                continue
            c = WorkItem()
            c.cid = self.n_cases
            self.n_cases += 1
            c.arrival = t = b.t[i]
            c.due, c.fc_due, c.track, c.origin, c.pool = b.due[i], b.fc_due[i], b.trk[i], b.org[i], p
            u = b.uchoice[i]
            c.mediator = int(u * sizes[p]) if u >= 0 and sizes[p] else -1
            c.effort, c.steps, c.waits, c.outcome, c.jc = b.eff[i], b.steps[i], b.waits[i], b.outcome[i], b.jc[i]
            c.step, c.first, c.recuse, c.short, c.avoid, c.joint = 0, False, b.recuse[i], b.short[i], -1, False
            c.started = -1.0
            # a joint session needs two mediators besides any who recused (full-timers if any)
            c.joint_case = b.joint[i] and (partners[p] >= 2 + b.recuse[i])
            c.twin = b.twin[i]
            c.expire = t + pat[i]
            c.measured = t >= warm
            schedule(env, t - t0, self.on_arrive, c)

    # --- run ------------------------------------------------------------------------------
    def run(self) -> ReplicationResult:
        for i, m0, n, t0, t1 in self.duty:
            if t0 < self.horizon:
                schedule(self.env, t0, self.on_duty, (i, m0, n, True))
                schedule(self.env, t1, self.on_duty, (i, m0, n, False))
        schedule(self.env, 0.0, self.on_tick)
        self.env.run(until=float(self.horizon))
        self.tally.account(float(self.horizon))
        for case in self.working:           # unfinished at the end: late if the due day has passed
            if case.due <= self.horizon:
                self.tally.comp[case.pool, case.track, case.origin, 1] += 1
        self.intake.append(self.tally.arrivals - self._last_arrivals)
        if self.log is not None:
            self._finish_log()
        return self._result()

    def _finish_log(self) -> None:
        for case in self.open_cases.values():
            self._log_case(case, None)
        for pool, p in zip(self.pools, self.sc.staff.pools):
            for task, m, start, end, kind in pool.log:
                self.log.work.append((task.cid, p.name, m, start, end, kind))

    def _result(self) -> ReplicationResult:
        sc, st = self.sc, self.tally
        window = self.horizon - self.warm
        names = [p.name for p in sc.staff.pools]
        n_ft = sum(p.full_time for p in sc.staff.pools)
        n_pt = sum(p.part_time for p in sc.staff.pools)
        pt_hours = sum(p.part_time * p.part_time_hours_per_week for p in sc.staff.pools) * window / 7.0
        temp_days = sum(n * max(0.0, t1 - max(t0, self.warm)) for _, _, n, t0, t1 in self.duty)
        cost = (sc.cost.full_time_per_year * (n_ft * window + temp_days) / 365.0
                + sc.cost.part_time_per_hour * pt_hours)
        lam = st.w_arrivals / window
        # time in system of the window's arrivals, truncated at the horizon for those still open
        W = ((st.w_sojourn + st.w_open * self.horizon - st.w_open_arr) / st.w_arrivals
             if st.w_arrivals else float("nan"))
        return ReplicationResult(
            pools=names, compliance_counts=st.comp,
            first_contact_mean_days=st.fc_sum / st.fc_n if st.fc_n else None,
            first_contact_on_time=st.fc_met / st.fc_n if st.fc_n else None,
            outcomes=dict(st.outcomes), judicial_confirmations=st.jc,
            effort_hours={n: pl.busy_hours for n, pl in zip(names, self.pools)},
            tasks_started={n: pl.tasks for n, pl in zip(names, self.pools)},
            available_hours=self.avail,
            available_hours_per_full_time=self.ft_clock.available_hours(self.warm, self.horizon),
            cost=cost, arrivals=st.arrivals, closed=st.closed, open_at_end=st.open,
            window_arrivals=st.w_arrivals, window_closed=st.w_closed, abandoned=st.abandoned,
            little=Little(st.w_area / window, lam, W), backlog=self.backlog, intake=self.intake[1:],
            case_classes=len(self.classes), calendar_warnings=self.tables.warnings,
            part_time_cases=st.pt[1], part_time_met=st.pt[0], mediators=n_ft + n_pt,
            window_days=window, events=self.log)


def run_replication(sc, replication: int = 0, **kw) -> ReplicationResult:
    """One replication of the scenario (see :class:`CaseloadModel` for the options)."""
    return CaseloadModel(sc, replication, **kw).run()
