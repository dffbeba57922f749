"""The script linter: every problem as a ``Problem(file, case_id, field=<node path>, message)``.

Checks, in order: YAML and schema; id vs file name; the case exists and names the script;
references (node targets, speakers, caucus party, effect and meter roles, facts, competencies,
flags) and feedback on every choice, in :mod:`tiaojie.roleplay.lint_references`; cycles. Then,
from :func:`tiaojie.roleplay.scoring.explore` (exactly what a search of every reachable state
finds, computed on the acyclic graph): unreachable nodes, dead ends (a decision node where every
choice can be blocked), unreachable endings, the decision-point rule and the endings rule.
The rules (docs/reference/roleplay-format.md):

* at least ``MIN_DECISIONS`` decision nodes in the script, and the model path makes at least
  ``MIN_DECISIONS`` decisions;
* at least ``MIN_ENDING_TYPES`` distinct ending types reachable;
* the model path and the careless path (lowest score) end in different ending types;
* neutrality: a party whose perceived-neutrality meter choices can drive to 0 needs an interrupt
  that ends the session, at that meter ``<= 0`` or higher, in an ending that is not a settlement
  or an accepted proposal — a mediator the parties see as partial cannot reach the model ending;
* soundness: every settlement / accepted-proposal ending says how sound the outcome is.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..casebank.loader import Problem, bank_root, script_files
from ..casebank.prose import rules_for_case, text_leaves, text_problems
from ..casebank.schema import Case
from ..core import safe_yaml
from ..core.errors import ContentError
from ..core.validation import describe_errors
from . import scoring
from . import engine
from .lint_references import reference_problems
from .script import SUCCESS_ENDINGS, Condition, Script, targets
from .session import Play, trainee_party

MIN_DECISIONS = 8
MIN_ENDING_TYPES = 3

def _schema_problems(path: Path, sid: str, exc: ValidationError) -> list[Problem]:
    return [Problem(str(path), sid, loc, msg) for loc, msg in describe_errors(exc, "(script)", split_named=False)]


def read_data(path: Path, files: "dict | None" = None) -> tuple[object, list[Problem]]:
    """(raw YAML data, problems) of one script file; the problems say why it could not be read.

    ``files``: a dict shared by one validation run, so each file is read and parsed once however
    many checks look at it (the case's reference check, the linter, the orphan check).
    """
    key = ("data", str(path))
    if files is not None and key in files:
        return files[key]
    f = str(path)
    try:
        out = safe_yaml.load_file(path), []
    except ContentError as exc:
        out = None, [Problem(f, "", exc.field, exc.message)]
    if files is not None:
        files[key] = out
    return out


def parse(path: Path, files: "dict | None" = None) -> tuple[Script | None, str, list[Problem]]:
    """(script or None, script id, problems) for one file (``files``: see :func:`read_data`)."""
    key = ("script", str(path))
    if files is None or key not in files:
        out = _parse(Path(path), files)
        if files is None:
            return out
        files[key] = out
    script, sid, problems = files[key]
    return script, sid, list(problems)


def _parse(path: Path, files: "dict | None") -> tuple[Script | None, str, list[Problem]]:
    f = str(path)
    data, problems = read_data(path, files)
    if problems:
        return None, "", problems
    if not isinstance(data, dict):
        return None, "", [Problem(f, "", "(root)", "应为一个脚本映射 (expected a mapping)")]
    sid = str(data.get("case") or data.get("id") or "")
    try:
        return Script.model_validate(data), sid, []
    except ValidationError as exc:
        return None, sid, _schema_problems(path, sid, exc)


def _lowest_drop(s: Script, role: str, meter: str) -> int:
    """A lower bound of the total change of ``role.meter`` along any path from the start: the sum
    of the negative deltas on the path that has most of them (conditions and interrupts ignored,
    so it is conservative; increases ignored, as clamping at 100 may waste them)."""
    memo: dict[str, int] = {}

    def low(nid: str) -> int:
        if nid in memo:
            return memo[nid]
        memo[nid] = 0              # acyclic (checked first); guards a malformed graph
        node = s.nodes.get(nid)
        best = 0
        if node is not None:
            for c in node.choices:
                d = sum(min(0, c.effects.get(r, {}).get(meter, 0)) for r in (role, "all"))
                best = min(best, d + min((low(t) for t in targets(c.next)), default=0))
            if node.next is not None:
                best = min(best, min((low(t) for t in targets(node.next)), default=0))
        memo[nid] = best
        return best

    return low(s.start)


def _guards(cond: "Condition | None", key: str) -> bool:
    """The condition holds whenever meter ``key`` is 0 (it tests only ``max: {key: v}``, v >= 0)."""
    if cond is None:
        return True
    if cond.flags or cond.not_flags or cond.revealed or cond.not_revealed or cond.min:
        return False
    if cond.max:
        return set(cond.max) == {key} and cond.max[key] >= 0 and not cond.any
    return bool(cond.any) and any(_guards(c, key) for c in cond.any)


def guard_only_endings(s: Script) -> set[str]:
    """Endings reached only through a neutrality guard (an interrupt on ``max: {role.neutrality}``).
    The neutrality rule asks for a guard whenever a conservative bound says the meter may reach 0;
    when the search shows it never does, the guard's ending is unreachable, and that is no fault."""
    def is_guard(b) -> bool:
        return b.when is not None and any(_guards(b.when, k) for k in b.when.max if k.endswith(".neutrality"))

    guarded = {b.goto for b in s.interrupts if is_guard(b)}
    other = {b.goto for b in s.interrupts if not is_guard(b)}
    for node in s.nodes.values():
        other |= set(targets(node.next)) | {t for c in node.choices for t in targets(c.next)}
    return guarded - other - {s.start}


def neutrality_problems(s: Script, f: str, case: "Case | None") -> list[Problem]:
    """Every party whose neutrality meter can reach 0 is guarded by an interrupt to a
    non-success ending (issue 9 §3: a partial mediator must not reach the model ending)."""
    if case is None:
        return []
    out = []
    trainee = trainee_party(s, case)
    agents = {p.role for p in case.parties if p.kind.value == "representative"}   # neutrality is owed to parties
    for role in engine.roles(s, sorted(case.party_roles)):
        if role == trainee or role in agents:
            continue
        start = s.initial[role].neutrality if role in s.initial else 50
        if start + _lowest_drop(s, role, "neutrality") > 0:
            continue
        key = f"{role}.neutrality"
        guard = next((b for b in s.interrupts if _guards(b.when, key)), None)
        ending = s.nodes[guard.goto].ending if guard and guard.goto in s.nodes else None
        if ending is None or ending.type.value in SUCCESS_ENDINGS:
            out.append(Problem(f, s.case, "interrupts",
                               f"选项可使“{role}”的感知中立降至 {max(0, start + _lowest_drop(s, role, 'neutrality'))}，"
                               f"须有中断 {{when: {{max: {{{key}: 0}}}}, goto: <非达成协议的结局>}}：当事人认为调解员偏袒时"
                               f"不能得到示范结局 (neutrality can reach 0 without ending the session)"))
    return out


def soundness_problems(s: Script, f: str) -> list[Problem]:
    return [Problem(f, s.case, f"nodes.{nid}.ending.soundness",
                    "达成协议或意见被接受的结局须说明结果是否稳妥：soundness 取 court_document（可由法院出具调解书）、confirmable（可申请司法确认）、"
                    "enforceable（对双方有合同约束力、可履行）或 unsound（有瑕疵），并在 soundness_note 中说明理由"
                    " (success ending without soundness)")
            for nid, node in s.nodes.items()
            if node.ending and node.ending.type.value in SUCCESS_ENDINGS
            and (node.ending.soundness is None or not node.ending.soundness_note.strip())]


def _cycle(s: Script) -> list[str]:
    """One cycle in the node graph (as a node list), or []."""
    edges = {nid: set(targets(n.next)) | {t for c in n.choices for t in targets(c.next)}
             for nid, n in s.nodes.items()}
    interrupts = {b.goto for b in s.interrupts}
    for nid, n in s.nodes.items():
        if n.choices:
            edges[nid] |= interrupts
    colour: dict[str, int] = {}
    stack: list[str] = []

    def dfs(v):
        colour[v] = 1
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in edges:
                continue
            if colour.get(w) == 1:
                return stack[stack.index(w):] + [w]
            if not colour.get(w):
                found = dfs(w)
                if found:
                    return found
        colour[v] = 2
        stack.pop()
        return []

    for v in edges:
        if not colour.get(v):
            found = dfs(v)
            if found:
                return found
    return []


def _dynamic(s: Script, f: str, case: "Case | None") -> list[Problem]:
    try:
        ex = scoring.explore(Play.for_case(s, case), first_paths=False)  # which endings, not how
    except scoring.SearchTooLarge as exc:
        return [Problem(f, s.case, "(script)", f"状态空间过大，无法检查 ({exc})；请合并分支")]
    return exploration_problems(s, f, ex)


def exploration_problems(s: Script, f: str, ex: scoring.Exploration) -> list[Problem]:
    """The reachability, dead-end, decision and ending rules, given what the search found."""
    out: list[Problem] = []
    guards = guard_only_endings(s)
    model_end = ex.best[4] if ex.best else None
    for i, b in enumerate(s.interrupts):
        if model_end and b.goto == model_end and b.when is not None and any(
                _guards(b.when, k) for k in b.when.max if k.endswith(".neutrality")):
            out.append(Problem(f, s.case, f"interrupts.{i}.goto",
                               f"感知中立降至底线时转到的“{model_end}”正是示范结局；当事人认为调解员偏袒时不能得到示范结局，"
                               f"请转到另一个结局 (neutrality guard leads to the model ending)"))
    for nid in s.nodes:
        if nid not in ex.visited and nid not in guards:
            out.append(Problem(f, s.case, f"nodes.{nid}", "从起点无法到达 (unreachable node)"
                               + ("；此结局无法达成 (unreachable ending)" if s.nodes[nid].ending else "")))
    for nid, path in ex.dead_ends.items():
        out.append(Problem(f, s.case, f"nodes.{nid}",
                           f"死胡同：经路径 [{', '.join(path)}] 到达时没有可选项 (dead end: every choice blocked)"))
    decisions = s.decision_nodes
    if len(decisions) < MIN_DECISIONS:
        out.append(Problem(f, s.case, "nodes", f"决策节点只有 {len(decisions)} 个，至少需要 {MIN_DECISIONS} 个"
                                                f" (too few decision points)"))
    if ex.best and ex.best[0] > -10**8 and len(ex.best[3]) < MIN_DECISIONS:
        out.append(Problem(f, s.case, "nodes", f"示范路径只有 {len(ex.best[3])} 次决策，至少需要 {MIN_DECISIONS} 次"
                                                f" (model path too short: [{', '.join(ex.best[3])}])"))
    types = {s.nodes[n].ending.type for n in ex.endings}
    if len(types) < MIN_ENDING_TYPES:
        out.append(Problem(f, s.case, "nodes", f"可达结局类型只有 {len(types)} 种"
                                                f"（{', '.join(sorted(t.value for t in types))}），至少需要 {MIN_ENDING_TYPES} 种"
                                                f" (too few distinct endings)"))
    if ex.best and ex.worst and ex.best[4] in s.nodes and ex.worst[4] in s.nodes:
        b, w = s.nodes[ex.best[4]].ending, s.nodes[ex.worst[4]].ending
        if b and w and b.type == w.type:
            out.append(Problem(f, s.case, "nodes",
                               f"示范路径与最差路径结局类型相同（{b.type.value}），好坏调解员的结果应明显不同"
                               f" (model and careless paths reach the same ending type)"))
    return out


def prose_problems(s: Script, file: str, case: "Case | None") -> list[Problem]:
    """``{rule:…}`` placeholders the case cannot fill, and typed numbers the rules contradict."""
    if case is None:
        return []
    rules = rules_for_case(case)
    values = rules.values
    return [Problem(file, s.case, path, msg) for path, text in text_leaves(s.model_dump(mode="json"))
            for msg in text_problems(path, text, rules, values)]


def lint_script(s: Script, file: str, case: "Case | None") -> list[Problem]:
    out = reference_problems(s, file, case) + soundness_problems(s, file)
    if any(p.field.endswith(".next") or p.field in ("start",) or ".goto" in p.field for p in out):
        return out + prose_problems(s, file, case)   # targets broken: the search cannot run
    out += prose_problems(s, file, case)
    cycle = _cycle(s)
    if cycle:
        out.append(Problem(file, s.case, f"nodes.{cycle[0]}",
                           f"节点图有环：{' → '.join(cycle)}；脚本须无环 (cycle)"))
        return out
    return out + neutrality_problems(s, file, case) + _dynamic(s, file, case)


def lint_file(path: "str | Path", cases: "dict[str, Case]", expect_case: "str | None" = None,
              files: "dict | None" = None) -> list[Problem]:
    """Lint one script file against the loaded cases (``files``: see :func:`read_data`)."""
    path = Path(path)
    f = str(path)
    script, sid, problems = parse(path, files)
    if script is None:
        return problems
    out: list[Problem] = []
    if path.stem != script.id:
        out.append(Problem(f, script.case, "id", f"文件名应为 {script.id}.yaml (file name must match id)"))
    if expect_case and script.case != expect_case:
        out.append(Problem(f, expect_case, "case", f"脚本演练的是案例 {script.case}，而非 {expect_case}"))
    case = cases.get(script.case)
    if case is None:
        out.append(Problem(f, script.case, "case", f"案例 {script.case} 不存在 (script's case does not exist)"))
    elif case.roleplay != script.id:
        out.append(Problem(f, script.case, "case",
                           f"案例 {script.case} 的 roleplay 字段未指向本脚本（应为 roleplay: {script.id}）"))
    try:
        return out + lint_script(script, f, case)
    except RecursionError:
        return out + [Problem(f, script.case, "nodes", "脚本结构过深，无法分析 (script too deep to analyse)")]


def orphan_problems(cases: "dict[str, Case]", root: "Path | None" = None,
                    files: "dict | None" = None) -> list[Problem]:
    """Script files whose case does not exist or does not name them (linked ones are linted per case)."""
    root = root or bank_root()
    on_disk = {p.stem for p in (root / "cases").rglob("*.y*ml")}
    out = []
    for path in script_files(root):
        script, sid, problems = parse(path, files)
        if script is None:
            if not sid or sid not in cases or cases[sid].roleplay != path.stem:
                out.extend(problems)
            continue
        case = cases.get(script.case)
        if case is None and script.case not in on_disk:
            out.append(Problem(str(path), script.case, "case",
                               f"案例 {script.case} 不存在 (script's case does not exist)"))
        elif case is not None and case.roleplay != script.id:
            out.append(Problem(str(path), script.case, "case",
                               f"案例 {script.case} 的 roleplay 字段未指向本脚本（应为 roleplay: {script.id}）"))
    return out


def lint_bank(cases: "dict[str, Case]", root: "Path | None" = None) -> list[Problem]:
    """Every script file under <bank>/roleplays, fully linted."""
    out = []
    for path in script_files(root):
        out.extend(lint_file(path, cases))
    return out
