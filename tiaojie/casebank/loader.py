"""Loading the case bank: parse every file, report every problem, keep every good case.

``load_bank()`` never raises for a bad file: it returns the valid cases and a list of
:class:`Problem` (file, case id, field path, what was expected). Nothing is ever written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..core.settings import get_settings
from ..core.validation import describe_errors
from .schema import Case


try:  # the C loader is ~10x faster; fall back when libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def bank_root() -> Path:
    """The case bank folder named by the settings in force."""
    return get_settings().casebank_root


@dataclass(frozen=True)
class Problem:
    file: str
    case_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.case_id or '-'}: {self.field}: {self.message}"

    def to_json(self) -> dict:
        return {"file": self.file, "case_id": self.case_id, "field": self.field, "message": self.message}


@dataclass
class LoadResult:
    cases: dict[str, Case] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)       # case id -> file
    texts: dict[str, str] = field(default_factory=dict)        # case id -> raw text
    problems: list[Problem] = field(default_factory=list)
    scanned: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def case_files(paths: "list[str | Path] | None" = None) -> list[Path]:
    """Every case file under the given files/folders (default: <bank>/cases)."""
    targets = [Path(p) for p in paths] if paths else [bank_root() / "cases"]
    out: list[Path] = []
    for t in targets:
        if t.is_dir():
            out.extend(sorted(p for p in t.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            out.append(t)
    return out


def _pydantic_problems(path: Path, case_id: str, exc: ValidationError) -> list[Problem]:
    return [Problem(str(path), case_id, loc, msg) for loc, msg in describe_errors(exc, "(case)")]


def parse_case_file(path: Path) -> tuple[Case | None, str, list[Problem]]:
    """Parse one file. Returns (case or None, raw text, problems)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, "", [Problem(str(path), "", "(file)", f"无法读取：{exc.strerror}")]
    except UnicodeDecodeError:
        return None, "", [Problem(str(path), "", "(file)", "不是 UTF-8 文本")]
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(yaml)"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, text, [Problem(str(path), "", where, f"YAML 语法错误：{problem}")]
    if not isinstance(data, dict):
        return None, text, [Problem(str(path), "", "(root)", "应为一个案例映射 (expected a mapping)")]
    case_id = str(data.get("id", ""))
    try:
        return Case.model_validate(data), text, []
    except ValidationError as exc:
        return None, text, _pydantic_problems(path, case_id, exc)


def load_bank(paths: "list[str | Path] | None" = None) -> LoadResult:
    """Parse every case file. Duplicate ids are problems; the first file keeps the id."""
    result = LoadResult()
    for path in case_files(paths):
        result.scanned += 1
        if not path.exists():
            result.problems.append(Problem(str(path), "", "(file)", "文件不存在"))
            continue
        case, text, problems = parse_case_file(path)
        result.problems.extend(problems)
        if case is None:
            continue
        if case.id in result.cases:
            result.problems.append(Problem(str(path), case.id, "id",
                                           f"重复的案例编号，已在 {result.files[case.id]} 中使用"))
            continue
        if path.stem != case.id:
            result.problems.append(Problem(str(path), case.id, "id", f"文件名应为 {case.id}.yaml"))
        result.cases[case.id] = case
        result.files[case.id] = path
        result.texts[case.id] = text
    return result
