"""Load and check the course file; every problem names the file, the field and what was expected.

``load_course()`` parses ``curriculum/course.yaml`` (pydantic) and raises :class:`ContentError`
for the first problem. ``check_course()`` then looks outside the file: each module's folder and
notebook, each case in the case bank, each role-play script, each simulation feature path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..core import safe_yaml
from ..core.errors import ContentError
from ..core.settings import PACKAGE_DIR, get_settings
from ..core.validation import describe_errors
from .schema import Course, Module

COURSE_FILE = "course.yaml"
MODULE_NOTEBOOK = "module.md"


def repo_root() -> Path:
    """Where content paths in the course and trace files are relative to."""
    return get_settings().content_root


def content_path(rel: str) -> Path:
    """A path named in the course or trace file: package code (``tiaojie/…``) is found beside
    the package, everything else under the content root (a checkout or the installed copy)."""
    if rel.startswith("tiaojie/"):
        return PACKAGE_DIR.parent / rel
    return repo_root() / rel


def curriculum_dir() -> Path:
    return get_settings().curriculum_dir


def course_file() -> Path:
    return curriculum_dir() / COURSE_FILE


def read_yaml(path: Path):
    """The course file or a self-check file, read with the suite's guards (regular UTF-8 file,
    size and depth caps, no anchors/aliases); problems raise ContentError naming the file."""
    return safe_yaml.load_file(path)


def parse_course(data, path: "str | Path") -> Course:
    if not isinstance(data, dict):
        raise ContentError(str(path), "-", "应为一个映射 (expected a mapping with title, modules, assessments, paths)")
    try:
        return Course.model_validate(data)
    except ValidationError as exc:
        field, message = describe_errors(exc, "course")[0]
        raise ContentError(str(path), field, message) from None


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: int) -> Course:
    return parse_course(read_yaml(Path(path)), path)


def load_course(path: "str | Path | None" = None) -> Course:
    """The course (cached until the file changes)."""
    p = Path(path) if path else course_file()
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        raise ContentError(str(p), "-", "文件不存在 (file not found)") from None
    return _load(str(p), mtime)


def module_dir(module: "Module | str") -> Path:
    return curriculum_dir() / (module if isinstance(module, str) else module.id)


def module_notebook(module: "Module | str") -> Path:
    return module_dir(module) / MODULE_NOTEBOOK


@dataclass(frozen=True)
class CourseProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{course_file()}: {self.field}: {self.message}"


def _script_exists(script_id: str) -> bool:
    return (get_settings().roleplays_dir / f"{script_id}.yaml").is_file()


def check_course(course: Course) -> list[CourseProblem]:
    """Problems outside the file: missing folders, notebooks, cases, scripts, paths."""
    from ..casebank import api

    bank = api.load(checks=False)
    out: list[CourseProblem] = []
    for i, m in enumerate(course.modules):
        if not module_notebook(m).is_file():
            out.append(CourseProblem(f"modules.{i}.id", f"缺少模块笔记本 {module_notebook(m)}"))
        for j, cid in enumerate(m.cases):
            if cid not in bank:
                out.append(CourseProblem(f"modules.{i}.cases.{j}", f"案例库中没有“{cid}”"))
        for j, sid in enumerate(m.roleplays):
            if not _script_exists(sid):
                out.append(CourseProblem(f"modules.{i}.roleplays.{j}", f"没有演练脚本“{sid}”"))
        for j, rel in enumerate(m.simulation):
            if not content_path(rel).exists():
                out.append(CourseProblem(f"modules.{i}.simulation.{j}", f"路径不存在“{rel}”"))
    for i, p in enumerate(course.paths):
        for j, req in enumerate(p.completion.roleplays):
            if not _script_exists(req.script):
                out.append(CourseProblem(f"paths.{i}.completion.roleplays.{j}", f"没有演练脚本“{req.script}”"))
    return out
