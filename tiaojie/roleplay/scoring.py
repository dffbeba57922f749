"""Scores, the model path and the debrief of a role-play session.

**Scores.** At every decision the trainee made, for each competency tagged on any choice then
offered, the chosen choice's signed weight is set between the worst and the best offered
(a choice without the tag counts 0). Score = 100 × Σ(chosen − worst) / Σ(best − worst), so it is
0–100 by construction and measures "how well you used the opportunities you had".

**Model path.** Over the reachable states (node, meters, flags, revealed facts), the path that
maximises the path's total signed weight, then the ending's rank, then brevity (of equals, the
first in script order). The "careless path" minimises weight, then rank. Both come from
:func:`tiaojie.roleplay.explore.explore`, which this module re-exports for its callers.
"""

from __future__ import annotations

from ..core.competencies import COMPETENCIES
from . import engine
from .explore import SEARCH_LIMIT, Exploration, SearchTooLarge, explore
from .script import Choice, Script, choice_value

__all__ = ["SEARCH_LIMIT", "Exploration", "SearchTooLarge", "choice_value", "debrief", "explore",
           "model_path", "overall", "scores"]


def scores(script: Script, state: engine.State) -> dict[str, dict]:
    """Per-competency {score 0–100, chosen, best, worst, shown, broken} for the decisions made."""
    acc: dict[str, list[int]] = {}
    for step in state.steps:
        node = script.nodes[step.node]
        offered = [c for c in node.choices if c.id in step.offered]
        chosen = next(c for c in node.choices if c.id == step.choice)
        for cid in sorted({t.id for c in offered for t in c.competencies}):
            vals = [c.signed(cid) for c in offered]
            a = acc.setdefault(cid, [0, 0, 0, 0, 0])
            a[0] += chosen.signed(cid)
            a[1] += max(vals)
            a[2] += min(vals)
            a[3] += sum(t.weight for t in chosen.competencies if t.id == cid and t.signed > 0)
            a[4] += sum(t.weight for t in chosen.competencies if t.id == cid and t.signed < 0)
    out = {}
    for cid, (chosen, best, worst, shown, broken) in acc.items():
        if best == worst:
            continue
        out[cid] = {"label": COMPETENCIES[cid].label if cid in COMPETENCIES else cid,
                    "score": round(100 * (chosen - worst) / (best - worst)),
                    "chosen": chosen, "best": best, "worst": worst, "shown": shown, "broken": broken}
    return out


def overall(score_map: dict[str, dict]) -> int | None:
    span = sum(s["best"] - s["worst"] for s in score_map.values())
    if not span:
        return None
    return round(100 * sum(s["chosen"] - s["worst"] for s in score_map.values()) / span)


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
        "ending": None if end is None else {
            "node": state.node, "type": end.type.value, "type_label": end.type.label,
            "title": play.label(end.title), "summary": play.label(end.summary),
            "document": play.label(end.document) if end.document else None},
        "scores": score_map, "overall": overall(score_map), "steps": steps,
        "model_path": walk,
        "model_ending": {"node": model_end, "type": model_ending.type.value,
                         "type_label": model_ending.type.label, "title": play.label(model_ending.title)},
        "followed_model": tuple(s.choice for s in state.steps) == tuple(model_ids),
        "meters": state.meter_dict(),
    }
