"""The role-play engine: a pure, deterministic state machine over a :class:`Script`.

No UI and no I/O. ``start`` gives the first :class:`State`; ``available`` lists the choices a
state offers; ``choose`` returns the next state (the old one is untouched). A state carries its
own transcript and step records, so replaying the same choice ids always gives the same state.
Scores, the model path and the debrief live in :mod:`tiaojie.roleplay.scoring`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..core.errors import EngineError
from ..core.text import unfold_cjk
from .script import (MEDIATOR, METER_MAX, METER_MIN, METERS, NARRATOR, Branch, Choice, Condition,
                     Goto, Script)


@dataclass(frozen=True)
class Entry:
    """One transcript line: a speaker's words, a revealed fact, or a stage change."""

    kind: str                  # "line" | "choice" | "reveal" | "stage" | "ending"
    node: str
    speaker: str = ""          # role id, "mediator" or "narrator"
    name: str = ""             # display name
    text: str = ""
    stage: str = ""
    caucus_with: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass(frozen=True)
class Step:
    """One decision: where, what was offered, what was chosen, what it changed."""

    node: str
    choice: str
    offered: tuple[str, ...]
    deltas: tuple[tuple[str, str, int], ...]      # (role, meter, applied change after clamping)
    revealed: tuple[str, ...]


@dataclass(frozen=True)
class State:
    node: str
    meters: tuple[tuple[str, tuple[int, ...]], ...]   # (role, values in METERS order), sorted
    flags: frozenset[str] = frozenset()
    revealed: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    transcript: tuple[Entry, ...] = field(default=(), compare=False)
    trail: tuple[str, ...] = field(default=(), compare=False)       # every node entered, in order

    @property
    def key(self):
        """What determines the future: node, meters, flags, revealed facts (not the history)."""
        return (self.node, self.meters, self.flags, frozenset(self.revealed))

    def meter(self, role: str, name: str) -> int:
        return dict(self.meters)[role][METERS.index(name)]

    def meter_dict(self) -> dict[str, dict[str, int]]:
        return {role: dict(zip(METERS, vals)) for role, vals in self.meters}


_PLACEHOLDER = re.compile(r"\{((?:rule:)?[a-z][a-z0-9_]*)(?:\.(surname))?\}")


def render(text: str, names: dict[str, str]) -> str:
    """Replace {role} with the party's name and {role.surname} with its first character.

    ``names`` also holds the case's rule values under ``rule:<name>`` (see :class:`Play`), so
    {rule:period} and the like become the numbers of the configuration in force."""
    def sub(m):
        name = names.get(m.group(1))
        if name is None:
            return m.group(0)
        return name[0] if m.group(2) else name
    return unfold_cjk(_PLACEHOLDER.sub(sub, text))


def display_name(speaker: str, names: dict[str, str]) -> str:
    if speaker == MEDIATOR:
        return names.get(MEDIATOR, "调解员")
    if speaker == NARRATOR:
        return "旁白"
    return names.get(speaker, speaker)


def roles(script: Script, extra: "list[str] | None" = None) -> list[str]:
    """Party roles with meters: those in ``initial`` plus any named in effects or conditions."""
    found = set(script.initial) | set(extra or [])
    for node in script.nodes.values():
        for c in node.choices:
            found |= {r for r in c.effects if r != "all"}
    return sorted(found)


def holds(cond: "Condition | None", state: State) -> bool:
    if cond is None:
        return True
    if any(f not in state.flags for f in cond.flags) or any(f in state.flags for f in cond.not_flags):
        return False
    if any(f not in state.revealed for f in cond.revealed):
        return False
    if any(f in state.revealed for f in cond.not_revealed):
        return False
    values = dict(state.meters)
    for key, low in cond.min.items():
        role, _, meter = key.partition(".")
        if role not in values or values[role][METERS.index(meter)] < low:
            return False
    for key, high in cond.max.items():
        role, _, meter = key.partition(".")
        if role not in values or values[role][METERS.index(meter)] > high:
            return False
    if cond.any and not any(holds(c, state) for c in cond.any):
        return False
    return True


def route(goto: Goto, state: State) -> str:
    if isinstance(goto, str):
        return goto
    for branch in goto:
        if holds(branch.when, state):
            return branch.goto
    raise EngineError("no routing branch holds")  # unreachable: the last branch has no 'when'


