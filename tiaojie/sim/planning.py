"""What a planner changes in a scenario, and the per-pool Erlang table the planner app shows.

The app (``tiaojie.apps.staffing_planner``) only wires widgets to these functions:
:func:`scaled` (demand, opt-in share, staff, productive share), :func:`erlang_table` (the
instant estimate from the offered load, no simulation), :func:`run_replications` (a run with
progress), plus the search in :mod:`tiaojie.sim.staffing`.
"""

from __future__ import annotations

import math

from ..core.errors import RulesInputError
from ..rules import Origin, Track
from .erlang import mmc_metrics
from .scenario import Absence, SegmentTarget
from .staffing import _pilot, erlang_bounds, offered_load


def scaled(sc, demand: float = 1.0, opted_in: float | None = None, full_time: list[int] | None = None,
           part_time: list[int] | None = None, productive_share: float | None = None):
    """The scenario with every channel and surge scaled by ``demand`` and the other levers set."""
    ch = {k: c.model_copy(update={"per_week": c.per_week * demand}) for k, c in sc.arrivals.channels.items()}
    surges = [s.model_copy(update={"cases": int(round(s.cases * demand))}) for s in sc.arrivals.surges]
    upd = {"arrivals": sc.arrivals.model_copy(update={"channels": ch, "surges": surges})}
    if opted_in is not None:
        upd["case_mix"] = sc.case_mix.model_copy(update={"institution_opted_in": float(opted_in)})
    out = sc.model_copy(update=upd)
    if full_time is not None or part_time is not None:
        out = out.with_staff(full_time, part_time)
    if productive_share is not None:
        out = with_productive_share(out, productive_share)
    return out


def with_productive_share(sc, share: float, source: str | None = None):
    """The scenario with a productive-time share (an assumption unless a source is given)."""
    if not 0 < share <= 1:
        raise RulesInputError("productive_share", f"可用于办案的工时比例应在 0 与 1 之间（得到 {share}）")
    absence = Absence(productive_share=float(share), source=source, assumption=source is None)
    return sc.model_copy(update={"staff": sc.staff.model_copy(update={"absence": absence})})


def parse_segment_target(text: str) -> SegmentTarget:
    """``origin=委托:0.9``, ``track=complex:0.9``, ``pool=securities:0.95``, or several kinds
    joined by commas (``pool=banking_insurance,track=complex:0.9``)."""
    try:
        spec, target = text.rsplit(":", 1)
        parts = dict(p.split("=", 1) for p in spec.split(","))
        t = float(target)
    except ValueError:
        raise RulesInputError("segment-target", f"应为 KIND=VALUE:TARGET，如 origin=委托:0.9（得到 {text}）") from None
    kinds = {"origin": Origin.parse, "track": Track.parse, "pool": str}
    for kind in parts:
        if kind not in kinds:
            raise RulesInputError("segment-target", f"KIND 应为 origin、track 或 pool（得到 {kind}）")
    values = {k: kinds[k](v) for k, v in parts.items()}
    try:
        return SegmentTarget(**values, target=t)
    except ValueError as exc:
        raise RulesInputError("segment-target", f"{text}: {exc}") from None


def with_segment_targets(sc, texts):
    """The scenario with extra segment targets (command-line form, see :func:`parse_segment_target`)."""
    extra = [parse_segment_target(t) for t in texts]
    pools = {p.name for p in sc.staff.pools}
    for t in extra:
        if t.pool is not None and t.pool not in pools:
            raise RulesInputError("segment-target", f"没有名为 {t.pool} 的调解员组（可选：{'、'.join(sorted(pools))}）")
    return sc.model_copy(update={"segment_targets": [*sc.segment_targets, *extra]})


_PILOTS: dict = {}


def pilot_load(sc, config_path: str | None = None) -> dict:
    """Offered work per pool at demand ×1 (cached per case mix: the demand slider rescales it)."""
    from ..rules import config_path as _cfg_path

    cfg = str(_cfg_path(config_path))
    key = (sc.demand_key(), cfg, sc.staff.productive_share)
    if key not in _PILOTS:
        if len(_PILOTS) > 16:
            _PILOTS.clear()
        _PILOTS[key] = _pilot(sc, cfg)
    return _PILOTS[key]


def erlang_table(sc, demand: float, target: float, pilot: dict) -> list[dict]:
    """Per pool: load (FTE), utilisation, P(start within a working day), the Erlang lower bound
    and estimate of full-timers, for the scenario's staff at ``demand`` × the pilot's load."""
    loads = offered_load(sc, pilot)
    for L in loads:
        for k in ("load_fte", "long_fte", "arrival_rate"):
            L[k] *= demand
    bounds = erlang_bounds(sc, loads, target)
    day = sc.staff.hours_per_day * sc.staff.productive_share
    rows = []
    for p, L, b in zip(sc.staff.pools, loads, bounds):
        c = p.full_time + L["part_time_fte"]
        rho = L["load_fte"] / c if c else math.inf
        pw = None
        if L["arrival_rate"] > 0 and rho < 1 and int(c) > L["load_fte"]:
            pw = mmc_metrics(L["arrival_rate"], L["service_rate"], max(1, int(c)), day)["p_wait_lt"]
        rows.append({"pool": p.name, "label": p.label, "load_fte": L["load_fte"], "utilisation": rho,
                     "p_start_within_day": pw, "lower_bound": b["lower_bound"],
                     "erlang_estimate": b["erlang_estimate"]})
    return rows


def run_replications(sc, n: int, on_progress=None) -> dict:
    """``n`` replications in this process, with a progress callback, and their summary."""
    from .kpis import summarise_replications
    from .model import run_replication

    out = []
    for r in range(n):
        out.append(run_replication(sc, r))
        if on_progress is not None:
            on_progress(r + 1, n)
    return summarise_replications(sc, out)


DEMAND_MAX, SHARE_MIN = 3.0, 0.5       # the app's slider ranges


def staff_slider_max(sc, pilot: dict) -> list[tuple[int, int]]:
    """Per pool (full-time max, part-time max) covering the search's answers over the app's
    whole range: the Erlang estimate at the largest demand and the smallest productive share,
    with room above, and the preset's own staff."""
    worst = with_productive_share(sc, SHARE_MIN)
    share = sc.staff.productive_share / SHARE_MIN
    loads = offered_load(worst, {**pilot, "available_hours_per_full_time": pilot["available_hours_per_full_time"] / share})
    for L in loads:
        for k in ("load_fte", "long_fte", "arrival_rate"):
            L[k] *= DEMAND_MAX
    bounds = erlang_bounds(worst, loads, 0.99)
    return [(max(60, 3 * p.full_time, int(1.5 * b["erlang_estimate"]) + 10), max(30, 3 * p.part_time))
            for p, b in zip(sc.staff.pools, bounds)]


def surge_window(sc) -> tuple[int, int]:
    """A default window for surge staff: the scenario's first surge, plus four weeks."""
    if not sc.arrivals.surges:
        return (sc.warmup_days, 56)
    s = sc.arrivals.surges[0]
    return (s.start_day, s.duration_days + 28)
