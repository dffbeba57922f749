"""A script compiled for the analysis of :mod:`tiaojie.roleplay.explore`: small integers, its
graph (topological order, reach masks, live variables) and concrete steps as the engine takes them.

A state is (node, the tested meters as a tuple, the tested flags and facts as one bit mask);
conditions compile to :class:`tiaojie.roleplay.boxes.Cond`.
"""

from __future__ import annotations

from operator import itemgetter

from . import engine
from .boxes import Cond
from .script import METER_MAX, METER_MIN, Condition, Goto, choice_value

DECISION_NODE, PASS_NODE, END_NODE = 0, 1, 2


class _Choice:
    __slots__ = ("id", "cond", "test", "effects", "set", "value", "route", "tests", "reach")

    def __init__(self, cid, cond, effects, setbits, value, route):
        self.id, self.cond, self.effects, self.set, self.value, self.route = cid, cond, effects, setbits, value, route
        self.test = cond.test if cond is not None else None
        self.tests = tuple((c.test if c is not None else None, t) for c, t in route)
        self.reach = 0          # nodes a path through this choice may enter (see Compiled)


class _Names:
    """The numbering of what the analysis tracks, filled as conditions compile: meters tested,
    flags and facts tested (bits), and node ids that do not exist (target -k-1)."""

    def __init__(self, ids: list[str], roles: list[str]):
        self.index = {nid: i for i, nid in enumerate(ids)}
        self.roles = roles
        self.meters: dict[tuple[str, str], int] = {}    # (role, meter) tested -> index in the tuple
        self.bits: dict[tuple[str, str], int] = {}      # ("flag" | "fact", name) tested -> bit
        self.unknown: list[str] = []

    def tested(self, kind: str, names) -> int:
        out = 0
        for name in names:
            out |= 1 << self.bits.setdefault((kind, name), len(self.bits))
        return out

    def mask(self, kind: str, names) -> int:
        """The bits of those ``names`` that some condition tests (the others are not tracked)."""
        out = 0
        for name in names:
            if (kind, name) in self.bits:
                out |= 1 << self.bits[(kind, name)]
        return out

    def cond(self, c: "Condition | None") -> "Cond | None":
        if c is None:
            return None
        bounds: tuple[list, list] = ([], [])
        false = False
        for src, dst in zip((c.min, c.max), bounds):
            for key, v in src.items():
                role, _, meter = key.partition(".")
                if role in self.roles:
                    dst.append((self.meters.setdefault((role, meter), len(self.meters)), v))
                else:
                    false = True      # the engine: a meter of a role without meters fails
        return Cond(false, self.tested("flag", c.flags) | self.tested("fact", c.revealed),
                    self.tested("flag", c.not_flags) | self.tested("fact", c.not_revealed),
                    tuple(bounds[0]), tuple(bounds[1]), [self.cond(a) for a in c.any])

    def node_ref(self, nid: str) -> int:
        if nid in self.index:
            return self.index[nid]
        if nid not in self.unknown:
            self.unknown.append(nid)
        return -1 - self.unknown.index(nid)

    def route(self, goto: Goto) -> tuple:
        if isinstance(goto, str):
            return ((None, self.node_ref(goto)),)
        return tuple((self.cond(b.when), self.node_ref(b.goto)) for b in goto)

    def effects(self, choice) -> tuple:
        """A choice's effects on tracked meters, as (meter index, delta)."""
        eff = []
        roles = self.roles
        for target, deltas in choice.effects.items():
            for role in (roles if target == "all" else [target] if target in roles else []):
                for meter, delta in deltas.items():
                    if (role, meter) in self.meters:
                        eff.append((self.meters[(role, meter)], delta))
        return tuple(eff)


