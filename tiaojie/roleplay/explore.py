"""Exploring a script: what a search of every reachable state finds, computed on the graph.

Used by the linter (reachability, dead ends, endings, decision counts) and by the debrief (the
model path). Raises :class:`SearchTooLarge` when an exact search would need too many states.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .compiled import Compiled
from .cover import cover
from .optimum import Found, optimum
from .reachability import FORWARD_CAPS, Forward
from .search_budget import SEARCH_LIMIT, Budget, SearchTooLarge

__all__ = ["SEARCH_LIMIT", "Exploration", "SearchTooLarge", "explore"]

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
# * Backward boxes (``need_boxes``): the states from which a given node may still be reached.
# * Exact searches: ``cover`` finds a real path to every node and ending, and to a dead end where
#   the forward pass could not rule one out; ``optimum`` is a memoised branch-and-bound search for
#   the model and careless paths. Both skip only what the boxes prove cannot matter, so their
#   results are those of an exhaustive search; usually they visit a few states per node. Each
#   stops with ``SearchTooLarge`` beyond ``SEARCH_LIMIT`` distinct states (``search_budget``).
#
# Where each part lives: the compiled script in ``compiled``; boxes and conditions in ``boxes``;
# the forward pass and the backward boxes in ``reachability``; the searches in ``cover`` and
# ``optimum``; this module runs them in turn and gathers their results in an ``Exploration``.


@dataclass
class Exploration:
    """What a search of every reachable state finds, from the start state of a given Play."""

    states: int = 0       # concrete states the exact searches visited (work done, not the total)
    visited: set[str] = field(default_factory=set)               # every node entered
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)   # ending node -> first path
    dead_ends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node -> first path there
    best: tuple = ()      # (value, rank, -length, choices, ending node): the model path
    worst: tuple = ()     # the careless path ("first path": in script order, as a depth-first search)


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
        fw = Forward(cp, cap)
        if not any(fw.maybe_dead):
            break
    ex = Exploration()
    budget = Budget(limit)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * len(cp.ids) + 200))
    found = Found()
    try:
        ex.best = optimum(cp, fw, budget, False, found)
        ex.worst = optimum(cp, fw, budget, True, found)
        ex.visited, ex.endings, ex.dead_ends = cover(
            cp, fw, budget, len(cp.ids) + 16 if patience is None else patience, found, first_paths)
    finally:
        sys.setrecursionlimit(old)
    ex.states = budget.used
    return ex
