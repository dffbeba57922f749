"""Loading the case bank: parse every file, report every problem, keep every good case.

``load_bank()`` never raises for a bad file: it returns the valid cases and a list of
:class:`Problem` (file, case id, field path, what was expected). Nothing is ever written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..core import safe_yaml
from ..core.errors import ContentError
from ..core.settings import get_settings
from ..core.validation import describe_errors
from .schema import Case


def bank_root() -> Path:
    """The case bank folder named by the settings in force."""
    return get_settings().casebank_root


def roleplays_dir(root: "Path | None" = None) -> Path:
    """The role-play scripts' folder: ``<bank>/roleplays`` (the one place that knows it)."""
    return (root or bank_root()) / "roleplays"


def script_path(script_id: str, root: "Path | None" = None) -> Path:
    """Where the script ``script_id`` lives: ``<bank>/roleplays/<script_id>.yaml``."""
    return roleplays_dir(root) / f"{script_id}.yaml"


def script_files(root: "Path | None" = None) -> list[Path]:
    """Every script file in the bank, sorted."""
    folder = roleplays_dir(root)
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []


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
        text = safe_yaml.read_text(path)
    except ContentError as exc:
        return None, "", [Problem(str(path), "", exc.field, exc.message)]
    try:
        data = safe_yaml.parse_text(text, str(path))
    except ContentError as exc:
        return None, text, [Problem(str(path), "", exc.field, exc.message)]
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
    files = case_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths) if paths else str(bank_root() / "cases")
        result.problems.append(Problem(where, "", "(folder)", "没有找到案例文件（*.yaml）(no case files found)"))
    for path in files:
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
        if path.parent.parent.name == "cases" and path.parent.name != case.sector.value:
            result.problems.append(Problem(str(path), case.id, "sector",
                                           f"{case.sector.label}案例应放在 cases/{case.sector.value}/ 文件夹中"))
        result.cases[case.id] = case
        result.files[case.id] = path
        result.texts[case.id] = text
    return result
