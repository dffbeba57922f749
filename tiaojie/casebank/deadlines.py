"""Deadlines of a case, computed by the rules module (never written into case files)."""

from __future__ import annotations

from ..rules import (Deadline, acceptance_deadline, application_deadline, compute_deadline,
                     court_decision_deadline, load_config, period_inputs, proposal_deadline)
from ..rules import PracticeConfig
from .schema import Case, DeadlineKind


def mediation_deadline(case: Case, cfg: PracticeConfig | None = None) -> Deadline:
    pp = case.procedural_points
    inputs = period_inputs(case.origin, track=case.track, court_procedure=case.court_procedure)
    return compute_deadline(
        case.origin, pp.accepted_on, **inputs.applicable,
        extension_days=pp.extension_days,
        excluded_periods=[(e.start, e.end) for e in pp.excluded_periods], config=cfg)


def case_deadlines(case: Case, cfg: PracticeConfig | None = None) -> list[tuple[str, Deadline]]:
    """(label, deadline) for the mediation period and every deadline point in the case."""
    cfg = cfg or load_config()
    out = [("调解期限", mediation_deadline(case, cfg))]
    for point in case.procedural_points.deadlines:
        if point.kind is DeadlineKind.mediation:
            continue
        fn = {
            DeadlineKind.small_claims_proposal: proposal_deadline,
            DeadlineKind.small_claims_acceptance: acceptance_deadline,
            DeadlineKind.confirmation_application: application_deadline,
            DeadlineKind.confirmation_decision: court_decision_deadline,
        }[point.kind]
        out.append((point.label, fn(point.start, config=cfg)))
    return out
