"""The case schema: one pydantic model for every exemplar case (示范案例).

A case serves three uses: a role-play (parties with positions, interests and confidential
instructions per role, the mediator's too, in the PON style), a course example (facts,
applicable rules, 典型意义, debrief questions), and assessment items (procedural points whose
right answers the rules module computes). Field-by-field documentation: docs/reference/casebank.md.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..core.competencies import COMPETENCIES
from ..core.text import unfold_cjk
from ..core.labels import LabelledEnum
from ..core.validation import Amount, DayCount, SupportedDate, Years
from ..rules import CourtProcedure, Origin, Relation, Sector, Track

CASE_ID = r"^[a-z]{2,4}-\d{3}$"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(unfold_cjk)]
OptText = Annotated[str, AfterValidator(unfold_cjk)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class DisputeType(LabelledEnum):
    fees_interest = ("fees_interest", "费用与罚息争议")
    repayment_plan = ("repayment_plan", "还款安排（停息挂账、分期）")
    unauthorised_transaction = ("unauthorised_transaction", "盗刷与未授权交易")
    mis_selling = ("mis_selling", "存款理财误导销售")
    suitability = ("suitability", "适当性义务争议")
    credit_report = ("credit_report", "征信异议")
    debt_collection = ("debt_collection", "催收方式争议")
    disclosure = ("disclosure", "如实告知与既往症")
    surrender = ("surrender", "退保损失")
    sales_misrepresentation = ("sales_misrepresentation", "保险销售误导")
    claims_valuation = ("claims_valuation", "理赔与定损争议")
    agricultural_claims = ("agricultural_claims", "农业保险理赔")
    forced_liquidation = ("forced_liquidation", "强行平仓")
    false_statement = ("false_statement", "虚假陈述赔偿")
    payment_service = ("payment_service", "支付服务争议")
    loan_terms = ("loan_terms", "借款合同条款与综合成本")
    guarantee = ("guarantee", "融资担保争议")
    pawn = ("pawn", "典当争议")
    account_service = ("account_service", "账户服务争议")
    authorised_push_fraud = ("authorised_push_fraud", "电信网络诈骗自愿转账")
    auto_insurance = ("auto_insurance", "机动车保险理赔")
    leasing_terms = ("leasing_terms", "融资租赁合同争议")
    vehicle_repossession = ("vehicle_repossession", "车辆收回与GPS定位")
    trust_product = ("trust_product", "信托产品争议")
    pension_product = ("pension_product", "养老金融产品争议")
    deceased_deposit = ("deceased_deposit", "已故存款人存款支取")
    consultation = ("consultation", "咨询")

    @classmethod
    def field_name(cls) -> str:
        return "dispute_type"


class Channel(LabelledEnum):
    hotline = ("hotline", "调解热线")
    online = ("online", "线上平台")
    walk_in = ("walk_in", "现场来访")
    service_point = ("service_point", "服务站点")
    court = ("court", "法院移送")
    regulator = ("regulator", "监管投诉转办")
    institution = ("institution", "金融机构引导")


class Population(LabelledEnum):
    elderly = ("elderly", "老年人")
    disabled = ("disabled", "残疾人")
    new_resident = ("new_resident", "新市民")


class PartyKind(LabelledEnum):
    consumer = ("consumer", "金融消费者")
    investor = ("investor", "投资者")
    institution = ("institution", "金融机构")
    representative = ("representative", "代理人")
    third_party = ("third_party", "第三人")

    @classmethod
    def field_name(cls) -> str:
        return "kind"


class Mode(LabelledEnum):
    on_site = ("on_site", "现场调解")
    online = ("online", "在线调解")
    phone = ("phone", "电话调解")


class OutcomeType(LabelledEnum):
    settled = ("settled", "达成调解协议")
    proposal_accepted = ("proposal_accepted", "接受书面解决意见")
    proposal_refused = ("proposal_refused", "不接受书面解决意见")
    failed = ("failed", "调解不成")
    withdrawn = ("withdrawn", "撤回申请")
    partial = ("partial", "部分达成协议")
    referred = ("referred", "终止调解并引导其他途径")

    @classmethod
    def field_name(cls) -> str:
        return "type"

    @property
    def is_settlement(self) -> bool:
        """Full settlement: an agreement, or an accepted written proposal."""
        return self in (OutcomeType.settled, OutcomeType.proposal_accepted)


class Situation(LabelledEnum):
    """Hard situations of practice a case shows (issue 9 §4); ``Case.situations``."""

    institution_refuses = ("institution_refuses", "机构拒绝参与调解")
    agreement_not_honoured = ("agreement_not_honoured", "不履行调解协议或已接受的书面意见")
    representative_no_authority = ("representative_no_authority", "代理人授权不足（异地/动态授权）")
    lacks_capacity = ("lacks_capacity", "当事人欠缺行为能力")
    safety_risk = ("safety_risk", "自伤等安全风险")
    media_pressure = ("media_pressure", "媒体与自媒体压力")
    complaint_against_mediator = ("complaint_against_mediator", "对调解员的投诉")
    consultation_only = ("consultation_only", "仅为咨询的热线来电")
    court_online_platform = ("court_online_platform", "人民法院在线调解平台")
    deceased_depositor = ("deceased_depositor", "已故存款人存款")
    interpreter = ("interpreter", "少数民族语言或外语翻译")

    @classmethod
    def field_name(cls) -> str:
        return "situations"


# Case-id prefix of each sector: a case's id starts with its sector's prefix (bnk-001).
SECTOR_PREFIX: dict[Sector, str] = {
    Sector.banking: "bnk", Sector.insurance: "ins", Sector.securities: "sec", Sector.futures: "fut",
    Sector.funds: "fnd", Sector.payments: "pay", Sector.consumer_finance: "cf",
    Sector.local_finance: "lf", Sector.leasing: "lea", Sector.auto_finance: "auf",
    Sector.trust: "tru", Sector.pension_finance: "pen",
}
POLICY_ARTICLES = 23   # 金发〔2025〕14号 has articles 一 … 二十三
CN_DIGITS = "零一二三四五六七八九"


def article_label(n: int) -> str:
    """第三条, 第十二条, 第二十三条 — the policy's articles as the policy numbers them."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return f"第{head}{CN_DIGITS[ones] if ones else ''}条"


