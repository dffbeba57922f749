"""Reachability on boxes: the forward pass (which states may arrive at each node) and the
backward pass (from which states a given node may still be reached).

See the comment in :mod:`tiaojie.roleplay.explore` for how the searches use them.
"""

from __future__ import annotations

from .boxes import FULL, meet, merge, shift, split, unshift
from .compiled import DECISION_NODE, PASS_NODE, Compiled

NEED_CAP = 2                  # boxes kept per node by the backward pass before merging
FORWARD_CAPS = (1, 256)  # boxes kept per node by the forward pass; the second try if the first
                          # leaves a node that may be a dead end


class Forward:
    """The forward pass: nodes that may be reached, decision nodes that may be dead ends, edges
    (choice index or -1, target) that may be taken."""

    def __init__(self, cp: Compiled, cap: int):
        n_nodes = len(cp.ids)
        self.reachable = [False] * n_nodes
        self.maybe_dead = [False] * n_nodes
        self.edges: list[set] = [set() for _ in range(n_nodes)]
        into: list[list] = [[] for _ in range(n_nodes)]
        lb = cp.live_b[cp.start]
        into[cp.start] = [(cp.b0 & lb, ~cp.b0 & lb, tuple(1 << v for v in cp.m0))]

        def send(n, label, route, boxes):
            """Route ``boxes`` along ``route`` (branches in order) out of node ``n``."""
            for cond, t in route:
                taken = split(boxes, cond, True)
                if taken:
                    self.edges[n].add((label, t))
                    if t >= 0:
                        live = cp.live_b[t]
                        into[t].extend((r & live, f & live, sets) for r, f, sets in taken)
                boxes = split(boxes, cond, False)
                if not boxes:
                    return

        for n in cp.order:
            if not into[n]:
                continue
            self.reachable[n] = True
            boxes, into[n] = merge(into[n], cap), []
            if cp.kind[n] == PASS_NODE:
                send(n, -1, cp.route[n], boxes)
            elif cp.kind[n] == DECISION_NODE:
                blocked = boxes
                for ci, ch in enumerate(cp.choices[n]):
                    offered = split(boxes, ch.cond, True)
                    blocked = merge(split(blocked, ch.cond, False), cap)
                    after = []
                    for r, f, sets in offered:
                        if ch.effects:
                            sets = list(sets)
                            for i, d in ch.effects:
                                sets[i] = shift(sets[i], d)
                            sets = tuple(sets)
                        after.append((r | ch.set, f & ~ch.set, sets))
                    if after:
                        send(n, ci, cp.interrupts + ch.route, merge(after, cap))
                self.maybe_dead[n] = bool(blocked)


def need_boxes(cp: Compiled, fw: Forward, goals: int, blocked: int) -> list:
    """Per node, boxes covering the states from which a node in ``goals`` may be entered, or a
    node in ``blocked`` reached in a state where every choice there is blocked. A state outside
    them cannot get to any: a search for these goals need not go on from it. For matching with
    :func:`in_need`: per node, a list of (bits required set, bits required unset,
    ((meter, mask), ...) constrained)."""
    top = [(0, 0, (FULL,) * cp.n_meters)]
    need: list = [[] for _ in cp.ids]
    targets = goals | blocked
    interrupts = None   # (boxes after a choice's effects in which an interrupt leads to a goal,
    #                      boxes in which no interrupt fires), once the interrupt targets are done
    for n in reversed(cp.order):
        if not cp.reach[n] & targets or not fw.reachable[n]:
            continue
        if goals >> n & 1:
            need[n] = top
            continue
        if cp.kind[n] == PASS_NODE:
            need[n] = merge(_chain(need, top, cp.route[n], top), NEED_CAP)
        elif cp.kind[n] == DECISION_NODE:
            if interrupts is None:
                interrupts = _interrupt_boxes(cp, need, top)
            need[n] = merge(_decision_need(cp, n, need, top, interrupts, targets, blocked), NEED_CAP)
    return [[(r, f, tuple((i, s) for i, s in enumerate(sets) if s != FULL)) for r, f, sets in boxes]
            for boxes in need]


def _chain(need: list, top: list, route, boxes) -> list:
    """Boxes in which routing along ``route`` (branches in order) leads on towards a goal."""
    last = -1
    for j, (_, t) in enumerate(route):
        if t >= 0 and need[t]:
            last = j
    out = []
    for cond, t in route[:last + 1]:
        nt = need[t] if t >= 0 else []
        if nt:
            taken = split(boxes, cond, True)
            out.extend(taken if nt is top else meet(taken, nt))
        if cond is None:
            break
        boxes = merge(split(boxes, cond, False), NEED_CAP)
        if not boxes:
            break
    return out


def _interrupt_boxes(cp: Compiled, need: list, top: list) -> tuple[list, list]:
    """(boxes in which an interrupt leads towards a goal, boxes in which no interrupt fires)."""
    fired = _chain(need, top, cp.interrupts, top)
    calm = top
    for cond, _ in cp.interrupts:
        calm = merge(split(calm, cond, False), NEED_CAP)
    return fired, calm


def _decision_need(cp: Compiled, n: int, need: list, top: list, interrupts: tuple[list, list],
                   targets: int, blocked: int) -> list:
    """The boxes (unmerged) at decision node ``n`` from which a goal may be reached, or where ``n``
    is a wanted dead end: each choice's boxes after it, taken back through its effects."""
    fired, calm = interrupts
    out = []
    if blocked >> n & 1:
        out = list(top)
        for ch in cp.choices[n]:
            out = merge(split(out, ch.cond, False), NEED_CAP)
    for ch in cp.choices[n]:
        if not ch.reach & targets:
            continue
        post = _chain(need, top, ch.route, calm)
        if fired:
            post = fired + post
        if not ch.effects and not ch.set:
            out.extend(post if ch.cond is None else split(post, ch.cond, True))
            continue
        for r, f, sets in post:
            if f & ch.set:
                continue
            if ch.effects:
                sets = list(sets)
                for i, d in reversed(ch.effects):
                    sets[i] = unshift(sets[i], d)
                if not all(sets):
                    continue
                sets = tuple(sets)
            out.extend(split([(r & ~ch.set, f, sets)], ch.cond, True))
    return out


def in_need(boxes: list, m, b) -> bool:
    """Whether the state (meters ``m``, bits ``b``) lies in one of a node's :func:`need_boxes`."""
    for r, f, checks in boxes:
        if b & r == r and not b & f:
            for i, s in checks:
                if not s >> m[i] & 1:
                    break
            else:
                return True
    return False
