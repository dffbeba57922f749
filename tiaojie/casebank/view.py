"""What a trainee or a trainer sees of a case: one view, rendered by the CLI, JSON and the app.

The trainee view holds the general facts, the parties' positions, evidence, applicable rules,
procedural points with the deadlines computed by the rules, 典型意义, learning objectives and the
debrief questions. It never holds the confidential briefs, the parties' interests, the mediation
plan, the outcome (with any written proposal or improvement suggestion), the rules' answers to
the recusal questions or the trainer notes; the trainer view adds all of them.
"""

from __future__ import annotations

from ..core.competencies import COMPETENCIES
from ..rules import assess_recusal, assign_track, deadline_line, load_config
from .checks import case_attributes
from .deadlines import case_deadlines
from .prose import fill_case
from .schema import Case, article_label

FICTION_NOTE = "本案例人物、机构均为虚构，仅供培训使用。"
DIFFICULTY = {1: "入门", 2: "进阶", 3: "高阶"}
MEDIATION = {"sole": "单独调解", "joint": "联合调解"}


def role_label(case: Case, role: str) -> str:
    if role == "mediator":
        return "调解员"
    for p in case.parties:
        if p.role == role:
            return f"{p.name}（{p.kind.label}）"
    return role


def summary(case: Case) -> dict:
    """One row of a list: identifiers plus their Chinese labels."""
    return {
        "id": case.id, "title": case.title,
        "sector": case.sector.value, "sector_label": case.sector.label,
        "track": case.track.value, "track_label": case.track.label,
        "origin": case.origin.value, "origin_label": case.origin.label,
        "dispute_type": case.dispute_type.value, "dispute_type_label": case.dispute_type.label,
        "amount_claimed": case.amount_claimed,
        "populations": [p.value for p in sorted(case.special_populations)],
        "competencies": [c for c in COMPETENCIES if c in case.competencies],
        "difficulty": case.difficulty, "roleplay": case.roleplay,
    }


def _deadlines(case: Case) -> list[dict]:
    out = []
    for label, d in case_deadlines(case, load_config()):
        out.append({"label": label, "line": deadline_line(label, d),
                    "start": d.start.isoformat(), "due_date": d.due_date.isoformat(),
                    "rule": d.rule, "source": d.source, "assumption": d.assumption,
                    "steps": d.steps, "warnings": d.warnings})
    return out


def _meta(case: Case, trainer: bool = False) -> dict[str, str]:
    meta = {
        "编号": case.id, "领域": case.sector.label, "产品": case.product,
        "纠纷类型": case.dispute_type.label, "案件来源": case.origin.label, "受理渠道": case.channel.label,
        "调解程序": case.track.label, "标的金额（元）": f"{case.amount_claimed:,.0f}",
        "调解方式": f"{case.mode.label}，{MEDIATION[case.mediation]}", "难度": DIFFICULTY[case.difficulty],
    }
    if case.court_procedure:
        meta["法院适用程序"] = f"{case.court_procedure.label}程序"
    if case.special_populations:
        meta["特殊群体"] = "、".join(p.label for p in sorted(case.special_populations))
    if case.agent_abuse:
        meta["代理维权"] = "涉及代理维权乱象"
    if case.roleplay:
        meta["角色演练脚本"] = case.roleplay
    if case.articles:
        meta["涉及《意见》条款"] = "、".join(article_label(n) for n in sorted(case.articles))
    if trainer and case.situations:
        meta["疑难情形"] = "、".join(s.label for s in case.situations)
    return meta


def _parties(case: Case, trainer: bool) -> list[dict]:
    parties = []
    for p in case.parties:
        item = {"role": p.role, "kind": p.kind.label, "name": p.name, "description": p.description,
                "position": p.position, "special_needs": [n.label for n in p.special_needs]}
        if p.phone:
            item["phone"] = p.phone
        if trainer:
            item["interests"] = list(p.interests)
        parties.append(item)
    return parties


def _recusal(case: Case, trainer: bool, cfg) -> list[dict]:
    """The recusal hazards; the rules' answers only in the trainer view."""
    out = []
    for h in case.procedural_points.recusal:
        item = {"mediator": h.mediator, "description": h.description,
                "relations": [r.label for r in h.relations]}
        if trainer:
            d = assess_recusal(h.relations, years_since_left=h.years_since_left,
                               both_parties_consent=h.both_parties_consent, config=cfg)
            item["required"] = d.required
            item["reasons"] = d.reasons
        out.append(item)
    return out


def _trainer(case: Case, cfg) -> dict:
    decision = assign_track(case_attributes(case), cfg)
    o = case.outcome
    return {
        "track_reasons": decision.reasons + ([f"覆盖理由：{case.track_override_reason}"]
                                             if case.track_override_reason else []),
        "confidential": [{"role": role, "label": role_label(case, role), "instructions": b.instructions,
                          "facts": [f.text for f in b.facts]} for role, b in case.confidential.items()],
        "mediation_plan": list(case.mediation_plan),
        "outcome": {"type": o.type.label, "summary": o.summary, "terms": list(o.terms),
                    "written_proposal": o.written_proposal,
                    "improvement_suggestion": o.improvement_suggestion,
                    "judicial_confirmation": o.judicial_confirmation},
        "trainer_notes": case.trainer_notes,
    }


def case_view(case: Case, trainer: bool = False) -> dict:
    """The case as sections of plain data (Chinese labels), for the trainee or the trainer.

    Every ``{rule:…}`` placeholder in the case's text is filled by the rules in force."""
    case = fill_case(case)
    cfg = load_config()
    pp = case.procedural_points
    view = {
        "id": case.id, "title": case.title, "view": "trainer" if trainer else "trainee",
        "note": FICTION_NOTE, "meta": _meta(case, trainer),
        "facts": case.facts_known_to_all,
        "parties": _parties(case, trainer),
        "evidence": [{"name": e.name, "held_by": role_label(case, e.held_by), "description": e.description}
                     for e in case.evidence],
        "rules": [{"law": r.law, "article": r.article, "gist": r.gist} for r in case.applicable_rules],
        "procedure": {
            "accepted_on": pp.accepted_on.isoformat(), "deadlines": _deadlines(case),
            "notes": list(pp.notes), "recusal": _recusal(case, trainer, cfg), "court_linkage": pp.court_linkage,
            "judicial_confirmation": pp.judicial_confirmation,
        },
        "significance": case.significance,
        "learning_objectives": [{"competency": lo.competency, "label": COMPETENCIES[lo.competency].label,
                                 "objective": lo.objective} for lo in case.learning_objectives],
        "debrief_questions": list(case.debrief_questions),
    }
    if trainer:
        view["trainer"] = _trainer(case, cfg)
    return view
