"""Coverage of the case bank: what it holds, and whether it meets the coverage floor.

The floor is the project's requirement for the exemplar bank (not practice data): every track
at least 5 cases, special-population needs, court linkage with judicial confirmation, small-claims
written proposals, agent rights-protection, batch disputes, recusal, improvement suggestions,
and at least 40 cases in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..core.competencies import COMPETENCIES
from ..rules import Origin, Sector, Track
from .api import has_playable_roleplay
from .schema import Case, DisputeType, Population


@dataclass(frozen=True)
class FloorItem:
    key: str
    label: str
    required: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.actual >= self.required

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "required": self.required,
                "actual": self.actual, "ok": self.ok}


def _court_confirmed(c: Case) -> bool:
    return c.origin.is_court and (c.procedural_points.judicial_confirmation or c.outcome.judicial_confirmation)


# (key, Chinese label, required, predicate) — the track items are added per track below.
FLOOR: list[tuple[str, str, int, Callable[[Case], bool]]] = [
    *[(f"track.{t.value}", f"{t.label}调解程序案例", 5, (lambda t: lambda c: c.track is t)(t)) for t in Track],
    ("special_population", "涉老年人、残疾人、新市民等特殊群体", 6, lambda c: bool(c.special_populations)),
    ("court_linked", "诉调对接（委派/委托/邀请）并司法确认", 4, _court_confirmed),
    ("small_claims_proposal", "小额快速并出具书面解决意见", 4,
     lambda c: c.track is Track.small_claims and bool(c.outcome.written_proposal)),
    ("agent_abuse", "代理维权乱象", 3, lambda c: c.agent_abuse),
    ("batch", "群体性/批量纠纷", 2, lambda c: c.track_inputs.mass_dispute),
    ("recusal", "回避情形", 2, lambda c: bool(c.procedural_points.recusal)),
    ("improvement_suggestion", "以改进建议结案", 2, lambda c: bool(c.outcome.improvement_suggestion)),
]
MIN_TOTAL = 40


def floor_checks(cases: Iterable[Case]) -> list[FloorItem]:
    cases = list(cases)
    items = [FloorItem(key, label, required, sum(1 for c in cases if pred(c)))
             for key, label, required, pred in FLOOR]
    items.append(FloorItem("total", "案例总数", MIN_TOTAL, len(cases)))
    return items


def _count(values: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    out = {k: 0 for k in order}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def coverage(cases: Iterable[Case]) -> dict:
    """Counts by track, sector, origin, population, dispute type, competency; the sector × track
    matrix; the number of cases with a playable role-play script; and the floor."""
    cases = list(cases)
    matrix = {s.value: {t.value: 0 for t in Track} for s in Sector}
    for c in cases:
        matrix[c.sector.value][c.track.value] += 1
    floor = floor_checks(cases)
    return {
        "total": len(cases),
        "by_track": _count((c.track.value for c in cases), (t.value for t in Track)),
        "by_sector": _count((c.sector.value for c in cases), (s.value for s in Sector)),
        "by_origin": _count((c.origin.value for c in cases), (o.value for o in Origin)),
        "by_population": _count((p.value for c in cases for p in sorted(c.special_populations)),
                                (p.value for p in Population)),
        "by_dispute_type": _count((c.dispute_type.value for c in cases), (d.value for d in DisputeType)),
        "by_competency": _count((k for c in cases for k in sorted(c.competencies)), COMPETENCIES),
        "matrix": matrix,
        "roleplays": sum(1 for c in cases if has_playable_roleplay(c)),
        "floor": [f.to_json() for f in floor],
        "floor_ok": all(f.ok for f in floor),
    }


def labels() -> dict[str, dict[str, str]]:
    """Chinese labels for the identifiers used as keys above."""
    return {
        "track": {t.value: t.label for t in Track},
        "sector": {s.value: s.label for s in Sector},
        "origin": {o.value: o.label for o in Origin},
        "population": {p.value: p.label for p in Population},
        "dispute_type": {d.value: d.label for d in DisputeType},
        "competency": {c.id: c.label for c in COMPETENCIES.values()},
    }
