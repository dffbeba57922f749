"""The course file (``curriculum/course.yaml``): modules, assessments and learning paths.

A module names its objectives (each with a competency of the shared framework), the articles of
金发〔2025〕14号 it serves, its cases (the first is the worked example), role-play scripts,
simulation features, its assessment and an estimated time. A path orders modules and says what
completing it takes. Cross-references (cases, scripts, folders) are checked by the loader.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..core.competencies import COMPETENCIES

MODULE_ID = r"^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$"
IDENT = r"^[a-z0-9][a-z0-9_-]*$"
ModuleId = Annotated[str, StringConstraints(pattern=MODULE_ID)]
Ident = Annotated[str, StringConstraints(pattern=IDENT)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Article = Annotated[int, Field(ge=1, le=23)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_competency(value: str) -> str:
    if value not in COMPETENCIES:
        raise ValueError(f"未知能力“{value}”；可选：{', '.join(COMPETENCIES)}")
    return value


class Objective(_Model):
    competency: str
    text: Text

    _check = field_validator("competency")(_known_competency)


class Module(_Model):
    id: ModuleId                       # also the folder name under curriculum/
    title: Text
    summary: Text
    objectives: list[Objective] = Field(min_length=2)
    articles: list[Article] = Field(min_length=1)
    cases: list[Ident] = Field(min_length=1)          # the first is the worked example
    roleplays: list[Ident] = []                       # role-play script ids (casebank/roleplays)
    simulation: list[Text] = []                       # simulation features: repository paths
    assessment: Ident
    minutes: int = Field(ge=10, le=600)

    @property
    def number(self) -> int:
        return int(self.id[:2])

    @property
    def competencies(self) -> list[str]:
        seen = {o.competency for o in self.objectives}
        return [c for c in COMPETENCIES if c in seen]


class Assessment(_Model):
    id: Ident
    title: Text
    module: ModuleId
    pass_ratio: float = Field(default=0.6, gt=0, le=1)


class RoleplayRequirement(_Model):
    script: Ident
    min_score: int = Field(ge=0, le=100)


class Completion(_Model):
    """All of these must hold: every module of the path opened, each named role-play finished
    with at least its score, each named assessment passed."""
    roleplays: list[RoleplayRequirement] = []
    assessments: list[Ident] = []


class LearningPath(_Model):
    id: Ident
    title: Text
    audience: Text
    modules: list[ModuleId] = Field(min_length=1)     # in the order to take them
    extra_minutes: int = Field(default=0, ge=0)       # role-plays, assessments, debriefs
    completion: Completion

    @field_validator("modules")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("模块重复 (duplicate module)")
        return v


class Course(_Model):
    title: Text
    modules: list[Module] = Field(min_length=12)
    assessments: list[Assessment] = Field(min_length=1)
    paths: list[LearningPath] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> "Course":
        mids = [m.id for m in self.modules]
        if len(set(mids)) != len(mids):
            raise ValueError("modules: 模块编号重复 (duplicate module id)")
        aids = {a.id for a in self.assessments}
        for i, m in enumerate(self.modules):
            if m.assessment not in aids:
                raise ValueError(f"modules.{i}.assessment: 未在 assessments 中声明“{m.assessment}”")
        for a in self.assessments:
            if a.module not in mids:
                raise ValueError(f"assessments.{a.id}.module: 没有模块“{a.module}”")
        for i, p in enumerate(self.paths):
            for j, mid in enumerate(p.modules):
                if mid not in mids:
                    raise ValueError(f"paths.{i}.modules.{j}: 没有模块“{mid}”")
            for j, aid in enumerate(p.completion.assessments):
                if aid not in aids:
                    raise ValueError(f"paths.{i}.completion.assessments.{j}: 未声明的考核“{aid}”")
        return self

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def path(self, path_id: str) -> LearningPath:
        for p in self.paths:
            if path_id in (p.id, p.title):
                return p
        raise KeyError(path_id)

    def hours(self, path: LearningPath) -> float:
        """Estimated hours of a path: its modules' minutes plus its extra minutes."""
        minutes = sum(self.module(m).minutes for m in path.modules) + path.extra_minutes
        return round(minutes / 60, 1)