class DeadlineKind(str, Enum):
    mediation = "mediation"
    small_claims_proposal = "small_claims_proposal"
    small_claims_acceptance = "small_claims_acceptance"
    confirmation_application = "confirmation_application"
    confirmation_decision = "confirmation_decision"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Party(_Model):
    role: Ident                      # e.g. consumer, institution, agent — referred to by scripts
    kind: PartyKind
    name: Text                       # fictional: persons contain 某; institutions end with （虚构）
    description: Text                # persona: age, occupation, situation
    position: Text                   # 立场: what they say they want
    interests: list[Text] = Field(min_length=1)   # 利益: why they want it
    special_needs: list[Population] = []
    phone: str | None = None         # must be masked, e.g. 138****0000
    id_number: str | None = None     # must be masked or have an invalid check digit


class Fact(_Model):
    id: Ident
    text: Text


class ConfidentialBrief(_Model):
    instructions: Text               # PON confidential instructions for this role
    facts: list[Fact] = []           # facts only this role knows (scripts may reveal them)


class Evidence(_Model):
    id: Ident
    name: Text
    held_by: Ident                   # a party role, or "mediator"
    description: Text


class RuleCitation(_Model):
    law: Text                        # e.g. 《中华人民共和国保险法》
    article: Text                    # e.g. 第十六条
    gist: Text                       # what it says, as it bears on the case


class RecusalHazard(_Model):
    mediator: Text                   # who the mediator is in the scenario
    relations: list[Relation] = Field(min_length=1)
    years_since_left: Years | None = None
    both_parties_consent: bool = False
    description: Text
    expected_required: bool          # checked against the rules module by validation


class DeadlinePoint(_Model):
    kind: DeadlineKind
    label: Text
    start: SupportedDate


class ExcludedPeriod(_Model):
    """A period not counted in the mediation time limit (e.g. an appraisal): its dates only —
    the rules count the days (start day not counted, end day counted)."""

    start: SupportedDate
    end: SupportedDate
    reason: Text                     # e.g. 法院委托电子数据鉴定

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"end: {self.end} is before start {self.start}")
        return self


class ProceduralPoints(_Model):
    accepted_on: SupportedDate       # mediation clock starts (materials signed for)
    extension_days: DayCount = 0
    excluded_periods: list[ExcludedPeriod] = []
    deadlines: list[DeadlinePoint] = []
    recusal: list[RecusalHazard] = []
    court_linkage: OptText | None = None
    judicial_confirmation: bool = False
    notes: list[Text] = []


