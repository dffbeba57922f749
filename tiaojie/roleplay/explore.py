"""Exploring a script: what a search of every reachable state finds, computed on the graph.

Used by the linter (reachability, dead ends, endings, decision counts) and by the debrief (the
model path). Raises :class:`SearchTooLarge` when an exact search would need too many states.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .boxes import (DECISION_NODE, END_NODE, FORWARD_CAPS, FULL, HUGE, NEED_CAP, PASS_NODE, Compiled,
                    meet, merge, shift, split, unshift)

# ------------------------------------------------------------------------------------------------
# How ``explore`` works. Scripts are acyclic, so instead of enumerating every reachable state it
# works on the node graph, and touches concrete states only where the graph analysis cannot decide.
#
# * Compiled form: a state is (node, the tested meters as a tuple, the tested flags and facts as
#   one bit mask). Untested meters, flags and facts cannot change which choices are offered or
#   where routing goes, and a path's value depends only on its choices. States are memoised on
#   their node and the variables still tested from that node on ("live").
# * Boxes: a set of states at a node, as (bits known set, bits known unset, per tested meter the
#   set of values it may have as a 101-bit mask). A condition splits a box exactly into boxes where
#   it holds and boxes where it fails; effects shift the masks (clamped at 0 and 100). Only joining
#   boxes loses precision (how meters correlate), so boxes over-approximate.
# * Forward pass, in topological order: the boxes that may arrive at each node. Proves nodes
#   unreachable and decision nodes free of dead ends, finds which edges may be taken, and gives each
#   node an upper bound on the best (and the careless) path value from it. Linear in the graph:
#   first with one box per node; if that leaves a node that may be a dead end, again with a box
#   per combination of flags and facts (up to 256 per node).
# * Backward boxes (``_need``): the states from which a given node may still be reached.
# * Exact searches: ``_cover`` finds a real path to every node and ending, and to a dead end where
#   the forward pass could not rule one out; ``_optimum`` is a memoised branch-and-bound search for
#   the model and careless paths. Both skip only what the boxes prove cannot matter, so their
#   results are those of an exhaustive search; usually they visit a few states per node.

SEARCH_LIMIT = 200_000   # distinct states one exact search may visit; beyond, a script is too large


class SearchTooLarge(Exception):
    pass



@dataclass
class Exploration:
    """What a search of every reachable state finds, from the start state of a given Play."""

    states: int = 0       # concrete states the exact searches visited (work done, not the total)
    visited: set[str] = field(default_factory=set)               # every node entered
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)   # ending node -> first path
    dead_ends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node -> first path there
    best: tuple = ()      # (value, rank, -length, choices, ending node): the model path
    worst: tuple = ()     # the careless path ("first path": in script order, as a depth-first search)




class _Forward:
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


def _need(cp: Compiled, fw: _Forward, goals: int, blocked: int) -> list:
    """Per node, boxes covering the states from which a node in ``goals`` may be entered, or a
    node in ``blocked`` reached in a state where every choice there is blocked. A state outside
    them cannot get to any: a search for these goals need not go on from it."""
    top = [(0, 0, (FULL,) * cp.n_meters)]
    need: list = [[] for _ in cp.ids]
    targets = goals | blocked
    fired = None        # boxes (after a choice's effects) in which an interrupt leads to a goal

    def chain(route, boxes) -> list:
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

    for n in reversed(cp.order):
        if not cp.reach[n] & targets or not fw.reachable[n]:
            continue
        if goals >> n & 1:
            need[n] = top
            continue
        if cp.kind[n] == PASS_NODE:
            need[n] = merge(chain(cp.route[n], top), NEED_CAP)
        elif cp.kind[n] == DECISION_NODE:
            out = []
            if blocked >> n & 1:
                out = list(top)
                for ch in cp.choices[n]:
                    out = merge(split(out, ch.cond, False), NEED_CAP)
            if fired is None:
                fired = chain(cp.interrupts, top)
                calm = top
                for cond, _ in cp.interrupts:
                    calm = merge(split(calm, cond, False), NEED_CAP)
            for ch in cp.choices[n]:
                if not ch.reach & targets:
                    continue
                post = chain(ch.route, calm)
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
            need[n] = merge(out, NEED_CAP)
    # for matching: (bits required set, bits required unset, ((meter, mask), ...) constrained)
    return [[(r, f, tuple((i, s) for i, s in enumerate(sets) if s != FULL)) for r, f, sets in boxes]
            for boxes in need]


def _in(boxes: list, m, b) -> bool:
    for r, f, checks in boxes:
        if b & r == r and not b & f:
            for i, s in checks:
                if not s >> m[i] & 1:
                    break
            else:
                return True
    return False


class _Budget:
    """The limit on the distinct states of one exact search, and the states visited in all."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0


