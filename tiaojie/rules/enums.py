"""The vocabulary of the rules: tracks, origins, court procedures, sectors.

Identifiers follow ``docs/reference/glossary.md`` (from ``shared/domain/glossary.md``); every member
carries the Chinese term users see. ``parse`` accepts either the identifier or any of the
Chinese names, so the CLI and the apps can take what a user types.
"""

from __future__ import annotations

from ..core.labels import LabelledEnum


class Track(LabelledEnum):
    """The organisation's own mediation tracks (policy art. 十四, 十六)."""

    small_claims = ("small_claims", "小额快速", "小额", "小额纠纷快速解决", "小额纠纷快速解决机制")
    simple = ("simple", "简易", "简易调解")
    ordinary = ("ordinary", "普通", "普通调解")
    complex = ("complex", "疑难复杂", "疑难复杂调解", "复杂")

    @property
    def rank(self) -> int:
        return list(Track).index(self)


class Origin(LabelledEnum):
    """How a case reached the organisation."""

    self_received = ("self_received", "自收", "自收案件")
    court_assigned = ("court_assigned", "委派", "委派调解", "诉前委派")
    court_entrusted = ("court_entrusted", "委托", "委托调解", "诉中委托")
    court_invited = ("court_invited", "邀请", "诉中邀请", "受邀", "诉中受邀参与调解")
    complaint_transfer = ("complaint_transfer", "投诉转办", "转办", "投诉督查联动")

    @property
    def is_court(self) -> bool:
        return self in (Origin.court_assigned, Origin.court_entrusted, Origin.court_invited)

    @property
    def needs_court_procedure(self) -> bool:
        """Filed cases: the court's procedure sets the mediation period."""
        return self in (Origin.court_entrusted, Origin.court_invited)


class CourtProcedure(LabelledEnum):
    """The court's procedure for a filed case — not a mediation track."""

    simple = ("simple", "简易", "简易程序")
    ordinary = ("ordinary", "普通", "普通程序")

    @classmethod
    def field_name(cls) -> str:
        return "court_procedure"


class Basis(LabelledEnum):
    """How a period is counted."""

    calendar = ("calendar", "自然日", "日历日")
    working = ("working", "工作日")


class Sector(LabelledEnum):
    banking = ("banking", "银行", "银行业")
    insurance = ("insurance", "保险", "保险业")
    securities = ("securities", "证券")
    futures = ("futures", "期货")
    funds = ("funds", "基金")
    payments = ("payments", "支付")
    consumer_finance = ("consumer_finance", "消费金融")
    local_finance = ("local_finance", "地方金融组织", "地方金融")
    leasing = ("leasing", "融资租赁")
    auto_finance = ("auto_finance", "汽车金融")
    trust = ("trust", "信托")
    pension_finance = ("pension_finance", "养老金融")


class Relation(LabelledEnum):
    """A mediator's relation to a case, for the recusal rule (特邀调解规定 art. 15)."""

    near_relative_of_party = ("near_relative_of_party", "当事人近亲属", "近亲属")
    near_relative_of_representative = (
        "near_relative_of_representative", "代理人近亲属")
    interest_in_dispute = ("interest_in_dispute", "与纠纷有利害关系", "利害关系")
    employee_of_institution = ("employee_of_institution", "现任职于涉案金融机构", "任职")
    former_employee_of_institution = (
        "former_employee_of_institution", "曾任职于涉案金融机构", "曾任职")
    acted_for_party = ("acted_for_party", "曾为一方当事人代理或提供咨询", "曾代理")
    other_affecting_fairness = (
        "other_affecting_fairness", "其他可能影响公正调解的关系", "其他关系")

    @classmethod
    def field_name(cls) -> str:
        return "relation"
