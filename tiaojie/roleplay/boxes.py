"""The abstract domain of the script analysis, and a script compiled for it.

See :mod:`tiaojie.roleplay.explore` for how the analysis uses them. A *box* is a set of states at
a node: (bits known set, bits known unset, per tested meter the set of values it may have as a
101-bit mask). Conditions split boxes exactly; effects shift the masks (clamped at 0 and 100);
only joining boxes loses precision, so boxes over-approximate.
"""

from __future__ import annotations

from operator import itemgetter

from . import engine
from .script import METER_MAX, METER_MIN, Condition, Goto, choice_value

FULL = (1 << (METER_MAX + 1)) - 1
DECISION_NODE, PASS_NODE, END_NODE = 0, 1, 2
NEED_CAP = 2                  # boxes kept per node by the backward pass before merging
FORWARD_CAPS = (1, 256)  # boxes kept per node by the forward pass; the second try if the first
                          # leaves a node that may be a dead end
HUGE = (10**18, 10**18, 10**18)


def _ge(t: int) -> int:
    """The values >= t."""
    return FULL if t <= METER_MIN else 0 if t > METER_MAX else FULL & ~((1 << t) - 1)


def _le(t: int) -> int:
    """The values <= t."""
    return 0 if t < METER_MIN else FULL if t >= METER_MAX else (1 << (t + 1)) - 1


def shift(s: int, d: int) -> int:
    """The values of mask ``s`` after adding ``d``, clamped to 0–100."""
    if d > 0:
        over = (s << d) >> (METER_MAX + 1)
        s = ((s << d) & FULL) | ((1 << METER_MAX) if over else 0)
    elif d < 0:
        s = (s >> -d) | (1 if s & ((1 << -d) - 1) else 0)
    return s


def unshift(s: int, d: int) -> int:
    """The values v with clamp(v + d) in mask ``s`` (the inverse image of :func:`shift`)."""
    if d > 0:
        return ((s >> d) | (_ge(METER_MAX - d) if s >> METER_MAX & 1 else 0)) & FULL
    if d < 0:
        return ((s << -d) & FULL) | (((1 << (1 - d)) - 1) & FULL if s & 1 else 0)
    return s


class _Cond:
    """A compiled condition: bits required set / unset, meter bounds, sub-conditions (any)."""

    __slots__ = ("false", "req", "forb", "mins", "maxs", "anys", "meters", "bits", "test", "atoms")

    def __init__(self, false, req, forb, mins, maxs, anys):
        self.false, self.req, self.forb, self.mins, self.maxs, self.anys = false, req, forb, mins, maxs, anys
        self.meters = {i for i, _ in mins + maxs} | {i for a in anys for i in a.meters}
        self.bits = req | forb
        for a in anys:
            self.bits |= a.bits
        self.atoms = tuple((i, _ge(t)) for i, t in mins) + tuple((i, _le(t)) for i, t in maxs)
        self.test = self._compile()

    def _compile(self):
        """``test(meters, bits) -> bool`` for concrete states, as small closures."""
        if self.false:
            return lambda m, b: False
        parts = []
        req, forb = self.req, self.forb
        if req:
            parts.append(lambda m, b: b & req == req)
        if forb:
            parts.append(lambda m, b: not b & forb)
        for i, t in self.mins:
            parts.append(lambda m, b, i=i, t=t: m[i] >= t)
        for i, t in self.maxs:
            parts.append(lambda m, b, i=i, t=t: m[i] <= t)
        if self.anys:
            subs = [a.test for a in self.anys]
            parts.append(lambda m, b: any(s(m, b) for s in subs))
        if not parts:
            return lambda m, b: True
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            p, q = parts
            return lambda m, b: p(m, b) and q(m, b)
        return lambda m, b: all(p(m, b) for p in parts)

    # A box is (bits known set, bits known unset, value masks). Both split functions return
    # boxes whose union is exactly the part of the box where the condition holds / fails.
    def split_true(self, r: int, f: int, sets: tuple) -> list:
        if self.false:
            return []
        r, f = r | self.req, f | self.forb
        if r & f:
            return []
        cut = None
        for i, mask in self.atoms:
            s = (cut or sets)[i] & mask
            if not s:
                return []
            if s != sets[i]:
                cut = cut or list(sets)
                cut[i] = s
        if cut:
            sets = tuple(cut)
        if not self.anys:
            return [(r, f, sets)]
        return [box for a in self.anys for box in a.split_true(r, f, sets)]

    def split_false(self, r: int, f: int, sets: tuple) -> list:
        if self.false or self.req & f or self.forb & r:
            return [(r, f, sets)]
        for i, mask in self.atoms:
            if not sets[i] & mask:                  # fails in the whole box
                return [(r, f, sets)]
        out = []
        for bits, unset in ((self.req & ~r, True), (self.forb & ~f, False)):
            while bits:
                x = bits & -bits
                bits ^= x
                out.append((r, f | x, sets) if unset else (r | x, f, sets))
        for i, mask in self.atoms:
            s = sets[i] & ~mask
            if s:
                out.append((r, f, sets[:i] + (s,) + sets[i + 1:]))
        if self.anys:
            inside = _Cond(False, self.req, self.forb, self.mins, self.maxs, []).split_true(r, f, sets)
            for a in self.anys:
                inside = [box for p in inside for box in a.split_false(*p)]
            out.extend(inside)
        return out


def split(boxes: list, cond: "_Cond | None", holds: bool) -> list:
    if cond is None:
        return boxes if holds else []
    split = cond.split_true if holds else cond.split_false
    return [x for box in boxes for x in split(*box)]