class _Found:
    """What the model and careless searches saw on the way: every node entered (a bit mask) and a
    path to each ending entered (not necessarily the first in script order)."""

    def __init__(self):
        self.visited = 0
        self.endings: dict[int, tuple[str, ...]] = {}


class _Cut(Exception):
    pass


def _cover(cp: Compiled, fw: _Forward, ex: "Exploration", budget: _Budget, patience: int,
           found: _Found, first_paths: bool):
    """A path to every node and ending, and to a dead end wherever there is one.

    Goals: the nodes the forward pass could not prove unreachable and no search has entered yet
    (``found``: what the model and careless searches entered), and the decision nodes it could not
    prove free of dead ends. Records what an exhaustive depth-first search records: every node
    entered, and for each node with a dead end — and, with ``first_paths``, each ending — the
    first path to it in script order (a depth-first search that memoises states reaches a node
    first by that path); without ``first_paths``, any path to each ending. First a depth-first
    search in script order that skips only what cannot reach an open goal in the graph, and stops
    when it makes no progress; then each goal still open gets its own search, which also skips the
    states its backward boxes exclude. A search skips only what cannot reach its goals, so it finds
    their first paths, and when it ends without a goal, the goal is unreachable.
    """
    ids, kind, keys, choices, step, reach = cp.ids, cp.kind, cp.keys, cp.choices, cp.step, cp.reach
    limit = budget.limit
    visited = found.visited
    settled = visited                      # entered, and no first path needed
    if first_paths:
        for t in found.endings:
            settled &= ~(1 << t)
    else:
        ex.endings.update((ids[t], path) for t, path in found.endings.items())
    goals = dead = 0
    for n in cp.order:
        if fw.reachable[n] and not settled >> n & 1:
            goals |= 1 << n
        if fw.maybe_dead[n]:
            dead |= 1 << n
    where: dict = {}          # ending or dead-end node -> its path as choice positions (to sort)

    def search(focus: int, need, patience: "int | None" = None):
        """Depth-first search for the open goals in ``focus`` (-1: all), skipping states outside
        ``need`` (None: none); with ``patience``, cut (``_Cut``) after that many states without a
        goal settled."""
        nonlocal goals, dead, visited
        seen: set = set()
        last = 0            # len(seen) when a goal was last settled

        def enter(trail, path):
            nonlocal goals, visited, last
            for x in trail:
                if not visited >> x & 1:
                    visited |= 1 << x
                    if goals >> x & 1 and (kind[x] != END_NODE or not first_paths):
                        goals &= ~(1 << x)
                        last = len(seen)
                        if kind[x] == END_NODE:
                            ex.endings[ids[x]] = path

        def visit(n, m, b, prefix, at):
            nonlocal goals, dead, last
            k = keys[n](m, b)
            if k in seen:
                return
            seen.add(k)
            if len(seen) > limit:
                raise SearchTooLarge(f"more than {limit} distinct states")
            if patience is not None and len(seen) - last > patience:
                raise _Cut
            offered = False
            for ci, ch in enumerate(choices[n]):
                if ch.test is not None and not ch.test(m, b):
                    continue
                offered = True
                if not ch.reach & (goals | dead) & focus:
                    continue
                trail, t, m2, b2 = step(ch, m, b)
                if not visited >> t & 1 or len(trail) > 1:
                    enter(trail, prefix + (ch.id,))
                if kind[t] == END_NODE:
                    if (goals & focus) >> t & 1:
                        ex.endings[ids[t]] = prefix + (ch.id,)
                        where[t] = at + (ci,)
                        goals &= ~(1 << t)
                        last = len(seen)
                elif reach[t] & (goals | dead) & focus and (need is None or _in(need[t], m2, b2)):
                    visit(t, m2, b2, prefix + (ch.id,), at + (ci,))
                if not (goals | dead) & focus:
                    return
            if not offered and (dead & focus) >> n & 1:
                ex.dead_ends[ids[n]] = prefix
                where[-1 - n] = at
                dead &= ~(1 << n)
                last = len(seen)

        trail, n = cp.enter(cp.start, cp.m0, cp.b0)
        enter(trail, ())
        try:
            if kind[n] == END_NODE:
                if (goals & focus) >> n & 1:
                    ex.endings[ids[n]] = ()
                    where[n] = ()
                    goals &= ~(1 << n)
            elif cp.reach[n] & (goals | dead) & focus and (need is None or _in(need[n], cp.m0, cp.b0)):
                visit(n, cp.m0, cp.b0, (), ())
        finally:
            budget.used += len(seen)

    try:
        search(-1, None, patience)
    except _Cut:
        for n in cp.order:                  # the goals still open, one by one
            if goals >> n & 1:
                search(1 << n, _need(cp, fw, 1 << n, 0))
            if dead >> n & 1:
                search(1 << n, _need(cp, fw, 0, 1 << n))
    ex.visited = {ids[i] for i in range(len(ids)) if visited >> i & 1}
    # in the order a full depth-first search finds them: that of their paths in script order
    index = {nid: i for i, nid in enumerate(ids)}
    if first_paths:
        ex.endings = dict(sorted(ex.endings.items(), key=lambda item: where[index[item[0]]]))
    ex.dead_ends = dict(sorted(ex.dead_ends.items(), key=lambda item: where[-1 - index[item[0]]]))


