"""Scores, the model path and the debrief of a role-play session.

**Scores.** At every decision the trainee made, for each competency tagged on any choice then
offered, the chosen choice's signed weight is set between the worst and the best offered
(a choice without the tag counts 0). Score = 100 × Σ(chosen − worst) / Σ(best − worst), so it is
0–100 by construction and measures "how well you used the opportunities you had". A competency
the trainee's choices never touched (no chosen choice showed or broke it) has no score — the
debrief shows 未涉及 with the opportunities missed — because a number there (e.g. 33 for passing
over a +2 and a −1 alike) would read as a judgement of behaviour that never happened. The
overall score still pools every competency offered, missed opportunities included.

**Outcome.** Behaviour is not the whole result: the debrief also says whether the ending is an
agreement, a proper non-agreement (a referral, a refused proposal) or a failure, and for an
agreement how sound it is (``Ending.soundness``: fit for judicial confirmation, binding and
performable, or flawed), with the script's reason.

**Model path.** Over the reachable states (node, meters, flags, revealed facts), the path that
maximises the path's total signed weight, then the ending's rank, then brevity (of equals, the
first in script order). The "careless path" minimises weight, then rank. Both come from
:func:`tiaojie.roleplay.explore.explore`, which this module re-exports for its callers.
"""

from __future__ import annotations

from ..core.competencies import COMPETENCIES
from . import engine
from .explore import SEARCH_LIMIT, Exploration, SearchTooLarge, explore
from .script import FAILURE_ENDINGS, SUCCESS_ENDINGS, Choice, Script, choice_value

__all__ = ["NOT_EXERCISED", "SEARCH_LIMIT", "Exploration", "SearchTooLarge", "choice_value", "debrief",
           "explore", "model_path", "outcome", "overall", "score_text", "scores"]


def scores(script: Script, state: engine.State) -> dict[str, dict]:
    """Per-competency {score 0–100 or None (未涉及), chosen, best, worst, shown, broken, missed}
    for the decisions made (``missed``: decisions where a choice showing it was offered and the
    chosen one did not show it)."""
    acc: dict[str, list[int]] = {}
    for step in state.steps:
        node = script.nodes[step.node]
        offered = [c for c in node.choices if c.id in step.offered]
        chosen = next(c for c in node.choices if c.id == step.choice)
        for cid in sorted({t.id for c in offered for t in c.competencies}):
            vals = [c.signed(cid) for c in offered]
            a = acc.setdefault(cid, [0, 0, 0, 0, 0, 0])
            a[5] += int(max(vals) > 0 and chosen.signed(cid) <= 0)
            a[0] += chosen.signed(cid)
            a[1] += max(vals)
            a[2] += min(vals)
            a[3] += sum(t.weight for t in chosen.competencies if t.id == cid and t.signed > 0)
            a[4] += sum(t.weight for t in chosen.competencies if t.id == cid and t.signed < 0)
    out = {}
    for cid, (chosen, best, worst, shown, broken, missed) in acc.items():
        if best == worst:
            continue
        exercised = bool(shown or broken)
        out[cid] = {"label": COMPETENCIES[cid].label if cid in COMPETENCIES else cid,
                    "score": round(100 * (chosen - worst) / (best - worst)) if exercised else None,
                    "chosen": chosen, "best": best, "worst": worst, "shown": shown, "broken": broken,
                    "missed": missed}
    return out


def score_text(score: "int | None") -> str:
    """What users see for one competency's score."""
    return NOT_EXERCISED if score is None else str(score)


NOT_EXERCISED = "未涉及"


def overall(score_map: dict[str, dict]) -> int | None:
    span = sum(s["best"] - s["worst"] for s in score_map.values())
    if not span:
        return None
    return round(100 * sum(s["chosen"] - s["worst"] for s in score_map.values()) / span)


def outcome(ending) -> dict:
    """The ending's kind and soundness, as the debrief explains them."""
    kind = ("success" if ending.type.value in SUCCESS_ENDINGS
            else "failure" if ending.type.value in FAILURE_ENDINGS else "neutral")
    out = {"kind": kind, "kind_label": OUTCOME_KIND_LABELS[kind]}
    if ending.soundness is not None:
        out.update(soundness=ending.soundness.value, soundness_label=ending.soundness.label,
                   soundness_explained=SOUNDNESS_EXPLAINED[ending.soundness.value])
    return out