class Compiled:
    """A script as small integers, its graph (topological order, reach masks, live variables)
    and concrete steps."""

    def __init__(self, play):
        script = play.script
        self.ids = list(script.nodes)
        roles = engine.roles(script, play.party_roles)
        names = _Names(self.ids, roles)
        self.unknown = names.unknown                 # target -k-1: a node id that does not exist
        # conditions first: they decide which meters, flags and facts are tracked
        self.kind, self.route, self.rank, routes = [], [], [], []
        for node in script.nodes.values():
            self.kind.append(END_NODE if node.ending is not None else PASS_NODE if node.next is not None else DECISION_NODE)
            self.rank.append(node.ending.type.rank if node.ending is not None else None)
            self.route.append(names.route(node.next) if node.next is not None else ())
            routes.append([(names.cond(c.when), names.route(c.next)) for c in node.choices])
        self.interrupts = tuple((names.cond(b.when), names.node_ref(b.goto)) for b in script.interrupts)
        self.n_meters = len(names.meters)
        self.choices = [[_Choice(c.id, when, names.effects(c), names.mask("flag", c.set) | names.mask("fact", c.reveal),
                                 choice_value(c), route)
                         for c, (when, route) in zip(node.choices, compiled)]
                        for node, compiled in zip(script.nodes.values(), routes)]
        self.int_tests = tuple((c.test if c is not None else None, t) for c, t in self.interrupts)
        self.single = [(n,) for n in range(len(self.ids))]
        initial = {role: script.initial.get(role) for role in roles}
        self.m0 = tuple(getattr(initial[role], meter) if initial[role] else 50 for role, meter in names.meters)
        self.b0 = names.mask("fact", play.known_facts)
        self.start = names.node_ref(script.start)
        if self.start < 0:
            raise engine.EngineError(f"unknown node '{script.start}'")
        self._graph()

    def _graph(self):
        """Topological order of the nodes reachable from the start; reach masks; live variables."""
        n_nodes = len(self.ids)
        succ, own = self._successors()
        post = self._post_order(succ)
        self.order = post[::-1]
        self.reach = [0] * n_nodes
        self.live_b = [0] * n_nodes
        self.live_m: list[tuple[int, ...]] = [()] * n_nodes
        self.keys = [None] * n_nodes
        live_m = [set() for _ in range(n_nodes)]
        for n in post:                      # successors first
            lm, lb = own[n]
            r = 1 << n
            for w in succ[n]:
                r |= self.reach[w]
                lm = lm | live_m[w]
                lb |= self.live_b[w]
            self.reach[n], live_m[n], self.live_b[n] = r, lm, lb
            self.live_m[n] = tuple(sorted(lm))
            self.keys[n] = self._key(n, self.live_m[n], lb)
            for ch in self.choices[n]:
                for _, t in ch.route + self.interrupts:
                    ch.reach |= -1 if t < 0 else self.reach[t]

    def _successors(self) -> tuple[list, list]:
        """Per node, its successors (sorted) and the (meters, bits) its own routing tests."""
        def uses(conds):
            """(targets, meters tested, bits tested) of a list of (condition, target)."""
            targets, meters, bits = set(), set(), 0
            for c, t in conds:
                targets.add(t)
                if c is not None:
                    meters |= c.meters
                    bits |= c.bits
            return targets, meters, bits

        interrupts = uses(self.interrupts)
        succ, own = [], []
        for n in range(len(self.ids)):
            targets, meters, bits = uses(self.route[n])
            for ch in self.choices[n]:
                t, m, b = uses(ch.route)
                targets |= t
                meters |= m | (ch.cond.meters if ch.cond else set())
                bits |= b | (ch.cond.bits if ch.cond else 0)
            if self.choices[n]:
                targets |= interrupts[0]
                meters |= interrupts[1]
                bits |= interrupts[2]
            succ.append(sorted(t for t in targets if t >= 0))
            own.append((meters, bits))
        return succ, own

    def _post_order(self, succ: list) -> list[int]:
        """The nodes reachable from the start in depth-first post-order; a cycle is an error."""
        state = [0] * len(self.ids)
        post: list[int] = []
        stack = [(self.start, iter(succ[self.start]))]
        state[self.start] = 1
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                stack.pop()
                state[v] = 2
                post.append(v)
            elif state[w] == 1:
                raise engine.EngineError("the script graph has a cycle")
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, iter(succ[w])))
        return post

    @staticmethod
    def _key(n: int, lm: tuple, lb: int):
        """The memo key of a state at node ``n``: the node and its live variables."""
        if not lm:
            return lambda m, b: (n, b & lb)
        if len(lm) == 1:
            i = lm[0]
            return lambda m, b: (n, m[i], b & lb)
        get = itemgetter(*lm)
        return lambda m, b: (n, get(m), b & lb)

    def target(self, t: int) -> int:
        if t < 0:
            raise engine.EngineError(f"unknown node '{self.unknown[-1 - t]}'")
        return t

    def enter(self, n: int, m, b) -> tuple[tuple[int, ...], int]:
        """The nodes entered from ``n`` on (pass-through nodes followed), and where it stops."""
        trail = (n,)
        for _ in range(len(self.ids) + 1):
            if self.kind[n] != PASS_NODE:
                return trail, n
            for cond, t in self.route[n]:
                if cond is None or cond.test(m, b):
                    n = self.target(t)
                    break
            trail += (n,)
        raise engine.EngineError("routing does not stop (cycle through pass-through nodes)")

    def step(self, ch: _Choice, m, b):
        """Apply a choice as the engine does: (nodes entered, node where it stops, meters, bits)."""
        if ch.effects:
            m = list(m)
            for i, d in ch.effects:
                v = m[i] + d
                m[i] = METER_MIN if v < METER_MIN else METER_MAX if v > METER_MAX else v
            m = tuple(m)
        b |= ch.set
        for test, t in self.int_tests:
            if test is None or test(m, b):
                break
        else:
            for test, t in ch.tests:
                if test is None or test(m, b):
                    break
        if t < 0 or self.kind[t] == PASS_NODE:
            trail, t = self.enter(self.target(t), m, b)
            return trail, t, m, b
        return self.single[t], t, m, b
