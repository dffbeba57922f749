"""The case stream of one replication: every case's randomness, drawn one calendar week at a time.

Each week's cases come from their own random streams (``streams.block_generators``: seed,
replication, calendar week), so the cases do not depend on the staffing (common random
numbers), nor on the date the run starts (the seasonal warm-up method compares runs started a
year apart). A week is a :class:`Block` of plain lists; the model turns it into cases when the
week begins, and drops it. The staffing search asks for the same replication many times: with
``cache=True`` a worker process keeps the blocks (bounded by ``CACHE_MAX_CASES``) and every
candidate staffing reuses them.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ..rules import Origin, Sector, Track
from .arrivals import CHANNELS, daily_rates, surge_rates
from .casemix import ORIGINS, TRACKS, draw_batch, effort_multiplier
from .streams import block_generators

OFFICE_START, OFFICE_HOURS = 9.0 / 24, 8.0 / 24
OUTCOME_CODES = ("settled", "accepted", "refused", "failed", "withdrawn")
CACHE_MAX_CASES = 400_000          # per worker process, over all cached replications
_CACHE: OrderedDict = OrderedDict()
_CACHE_CASES = [0]


class Block:
    """The cases arriving in one week, as parallel lists."""
    __slots__ = ("t", "due", "fc_due", "trk", "org", "pool", "uchoice", "eff", "twin", "steps",
                 "waits", "outcome", "jc", "recuse", "joint", "short", "patience", "classes", "n")


class CaseStream:
    def __init__(self, sc, replication: int, tables, rules, seed: int | None = None):
        self.sc, self.rep, self.tables, self.rules = sc, int(replication), tables, rules
        self.seed = sc.seed if seed is None else int(seed)
        self.horizon = sc.horizon_days
        tp = [sc.tracks[t.value] for t in TRACKS]
        self.tasks = np.array([t.tasks for t in tp])
        self.eff_mean = np.array([t.effort_hours for t in tp])
        cv = np.array([t.effort_cv for t in tp])
        self.shape = np.where(cv > 0, 1.0 / np.maximum(cv, 1e-9) ** 2, 1e9)
        self.inst = np.array([t.institution_response_days for t in tp])
        self.wd = np.array([t.wait_days for t in tp])
        self.post = np.array([t.post_days for t in tp])
        self.out_cum = []
        for t in tp:
            keys = [k for k in OUTCOME_CODES if t.outcomes.get(k, 0) > 0]
            self.out_cum.append((keys, np.cumsum([t.outcomes[k] for k in keys]).tolist()))
        self.sector_pool = np.full(len(Sector), -1, dtype=np.int64)
        for i, s in enumerate(Sector):
            try:
                self.sector_pool[i] = sc.pool_for(s)
            except KeyError:
                pass
        self.pt_limit = np.array([p.part_time_effort_limit for p in sc.staff.pools])
        self.pt_days_per_hour = np.array([7.0 / p.part_time_hours_per_week if p.part_time_hours_per_week > 0 else np.inf
                                          for p in sc.staff.pools]) / np.array([p.part_time_time_limit_share for p in sc.staff.pools])
        self.court = [ORIGINS.index(o) for o in Origin if o.is_court]
        self.complex = TRACKS.index(Track.complex)
        self._key = None

    def blocks(self, cache: bool = False):
        """Yield (day0, day1, Block) for the whole horizon, week by week."""
        day0 = 0
        while day0 < self.horizon:
            day1 = day0 + 1
            while day1 < self.horizon and not self.tables.is_block_start(day1):
                day1 += 1
            yield day0, day1, self.block(day0, day1, cache)
            day0 = day1

    def block(self, day0: int, day1: int, cache: bool = False) -> Block:
        if not cache:
            return self._make(day0, day1)
        if self._key is None:
            # the configuration's id alone could be reused by a later object: keep the object
            # in the entry and compare identity, as the day-table and rules caches do
            self._key = (self.sc.demand_key(), self.seed, self.rep, id(self.rules.cfg),
                         self.sc.start_date, self.horizon)
        entry = _CACHE.get(self._key)
        if entry is None or entry.get("cfg") is not self.rules.cfg:
            if entry is not None:
                _CACHE_CASES[0] -= sum(x.n for k, x in entry.items() if k != "cfg")
            entry = _CACHE[self._key] = {"cfg": self.rules.cfg}
        _CACHE.move_to_end(self._key)
        b = entry.get(day0)
        if b is None:
            b = entry[day0] = self._make(day0, day1)
            _CACHE_CASES[0] += b.n
            while _CACHE_CASES[0] > CACHE_MAX_CASES and len(_CACHE) > 1:
                _, old = _CACHE.popitem(last=False)
                _CACHE_CASES[0] -= sum(x.n for k, x in old.items() if k != "cfg")
        return b

    def _make(self, day0: int, day1: int) -> Block:
        sc = self.sc
        g = block_generators(self.seed, self.rep, self.tables.week_key(day0))
        parts = []
        chan_names, rates = daily_rates(sc, self.tables, day1, day0)
        if rates.size:
            counts = g["arrivals"].poisson(rates)                      # days × channels
            nc = counts.shape[1]
            day_idx = np.repeat(np.repeat(np.arange(day0, day1), nc), counts.ravel())
            ch_idx = np.repeat(np.tile(np.arange(nc), day1 - day0), counts.ravel())
            ch_origin = np.array([ORIGINS.index(Origin(CHANNELS[c][0])) for c in chan_names], dtype=np.int64)
            office = np.array([CHANNELS[c][1] for c in chan_names], dtype=bool)
            pat = np.array([sc.arrivals.channels[c].patience_days or np.inf for c in chan_names])
            parts.append((None, day_idx, ch_origin[ch_idx], office[ch_idx], pat[ch_idx]))
        for s in sc.arrivals.surges:
            counts = g["arrivals"].poisson(surge_rates(s, day1, day0))
            day_idx = np.repeat(np.arange(day0, day1), counts)
            n = day_idx.size
            parts.append((s, day_idx, np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool), np.full(n, np.inf)))
        b = Block()
        for name in Block.__slots__[:-2]:
            setattr(b, name, [])
        b.classes = set()
        b.n = 0
        for surge, day_idx, origin_idx, office, patience in parts:
            if day_idx.size:
                self._fill(b, g, surge, day_idx, origin_idx, office)
                # patience from its own stream ("spare"): finite means only, so scenarios
                # without patience draw nothing and keep their numbers
                fin = np.isfinite(patience)
                pt = patience.copy()
                if fin.any():
                    pt[fin] = g["spare"].exponential(patience[fin])
                b.patience += pt.tolist()
        return b

    def _fill(self, b: Block, g, surge, day_idx, origin_idx, office) -> None:
        sc, mix = self.sc, self.sc.case_mix
        n = day_idx.size
        u = g["intraday"].random(n)
        t_arr = day_idx + np.where(office, OFFICE_START + u * OFFICE_HOURS, u)
        bt = draw_batch(sc, g["casemix"], n, origin_idx, surge)
        trk, rows = self.rules.classify(bt["sector"], bt["origin"], bt["proc"], bt["opted"], bt["clear"],
                                        bt["appraisal"], bt["multi"], bt["mass"], bt["declines"], bt["amount"])
        b.classes.update(self.rules.last_keys.tolist())
        mult = effort_multiplier(sc, bt, surge)
        tasks = self.tasks[trk]
        mean_eff = self.eff_mean[trk] * mult
        shape = self.shape[trk]
        total = g["effort"].gamma(shape, mean_eff / shape)
        per_step = total / tasks
        kmax = int(tasks.max())
        e = g["waits"].exponential(1.0, size=(n, kmax + 1))
        wf = np.where(np.isin(origin_idx, self.court), mix.court_wait_factor, 1.0)
        inst, wd, post = self.inst[trk] * wf, self.wd[trk] * wf, self.post[trk]
        uo = g["outcomes"].random((n, 2)).tolist()
        ua = g["assignment"].random((n, 4))
        pool = self.sector_pool[bt["sector"]]
        choose = ua[:, 0] < mix.party_choice
        due = self.rules.due(rows, day_idx) + 1.0
        b.t += t_arr.tolist()
        b.due += due.tolist()
        b.fc_due += (self.rules.first_contact_due(day_idx) + 1.0).tolist()
        b.trk += trk.tolist()
        b.org += origin_idx.tolist()
        b.pool += pool.tolist()
        b.uchoice += np.where(choose, ua[:, 3], -1.0).tolist()
        b.eff += per_step.tolist()
        b.twin += (per_step * sc.effort.joint).tolist()
        b.steps += tasks.tolist()
        b.recuse += (ua[:, 1] < mix.recusal).tolist()
        b.joint += ((trk == self.complex) & (ua[:, 2] < mix.joint_share_complex)).tolist()
        b.short += ((total <= self.pt_limit[pool]) & (total * self.pt_days_per_hour[pool] <= due - t_arr)).tolist()
        e_l, inst_l, wd_l, post_l, tasks_l, trk_l = e.tolist(), inst.tolist(), wd.tolist(), post.tolist(), tasks.tolist(), trk.tolist()
        jc_share = mix.judicial_confirmation_share
        for i in range(n):
            ns, row = tasks_l[i], e_l[i]
            ws = [row[0] * inst_l[i]] + [x * wd_l[i] for x in row[1:ns - 1]] if ns > 1 else []
            ws.append(row[ns] * post_l[i])
            b.waits.append(ws)
            keys, cum = self.out_cum[trk_l[i]]
            x = uo[i][0]
            j = 0
            while j < len(cum) - 1 and x >= cum[j]:
                j += 1
            b.outcome.append(keys[j])
            b.jc.append(keys[j] == "settled" and uo[i][1] < jc_share)
        b.n += n


def demand(sc, replication: int, tables, rules, cache: bool = False) -> dict:
    """Offered work per pool among cases arriving after warm-up, read from the case stream
    (no simulation): hours and work steps in all, and hours of the cases part-timers may not take."""
    warm = float(sc.warmup_days)
    k = len(sc.staff.pools)
    hours, steps, long_hours = [0.0] * k, [0] * k, [0.0] * k
    for _, _, b in CaseStream(sc, replication, tables, rules).blocks(cache):
        for i in range(b.n):
            if b.t[i] < warm:
                continue
            p = b.pool[i]
            ns = 1 if b.outcome[i] == "withdrawn" else b.steps[i]
            h = b.eff[i] * ns
            s = ns
            if b.recuse[i]:
                h += b.eff[i]
                s += 1
            if b.joint[i] and ns > 1:            # both mediators held for each later session
                h += (2 * b.twin[i] - b.eff[i]) * (ns - 1)
                s += ns - 1
            hours[p] += h
            steps[p] += s
            if not b.short[i]:
                long_hours[p] += h
    names = [p.name for p in sc.staff.pools]
    return {"effort_hours": dict(zip(names, hours)), "tasks_started": dict(zip(names, steps)),
            "long_effort_hours": dict(zip(names, long_hours))}
