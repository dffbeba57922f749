"""Static checks of a submission before any of it runs: what nbgrader itself does not catch.

nbgrader restores edited locked cells from the gradebook, but a deleted test cell or a cell
whose type was changed leaves the submission scored as if nothing happened ("needs manual
grade", and ``nbgrader validate`` reports success). Trainees answer by writing a value, so an
answer cell holding anything but ``名字 = 值`` is code, and is rejected. Each finding is a reason
(Chinese, naming the cell); ``reject`` findings stop the submission from counting.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .build import TRAINEE_ID

REASONS = {
    "invalid_json": "不是有效的笔记本文件（JSON 无法解析）",
    "not_notebook": "不是有效的笔记本文件（缺少单元列表）",
    "old_format": "旧版笔记本格式 nbformat {version}，已转换为 nbformat 4 后评分",
    "test_deleted": "测试单元被删除：{ids}",
    "cell_deleted": "答题或题目单元被删除：{ids}",
    "type_changed": "单元类型被修改：{ids}",
    "duplicate_ids": "单元编号重复：{ids}",
    "code_in_answer": "答题单元含有代码（只允许填写一个值）：{ids}",
    "code_added": "新增了含代码的单元（只允许填写答案）：第 {ids} 个单元",
    "locked_edited": "锁定单元被修改，已按原题恢复后评分：{ids}",
    "trainee_mismatch": "学员编号“{declared}”与提交者“{trainee}”不一致",
}


# findings that leave nothing fair to execute; code in answers still runs, inside the sandbox
BLOCKING = {"invalid_json", "not_notebook", "test_deleted", "cell_deleted", "type_changed",
            "duplicate_ids", "trainee_mismatch"}


@dataclass
class Findings:
    problems: list[tuple[str, str]] = field(default_factory=list)   # (key, reason): rejected
    notes: list[str] = field(default_factory=list)                  # graded, with a note
    notebook: object = None

    def add(self, key: str, **values) -> None:
        self.problems.append((key, REASONS[key].format(**values)))

    @property
    def reject(self) -> list[str]:
        return [text for _, text in self.problems]

    @property
    def runnable(self) -> bool:
        """Structurally sound enough to execute (code in answers still runs, sandboxed)."""
        return self.notebook is not None and not any(k in BLOCKING for k, _ in self.problems)


def is_value_only(source: str) -> bool:
    """True if the cell only assigns literal values to names (or is empty / a syntax error)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True   # it fails when run, like any wrong answer
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            return False
        try:
            ast.literal_eval(node.value)
        except ValueError:
            return False
    return True


def _literal(source: str, name: str) -> str | None:
    try:
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
                return str(ast.literal_eval(node.value)).strip()
    except (SyntaxError, ValueError):
        return None
    return None


def _nb_cells(nb) -> dict[str, object]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")}


def read_submission(path: Path, findings: Findings):
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        findings.add("invalid_json")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        findings.add("not_notebook")
        return None
    version = data.get("nbformat", 4)
    if version < 4:
        findings.notes.append(REASONS["old_format"].format(version=version))
    try:
        return nbformat.reads(raw.decode("utf-8", errors="replace"), as_version=4)
    except Exception:   # nbformat raises several kinds for malformed structures
        findings.add("not_notebook")
        return None


def inspect(path: Path, release_nb, trainee: str, seeded: bool) -> Findings:
    """All findings for one submitted notebook against the released one."""
    findings = Findings()
    nb = read_submission(path, findings)
    if nb is None:
        return findings
    findings.notebook = nb
    ref, got = _nb_cells(release_nb), _nb_cells(nb)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    tests = sorted(g for g, c in ref.items() if c.metadata["nbgrader"].get("grade") and c.cell_type == "code")
    rules = [
        ("duplicate_ids", dup),
        ("test_deleted", [g for g in tests if g not in got]),
        ("cell_deleted", sorted(g for g in ref if g not in got and g not in tests)),
        ("type_changed", sorted(f"{g}（{ref[g].cell_type}→{got[g].cell_type}）" for g in ref
                                if g in got and got[g].cell_type != ref[g].cell_type)),
        ("code_in_answer", sorted(g for g, c in ref.items()
                                  if c.metadata["nbgrader"].get("solution") and c.cell_type == "code"
                                  and g in got and got[g].cell_type == "code" and not is_value_only(got[g].source))),
        ("code_added", [str(n + 1) for n, c in enumerate(nb.cells)
                        if c.cell_type == "code" and not c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                        and not is_value_only(c.source)]),
    ]
    for key, hits in rules:
        if hits:
            findings.add(key, ids="、".join(hits))
    edited = sorted(g for g, c in ref.items() if c.metadata["nbgrader"].get("locked") and g in got
                    and got[g].cell_type == c.cell_type and got[g].source.strip() != c.source.strip())
    if edited:
        findings.notes.append(REASONS["locked_edited"].format(ids="、".join(edited)))
    if seeded and TRAINEE_ID in got:
        declared = _literal(got[TRAINEE_ID].source, "学员编号")
        if declared != trainee:
            findings.add("trainee_mismatch", declared=declared or "", trainee=trainee)
    return findings
