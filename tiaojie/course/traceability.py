"""Traceability: each of the 23 articles of 金发〔2025〕14号 → the items that serve it.

Items come from two places: the course file (each module and its assessment serve the module's
``articles``) and ``curriculum/trace.yaml`` (cases, role-plays, simulation features, apps,
docs). ``trace_map()`` is the machine-readable map keyed "1"…"23"; ``trace_problems()`` lists
every article with nothing and every item that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ContentError
from ..core.settings import get_settings
from .loader import content_path, curriculum_dir, load_course, module_notebook, read_yaml, repo_root
from .render import article_label

TRACE_FILE = "trace.yaml"
ARTICLES = range(1, 24)
PATH_KINDS = {"module", "simulation", "app", "docs"}
ID_KINDS = {"case", "roleplay", "assessment"}


@dataclass(frozen=True)
class Item:
    kind: str
    ref: str     # path relative to the repository root, or id

    def to_json(self) -> dict:
        key = "path" if self.kind in PATH_KINDS else "id"
        return {"kind": self.kind, key: self.ref}


def _explicit(path: Path) -> dict[int, list[Item]]:
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ContentError(str(path), "-", "应为以条文序号为键的映射 (expected a mapping article -> items)")
    out: dict[int, list[Item]] = {}
    for key, items in data.items():
        if not isinstance(key, int) or key not in ARTICLES:
            raise ContentError(str(path), str(key), "条文序号应为 1 到 23 的整数 (article must be 1..23)")
        for i, raw in enumerate(items or []):
            kind = raw.get("kind") if isinstance(raw, dict) else None
            if kind not in PATH_KINDS | ID_KINDS:
                raise ContentError(str(path), f"{key}.{i}.kind", f"未知类型“{kind}”；可选：{'、'.join(sorted(PATH_KINDS | ID_KINDS))}")
            field = "path" if kind in PATH_KINDS else "id"
            if not raw.get(field):
                raise ContentError(str(path), f"{key}.{i}.{field}", "缺少必填字段 (field required)")
            out.setdefault(key, []).append(Item(kind, str(raw[field])))
    return out


def trace_items(trace_file: "Path | None" = None, course=None) -> dict[int, list[Item]]:
    course = course or load_course()
    root = repo_root()
    items: dict[int, list[Item]] = {a: [] for a in ARTICLES}
    for m in course.modules:
        rel = module_notebook(m).relative_to(root).as_posix()
        for a in m.articles:
            items[a] += [Item("module", rel), Item("assessment", m.assessment)]
    for a, extra in _explicit(trace_file or curriculum_dir() / TRACE_FILE).items():
        items[a] += extra
    return {a: list(dict.fromkeys(v)) for a, v in items.items()}


def trace_map(trace_file: "Path | None" = None) -> dict[str, list[dict]]:
    return {str(a): [i.to_json() for i in v] for a, v in trace_items(trace_file).items()}


def _exists(item: Item, bank, assessments: set[str]) -> bool:
    if item.kind in PATH_KINDS:
        return content_path(item.ref).exists()
    if item.kind == "case":
        return item.ref in bank
    if item.kind == "roleplay":
        return (get_settings().roleplays_dir / f"{item.ref}.yaml").is_file()
    return item.ref in assessments


def trace_problems(trace_file: "Path | None" = None, course=None) -> list[str]:
    from ..casebank import api

    course = course or load_course()
    bank = api.load(checks=False)
    assessments = {a.id for a in course.assessments}
    out = []
    for a, items in trace_items(trace_file, course).items():
        if not items:
            out.append(f"{article_label(a)}（{a}）：没有任何模块、案例、演练、模拟或考核")
        for it in items:
            if not _exists(it, bank, assessments):
                out.append(f"{article_label(a)}（{a}）：{it.kind} “{it.ref}” 不存在")
    return out


KIND_LABELS = {"module": "模块", "assessment": "考核", "case": "案例", "roleplay": "演练",
               "simulation": "模拟", "app": "应用", "docs": "文档"}


def trace_rows(trace_file: "Path | None" = None) -> list[tuple[str, str]]:
    """(article label, items grouped by kind) for tables."""
    rows = []
    for a, items in trace_items(trace_file).items():
        groups: dict[str, list[str]] = {}
        for it in items:
            groups.setdefault(KIND_LABELS[it.kind], []).append(it.ref)
        rows.append((f"{article_label(a)}", "；".join(f"{k}：{'、'.join(v)}" for k, v in groups.items())))
    return rows