def _optimum(cp: Compiled, fw: _Forward, budget: _Budget, careless: bool, found: _Found) -> tuple:
    """The first path in script order that maximises (value, rank, -length) — or, ``careless``,
    minimises (value, rank) — as ``(value, rank, -length, choice ids, final node)``.

    Keys are maximised throughout: the careless search maximises (-value, -rank, 0). A key is
    additive along a path, so an upper bound per node is a longest-path DP over the edges the
    forward pass found; a memoised branch-and-bound search then visits choices best bound first
    and skips those whose bound cannot beat what it has (or the floor its caller needs). Notes in
    ``found`` every node it enters and a path to every ending it enters, for :func:`_cover`.
    """
    ids = cp.ids
    sign = -1 if careless else 1
    dl = 0 if careless else -1
    dead = (-10**9 * sign, -sign, 0)
    leaf = [None if r is None else (0, sign * r, 0) for r in cp.rank]

    def up(v, key):
        return key[0] + sign * v, key[1], key[2] + dl

    def down(v, key):
        return None if key is None else (key[0] - sign * v, key[1], key[2] - dl)

    bound: list = [None] * len(ids)
    order: list = [()] * len(ids)        # per decision node: (bound, index, choice), best first
    for n in reversed(cp.order):
        if not fw.reachable[n]:
            continue
        if cp.kind[n] == END_NODE:
            bound[n] = leaf[n]
            continue
        per_choice: dict = {}
        for label, t in fw.edges[n]:
            k = HUGE if t < 0 else bound[t] if label < 0 else up(cp.choices[n][label].value, bound[t])
            if label not in per_choice or k > per_choice[label]:
                per_choice[label] = k
        options = list(per_choice.values()) + ([dead] if fw.maybe_dead[n] else [])
        bound[n] = max(options) if options else HUGE
        order[n] = sorted(((k, ci, cp.choices[n][ci]) for ci, k in per_choice.items() if ci >= 0),
                          key=lambda c: (c[0], -c[1]), reverse=True)
    memo: dict = {}
    kind, keys, step, limit = cp.kind, cp.keys, cp.step, budget.limit

    def solve(n, m, b, floor, prefix):
        """(True, key, path, end) exactly, or (False, upper bound) if the key is below ``floor``."""
        if kind[n] == END_NODE:
            return True, leaf[n], (), n
        k = keys[n](m, b)
        e = memo.get(k)
        if e is not None and (e[0] or (floor is not None and e[1] < floor)):
            return e
        best = ub = None
        offered = False
        for bnd, ci, ch in order[n]:
            if ch.test is not None and not ch.test(m, b):
                continue
            offered = True
            need = floor
            if best is not None:     # beat the best so far (an earlier choice wins a tie)
                nb = best[0] if ci < best[1] else (best[0][0], best[0][1], best[0][2] + 1)
                if need is None or nb > need:
                    need = nb
            if need is None or bnd >= need:
                trail, t, m2, b2 = step(ch, m, b)
                for x in trail:
                    found.visited |= 1 << x
                if kind[t] == END_NODE and t not in found.endings:
                    found.endings[t] = prefix + (ch.id,)
                bnd = up(ch.value, bound[t])
                if need is None or bnd >= need:
                    r = solve(t, m2, b2, down(ch.value, need), prefix + (ch.id,))
                    bnd = up(ch.value, r[1])
                    if r[0] and (need is None or bnd >= need):
                        best = (bnd, ci, (ch.id,) + r[2], r[3])
                        continue
            if ub is None or bnd > ub:
                ub = bnd
        if not offered:
            r = (True, dead, (), n)
        elif best is not None:
            r = (True, best[0], best[2], best[3])
        else:
            r = (False, ub if e is None or e[1] > ub else e[1])
        if e is None:
            budget.used += 1
            if len(memo) >= limit:
                raise SearchTooLarge(f"more than {limit} distinct states")
        memo[k] = r
        return r

    trail, n = cp.enter(cp.start, cp.m0, cp.b0)
    for x in trail:
        found.visited |= 1 << x
    if kind[n] == END_NODE:
        found.endings.setdefault(n, ())
    _, key, path, end = solve(n, cp.m0, cp.b0, None, ())
    if careless:
        key = (-key[0], -key[1], 0)
    return key[0], key[1], -len(path), path, ids[end]


