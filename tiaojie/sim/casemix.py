"""Case mix: draw a batch of cases' attributes, and their track and time limit from the rules.

The rules module is called once per *case class* — the combination of everything the track
rule looks at (sector, origin, court procedure, opt-in, facts, appraisal, parties, mass
dispute, the consumer's choice, and which interval between the configuration's amount
cut-offs the amount falls in) — and cached. Changing ``tiaojie/data/practice.yaml`` (cut-offs,
thresholds, periods) therefore changes the simulation; no number is copied here.
"""

from __future__ import annotations

import numpy as np

from ..rules import (CaseAttributes, CourtProcedure, Origin, PracticeConfig, Sector, Track,
                     applicable_period, assign_track, period_inputs)
from .due_dates import DayTables

SECTORS = list(Sector)
ORIGINS = list(Origin)
TRACKS = list(Track)
# origins whose period follows the court's procedure (the rules' one decision, period_inputs)
FILED = [ORIGINS.index(o) for o in Origin if period_inputs(o).uses_court_procedure]
MODES = ("on_site", "online", "phone")


def amount_breakpoints(cfg: PracticeConfig) -> np.ndarray:
    """Every amount at which some rule changes its answer (read from the configuration)."""
    ta = cfg.track_assignment
    pts = {ta.simple_max_amount.amount, ta.complex_min_amount.amount}
    pts |= {v.amount for v in cfg.small_claims.thresholds.values()}
    return np.array(sorted(pts), dtype=float)


_SHARED: dict = {}        # id(config) -> (config, case class -> (track, period)), per process


class RuleTable:
    """Cached rules answers: case class → (track index, due-day table)."""

    def __init__(self, cfg: PracticeConfig, tables: DayTables):
        self.cfg = cfg
        self.tables = tables
        self.bp = amount_breakpoints(cfg)
        hit = _SHARED.get(id(cfg))
        if hit is None or hit[0] is not cfg:           # rules answers do not depend on the dates
            hit = _SHARED[id(cfg)] = (cfg, {})
        self.cache: dict[int, tuple[int, tuple]] = hit[1]
        self.calls = 0
        self.first_contact = (cfg.first_contact.days, cfg.first_contact.basis)
        self._due_ids: dict[tuple, int] = {}      # (days, basis) -> its row number
        self._rows: list[tuple] = []

    def classify(self, sector, origin, proc, opted, clear, appraisal, multi, mass, declines, amount):
        """(track index per case, due-table row per case); due days via :meth:`due`."""
        l = np.searchsorted(self.bp, amount, "left")
        r = np.searchsorted(self.bp, amount, "right")
        amt_cls = l + r
        key = sector.astype(np.int64)
        for arr, base in ((origin, 5), (proc, 3), (opted, 2), (clear, 2), (appraisal, 2),
                          (multi, 2), (mass, 2), (declines, 2), (amt_cls, 2 * len(self.bp) + 1)):
            key = key * base + arr
        uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
        self.last_keys = uniq
        tracks = np.empty(len(uniq), dtype=np.int64)
        rows = np.empty(len(uniq), dtype=np.int64)
        for j, (k, i) in enumerate(zip(uniq.tolist(), first.tolist())):
            hit = self.cache.get(k)
            if hit is None:
                hit = self._rules(int(sector[i]), int(origin[i]), int(proc[i]), bool(opted[i]),
                                  bool(clear[i]), bool(appraisal[i]), bool(multi[i]), bool(mass[i]),
                                  bool(declines[i]), float(amount[i]))
                self.cache[k] = hit
            tracks[j], rows[j] = hit[0], self._row(hit[1])
        return tracks[inv.ravel()], rows[inv.ravel()]

    def due(self, rows, days) -> np.ndarray:
        """Due-day index of each case (its table row, its arrival day)."""
        rows, days = np.asarray(rows), np.asarray(days)
        out = np.empty(rows.size, dtype=np.int64)
        for r in np.unique(rows).tolist():
            sel = rows == r
            out[sel] = self.tables.due_at(*self._rows[r], days[sel])
        return out

    def first_contact_due(self, days) -> np.ndarray:
        return self.tables.due_at(*self.first_contact, days)

    def _row(self, period: tuple) -> int:
        row = self._due_ids.get(period)
        if row is None:
            row = self._due_ids[period] = len(self._rows)
            self._rows.append(period)
        return row

    def _rules(self, s, o, p, opted, clear, appraisal, multi, mass, declines, amount):
        self.calls += 1
        origin = ORIGINS[o]
        attrs = CaseAttributes.create(
            amount=amount, sector=SECTORS[s], origin=origin, institution_opted_in=opted,
            parties=3 if multi else 2, mass_dispute=mass, facts_clear=clear,
            needs_appraisal=appraisal, consumer_declines_small_claims=declines)
        track = assign_track(attrs, self.cfg).track
        proc = [None, CourtProcedure.simple, CourtProcedure.ordinary][p]
        # the rules decide which of the case's attributes apply to its origin (period_inputs)
        applied = applicable_period(origin, track=track, court_procedure=proc, config=self.cfg)
        per = applied.period
        return TRACKS.index(track), (int(per.days), per.basis)


def draw_batch(sc, rng_mix: np.random.Generator, n: int, origin_idx: np.ndarray,
               surge=None) -> dict:
    """Vectorised attributes of ``n`` cases (origins given per case)."""
    mix = sc.case_mix
    if surge is None:
        sec_keys = [k for k in SECTORS if k in mix.sectors]      # enum order, not the file's
        probs = np.array([mix.sectors[k] for k in sec_keys])
        pick = rng_mix.choice(len(sec_keys), size=n, p=probs)
        sector = np.array([SECTORS.index(k) for k in sec_keys])[pick]
        medians = np.array([mix.amount_median.get(k, 1.0) for k in sec_keys])[pick]
        mass = np.zeros(n, dtype=np.int64)
    else:
        sector = np.full(n, SECTORS.index(surge.sector))
        medians = np.full(n, surge.amount_median)
        mass = np.ones(n, dtype=np.int64)
    amount = np.round(medians * np.exp(mix.amount_sigma * rng_mix.standard_normal(n)))
    is_filed = np.isin(origin_idx, FILED)
    simple = rng_mix.random(n) < mix.court_simple_share
    proc = np.where(is_filed, np.where(simple, 1, 2), 0)
    u = rng_mix.random((n, 9))
    modes_p = np.array([mix.modes.get(m, 0.0) for m in MODES])
    mode = np.searchsorted(np.cumsum(modes_p), u[:, 5] * modes_p.sum(), "right").clip(0, 2)
    return {
        "sector": sector, "origin": origin_idx, "proc": proc,
        "opted": (u[:, 0] < mix.institution_opted_in).astype(np.int64),
        "clear": (u[:, 1] < mix.facts_clear).astype(np.int64),
        "appraisal": (u[:, 2] < mix.needs_appraisal).astype(np.int64),
        "multi": (u[:, 3] < mix.multi_party).astype(np.int64),
        "mass": mass,
        "declines": (u[:, 4] < mix.declines_small_claims).astype(np.int64),
        "amount": amount, "mode": mode,
        "special": u[:, 6] < mix.special_population,
    }


def effort_multiplier(sc, batch, surge=None) -> np.ndarray:
    eff = sc.effort
    mode_mult = np.array([eff.modes.get(m, 1.0) for m in MODES])[batch["mode"]]
    mult = mode_mult * np.where(batch["special"], eff.special_population, 1.0)
    if surge is not None:
        mult = mult * surge.effort_factor
    return mult
