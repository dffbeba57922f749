"""The abstract domain of the script analysis: boxes, and conditions that split them.

See :mod:`tiaojie.roleplay.explore` for how the analysis uses them (and
:mod:`tiaojie.roleplay.compiled` for the script they work on). A *box* is a set of states at
a node: (bits known set, bits known unset, per tested meter the set of values it may have as a
101-bit mask). Conditions split boxes exactly; effects shift the masks (clamped at 0 and 100);
only joining boxes loses precision, so boxes over-approximate.
"""

from __future__ import annotations

from .script import METER_MAX, METER_MIN

FULL = (1 << (METER_MAX + 1)) - 1


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


class Cond:
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
            inside = Cond(False, self.req, self.forb, self.mins, self.maxs, []).split_true(r, f, sets)
            for a in self.anys:
                inside = [box for p in inside for box in a.split_false(*p)]
            out.extend(inside)
        return out


def split(boxes: list, cond: "Cond | None", holds: bool) -> list:
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
