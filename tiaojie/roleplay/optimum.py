"""The model and careless paths: a memoised branch-and-bound search over concrete states.

See the comment in :mod:`tiaojie.roleplay.explore` for where it fits.
"""

from __future__ import annotations

from .compiled import END_NODE, Compiled
from .reachability import Forward
from .search_budget import Budget, SearchTooLarge

HUGE = (10**18, 10**18, 10**18)     # a bound above every key


class Found:
    """What the model and careless searches saw on the way: every node entered (a bit mask) and a
    path to each ending entered (not necessarily the first in script order)."""

    def __init__(self):
        self.visited = 0
        self.endings: dict[int, tuple[str, ...]] = {}


def optimum(cp: Compiled, fw: Forward, budget: Budget, careless: bool, found: Found) -> tuple:
    """The first path in script order that maximises (value, rank, -length) — or, ``careless``,
    minimises (value, rank) — as ``(value, rank, -length, choice ids, final node)``.

    Keys are maximised throughout: the careless search maximises (-value, -rank, 0). A key is
    additive along a path, so an upper bound per node is a longest-path DP over the edges the
    forward pass found; a memoised branch-and-bound search then visits choices best bound first
    and skips those whose bound cannot beat what it has (or the floor its caller needs). Notes in
    ``found`` every node it enters and a path to every ending it enters, for
    :func:`tiaojie.roleplay.cover.cover`.
    """
    search = _Optimum(cp, fw, budget, careless, found)
    trail, n = cp.enter(cp.start, cp.m0, cp.b0)
    for x in trail:
        found.visited |= 1 << x
    if cp.kind[n] == END_NODE:
        found.endings.setdefault(n, ())
    _, key, path, end = search.solve(n, cp.m0, cp.b0, None, ())
    if careless:
        key = (-key[0], -key[1], 0)
    return key[0], key[1], -len(path), path, cp.ids[end]


class _Optimum:
    """One search: the key arithmetic, the bound per node, the order of choices, the memo."""

    def __init__(self, cp: Compiled, fw: Forward, budget: Budget, careless: bool, found: Found):
        self.cp, self.budget, self.found = cp, budget, found
        sign = self.sign = -1 if careless else 1
        self.dl = 0 if careless else -1
        self.dead = (-10**9 * sign, -sign, 0)
        self.leaf = [None if r is None else (0, sign * r, 0) for r in cp.rank]
        self.memo: dict = {}
        self.bound, self.order = self._bounds(fw)

    def up(self, v, key):
        return key[0] + self.sign * v, key[1], key[2] + self.dl

    def down(self, v, key):
        return None if key is None else (key[0] - self.sign * v, key[1], key[2] - self.dl)

    def _bounds(self, fw: Forward) -> tuple[list, list]:
        """Per node an upper bound of the key from it (longest path over the edges the forward
        pass found) and, per decision node, its choices as (bound, index, choice), best first."""
        cp = self.cp
        bound: list = [None] * len(cp.ids)
        order: list = [()] * len(cp.ids)
        for n in reversed(cp.order):
            if not fw.reachable[n]:
                continue
            if cp.kind[n] == END_NODE:
                bound[n] = self.leaf[n]
                continue
            per_choice: dict = {}
            for label, t in fw.edges[n]:
                k = HUGE if t < 0 else bound[t] if label < 0 else self.up(cp.choices[n][label].value, bound[t])
                if label not in per_choice or k > per_choice[label]:
                    per_choice[label] = k
            options = list(per_choice.values()) + ([self.dead] if fw.maybe_dead[n] else [])
            bound[n] = max(options) if options else HUGE
            order[n] = sorted(((k, ci, cp.choices[n][ci]) for ci, k in per_choice.items() if ci >= 0),
                              key=lambda c: (c[0], -c[1]), reverse=True)
        return bound, order

    def solve(self, n, m, b, floor, prefix):
        """(True, key, path, end) exactly, or (False, upper bound) if the key is below ``floor``."""
        cp, found = self.cp, self.found
        if cp.kind[n] == END_NODE:
            return True, self.leaf[n], (), n
        k = cp.keys[n](m, b)
        e = self.memo.get(k)
        if e is not None and (e[0] or (floor is not None and e[1] < floor)):
            return e
        best = ub = None
        offered = False
        for bnd, ci, ch in self.order[n]:
            if ch.test is not None and not ch.test(m, b):
                continue
            offered = True
            need = floor
            if best is not None:     # beat the best so far (an earlier choice wins a tie)
                nb = best[0] if ci < best[1] else (best[0][0], best[0][1], best[0][2] + 1)
                if need is None or nb > need:
                    need = nb
            if need is None or bnd >= need:
                trail, t, m2, b2 = cp.step(ch, m, b)
                for x in trail:
                    found.visited |= 1 << x
                if cp.kind[t] == END_NODE and t not in found.endings:
                    found.endings[t] = prefix + (ch.id,)
                bnd = self.up(ch.value, self.bound[t])
                if need is None or bnd >= need:
                    r = self.solve(t, m2, b2, self.down(ch.value, need), prefix + (ch.id,))
                    bnd = self.up(ch.value, r[1])
                    if r[0] and (need is None or bnd >= need):
                        best = (bnd, ci, (ch.id,) + r[2], r[3])
                        continue
            if ub is None or bnd > ub:
                ub = bnd
        if not offered:
            r = (True, self.dead, (), n)
        elif best is not None:
            r = (True, best[0], best[2], best[3])
        else:
            r = (False, ub if e is None or e[1] > ub else e[1])
        return self._remember(k, e, r)

    def _remember(self, k, e, r):
        """Memoise result ``r`` for state key ``k`` (``e``: what the memo held), within the limit."""
        if e is None:
            self.budget.used += 1
            if len(self.memo) >= self.budget.limit:
                raise SearchTooLarge(f"more than {self.budget.limit} distinct states")
        self.memo[k] = r
        return r
