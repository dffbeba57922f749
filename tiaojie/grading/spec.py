"""Question files (``grading/source/<assignment>/questions.yaml``): what each item is worth,
which competency it assesses, and where its answer comes from — never the answer itself,
except a policy multiple-choice key, which is written here once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..core import safe_yaml
from ..core.competencies import COMPETENCIES
from ..core.errors import ContentError
from ..core.validation import first_error

KINDS = ("date", "choice", "number", "yesno")
ID_PATTERN = r"^[a-z][a-z0-9_]{0,30}$"


class SpecError(ContentError):
    """A question file or assignment text is malformed: names the file, the field and what was
    expected."""

    def __init__(self, path: "str | Path", field: str, message: str):
        super().__init__(str(path), field, message)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _competency(value: str) -> str:
    if value not in COMPETENCIES:
        raise ValueError(f"未知能力“{value}”；可选：{', '.join(COMPETENCIES)}")
    return value


class Item(Strict):
    """An autograded item: a value filled into ``答案_<id> = …``."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["date", "choice", "number", "yesno"]
    points: float = Field(gt=0)
    competency: str
    answer: dict[str, Any] | None = None   # one source: {deadline: {...}} / {key: "B"} / …
    variant: str | None = None             # per-trainee Faker variant (tiaojie.grading.variants)
    options: list[str] = []                # policy multiple choice: the options, in order

    @model_validator(mode="after")
    def _one_source(self):
        _competency(self.competency)
        if (self.answer is None) == (self.variant is None):
            raise ValueError("answer 与 variant 须且只能给出一项 (exactly one of answer, variant)")
        if self.answer is not None and len(self.answer) != 1:
            raise ValueError("answer 只能有一个来源键 (answer takes one source key)")
        return self

    @property
    def source(self) -> str:
        return self.variant and "variant" or next(iter(self.answer))

    @property
    def var(self) -> str:
        return f"答案_{self.id}"


class Criterion(Strict):
    text: str
    points: float = Field(gt=0)
    competency: str

    @model_validator(mode="after")
    def _known(self):
        _competency(self.competency)
        return self


class ManualTask(Strict):
    """A manually graded prose task with a rubric, points per criterion."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    criteria: list[Criterion] = Field(min_length=1)

    @property
    def points(self) -> float:
        return sum(c.points for c in self.criteria)


class Assignment(Strict):
    id: str = Field(pattern=r"^a\d{2}-[a-z-]+$")
    title: str
    module: str                       # the course module it assesses (curriculum/NN-…)
    articles: list[str] = []          # policy articles it serves (一 … 二十三)
    items: list[Item] = []
    manual: list[ManualTask] = []
    variant_seeded: bool = False      # trainees declare their id; variants are seeded from it

    @model_validator(mode="after")
    def _unique(self):
        ids = [i.id for i in self.items] + [m.id for m in self.manual]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"题号重复 (duplicate ids): {', '.join(sorted(dup))}")
        if any(i.variant for i in self.items) and not self.variant_seeded:
            raise ValueError("含变体题时须设 variant_seeded: true")
        return self

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise SpecError(self.id, "items", f"没有题号“{item_id}”")

    def task(self, task_id: str) -> ManualTask:
        for t in self.manual:
            if t.id == task_id:
                return t
        raise SpecError(self.id, "manual", f"没有人工评分题“{task_id}”")

    @property
    def auto_points(self) -> float:
        return sum(i.points for i in self.items)

    @property
    def manual_points(self) -> float:
        return sum(m.points for m in self.manual)


def load_spec(path: Path) -> Assignment:
    data = safe_yaml.load_file(path, error=SpecError)
    if not isinstance(data, dict):
        raise SpecError(path, "(file)", "应为一个映射 (a mapping)")
    try:
        spec = Assignment.model_validate(data)
    except ValidationError as exc:
        field, message = first_error(exc, "assignment")
        raise SpecError(path, field, message) from None
    if spec.id != path.parent.name:
        raise SpecError(path, "id", f"应与目录名一致（{path.parent.name}），得到 {spec.id}")
    return spec


def assignment_dirs(root: Path) -> list[Path]:
    if not (root / "source").is_dir():
        raise SpecError(root / "source", "grading_dir", "没有找到作业题目源目录（应为 grading/source/<作业>/）")
    return sorted(p for p in (root / "source").iterdir() if (p / "questions.yaml").is_file())


def load_all(root: Path) -> dict[str, Assignment]:
    return {d.name: load_spec(d / "questions.yaml") for d in assignment_dirs(root)}


def competency_of(spec: Assignment, grade_id: str) -> str | None:
    """Which competency a gradebook cell id counts towards."""
    base = grade_id.removesuffix("_test")
    for it in spec.items:
        if it.id == base:
            return it.competency
    for task in spec.manual:
        if grade_id == task.id:
            return task.criteria[0].competency
        for n, c in enumerate(task.criteria[1:], start=2):
            if grade_id == f"{task.id}_c{n}":
                return c.competency
    return None