class TrackInputs(_Model):
    """What the rules module needs to check the case's track."""

    institution_opted_in: bool = False
    mass_dispute: bool = False
    facts_clear: bool = True
    needs_appraisal: bool = False
    consumer_declines_small_claims: bool = False
    product_line: str | None = None
    parties: int | None = Field(default=None, ge=2)   # default: parties other than representatives


class Outcome(_Model):
    type: OutcomeType
    summary: Text
    terms: list[Text] = []
    written_proposal: OptText | None = None          # 书面纠纷解决意见 (small-claims cases)
    improvement_suggestion: OptText | None = None    # 改进建议 to the institution (art. 十七)
    judicial_confirmation: bool = False


class LearningObjective(_Model):
    competency: str
    objective: Text

    @field_validator("competency")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in COMPETENCIES:
            raise ValueError(f"unknown competency '{v}'; expected one of {', '.join(COMPETENCIES)}")
        return v


class Case(_Model):
    id: Annotated[str, StringConstraints(pattern=CASE_ID)]
    title: Text
    sector: Sector
    product: Text
    dispute_type: DisputeType
    origin: Origin
    channel: Channel
    court_procedure: CourtProcedure | None = None
    track: Track
    track_override_reason: OptText | None = None
    track_inputs: TrackInputs = TrackInputs()
    amount_claimed: Amount
    mode: Mode = Mode.on_site
    mediation: Literal["sole", "joint"] = "sole"
    parties: list[Party] = Field(min_length=2)
    agent_abuse: bool = False
    facts_known_to_all: Text                      # PON general instructions
    confidential: dict[str, ConfidentialBrief]    # role -> brief; must include "mediator"
    evidence: list[Evidence] = []
    applicable_rules: list[RuleCitation] = Field(min_length=1)
    procedural_points: ProceduralPoints
    mediation_plan: list[Text] = Field(min_length=2)
    outcome: Outcome
    significance: Text                            # 典型意义
    debrief_questions: list[Text] = Field(min_length=2)
    learning_objectives: list[LearningObjective] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=3)           # 1 入门, 2 进阶, 3 高阶
    trainer_notes: Text
    roleplay: str | None = None                   # id of a role-play script in casebank/roleplays
    tags: list[str] = []
    situations: list[Situation] = []              # hard situations of practice the case shows
    articles: list[Annotated[int, Field(ge=1, le=POLICY_ARTICLES)]] = []   # policy articles exercised

    @field_validator("situations", "articles")
    @classmethod
    def _no_repeats(cls, v: list) -> list:
        if len(v) != len(set(v)):
            raise ValueError("duplicate entries")
        return v

    @property
    def special_populations(self) -> set[Population]:
        return {p for party in self.parties for p in party.special_needs}

    @property
    def competencies(self) -> set[str]:
        return {lo.competency for lo in self.learning_objectives}

    @property
    def party_roles(self) -> set[str]:
        return {p.role for p in self.parties}

    def fact_ids(self) -> set[str]:
        return {f.id for brief in self.confidential.values() for f in brief.facts}

    @model_validator(mode="after")
    def _consistent(self):
        prefix = SECTOR_PREFIX[self.sector]
        if self.id.split("-")[0] != prefix:
            raise ValueError(f"id: a {self.sector.value} ({self.sector.label}) case's id starts with "
                             f"'{prefix}-' (e.g. {prefix}-001), not '{self.id}'")
        roles = [p.role for p in self.parties]
        dupes = {r for r in roles if roles.count(r) > 1}
        if dupes:
            raise ValueError(f"parties: duplicate role {sorted(dupes)}")
        if "mediator" not in self.confidential:
            raise ValueError("confidential: must include a brief for 'mediator'")
        unknown = set(self.confidential) - set(roles) - {"mediator"}
        if unknown:
            raise ValueError(f"confidential: roles {sorted(unknown)} are not parties")
        if self.origin.needs_court_procedure and self.court_procedure is None:
            raise ValueError(f"court_procedure: required for origin {self.origin.value}")
        if self.track is Track.small_claims and not self.outcome.written_proposal:
            raise ValueError("outcome.written_proposal: required for a small-claims case")
        holders = set(roles) | {"mediator"}
        for ev in self.evidence:
            if ev.held_by not in holders:
                raise ValueError(f"evidence.{ev.id}.held_by: '{ev.held_by}' is not a party role")
        ids = [f.id for brief in self.confidential.values() for f in brief.facts]
        if len(ids) != len(set(ids)):
            raise ValueError("confidential: fact ids must be unique across roles")
        return self