def _enter(script: Script, state: State, node_id: str, names: dict[str, str], record: bool = True) -> State:
    """Move to ``node_id``, adding its lines; follow pass-through nodes until a stop."""
    for _ in range(len(script.nodes) + 1):
        if node_id not in script.nodes:
            raise EngineError(f"unknown node '{node_id}'")
        node = script.nodes[node_id]
        if not record:
            state = State(node_id, state.meters, state.flags, state.revealed, state.steps, (),
                          state.trail + (node_id,))
            if node.next is None:
                return state
            node_id = route(node.next, state)
            continue
        previous = script.nodes.get(state.node)
        entries = list(state.transcript)
        if previous is None or previous.stage != node.stage or previous.caucus_with != node.caucus_with \
                or not state.transcript:
            entries.append(Entry("stage", node_id, stage=node.stage.value, caucus_with=node.caucus_with,
                                 text=node.stage.label + (f"（与{display_name(node.caucus_with, names)}单独会谈）"
                                                          if node.caucus_with else "")))
        entries.extend(Entry("line", node_id, ln.speaker, display_name(ln.speaker, names),
                             render(ln.text, names), node.stage.value, node.caucus_with)
                       for ln in node.lines)
        if node.ending is not None:
            e = node.ending
            entries.append(Entry("ending", node_id, text=render(e.summary, names), stage=e.type.value,
                                 name=render(e.title, names)))
        state = replace(state, node=node_id, transcript=tuple(entries), trail=state.trail + (node_id,))
        if node.next is None:
            return state
        node_id = route(node.next, state)
    raise EngineError("routing does not stop (cycle through pass-through nodes)")


def start(script: Script, names: "dict[str, str] | None" = None, party_roles: "list[str] | None" = None,
          known_facts: "list[str] | tuple[str, ...]" = ()) -> State:
    """The first state: initial meters, the mediator's own facts known, the start node entered."""
    names = names or {}
    meters = []
    for role in roles(script, party_roles):
        m = script.initial.get(role)
        meters.append((role, tuple(getattr(m, k) if m else 50 for k in METERS)))
    state = State(node="", meters=tuple(meters), revealed=tuple(known_facts))
    return _enter(script, state, script.start, names)


def is_over(script: Script, state: State) -> bool:
    return script.nodes[state.node].ending is not None


def ending(script: Script, state: State):
    return script.nodes[state.node].ending


def available(script: Script, state: State) -> list[Choice]:
    """Choices offered now, in script order (empty at an ending)."""
    return [c for c in script.nodes[state.node].choices if holds(c.when, state)]


def _clamp(v: int) -> int:
    return max(METER_MIN, min(METER_MAX, v))


def _apply(state: State, effects: dict[str, dict[str, int]]) -> tuple[tuple, tuple]:
    values = {role: list(vals) for role, vals in state.meters}
    applied = []
    for target, deltas in effects.items():
        for role in (list(values) if target == "all" else [target]):
            if role not in values:
                continue
            for meter, delta in deltas.items():
                i = METERS.index(meter)
                new = _clamp(values[role][i] + delta)
                if new != values[role][i]:
                    applied.append((role, meter, new - values[role][i]))
                values[role][i] = new
    return tuple((r, tuple(v)) for r, v in sorted(values.items())), tuple(applied)


def choose(script: Script, state: State, choice_id: str, names: "dict[str, str] | None" = None,
           fact_texts: "dict[str, str] | None" = None, record: bool = True,
           trainee: str = MEDIATOR) -> State:
    """Apply one choice: effects (clamped), reveals, flags, replies, interrupts, then routing.

    ``trainee``: the speaker of the trainee's words — ``mediator``, or in an institution script
    (``trainee_role: institution``) the institution's party role.
    """
    names = names or {}
    offered = available(script, state)
    choice = next((c for c in offered if c.id == choice_id), None)
    if choice is None:
        raise EngineError(f"choice '{choice_id}' is not available at node '{state.node}'")
    node = script.nodes[state.node]
    meters, applied = _apply(state, choice.effects)
    new_facts = tuple(f for f in choice.reveal if f not in state.revealed)
    step = Step(state.node, choice.id, tuple(c.id for c in offered), applied, new_facts)
    if not record:  # search mode: no transcript
        after = State(state.node, meters, state.flags | set(choice.set), state.revealed + new_facts,
                      state.steps + (step,), (), state.trail)
        target = next((b.goto for b in script.interrupts if holds(b.when, after)), None)
        return _enter(script, after, target or route(choice.next, after), names, record=False)
    entries = list(state.transcript)
    entries.append(Entry("choice", state.node, trainee, display_name(trainee, names),
                         render(choice.say or choice.label, names), node.stage.value, node.caucus_with))
    entries.extend(Entry("reveal", state.node, text=render((fact_texts or {}).get(f, f), names),
                         name=f, stage=node.stage.value, caucus_with=node.caucus_with) for f in new_facts)
    entries.extend(Entry("line", state.node, ln.speaker, display_name(ln.speaker, names),
                         render(ln.text, names), node.stage.value, node.caucus_with) for ln in choice.lines)
    after = replace(state, meters=meters, flags=state.flags | set(choice.set),
                    revealed=state.revealed + new_facts, steps=state.steps + (step,),
                    transcript=tuple(entries))
    target = next((b.goto for b in script.interrupts if holds(b.when, after)), None)
    return _enter(script, after, target or route(choice.next, after), names)


def replay(script: Script, choice_ids, names=None, party_roles=None, known_facts=(), fact_texts=None,
           trainee: str = MEDIATOR) -> State:
    """Start and play the given choice ids in order (raises EngineError if one is not offered)."""
    state = start(script, names, party_roles, known_facts)
    for cid in choice_ids:
        state = choose(script, state, cid, names, fact_texts, trainee=trainee)
    return state


def interrupt_branches(script: Script) -> list[Branch]:
    return list(script.interrupts)
