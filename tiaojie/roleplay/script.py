"""The role-play script format: a declarative, validated branching mediation session.

A script is a YAML file ``casebank/roleplays/<script-id>.yaml`` whose id is the id of the case it
plays (``case``). It is a directed acyclic graph of *nodes*: decision nodes (``choices``), pass-
through nodes (``next``) and ending nodes (``ending``). Field-by-field documentation with an
example: docs/reference/roleplay-format.md. Cross-references (speakers, facts, competencies, node targets)
are checked by :mod:`tiaojie.roleplay.lint` against the case, not here.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..casebank.loader import script_path
from ..casebank.schema import CASE_ID, POLICY_ARTICLES, Ident
from ..core import safe_yaml
from ..core.errors import RoleplayError
from ..core.labels import LabelledEnum

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

METERS = ("emotion", "trust", "neutrality", "openness")
METER_LABELS = {"emotion": "情绪激动", "trust": "对调解员的信任", "neutrality": "感知中立",
                "openness": "和解意愿"}
METER_MIN, METER_MAX = 0, 100
NARRATOR, MEDIATOR = "narrator", "mediator"


# A script a trainee can play in one sitting has tens of nodes; far more is a mistake or an attack.
MAX_NODES = 300

class TraineeRole(LabelledEnum):
    """Whom the trainee plays: the mediator, or the financial institution's designated staff
    (policy arts. 二十, 二十一: authority to settle, honouring agreements, rectification)."""

    mediator = ("mediator", "调解员")
    institution = ("institution", "金融机构指定人员", "机构指定人员")

    @classmethod
    def field_name(cls) -> str:
        return "trainee_role"


# Meter labels by trainee role: in an institution script the parties judge the trainee, not a
# mediator, so "trust" is trust in the institution and "neutrality" is whether it acts fairly.
METER_LABELS_BY_ROLE = {
    TraineeRole.mediator: METER_LABELS,
    TraineeRole.institution: {**METER_LABELS, "trust": "对机构的信任", "neutrality": "感知公平"},
}


def meter_labels(role: "TraineeRole | str" = TraineeRole.mediator) -> dict[str, str]:
    return METER_LABELS_BY_ROLE[TraineeRole(role)]


class Stage(LabelledEnum):
    opening = ("opening", "开场陈述")
    exploring = ("exploring", "了解情况")
    caucus = ("caucus", "背对背调解")
    options = ("options", "方案协商")
    agreement = ("agreement", "达成协议")
    proposal = ("proposal", "书面解决意见")
    closing = ("closing", "结束")


class EndingType(LabelledEnum):
    settlement = ("settlement", "达成调解协议")
    proposal_accepted = ("proposal_accepted", "书面解决意见被接受")
    proposal_refused = ("proposal_refused", "书面解决意见未被接受")
    impasse = ("impasse", "调解僵局、终止调解")
    escalation_complaint = ("escalation_complaint", "升级为投诉")
    escalation_litigation = ("escalation_litigation", "转入诉讼")
    referral = ("referral", "终止调解并引导其他途径")

    @property
    def rank(self) -> int:
        """Higher is a better outcome for the dispute (used only to break ties)."""
        return ENDING_RANK[self.value]


# Endings that close the dispute by agreement; the rest end without one (some properly: a
# referral or a refused proposal can be the right result, see docs/reference/roleplay-format.md).
SUCCESS_ENDINGS = ("settlement", "proposal_accepted")
FAILURE_ENDINGS = ("escalation_complaint", "escalation_litigation")


class Soundness(LabelledEnum):
    """How sound an agreed outcome is, for the debrief (issue 9 §3)."""

    court_document = ("court_document", "可由法院出具民事调解书")
    confirmable = ("confirmable", "可申请司法确认", "适宜司法确认")
    enforceable = ("enforceable", "有合同约束力、可以履行")
    unsound = ("unsound", "存在瑕疵", "不稳妥")


STAGE_LABELS = {s.value: s.label for s in Stage}
ENDING_LABELS = {e.value: e.label for e in EndingType}
ENDING_RANK = {"settlement": 5, "proposal_accepted": 5, "proposal_refused": 3, "referral": 3, "impasse": 2,
               "escalation_complaint": 1, "escalation_litigation": 1}


class Sign(str, Enum):
    shows = "shows"
    breaks = "breaks"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_TAG = re.compile(r"^([+-])([a-z_]+)(?:\*([1-3]))?$")


class CompetencyTag(_Model):
    """A competency a choice shows (+) or breaks (-), with weight 1–3.

    Shorthand in YAML: ``"+listening"``, ``"-neutrality*2"``.
    """

    id: str
    sign: Sign
    weight: int = Field(default=1, ge=1, le=3)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            m = _TAG.match(data.strip())
            if not m:
                raise ValueError(f"competency tag '{data}': expected '+id', '-id' or '+id*2'")
            sign, cid, weight = m.groups()
            return {"id": cid, "sign": "shows" if sign == "+" else "breaks", "weight": int(weight or 1)}
        return data

    @property
    def signed(self) -> int:
        return self.weight if self.sign is Sign.shows else -self.weight


class Condition(_Model):
    """All given parts must hold (AND); ``any`` holds when at least one sub-condition holds."""

    flags: list[Ident] = []
    not_flags: list[Ident] = []
    revealed: list[Ident] = []
    not_revealed: list[Ident] = []
    min: dict[str, int] = {}          # "role.meter": lowest value allowed (>=)
    max: dict[str, int] = {}          # "role.meter": highest value allowed (<=)
    any: list["Condition"] = []

    @field_validator("min", "max")
    @classmethod
    def _meter_keys(cls, v: dict[str, int]) -> dict[str, int]:
        for key in v:
            role, _, meter = key.partition(".")
            if not role or meter not in METERS:
                raise ValueError(f"'{key}': expected 'role.meter' with meter one of {', '.join(METERS)}")
        return v


class Branch(_Model):
    """One routing option: go to ``goto`` if ``when`` holds (no ``when``: always)."""

    when: Condition | None = None
    goto: Ident


Goto = Ident | list[Branch]


def _check_goto(v: Any) -> Any:
    if isinstance(v, list):
        if not v:
            raise ValueError("routing list is empty")
        if v[-1].when is not None:
            raise ValueError("the last branch of a routing list must have no 'when' (the fallback)")
    return v


class Line(_Model):
    speaker: Ident                    # a party role, "mediator" or "narrator"
    text: Text                        # may use {role} / {role.surname} placeholders


class Choice(_Model):
    id: Ident
    label: Text                       # the button: what the mediator does, short
    say: str | None = None            # the mediator's words in the chat (default: label)
    when: Condition | None = None     # offered only when this holds
    effects: dict[str, dict[str, int]] = {}    # role (or "all") -> meter -> delta
    reveal: list[Ident] = []          # confidential fact ids the trainee learns
    set: list[Ident] = []             # flags set
    competencies: list[CompetencyTag] = []
    feedback: str = ""                # debrief: why this choice helps or hurts (linted: required)
    lines: list[Line] = []            # replies that follow the choice
    next: Goto

    @field_validator("next")
    @classmethod
    def _goto(cls, v: Any) -> Any:
        return _check_goto(v)

    @field_validator("effects")
    @classmethod
    def _effects(cls, v: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for role, deltas in v.items():
            for meter, delta in deltas.items():
                if meter not in METERS:
                    raise ValueError(f"{role}.{meter}: meter must be one of {', '.join(METERS)}")
                if not -100 <= delta <= 100:
                    raise ValueError(f"{role}.{meter}: delta {delta} outside -100..100")
        return v

    def signed(self, competency: str) -> int:
        return sum(t.signed for t in self.competencies if t.id == competency)


class Ending(_Model):
    type: EndingType
    title: Text                       # short Chinese title
    summary: Text                     # Chinese: what happened and what it means
    document: str | None = None       # text of the agreement / written proposal, if any
    soundness: Soundness | None = None   # required (linted) for settlement / proposal_accepted
    soundness_note: str = ""          # Chinese: why — what a court or the parties would make of it


class Node(_Model):
    stage: Stage
    caucus_with: Ident | None = None  # the party in a private session (stage: caucus)
    lines: list[Line] = []
    choices: list[Choice] = []
    next: Goto | None = None          # pass-through node: shows its lines, then routes
    ending: Ending | None = None

    @field_validator("next")
    @classmethod
    def _goto(cls, v: Any) -> Any:
        return _check_goto(v) if v is not None else v

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k, present in (("choices", bool(self.choices)), ("next", self.next is not None),
                                      ("ending", self.ending is not None)) if present]
        if len(kinds) != 1:
            raise ValueError("node: needs exactly one of 'choices', 'next' or 'ending'"
                             + (f" (has {', '.join(kinds)})" if kinds else " (has none)"))
        if self.stage is Stage.caucus and not self.caucus_with:
            raise ValueError("caucus_with: required for a caucus node")
        if self.caucus_with and self.stage is not Stage.caucus:
            raise ValueError("caucus_with: only for stage 'caucus'")
        ids = [c.id for c in self.choices]
        if len(ids) != len(set(ids)):
            raise ValueError("choices: duplicate choice id")
        return self

    @property
    def is_decision(self) -> bool:
        return bool(self.choices)


class Meters(_Model):
    emotion: int = Field(default=50, ge=METER_MIN, le=METER_MAX)    # how upset: 0 calm, 100 furious
    trust: int = Field(default=50, ge=METER_MIN, le=METER_MAX)      # trust in the mediator
    neutrality: int = Field(default=50, ge=METER_MIN, le=METER_MAX)  # mediator seen as neutral
    openness: int = Field(default=50, ge=METER_MIN, le=METER_MAX)   # willingness to settle


class Script(_Model):
    id: Annotated[str, StringConstraints(pattern=CASE_ID)]
    case: Annotated[str, StringConstraints(pattern=CASE_ID)]
    title: Text
    trainee_role: TraineeRole = TraineeRole.mediator   # whom the trainee plays
    articles: list[Annotated[int, Field(ge=1, le=POLICY_ARTICLES)]] = []   # policy articles exercised
    briefing: str = ""                # shown before the first node: the trainee's task
    start: Ident
    initial: dict[str, Meters] = {}   # role -> starting meters (default 50 each)
    interrupts: list[Branch] = []     # checked after every choice; targets must be endings
    nodes: dict[Ident, Node] = Field(min_length=1, max_length=MAX_NODES)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def decision_nodes(self) -> list[str]:
        return [nid for nid, n in self.nodes.items() if n.is_decision]

    @property
    def ending_nodes(self) -> list[str]:
        return [nid for nid, n in self.nodes.items() if n.ending is not None]

    def competency_ids(self) -> set[str]:
        return {t.id for n in self.nodes.values() for c in n.choices for t in c.competencies}


def targets(goto: "Goto | None") -> list[str]:
    """Node ids a routing value may lead to."""
    if goto is None:
        return []
    if isinstance(goto, str):
        return [goto]
    return [b.goto for b in goto]


def conditions_in(script: Script):
    """Yield (field path, Condition) for every condition in the script."""
    def walk(path, cond):
        yield path, cond
        for i, sub in enumerate(cond.any):
            yield from walk(f"{path}.any.{i}", sub)

    for i, b in enumerate(script.interrupts):
        if b.when:
            yield from walk(f"interrupts.{i}.when", b.when)
    for nid, node in script.nodes.items():
        gotos = [(f"nodes.{nid}.next", node.next)]
        for c in node.choices:
            if c.when:
                yield from walk(f"nodes.{nid}.choices.{c.id}.when", c.when)
            gotos.append((f"nodes.{nid}.choices.{c.id}.next", c.next))
        for path, goto in gotos:
            if isinstance(goto, list):
                for j, b in enumerate(goto):
                    if b.when:
                        yield from walk(f"{path}.{j}.when", b.when)


def read_script_data(path: Path) -> dict:
    """Raw YAML of a script file (raises ContentError naming the file when it cannot be used)."""
    return safe_yaml.load_file(path)


def load_script(path: "str | Path") -> Script:
    """Parse and validate one script file (raises on any problem; the linter reports instead)."""
    return Script.model_validate(read_script_data(Path(path)))


def load_script_for(script_id: str, root: "Path | None" = None) -> Script:
    """The script ``script_id`` from the bank (``<bank>/roleplays/<id>.yaml``), parsed and validated.

    The one way the CLI, the apps and the sessions load a script: a missing or broken file is a
    :class:`RoleplayError` naming it (``tiaojie cases validate`` says what is wrong inside).
    """
    path = script_path(script_id, root)
    if not path.is_file():
        raise RoleplayError(f"找不到演练脚本 {path}")
    try:
        return load_script(path)
    except Exception as exc:  # noqa: BLE001 — any parse problem is the writer's to fix
        raise RoleplayError(f"演练脚本 {script_id} 无法加载，请先运行 tiaojie cases validate"
                            f"（{type(exc).__name__}）") from None


def choice_value(choice: Choice) -> int:
    return sum(t.signed for t in choice.competencies)