OUTCOME_KIND_LABELS = {"success": "达成协议", "neutral": "未达成协议（依规妥善结束）",
                       "failure": "纠纷升级"}
SOUNDNESS_EXPLAINED = {
    "court_document": "已立案的案件，调解达成的协议经法院审查后可以制作民事调解书；调解书经双方签收即具有法律效力，"
                      "一方不履行的，对方可以直接申请强制执行，无需另行申请司法确认。",
    "confirmable": "协议内容明确、具体，由当事人本人或有特别授权的代理人自愿签署，不违反法律和公序良俗、不损害第三人利益，"
                   "可以依法申请司法确认；经法院裁定确认有效后，一方拒不履行的，对方可以申请强制执行。",
    "enforceable": "协议（或被接受的书面意见）对双方具有合同约束力，内容明确、可以履行；未经司法确认的，一方不履行时，"
                   "对方须另行起诉请求履行，不能直接申请强制执行。",
    "unsound": "协议虽已签署，但内容含糊、权限或意思表示有瑕疵、或条款不当，履行时容易再生争议，法院也可能不予确认。",
}


def model_path(play) -> tuple[tuple[str, ...], str]:
    """(choice ids, ending node) of the best-scoring path."""
    ex = play.exploration()
    return ex.best[3], ex.best[4]


def _tags(choice: Choice) -> list[dict]:
    return [{"id": t.id, "label": COMPETENCIES[t.id].label if t.id in COMPETENCIES else t.id,
             "signed": t.signed} for t in choice.competencies]


def debrief(play, state: engine.State, model: "tuple[tuple[str, ...], str] | None" = None) -> dict:
    """Everything the end-of-session debrief shows, as plain JSON-able data."""
    script = play.script
    score_map = scores(script, state)
    steps = []
    for step in state.steps:
        node = script.nodes[step.node]
        offered = [c for c in node.choices if c.id in step.offered]
        chosen = next(c for c in node.choices if c.id == step.choice)
        top = max(offered, key=choice_value)
        item = {"node": step.node, "stage": node.stage.value, "stage_label": node.stage.label,
                "choice": chosen.id, "label": play.label(chosen.label),
                "feedback": play.label(chosen.feedback), "value": choice_value(chosen), "tags": _tags(chosen),
                "deltas": [{"role": r, "name": play.names.get(r, r), "meter": m, "delta": d}
                           for r, m, d in step.deltas],
                "revealed": list(step.revealed)}
        if choice_value(top) > choice_value(chosen):
            item["better"] = {"choice": top.id, "label": play.label(top.label),
                              "feedback": play.label(top.feedback)}
        steps.append(item)
    model_ids, model_end = model or model_path(play)
    walk, mstate = [], play.start()
    for cid in model_ids:
        c = next(c for c in script.nodes[mstate.node].choices if c.id == cid)
        walk.append({"node": mstate.node, "choice": cid, "label": play.label(c.label),
                     "feedback": play.label(c.feedback)})
        mstate = play.choose(mstate, cid)
    end = engine.ending(script, state)
    model_ending = script.nodes[model_end].ending
    return {
        "script": script.id, "case": script.case, "finished": end is not None,
        "trainee_role": script.trainee_role.value, "trainee_label": play.trainee_label,
        "ending": None if end is None else {
            "node": state.node, "type": end.type.value, "type_label": end.type.label,
            "title": play.label(end.title), "summary": play.label(end.summary),
            "document": play.label(end.document) if end.document else None,
            "soundness_note": play.label(end.soundness_note) if end.soundness_note else None,
            "is_model": state.node == model_end or end.type == model_ending.type,
            **outcome(end)},
        "scores": score_map, "overall": overall(score_map), "steps": steps,
        "model_path": walk,
        "model_ending": {"node": model_end, "type": model_ending.type.value,
                         "type_label": model_ending.type.label, "title": play.label(model_ending.title),
                         **outcome(model_ending)},
        "followed_model": tuple(s.choice for s in state.steps) == tuple(model_ids),
        "meters": state.meter_dict(),
    }