def explore(play, limit: int = SEARCH_LIMIT, *, first_paths: bool = True, patience: "int | None" = None,
            forward_caps: tuple[int, ...] = FORWARD_CAPS) -> Exploration:
    """What a search of every reachable state (node, meters, flags, facts) from the start finds —
    every node entered, the first path in script order to each ending and to each dead end, the
    model and careless paths — computed on the graph (see the comment above), so a script with
    10⁵ states takes milliseconds. Raises :class:`SearchTooLarge` if an exact search needs more
    than ``limit`` distinct states (only where the boxes decide little).

    ``first_paths=False`` gives each ending *a* path instead of the first (all else is the same):
    the linter only needs to know which endings are reachable, and this saves searching for first
    paths to endings that the model or careless search already reached. ``patience`` (states the
    first cover search may go without progress; default: the number of nodes + 16) and
    ``forward_caps`` (boxes per node in the forward pass, tried in turn) change how the work is
    done, never the result; the tests use them to exercise every path.
    """
    cp = Compiled(play)
    for cap in forward_caps:
        fw = _Forward(cp, cap)
        if not any(fw.maybe_dead):
            break
    ex = Exploration()
    budget = _Budget(limit)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * len(cp.ids) + 200))
    found = _Found()
    try:
        ex.best = _optimum(cp, fw, budget, False, found)
        ex.worst = _optimum(cp, fw, budget, True, found)
        _cover(cp, fw, ex, budget, len(cp.ids) + 16 if patience is None else patience, found, first_paths)
    finally:
        sys.setrecursionlimit(old)
    ex.states = budget.used
    return ex
