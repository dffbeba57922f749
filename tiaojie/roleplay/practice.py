"""One trainee's attempt at one script, saved step by step: what the widget and the CLI drive.

``Practice.begin`` starts and saves a new attempt; ``Practice.resume`` rebuilds an unfinished
one from the store by replaying its saved choice ids (the engine is deterministic). ``choose``
plays a choice and saves it at once; at an ending the scores are saved with the attempt.
Variant replays get Faker-varied party names from :func:`variant_names`.
"""

from __future__ import annotations

from ..casebank.schema import Case
from . import engine, scoring
from .script import Script
from .session import Play
from .store import Attempt, StaleAttempt, Store


def variant_names(case: Case, seed: "int | None") -> dict[str, str]:
    """Party role -> name for a Faker-varied replay (``seed`` None: the case's own names).

    Uses :func:`tiaojie.casebank.variants.make_variant` (the case bank's variant tool) and keeps
    only the parties' names: the script's lines use ``{role}`` placeholders, so the dialogue
    follows the new names.
    """
    if seed is None:
        return {p.role: p.name for p in case.parties}
    from ..casebank.variants import make_variant

    varied = make_variant(case, int(seed))
    by_role = {p.role: p.name for p in varied.parties}
    return {p.role: by_role.get(p.role, p.name) for p in case.parties}


def _entries(state: engine.State, since: int) -> list[dict]:
    return [e.to_json() for e in state.transcript[since:]]


class Practice:
    def __init__(self, play: Play, store: Store, attempt_id: int, state: engine.State):
        self.play = play
        self.store = store
        self.attempt_id = attempt_id
        self.state = state

    @classmethod
    def begin(cls, script: Script, case: Case, store: Store, trainee: str, seed: "int | None" = None) -> "Practice":
        names = variant_names(case, seed)
        play = Play.for_case(script, case, names)
        state = play.start()
        aid = store.start_attempt(trainee, case.id, script.id, seed, names, _entries(state, 0), state.node)
        return cls(play, store, aid, state)

    @classmethod
    def resume(cls, script: Script, case: Case, store: Store, attempt: Attempt) -> "Practice":
        """Rebuild an attempt from its saved choices (raises EngineError if the script changed)."""
        play = Play.for_case(script, case, attempt.names or None)
        state = play.replay(store.choices(attempt.id))
        return cls(play, store, attempt.id, state)

    @property
    def over(self) -> bool:
        return self.play.is_over(self.state)

    def choices(self):
        return self.play.available(self.state)

    def choose(self, choice_id: str) -> list[engine.Entry]:
        """Play one choice, save it, and return the transcript entries it added."""
        before = len(self.state.transcript)
        node = self.state.node
        next_state = self.play.choose(self.state, choice_id)
        try:
            self.store.add_step(self.attempt_id, node, choice_id, _entries(next_state, before),
                                expected_seq=len(self.state.steps) + 1)
        except StaleAttempt:
            self.sync()   # another tab played on: take its steps, never drop them
            raise
        self.state = next_state
        if self.over:
            s = scoring.scores(self.play.script, self.state)
            end = engine.ending(self.play.script, self.state)
            self.store.finish(self.attempt_id, self.state.node, end.type.value, scoring.overall(s),
                              {cid: v["score"] for cid, v in s.items()})
        return list(self.state.transcript[before:])

    def sync(self) -> None:
        """Replay the saved choices: what another tab or process saved becomes this one's state."""
        self.state = self.play.replay(self.store.choices(self.attempt_id))

    def debrief(self) -> dict:
        return scoring.debrief(self.play, self.state)
