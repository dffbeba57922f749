"""The whole bank checked at once: every case (rules, fiction) and every role-play script.

The case bank checks its cases without knowing about scripts (it sits below the role-play
layer); this module adds what needs the role-play engine: each referenced script exists, plays
that case and passes the linter, and no script is left without a case.
"""

from __future__ import annotations

from pathlib import Path

from ..casebank.checks import validate_cases
from ..casebank.loader import LoadResult, Problem, bank_root, script_path
from ..casebank.schema import Case
from ..rules import PracticeConfig, load_config
from .lint import lint_file, orphan_problems, read_data


def check_script_reference(case: Case, file: str, root: Path, scripts: "dict | None" = None) -> list[Problem]:
    """The role-play script named by ``roleplay`` exists, says it plays this case, and lints clean.

    ``scripts``: shared by one validation run so each script file is read and parsed once.
    """
    if not case.roleplay:
        return []
    script = script_path(case.roleplay, root)
    if not script.exists():
        return [Problem(file, case.id, "roleplay", f"找不到演练脚本 roleplays/{case.roleplay}.yaml")]
    data, unreadable = read_data(script, scripts)
    if unreadable:
        return [Problem(file, case.id, "roleplay", f"演练脚本 roleplays/{case.roleplay}.yaml 无法读取或 YAML 有误")]
    played = data.get("case") if isinstance(data, dict) else None
    if played is not None and played != case.id:
        return [Problem(file, case.id, "roleplay",
                        f"演练脚本 roleplays/{case.roleplay}.yaml 演练的是案例 {played}，不是 {case.id}")]
    return lint_file(script, {case.id: case}, expect_case=case.id, files=scripts)


def validate(result: LoadResult, cfg: "PracticeConfig | None" = None, root: "Path | None" = None) -> list[Problem]:
    """Schema, rules, fiction and script problems for every case loaded, plus orphan scripts."""
    cfg = cfg or load_config()
    root = root or bank_root()
    problems = validate_cases(result, cfg)
    scripts: dict = {}   # role-play script files, each read and parsed once in this run
    for cid, case in result.cases.items():
        problems.extend(check_script_reference(case, str(result.files[cid]), root, scripts))
    problems.extend(orphan_problems(result.cases, files=scripts))
    return problems
