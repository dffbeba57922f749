"""The covering search: a real path to every node and ending, and to every dead end.

See the comment in :mod:`tiaojie.roleplay.explore` for where it fits.
"""

from __future__ import annotations

from .compiled import END_NODE, Compiled
from .optimum import Found
from .reachability import Forward, in_need, need_boxes
from .search_budget import Budget, SearchTooLarge


class _Cut(Exception):
    pass


def cover(cp: Compiled, fw: Forward, budget: Budget, patience: int, found: Found,
          first_paths: bool) -> tuple[set[str], dict, dict]:
    """A path to every node and ending, and to a dead end wherever there is one, as (nodes
    entered, {ending: path}, {dead-end node: path}).

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
    c = _Cover(cp, fw, budget, found, first_paths)
    try:
        c.search(-1, None, patience)
    except _Cut:
        for n in cp.order:                  # the goals still open, one by one
            if c.goals >> n & 1:
                c.search(1 << n, need_boxes(cp, fw, 1 << n, 0))
            if c.dead >> n & 1:
                c.search(1 << n, need_boxes(cp, fw, 0, 1 << n))
    return c.results()


class _Cover:
    """The goals still open (bit masks), what was found, and the state of the current search."""

    def __init__(self, cp: Compiled, fw: Forward, budget: Budget, found: Found, first_paths: bool):
        self.cp, self.budget, self.first_paths = cp, budget, first_paths
        self.visited = found.visited
        self.endings: dict[str, tuple[str, ...]] = {}
        self.dead_ends: dict[str, tuple[str, ...]] = {}
        self.where: dict = {}       # ending or dead-end node -> its path as choice positions (to sort)
        settled = self.visited      # entered, and no first path needed
        if first_paths:
            for t in found.endings:
                settled &= ~(1 << t)
        else:
            self.endings.update((cp.ids[t], path) for t, path in found.endings.items())
        self.goals = self.dead = 0
        for n in cp.order:
            if fw.reachable[n] and not settled >> n & 1:
                self.goals |= 1 << n
            if fw.maybe_dead[n]:
                self.dead |= 1 << n

    def results(self) -> tuple[set[str], dict, dict]:
        """(nodes entered, endings, dead ends), in the order a full depth-first search finds them:
        that of their paths in script order."""
        ids, where = self.cp.ids, self.where
        visited = {ids[i] for i in range(len(ids)) if self.visited >> i & 1}
        index = {nid: i for i, nid in enumerate(ids)}
        endings = self.endings
        if self.first_paths:
            endings = dict(sorted(endings.items(), key=lambda item: where[index[item[0]]]))
        dead_ends = dict(sorted(self.dead_ends.items(), key=lambda item: where[-1 - index[item[0]]]))
        return visited, endings, dead_ends

    def search(self, focus: int, need, patience: "int | None" = None):
        """Depth-first search for the open goals in ``focus`` (-1: all), skipping states outside
        ``need`` (None: none); with ``patience``, cut (``_Cut``) after that many states without a
        goal settled."""
        cp = self.cp
        self.focus, self.need, self.patience = focus, need, patience
        self.seen: set = set()
        self.last = 0            # len(seen) when a goal was last settled
        trail, n = cp.enter(cp.start, cp.m0, cp.b0)
        self._enter(trail, ())
        try:
            if cp.kind[n] == END_NODE:
                if (self.goals & focus) >> n & 1:
                    self._ending(n, (), ())
            elif cp.reach[n] & (self.goals | self.dead) & focus and (need is None or in_need(need[n], cp.m0, cp.b0)):
                self._visit(n, cp.m0, cp.b0, (), ())
        finally:
            self.budget.used += len(self.seen)

    def _enter(self, trail, path):
        """Note the nodes entered along ``trail``, settling the goals among them."""
        kind = self.cp.kind
        for x in trail:
            if not self.visited >> x & 1:
                self.visited |= 1 << x
                if self.goals >> x & 1 and (kind[x] != END_NODE or not self.first_paths):
                    self.goals &= ~(1 << x)
                    self.last = len(self.seen)
                    if kind[x] == END_NODE:
                        self.endings[self.cp.ids[x]] = path

    def _ending(self, t, path, at):
        """Settle ending ``t``, reached by ``path`` (choice positions ``at``)."""
        self.endings[self.cp.ids[t]] = path
        self.where[t] = at
        self.goals &= ~(1 << t)
        self.last = len(self.seen)

    def _visit(self, n, m, b, prefix, at):
        cp, seen, focus, need = self.cp, self.seen, self.focus, self.need
        k = cp.keys[n](m, b)
        if k in seen:
            return
        seen.add(k)
        if len(seen) > self.budget.limit:
            raise SearchTooLarge(f"more than {self.budget.limit} distinct states")
        if self.patience is not None and len(seen) - self.last > self.patience:
            raise _Cut
        offered = False
        for ci, ch in enumerate(cp.choices[n]):
            if ch.test is not None and not ch.test(m, b):
                continue
            offered = True
            if not ch.reach & (self.goals | self.dead) & focus:
                continue
            trail, t, m2, b2 = cp.step(ch, m, b)
            if not self.visited >> t & 1 or len(trail) > 1:
                self._enter(trail, prefix + (ch.id,))
            if cp.kind[t] == END_NODE:
                if (self.goals & focus) >> t & 1:
                    self._ending(t, prefix + (ch.id,), at + (ci,))
            elif cp.reach[t] & (self.goals | self.dead) & focus and (need is None or in_need(need[t], m2, b2)):
                self._visit(t, m2, b2, prefix + (ch.id,), at + (ci,))
            if not (self.goals | self.dead) & focus:
                return
        if not offered and (self.dead & focus) >> n & 1:
            self.dead_ends[cp.ids[n]] = prefix
            self.where[-1 - n] = at
            self.dead &= ~(1 << n)
            self.last = len(self.seen)
