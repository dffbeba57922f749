"""A script bound to its case: names, party roles and fact texts for the engine.

``Play`` is what the CLI, the widget and the store use: it starts, chooses and replays with the
case's (or a variant's) party names, and the mediator's own confidential facts already known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..casebank.prose import rule_values
from ..casebank.loader import script_files, script_path  # noqa: F401 — defined there; kept importable here
from ..casebank.schema import Case
from . import engine
from .script import MEDIATOR, Script, TraineeRole, load_script_for, meter_labels


def trainee_party(script: Script, case: "Case | None") -> "str | None":
    """The speaker of the trainee's words: ``mediator`` in a mediator script; in an institution
    script the case's one institution party (of several, the one whose role is ``institution``);
    None when the case gives no such party (the linter reports it)."""
    if script.trainee_role is TraineeRole.mediator:
        return MEDIATOR
    if case is None:
        return None
    found = [p.role for p in case.parties if p.kind.value == "institution"]
    if len(found) == 1:
        return found[0]
    return "institution" if "institution" in found else None


@dataclass
class Play:
    script: Script
    names: dict[str, str] = field(default_factory=dict)
    party_roles: list[str] = field(default_factory=list)
    known_facts: tuple[str, ...] = ()
    fact_texts: dict[str, str] = field(default_factory=dict)
    case: "Case | None" = None
    trainee: str = MEDIATOR        # the speaker of the trainee's words (see trainee_party)

    @classmethod
    def for_case(cls, script: Script, case: "Case | None" = None,
                 names: "dict[str, str] | None" = None) -> "Play":
        if case is None:
            return cls(script, dict(names or {}))
        base = {p.role: p.name for p in case.parties}
        base.update({f"rule:{k}": v for k, v in rule_values(case).items()})
        base.update(names or {})
        base.setdefault(MEDIATOR, "调解员")
        facts = {f.id: f.text for brief in case.confidential.values() for f in brief.facts}
        trainee = trainee_party(script, case) or MEDIATOR
        brief = case.confidential.get(trainee)   # the trainee knows its own role's facts
        own_facts = tuple(f.id for f in brief.facts) if brief else ()
        if names:  # a variant: carry the new names into fact texts too
            for p in case.parties:
                if p.role in names and names[p.role] != p.name:
                    facts = {k: v.replace(p.name, names[p.role]) for k, v in facts.items()}
        return cls(script, base, sorted(case.party_roles), own_facts, facts, case, trainee)

    def start(self) -> engine.State:
        return engine.start(self.script, self.names, self.party_roles, self.known_facts)

    def choose(self, state: engine.State, choice_id: str, record: bool = True) -> engine.State:
        return engine.choose(self.script, state, choice_id, self.names, self.fact_texts, record,
                             trainee=self.trainee)

    def replay(self, choice_ids) -> engine.State:
        state = self.start()
        for cid in choice_ids:
            state = self.choose(state, cid)
        return state

    def exploration(self):
        """The full search of this script (cached: scripts are immutable once loaded)."""
        if getattr(self, "_exploration", None) is None:
            from .scoring import explore
            self._exploration = explore(self)
        return self._exploration

    def available(self, state: engine.State):
        return engine.available(self.script, state)

    def is_over(self, state: engine.State) -> bool:
        return engine.is_over(self.script, state)

    def label(self, text: str) -> str:
        return engine.render(text, self.names)

    @property
    def trainee_label(self) -> str:
        """Whom the trainee plays, for headers: 调解员, or 某某银行（虚构）指定人员."""
        if self.script.trainee_role is TraineeRole.mediator:
            return TraineeRole.mediator.label
        return f"{self.names.get(self.trainee, '金融机构')}指定人员"

    def meter_labels(self) -> dict[str, str]:
        return meter_labels(self.script.trainee_role)


def load_play(script_id: str, cases: "dict[str, Case]", names=None, root: "Path | None" = None) -> Play:
    """Load ``<bank>/roleplays/<script_id>.yaml`` and bind it to its case from ``cases``."""
    script = load_script_for(script_id, root)
    return Play.for_case(script, cases.get(script.case), names)