def meet(xs: list, ys: list) -> list:
    out = []
    for r1, f1, s1 in xs:
        for r2, f2, s2 in ys:
            r, f = r1 | r2, f1 | f2
            if not r & f:
                sets = tuple(map(int.__and__, s1, s2))
                if all(sets):
                    out.append((r, f, sets))
    return out


def merge(boxes: list, cap: int) -> list:
    """At most ``cap`` boxes covering ``boxes``: boxes with the same bits merge, then all of them."""
    if len(boxes) <= 1:
        return boxes
    by_bits: dict = {}
    for r, f, sets in boxes:
        old = by_bits.get((r, f))
        by_bits[(r, f)] = sets if old is None else tuple(map(int.__or__, old, sets))
    if len(by_bits) > cap:
        r = f = -1
        sets = None
        for (r1, f1), s in by_bits.items():
            r, f = r & r1, f & f1
            sets = s if sets is None else tuple(map(int.__or__, sets, s))
        return [(r, f, sets)]
    return [(r, f, s) for (r, f), s in by_bits.items()]


class _Choice:
    __slots__ = ("id", "cond", "test", "effects", "set", "value", "route", "tests", "reach")

    def __init__(self, cid, cond, effects, setbits, value, route):
        self.id, self.cond, self.effects, self.set, self.value, self.route = cid, cond, effects, setbits, value, route
        self.test = cond.test if cond is not None else None
        self.tests = tuple((c.test if c is not None else None, t) for c, t in route)
        self.reach = 0          # nodes a path through this choice may enter (see Compiled)


class Compiled:
    """A script as small integers, its graph (topological order, reach masks, live variables)
    and concrete steps."""

    def __init__(self, play):
        script = play.script
        self.ids = list(script.nodes)
        index = {nid: i for i, nid in enumerate(self.ids)}
        roles = engine.roles(script, play.party_roles)
        meters: dict[tuple[str, str], int] = {}      # (role, meter) tested -> index in the tuple
        bits: dict[tuple[str, str], int] = {}        # ("flag" | "fact", name) tested -> bit
        self.unknown: list[str] = []                 # target -k-1: a node id that does not exist

        def tested(kind, names) -> int:
            out = 0
            for name in names:
                out |= 1 << bits.setdefault((kind, name), len(bits))
            return out

        def cond_of(c: "Condition | None") -> "_Cond | None":
            if c is None:
                return None
            bounds: tuple[list, list] = ([], [])
            false = False
            for src, dst in zip((c.min, c.max), bounds):
                for key, v in src.items():
                    role, _, meter = key.partition(".")
                    if role in roles:
                        dst.append((meters.setdefault((role, meter), len(meters)), v))
                    else:
                        false = True      # the engine: a meter of a role without meters fails
            return _Cond(false, tested("flag", c.flags) | tested("fact", c.revealed),
                         tested("flag", c.not_flags) | tested("fact", c.not_revealed),
                         tuple(bounds[0]), tuple(bounds[1]), [cond_of(a) for a in c.any])

        def node_ref(nid: str) -> int:
            if nid in index:
                return index[nid]
            if nid not in self.unknown:
                self.unknown.append(nid)
            return -1 - self.unknown.index(nid)

        def route_of(goto: Goto) -> tuple:
            if isinstance(goto, str):
                return ((None, node_ref(goto)),)
            return tuple((cond_of(b.when), node_ref(b.goto)) for b in goto)

        # conditions first: they decide which meters, flags and facts are tracked
        self.kind, self.route, self.rank, routes = [], [], [], []
        for node in script.nodes.values():
            self.kind.append(END_NODE if node.ending is not None else PASS_NODE if node.next is not None else DECISION_NODE)
            self.rank.append(node.ending.type.rank if node.ending is not None else None)
            self.route.append(route_of(node.next) if node.next is not None else ())
            routes.append([(cond_of(c.when), route_of(c.next)) for c in node.choices])
        self.interrupts = tuple((cond_of(b.when), node_ref(b.goto)) for b in script.interrupts)
        self.n_meters = len(meters)

        def mask(kind, names) -> int:
            out = 0
            for name in names:
                if (kind, name) in bits:
                    out |= 1 << bits[(kind, name)]
            return out

        self.choices = []
        for node, compiled in zip(script.nodes.values(), routes):
            chs = []
            for c, (when, route) in zip(node.choices, compiled):
                eff = []
                for target, deltas in c.effects.items():
                    for role in (roles if target == "all" else [target] if target in roles else []):
                        for meter, delta in deltas.items():
                            if (role, meter) in meters:
                                eff.append((meters[(role, meter)], delta))
                chs.append(_Choice(c.id, when, tuple(eff), mask("flag", c.set) | mask("fact", c.reveal),
                                   choice_value(c), route))
            self.choices.append(chs)
        self.int_tests = tuple((c.test if c is not None else None, t) for c, t in self.interrupts)
        self.single = [(n,) for n in range(len(self.ids))]
        initial = {role: script.initial.get(role) for role in roles}
        self.m0 = tuple(getattr(initial[role], meter) if initial[role] else 50 for role, meter in meters)
        self.b0 = mask("fact", play.known_facts)
        self.start = node_ref(script.start)
        if self.start < 0:
            raise engine.EngineError(f"unknown node '{script.start}'")
        self._graph()

    def _graph(self):
        """Topological order of the nodes reachable from the start; reach masks; live variables."""
        n_nodes = len(self.ids)

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
        for n in range(n_nodes):
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
        state = [0] * n_nodes
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
