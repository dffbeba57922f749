"""The typed result of one replication of the caseload model, and its optional event log."""

from __future__ import annotations

import dataclasses
from array import array
from dataclasses import dataclass, field

import numpy as np

from .casemix import ORIGINS, TRACKS


@dataclass
class Little:
    """Little's law over the measured window: time-average cases open (L), arrival rate of the
    window (lambda) and mean time in system of the window's arrivals (W, truncated at the horizon)."""
    L: float
    lam: float
    W: float

    @property
    def lambda_W(self) -> float:
        return self.lam * self.W


@dataclass
class EventLog:
    """Raw events of one replication: one row per case and one per work item (times in days
    from the start of the horizon). Written by :func:`tiaojie.sim.events.write_events`."""
    cases: list = field(default_factory=list)   # (case_id, arrival, closed|None, outcome, track, origin, pool, due, recused_by)
    work: list = field(default_factory=list)    # (case_id, pool, mediator, start, end, kind)


@dataclass(eq=False)
class ReplicationResult:
    """KPIs of one replication (cases arriving after the warm-up), as plain numbers.

    ``compliance_counts`` is an array ``[pool, track, origin, (met, judged)]`` from which the
    compliance of any segment is computed (:meth:`segment_compliance`)."""
    pools: list[str]
    compliance_counts: np.ndarray
    first_contact_mean_days: float | None
    first_contact_on_time: float | None
    outcomes: dict[str, int]
    judicial_confirmations: int
    effort_hours: dict[str, float]
    tasks_started: dict[str, int]
    available_hours: dict[str, float]
    available_hours_per_full_time: float
    cost: float
    arrivals: int
    closed: int
    open_at_end: int
    window_arrivals: int
    window_closed: int
    abandoned: int
    little: Little
    backlog: array
    intake: array
    case_classes: int
    calendar_warnings: list[str]
    part_time_cases: int
    part_time_met: int
    mediators: int
    window_days: float
    events: EventLog | None = None

    # --- derived KPIs --------------------------------------------------------------------
    def segment_compliance(self, pool: str | None = None, track: str | None = None,
                           origin: str | None = None) -> float | None:
        """Share of judged cases of a segment (any of pool, track, origin; None = all) met."""
        c = self.compliance_counts
        if pool is not None:
            c = c[self.pools.index(pool)][None]
        if track is not None:
            c = c[:, [t.value for t in TRACKS].index(track)][:, None]
        if origin is not None:
            c = c[:, :, [o.value for o in ORIGINS].index(origin)][:, :, None]
        total = int(c[..., 1].sum())
        return float(c[..., 0].sum() / total) if total else None

    @property
    def compliance(self) -> float | None:
        return self.segment_compliance()

    @property
    def compliance_by_track(self) -> dict:
        return {t.value: self.segment_compliance(track=t.value) for t in TRACKS}

    @property
    def compliance_by_origin(self) -> dict:
        return {o.value: self.segment_compliance(origin=o.value) for o in ORIGINS}

    @property
    def compliance_by_pool(self) -> dict:
        return {p: self.segment_compliance(pool=p) for p in self.pools}

    @property
    def compliance_counts_by_pool(self) -> dict:
        return {p: [int(self.compliance_counts[i, ..., 0].sum()), int(self.compliance_counts[i, ..., 1].sum())]
                for i, p in enumerate(self.pools)}

    @property
    def success_rate(self) -> float | None:
        o = self.outcomes
        decided = o["settled"] + o["accepted"] + o["refused"] + o["failed"]
        return (o["settled"] + o["accepted"]) / decided if decided else None

    @property
    def utilisation(self) -> dict:
        return {p: (self.effort_hours[p] / a if a else None) for p, a in self.available_hours.items()}

    @property
    def utilisation_overall(self) -> float | None:
        a = sum(self.available_hours.values())
        return sum(self.effort_hours.values()) / a if a else None

    @property
    def cases_per_mediator_year(self) -> float:
        return self.window_closed / max(self.mediators, 1) * 365.0 / self.window_days

    @property
    def cost_per_case(self) -> float | None:
        return self.cost / self.window_closed if self.window_closed else None

    @property
    def part_time_compliance(self) -> float | None:
        return self.part_time_met / self.part_time_cases if self.part_time_cases else None

    def __eq__(self, other) -> bool:
        return isinstance(other, ReplicationResult) and self.as_dict() == other.as_dict()

    def as_dict(self) -> dict:
        """Every field and derived KPI as JSON-ready values (no event log)."""
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "events"}
        d["compliance_counts"] = self.compliance_counts.tolist()
        d["backlog"], d["intake"] = list(self.backlog), list(self.intake)
        d["little"] = {"L": self.little.L, "lambda": self.little.lam, "W": self.little.W,
                       "lambda_W": self.little.lambda_W}
        for k in ("compliance", "compliance_by_track", "compliance_by_origin", "compliance_by_pool",
                  "success_rate", "utilisation", "utilisation_overall", "cases_per_mediator_year",
                  "cost_per_case", "part_time_compliance"):
            d[k] = getattr(self, k)
        return d
