"""Scores, the search over a script's state space, the model path and the debrief.

**Scores.** At every decision the trainee made, for each competency tagged on any choice then
offered, the chosen choice's signed weight is set between the worst and the best offered
(a choice without the tag counts 0). Score = 100 × Σ(chosen − worst) / Σ(best − worst), so it is
0–100 by construction and measures "how well you used the opportunities you had".

**Model path.** A depth-first search over reachable states (node, meters, flags, revealed facts;
memoised) maximises the path's total signed weight, then the ending's rank, then brevity. The
"careless path" minimises the same. Scripts are acyclic, so the search terminates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from ..competencies import COMPETENCIES
from . import engine
from .script import METERS, Choice, Script, conditions_in

SEARCH_LIMIT = 200_000   # distinct states; beyond this a script is too large to check


class SearchTooLarge(Exception):
    pass


def choice_value(choice: Choice) -> int:
    return sum(t.signed for t in choice.competencies)


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


@dataclass
class Exploration:
    """What a full search of a script found, from the start state of a given Play."""

    states: int = 0
    visited: set[str] = field(default_factory=set)               # every node entered
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)   # ending node -> one path
    dead_ends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node -> one path there
    best: tuple = ()      # (value, rank, -length, choices, ending node)
    worst: tuple = ()


def _relevance(script: Script):
    """Which meters, flags and facts any condition tests: only those can change the future."""
    meters, flags, facts = set(), set(), set()
    for _, cond in conditions_in(script):
        for key in list(cond.min) + list(cond.max):
            role, _, meter = key.partition(".")
            meters.add((role, METERS.index(meter)))
        flags |= set(cond.flags) | set(cond.not_flags)
        facts |= set(cond.revealed) | set(cond.not_revealed)
    return meters, frozenset(flags), frozenset(facts)


def explore(play, limit: int = SEARCH_LIMIT) -> Exploration:
    """Search every reachable state (raises SearchTooLarge past ``limit`` states).

    States are memoised on what can still change the outcome: the node, and the meters, flags
    and facts that some condition tests (the rest cannot affect availability or routing, and a
    path's value depends only on its choices), so the search is exact but small.
    """
    script = play.script
    ex = Exploration()
    memo: dict = {}
    meters, flags, facts = _relevance(script)

    def key(state: engine.State):
        vals = dict(state.meters)
        return (state.node, tuple(vals[r][i] for r, i in sorted(meters) if r in vals),
                state.flags & flags, frozenset(state.revealed) & facts)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * len(script.nodes) + 200))

    def visit(state: engine.State, prefix: tuple[str, ...], depth: int):
        ex.visited.update(state.trail)
        node = script.nodes[state.node]
        if node.ending is not None:
            ex.endings.setdefault(state.node, prefix)
            leaf = (0, node.ending.type.rank, 0, (), state.node)
            return leaf, leaf
        k = key(state)
        if k in memo:
            return memo[k]
        if depth > len(script.nodes):
            raise engine.EngineError("the script graph has a cycle")
        ex.states += 1
        if ex.states > limit:
            raise SearchTooLarge(f"more than {limit} distinct states")
        best = worst = None
        for choice in play.available(state):
            nxt = play.choose(state, choice.id, record=False)
            b, w = visit(nxt, prefix + (choice.id,), depth + 1)
            v = choice_value(choice)
            cb = (b[0] + v, b[1], b[2] - 1, (choice.id,) + b[3], b[4])
            cw = (w[0] + v, w[1], w[2] - 1, (choice.id,) + w[3], w[4])
            if best is None or cb[:3] > best[:3]:
                best = cb
            if worst is None or (cw[0], cw[1]) < (worst[0], worst[1]):
                worst = cw
        if best is None:   # a dead end: no choice is available here
            ex.dead_ends.setdefault(state.node, prefix)
            best = worst = (-10**9, -1, 0, (), state.node)
        memo[k] = (best, worst)
        return best, worst

    try:
        ex.best, ex.worst = visit(play.start(), (), 0)
    finally:
        sys.setrecursionlimit(old)
    return ex


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
