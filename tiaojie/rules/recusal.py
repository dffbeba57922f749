"""Recusal (回避): given a mediator's relations to a case, must they step aside?

特邀调解规定 art. 15: a mediator who is a near relative of a party or its representative, has an
interest in the dispute, or has another relationship that may affect fair mediation must recuse
themselves, unless both parties agree to keep them. The organisation may treat some relations
as non-waivable (configured: by default a current employee of the institution in dispute, under
its neutrality rules, policy art. 六). A former employee within the configured number of years
is treated as "another relationship that may affect fairness".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import PracticeConfig, load_config
from .enums import Relation
from ..core.errors import RulesInputError
from ..core.numeric import finite_number

_GROUNDS = {
    Relation.near_relative_of_party: "是一方当事人的近亲属（第十五条第一项）",
    Relation.near_relative_of_representative: "是一方当事人代理人的近亲属（第十五条第一项）",
    Relation.interest_in_dispute: "与纠纷有利害关系（第十五条第二项）",
    Relation.employee_of_institution: "现任职于涉案金融机构，与纠纷有利害关系（第十五条第二项）",
    Relation.acted_for_party: "曾为一方当事人就本纠纷提供代理或咨询，可能影响公正调解（第十五条第三项）",
    Relation.other_affecting_fairness: "与当事人或代理人有其他关系，可能影响公正调解（第十五条第三项）",
}


@dataclass
class RecusalDecision:
    required: bool
    waivable: bool
    disclose: bool
    reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    assumption: bool = False

    @property
    def may_continue(self) -> bool:
        """True if the mediator may act now (no recusal required)."""
        return not self.required

    def to_json(self) -> dict:
        return {"required": self.required, "waivable": self.waivable, "disclose": self.disclose,
                "reasons": self.reasons, "sources": self.sources, "assumption": self.assumption}


def assess_recusal(relations: "list[Relation | str]", *, years_since_left: float | None = None,
                   both_parties_consent: bool = False,
                   config: PracticeConfig | None = None) -> RecusalDecision:
    """Decide recusal. ``years_since_left`` applies to ``former_employee_of_institution``.

    With ``both_parties_consent`` a waivable ground no longer requires recusal (the consent is
    recorded in the reasons); a non-waivable one still does.
    """
    cfg = config or load_config()
    rc = cfg.recusal
    parsed = [Relation.parse(r, "relation") for r in relations]
    if years_since_left is not None:
        years_since_left = finite_number(years_since_left, "years_since_left", minimum=0, maximum=100)
    reasons: list[str] = []
    sources: list[str] = []
    grounds: list[Relation] = []
    assumption = False
    for rel in dict.fromkeys(parsed):
        if rel is Relation.former_employee_of_institution:
            limit = rc.former_employee_years.count
            if years_since_left is None:
                raise RulesInputError("years_since_left", "曾任职于涉案机构时须给出离职年数")
            if years_since_left < limit:
                grounds.append(rel)
                reasons.append(f"离开涉案金融机构未满 {limit} 年，视为可能影响公正调解的其他关系")
                sources.append(rc.former_employee_years.source)
                assumption = True
            else:
                reasons.append(f"离开涉案金融机构已满 {limit} 年，无需回避，但应向双方披露")
                sources.append(rc.former_employee_years.source)
                assumption = True
            continue
        grounds.append(rel)
        reasons.append("调解员" + _GROUNDS[rel])
    if grounds:
        sources.insert(0, rc.source)
    non_waivable = [g for g in grounds if g in rc.non_waivable.relations]
    waivable = bool(grounds) and not non_waivable
    if non_waivable:
        reasons.append("本组织中立性制度规定该情形不得经当事人同意而豁免：" +
                       "、".join(g.label for g in non_waivable))
        sources.append(rc.non_waivable.source)
        assumption = assumption or rc.non_waivable.assumption
    required = bool(grounds)
    if required and waivable:
        if both_parties_consent:
            required = False
            reasons.append("双方当事人均同意由该调解员调解，可不回避（应书面记录）")
        else:
            reasons.append("应当自行回避；但双方当事人同意由其调解的除外")
    elif required:
        reasons.append("应当回避，另行指定调解员")
    if not parsed:
        reasons.append("未申报任何可能影响公正的关系，无需回避")
    disclose = bool(parsed)
    return RecusalDecision(required=required, waivable=waivable, disclose=disclose,
                           reasons=reasons, sources=list(dict.fromkeys(sources)),
                           assumption=assumption)
