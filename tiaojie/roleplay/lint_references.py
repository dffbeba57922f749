"""The linter's reference checks: every name a script uses points at something that exists.

Within the script: the start node, node and interrupt targets, flags tested but never set, each
choice's feedback and competencies. Against its case (when the case exists): the trainee's
institution party, meter and effect roles, caucus parties, facts and speakers. Problems come in
that order, one ``Problem(file, case_id, field=<node path>, message)`` each.
"""

from __future__ import annotations

from collections.abc import Callable

from ..casebank.loader import Problem
from ..casebank.schema import Case
from ..core.competencies import COMPETENCIES
from .script import MEDIATOR, NARRATOR, Script, conditions_in, targets
from .session import trainee_party

Report = Callable[[str, str], None]     # bad(field, message)


def reference_problems(s: Script, f: str, case: "Case | None") -> list[Problem]:
    """Every broken reference of script ``s`` (file ``f``), checked against ``case`` if given."""
    out: list[Problem] = []

    def bad(field: str, msg: str):
        out.append(Problem(f, s.case, field, msg))

    conditions = list(conditions_in(s))
    _node_targets(s, bad)
    _choices(s, bad)
    _flags(s, conditions, bad)
    if case is not None:
        _case_roles(s, case, conditions, bad)
        _case_nodes(s, case, bad)
    return out


def _node_targets(s: Script, bad: Report) -> None:
    """The start node and every interrupt target exist; interrupts go to endings."""
    nodes = set(s.nodes)
    if s.start not in nodes:
        bad("start", f"起始节点“{s.start}”不存在 (unknown node)")
    for i, b in enumerate(s.interrupts):
        if b.goto not in nodes:
            bad(f"interrupts.{i}.goto", f"目标节点“{b.goto}”不存在 (unknown node)")
        elif s.nodes[b.goto].ending is None:
            bad(f"interrupts.{i}.goto", f"中断只能转到结局节点，“{b.goto}”不是结局 (must be an ending)")


def _choices(s: Script, bad: Report) -> None:
    """Node and choice targets exist; each choice has feedback and known competencies."""
    nodes = set(s.nodes)
    for nid, node in s.nodes.items():
        for t in targets(node.next):
            if t not in nodes:
                bad(f"nodes.{nid}.next", f"目标节点“{t}”不存在 (unknown node)")
        for c in node.choices:
            for t in targets(c.next):
                if t not in nodes:
                    bad(f"nodes.{nid}.choices.{c.id}.next", f"目标节点“{t}”不存在 (unknown node)")
            if not c.feedback.strip():
                bad(f"nodes.{nid}.choices.{c.id}.feedback", "缺少复盘反馈 (choice without feedback)")
            for t in c.competencies:
                if t.id not in COMPETENCIES:
                    bad(f"nodes.{nid}.choices.{c.id}.competencies",
                        f"未知能力“{t.id}”；可选：{', '.join(COMPETENCIES)} (unknown competency)")


def _flags(s: Script, conditions: list, bad: Report) -> None:
    """Every flag a condition tests is set by some choice."""
    set_flags = {fl for n in s.nodes.values() for c in n.choices for fl in c.set}
    for path, cond in conditions:
        for fl in cond.flags + cond.not_flags:
            if fl not in set_flags:
                bad(path, f"标记“{fl}”从未被任何选项设置 (flag never set)")


def _case_roles(s: Script, case: Case, conditions: list, bad: Report) -> None:
    """The trainee's party, initial meters and the conditions' roles and facts are the case's."""
    roles = case.party_roles
    facts = case.fact_ids()
    if trainee_party(s, case) is None:
        bad("trainee_role", f"学员扮演“{s.trainee_role.label}”，但案例 {case.id} 没有唯一的金融机构当事人"
                            "（kind: institution；有多个时须有 role: institution 者）(no institution party to play)")
    for role in s.initial:
        if role not in roles:
            bad(f"initial.{role}", f"“{role}”不是本案当事人角色；可选：{', '.join(sorted(roles))} (unknown role)")
    for path, cond in conditions:
        for key in list(cond.min) + list(cond.max):
            if key.partition(".")[0] not in roles:
                bad(path, f"“{key}”中的角色不是本案当事人 (unknown role)")
        for fact in cond.revealed + cond.not_revealed:
            if fact not in facts:
                bad(path, f"未知保密事实“{fact}” (unknown fact)")


def _case_nodes(s: Script, case: Case, bad: Report) -> None:
    """Per node: the caucus party, the choices' effect roles and facts, and every speaker."""
    roles = case.party_roles
    facts = case.fact_ids()
    speakers = roles | {MEDIATOR, NARRATOR}
    for nid, node in s.nodes.items():
        if node.caucus_with and node.caucus_with not in roles:
            bad(f"nodes.{nid}.caucus_with", f"“{node.caucus_with}”不是本案当事人角色 (unknown role)")
        lines = [(f"nodes.{nid}", node.lines)]
        for c in node.choices:
            p = f"nodes.{nid}.choices.{c.id}"
            lines.append((p, c.lines))
            for role in c.effects:
                if role != "all" and role not in roles:
                    bad(f"{p}.effects", f"“{role}”不是本案当事人角色 (unknown role)")
            for fact in c.reveal:
                if fact not in facts:
                    bad(f"{p}.reveal", f"未知保密事实“{fact}”；本案事实：{', '.join(sorted(facts))} (unknown fact)")
        for p, said in lines:
            for i, ln in enumerate(said):
                if ln.speaker not in speakers:
                    bad(f"{p}.lines.{i}.speaker",
                        f"未知说话人“{ln.speaker}”；可选：{', '.join(sorted(speakers))} (unknown speaker)")
