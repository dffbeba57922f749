"""Self-check questions: data in ``curriculum/NN-slug/selfcheck.yaml``, answers from the rules.

Knowledge questions (``choice``) carry their answer and explanation in the file. Rule questions
carry only the inputs; the expected answer is computed by :mod:`tiaojie.rules` (or from the case
bank) every time, so a change of the configuration in force changes the answer too. Every
question's ``check(answer)`` returns a :class:`Feedback` in Chinese; the widgets only display it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ..rules import (CaseAttributes, Relation, Sector, Track, application_deadline, assess_recusal,
                     assign_track, compute_deadline, small_claims_eligibility)
from ..core.errors import ContentError
from ..core.validation import describe_errors
from .loader import module_dir, read_yaml

SELFCHECK_FILE = "selfcheck.yaml"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


def _fmt_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class _Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    prompt: Annotated[str, Field(min_length=1)]

    answer_type: Literal["option", "date"] = "option"

    def options(self) -> list[str]:
        return []

    def expected(self):
        raise NotImplementedError

    def explain(self) -> str:
        return ""

    def text(self) -> str:
        return self.prompt

    def check(self, answer) -> Feedback:
        if answer is None or answer == "":
            return Feedback(False, "请先作答。")
        expected = self.expected()
        if self.answer_type == "date":
            try:
                answer = answer if isinstance(answer, dt.date) else dt.date.fromisoformat(str(answer))
            except ValueError:
                return Feedback(False, "请选择一个日期。")
            ok, shown = answer == expected, _fmt_date(expected)
        else:
            ok, shown = str(answer) == expected, expected
        head = "正确！" if ok else f"不正确。正确答案是：{shown}。"
        why = self.explain()
        return Feedback(ok, head + (f"\n{why}" if why else ""))


class ChoiceQuestion(_Question):
    kind: Literal["choice"]
    choices: list[str] = Field(min_length=2)
    answer: int = Field(ge=0)
    explanation: Annotated[str, Field(min_length=1)]

    def options(self) -> list[str]:
        return list(self.choices)

    def expected(self) -> str:
        return self.choices[self.answer]

    def explain(self) -> str:
        return self.explanation


class _DateQuestion(_Question):
    """A question whose answer is the due date of a rules Deadline (``_deadline``)."""
    answer_type: Literal["date"] = "date"

    def _deadline(self):
        raise NotImplementedError

    def expected(self) -> dt.date:
        return self._deadline().due_date

    def explain(self) -> str:
        return "；".join(self._deadline().steps)


class DeadlineQuestion(_DateQuestion):
    """The due date of a mediation period: inputs here, the answer from the rules."""
    kind: Literal["deadline"]
    origin: str
    start: dt.date
    track: str | None = None
    court_procedure: str | None = None
    extension_days: int = 0

    def _deadline(self):
        return compute_deadline(self.origin, self.start, track=self.track,
                                court_procedure=self.court_procedure, extension_days=self.extension_days)

    def text(self) -> str:
        return self.prompt.format(start=_fmt_date(self.start))


class CaseDeadlineQuestion(_DateQuestion):
    """The mediation deadline of a case in the bank (computed from its procedural points)."""
    kind: Literal["case_deadline"]
    case: str

    def _deadline(self):
        from ..casebank import api
        from ..casebank.deadlines import mediation_deadline

        return mediation_deadline(api.get(self.case))

    def text(self) -> str:
        from ..casebank import api

        c = api.get(self.case)
        return self.prompt.format(title=c.title, start=_fmt_date(c.procedural_points.accepted_on))


class ConfirmationQuestion(_DateQuestion):
    """The last day to apply jointly for judicial confirmation of an agreement."""
    kind: Literal["confirmation"]
    agreement_effective: dt.date

    def _deadline(self):
        return application_deadline(self.agreement_effective)

    def text(self) -> str:
        return self.prompt.format(start=_fmt_date(self.agreement_effective))


class TrackQuestion(_Question):
    kind: Literal["track"]
    amount: float = Field(ge=0)
    sector: str
    institution_opted_in: bool = False
    parties: int = 2
    mass_dispute: bool = False
    facts_clear: bool = True
    needs_appraisal: bool = False

    def _decision(self):
        attrs = CaseAttributes(amount=self.amount, sector=Sector.parse(self.sector, "sector"),
                               institution_opted_in=self.institution_opted_in, parties=self.parties,
                               mass_dispute=self.mass_dispute, facts_clear=self.facts_clear,
                               needs_appraisal=self.needs_appraisal)
        return assign_track(attrs)

    def options(self) -> list[str]:
        return [t.label for t in Track]

    def expected(self) -> str:
        return self._decision().track.label

    def explain(self) -> str:
        return "；".join(self._decision().reasons)


class RecusalQuestion(_Question):
    """Must the mediator withdraw? (是 = must withdraw)."""
    kind: Literal["recusal"]
    relations: list[str] = Field(min_length=1)
    both_parties_consent: bool = False
    years_since_left: float | None = None

    def _decision(self):
        return assess_recusal([Relation.parse(r, "relations") for r in self.relations],
                              years_since_left=self.years_since_left,
                              both_parties_consent=self.both_parties_consent)

    def options(self) -> list[str]:
        return [YES, NO]

    def expected(self) -> str:
        return YES if self._decision().required else NO

    def explain(self) -> str:
        return "；".join(self._decision().reasons)


class SmallClaimsQuestion(_Question):
    """Is the dispute eligible for the small-claims fast track? (是 / 否)."""
    kind: Literal["small_claims"]
    amount: float = Field(ge=0)
    sector: str
    institution_opted_in: bool

    def _decision(self):
        return small_claims_eligibility(self.amount, self.sector, institution_opted_in=self.institution_opted_in)

    def options(self) -> list[str]:
        return [YES, NO]

    def expected(self) -> str:
        return YES if self._decision().eligible else NO

    def explain(self) -> str:
        return "；".join(self._decision().reasons)


Question = Annotated[Union[ChoiceQuestion, DeadlineQuestion, CaseDeadlineQuestion, ConfirmationQuestion,
                           TrackQuestion, RecusalQuestion, SmallClaimsQuestion], Field(discriminator="kind")]
_QUESTIONS = TypeAdapter(list[Question])


def parse_questions(data, path) -> list:
    if not isinstance(data, list) or not data:
        raise ContentError(path, "-", "应为非空的题目列表 (expected a non-empty list of questions)")
    try:
        questions = _QUESTIONS.validate_python(data)
    except ValidationError as exc:
        field, message = describe_errors(exc, "questions")[0]
        raise ContentError(path, field, message) from None
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ContentError(path, "id", "题目编号重复 (duplicate question id)")
    for i, q in enumerate(questions):
        if isinstance(q, ChoiceQuestion) and q.answer >= len(q.choices):
            raise ContentError(path, f"{i}.answer", f"答案序号应小于选项数 {len(q.choices)}")
    return questions


def load_questions(module_id: str) -> list:
    path = module_dir(module_id) / SELFCHECK_FILE
    return parse_questions(read_yaml(path), path)
