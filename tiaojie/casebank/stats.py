"""Coverage of the case bank: what it holds, and whether it meets the coverage floor.

The floor is the project's requirement for the exemplar bank (not practice data). Its ``core``
items: every track at least 5 cases, special-population needs, court linkage with judicial
confirmation, small-claims written proposals, agent rights-protection, batch disputes, recusal,
improvement suggestions. Its ``practice`` items (issue 9 §4, what practice brings): the four
newer sectors, the hard situations, the dispute types practice meets most, a non-settled share
of at least a quarter, every policy article exercised, role-plays where the trainee plays the
institution's staff, ends mediation and refers, or handles a safety risk — and at least 75
cases and 20 role-plays. Every item says what is missing (:attr:`FloorItem.missing`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..core.competencies import COMPETENCIES
from ..rules import Origin, Sector, Track
from .api import has_playable_roleplay
from .loader import bank_root
from .schema import POLICY_ARTICLES, Case, DisputeType, OutcomeType, Population, Situation, article_label
from .scriptinfo import ScriptInfo, script_infos

@dataclass(frozen=True)
class FloorItem:
    key: str
    label: str
    required: float
    actual: float
    group: str = "core"                       # "core" or "practice" (issue 9 §4)
    missing: tuple[str, ...] = field(default=())   # what would close the gap, when it is nameable

    @property
    def ok(self) -> bool:
        return self.actual >= self.required

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "required": self.required, "actual": self.actual,
                "ok": self.ok, "group": self.group, "missing": list(self.missing) if not self.ok else []}


@dataclass
class Bank:
    """The cases and what their scripts add, as the floor predicates see them."""

    cases: list[Case]
    scripts: dict[str, ScriptInfo]

    def script(self, c: Case) -> ScriptInfo | None:
        return self.scripts.get(c.id)


def _court_confirmed(c: Case) -> bool:
    return c.origin.is_court and (c.procedural_points.judicial_confirmation or c.outcome.judicial_confirmation)


Pred = Callable[[Case, "ScriptInfo | None"], bool]

# (key, Chinese label, required, predicate(case, its script or None)).
CORE: list[tuple[str, str, int, Pred]] = [
    *[(f"track.{t.value}", f"{t.label}调解程序案例", 5, (lambda t: lambda c, s: c.track is t)(t)) for t in Track],
    ("special_population", "涉老年人、残疾人、新市民等特殊群体", 6, lambda c, s: bool(c.special_populations)),
    ("court_linked", "诉调对接（委派/委托/邀请）并司法确认", 4, lambda c, s: _court_confirmed(c)),
    ("small_claims_proposal", "小额快速并出具书面解决意见", 4,
     lambda c, s: c.track is Track.small_claims and bool(c.outcome.written_proposal)),
    ("agent_abuse", "代理维权乱象", 3, lambda c, s: c.agent_abuse),
    ("batch", "群体性/批量纠纷", 2, lambda c, s: c.track_inputs.mass_dispute),
    ("recusal", "回避情形", 2, lambda c, s: bool(c.procedural_points.recusal)),
    ("improvement_suggestion", "以改进建议结案", 2, lambda c, s: bool(c.outcome.improvement_suggestion)),
]
NEW_SECTORS = (Sector.leasing, Sector.auto_finance, Sector.trust, Sector.pension_finance)
DISPUTE_MINIMUMS = {DisputeType.auto_insurance: 3, DisputeType.debt_collection: 3,
                    DisputeType.authorised_push_fraud: 2, DisputeType.unauthorised_transaction: 3}
PRACTICE: list[tuple[str, str, int, Pred]] = [
    *[(f"sector.{x.value}", f"{x.label}领域案例", 1, (lambda x: lambda c, s: c.sector is x)(x)) for x in NEW_SECTORS],
    *[(f"dispute.{d.value}", f"{d.label}案例", n, (lambda d: lambda c, s: c.dispute_type is d)(d))
      for d, n in DISPUTE_MINIMUMS.items()],
    *[(f"situation.{x.value}", f"情形：{x.label}", 1, (lambda x: lambda c, s: x in c.situations)(x)) for x in Situation],
    ("script.institution", "学员扮演金融机构指定人员的演练（第二十、二十一条）", 2,
     lambda c, s: s is not None and s.trainee_role == "institution"),
    ("script.referral", "以终止调解并引导其他途径为正确做法的演练", 1,
     lambda c, s: s is not None and (c.outcome.type is OutcomeType.referred or "referral" in s.ending_types)),
    ("script.safety", "须处置安全风险的演练", 1, lambda c, s: s is not None and Situation.safety_risk in c.situations),
]
MIN_TOTAL = 75
MIN_ROLEPLAYS = 20
MIN_NON_SETTLED_SHARE = 0.25


def _articles(bank: Bank) -> dict[int, int]:
    """Article -> number of cases exercising it (through the case or its script)."""
    out = {n: 0 for n in range(1, POLICY_ARTICLES + 1)}
    for c in bank.cases:
        s = bank.script(c)
        for n in set(c.articles) | (set(s.articles) if s else set()):
            if n in out:
                out[n] += 1
    return out


def non_settled_share(cases: list[Case]) -> float:
    """Share of cases ending other than in full settlement (settled / proposal accepted)."""
    return round(sum(1 for c in cases if not c.outcome.type.is_settlement) / len(cases), 3) if cases else 0.0


def _bank(cases: Iterable[Case], root: "Path | None", scripts: "dict[str, ScriptInfo] | None") -> Bank:
    cases = list(cases)
    return Bank(cases, scripts if scripts is not None else script_infos(cases, root or bank_root()))


def floor_checks(cases: Iterable[Case], root: "Path | None" = None,
                 scripts: "dict[str, ScriptInfo] | None" = None) -> list[FloorItem]:
    """Every floor item, core then practice, each with what is missing."""
    bank = _bank(cases, root, scripts)
    items = []
    for group, table in (("core", CORE), ("practice", PRACTICE)):
        for key, label, required, pred in table:
            n = sum(1 for c in bank.cases if pred(c, bank.script(c)))
            gap = (f"还差 {required - n} 个",) if n < required else ()
            items.append(FloorItem(key, label, required, n, group, gap))
    items.append(FloorItem("total", "案例总数", MIN_TOTAL, len(bank.cases), "practice",
                           (f"还差 {MIN_TOTAL - len(bank.cases)} 个",) if len(bank.cases) < MIN_TOTAL else ()))
    played = len(bank.scripts)
    items.append(FloorItem("roleplays", "可演练脚本数", MIN_ROLEPLAYS, played, "practice",
                           (f"还差 {MIN_ROLEPLAYS - played} 个",) if played < MIN_ROLEPLAYS else ()))
    share = non_settled_share(bank.cases)
    unsettled = sum(1 for c in bank.cases if not c.outcome.type.is_settlement)
    need = math.ceil(MIN_NON_SETTLED_SHARE * len(bank.cases)) - unsettled
    items.append(FloorItem("non_settled_share", "未完全达成协议的案例占比（调解不成、引导、部分达成、撤回、不接受意见）",
                           MIN_NON_SETTLED_SHARE, share, "practice",
                           (f"按现有案例数还需约 {need} 个未完全达成协议的案例",) if share < MIN_NON_SETTLED_SHARE else ()))
    arts = _articles(bank)
    uncovered = tuple(article_label(n) for n, k in arts.items() if not k)
    items.append(FloorItem("articles", "《意见》第一至二十三条均有案例或演练涉及", POLICY_ARTICLES,
                           POLICY_ARTICLES - len(uncovered), "practice", uncovered))
    return items


def _count(values: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    out = {k: 0 for k in order}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def coverage(cases: Iterable[Case], root: "Path | None" = None) -> dict:
    """Counts by track, sector, origin, population, dispute type, competency, outcome, situation
    and policy article; the sector × track matrix; role-play counts; and the floor."""
    bank = _bank(cases, root, None)
    cases = bank.cases
    matrix = {s.value: {t.value: 0 for t in Track} for s in Sector}
    for c in cases:
        matrix[c.sector.value][c.track.value] += 1
    floor = floor_checks(cases, scripts=bank.scripts)
    return {
        "total": len(cases),
        "by_track": _count((c.track.value for c in cases), (t.value for t in Track)),
        "by_sector": _count((c.sector.value for c in cases), (s.value for s in Sector)),
        "by_origin": _count((c.origin.value for c in cases), (o.value for o in Origin)),
        "by_population": _count((p.value for c in cases for p in sorted(c.special_populations)),
                                (p.value for p in Population)),
        "by_dispute_type": _count((c.dispute_type.value for c in cases), (d.value for d in DisputeType)),
        "by_competency": _count((k for c in cases for k in sorted(c.competencies)), COMPETENCIES),
        "by_outcome": _count((c.outcome.type.value for c in cases), (o.value for o in OutcomeType)),
        "non_settled_share": non_settled_share(cases),
        "by_situation": _count((x.value for c in cases for x in c.situations), (x.value for x in Situation)),
        "by_article": {str(n): k for n, k in _articles(bank).items()},
        "matrix": matrix,
        "roleplays": sum(1 for c in cases if has_playable_roleplay(c, root)),
        "roleplays_by_trainee_role": _count((s.trainee_role for s in bank.scripts.values()),
                                            ("mediator", "institution")),
        "floor": [f.to_json() for f in floor],
        "floor_ok": all(f.ok for f in floor),
        "floor_core_ok": all(f.ok for f in floor if f.group == "core"),
    }


def labels() -> dict[str, dict[str, str]]:
    """Chinese labels for the identifiers used as keys above."""
    return {
        "track": {t.value: t.label for t in Track},
        "sector": {s.value: s.label for s in Sector},
        "origin": {o.value: o.label for o in Origin},
        "population": {p.value: p.label for p in Population},
        "dispute_type": {d.value: d.label for d in DisputeType},
        "competency": {c.id: c.label for c in COMPETENCIES.values()},
        "outcome": {o.value: o.label for o in OutcomeType},
        "situation": {x.value: x.label for x in Situation},
        "article": {str(n): article_label(n) for n in range(1, POLICY_ARTICLES + 1)},
        "trainee_role": {"mediator": "调解员", "institution": "金融机构指定人员"},
    }
