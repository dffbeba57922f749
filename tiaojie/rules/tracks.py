"""Track assignment: which of the organisation's procedures a case goes to, and why.

Policy art. 十四 asks for simple / ordinary / complex-difficult procedures "according to the
complexity of the dispute and the parties' needs"; art. 十六 for a small-claims fast track. The
decision order, with every cut-off from the configuration:

1. complexity signals (mass dispute, many parties, large amount, unclear facts that need
   appraisal) → 疑难复杂;
2. small claims: amount within the sector threshold, institution opted in, no complexity
   signal, not court-referred, the consumer did not decline → 小额快速;
3. facts clear and amount within the simple cut-off → 简易;
4. otherwise → 普通;
then a court referral raises the track to at least the configured minimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import PracticeConfig, load_config
from .enums import Origin, Sector, Track
from ..core.numeric import MAX_AMOUNT, finite_number, whole_number
from .small_claims import small_claims_eligibility


@dataclass(frozen=True)
class CaseAttributes:
    """What the track rule looks at. Construct with :meth:`create` to validate."""

    amount: float
    sector: Sector
    origin: Origin = Origin.self_received
    institution_opted_in: bool = False
    parties: int = 2
    mass_dispute: bool = False
    facts_clear: bool = True
    needs_appraisal: bool = False
    consumer_declines_small_claims: bool = False
    product_line: str | None = None

    @classmethod
    def create(cls, *, amount, sector, origin="self_received", institution_opted_in=False,
               parties=2, mass_dispute=False, facts_clear=True, needs_appraisal=False,
               consumer_declines_small_claims=False, product_line=None) -> "CaseAttributes":
        amount_value = finite_number(amount, "amount", minimum=0, maximum=MAX_AMOUNT)
        parties = whole_number(parties, "parties", minimum=2, maximum=1_000_000)
        return cls(amount=amount_value, sector=Sector.parse(sector, "sector"),
                   origin=Origin.parse(origin, "origin"),
                   institution_opted_in=bool(institution_opted_in), parties=parties,
                   mass_dispute=bool(mass_dispute), facts_clear=bool(facts_clear),
                   needs_appraisal=bool(needs_appraisal),
                   consumer_declines_small_claims=bool(consumer_declines_small_claims),
                   product_line=product_line)


@dataclass
class TrackDecision:
    track: Track
    reasons: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)   # complexity signals found (identifiers)
    sources: list[str] = field(default_factory=list)
    assumption: bool = True

    def to_json(self) -> dict:
        return {"track": self.track.value, "track_label": self.track.label,
                "reasons": self.reasons, "signals": self.signals, "sources": self.sources,
                "assumption": self.assumption}


def complexity_signals(case: CaseAttributes, cfg: PracticeConfig) -> list[tuple[str, str]]:
    ta = cfg.track_assignment
    found: list[tuple[str, str]] = []
    if case.mass_dispute:
        found.append(("mass_dispute", "群体性/批量纠纷"))
    if case.parties >= ta.complex_min_parties.count:
        found.append(("many_parties", f"当事人 {case.parties} 方，达到 {ta.complex_min_parties.count} 方"))
    if case.amount >= ta.complex_min_amount.amount:
        found.append(("large_amount", f"标的 {case.amount:,.0f} 元，达到 {ta.complex_min_amount.amount:,.0f} 元"))
    if not case.facts_clear and case.needs_appraisal:
        found.append(("unclear_facts", "事实不清且需鉴定"))
    return found


def assign_track(case: CaseAttributes, config: PracticeConfig | None = None) -> TrackDecision:
    cfg = config or load_config()
    ta = cfg.track_assignment
    signals = complexity_signals(case, cfg)
    sources: list[str] = []
    reasons: list[str] = []
    if signals:
        track = Track.complex
        reasons.append("存在复杂因素：" + "；".join(text for _, text in signals) + " → 疑难复杂调解")
        sources += [ta.complex_min_amount.source, ta.complex_min_parties.source]
    else:
        eligibility = small_claims_eligibility(
            case.amount, case.sector, institution_opted_in=case.institution_opted_in,
            product_line=case.product_line, config=cfg)
        if eligibility.eligible and not case.origin.is_court and not case.consumer_declines_small_claims:
            track = Track.small_claims
            reasons.append("符合小额纠纷快速解决条件：" + "；".join(eligibility.reasons))
            sources.append(eligibility.source)
        else:
            if eligibility.eligible and case.origin.is_court:
                reasons.append("金额符合小额条件，但法院移送案件按诉调对接程序办理，不适用小额快速机制")
            elif eligibility.eligible:
                reasons.append("金额符合小额条件，但消费者不选择小额快速机制")
            else:
                reasons.append("不适用小额快速机制：" + "；".join(eligibility.reasons))
            if case.facts_clear and case.amount <= ta.simple_max_amount.amount:
                track = Track.simple
                reasons.append(f"事实清楚且标的不超过 {ta.simple_max_amount.amount:,.0f} 元 → 简易调解")
                sources.append(ta.simple_max_amount.source)
            else:
                track = Track.ordinary
                why = "事实尚不清楚" if not case.facts_clear else f"标的超过 {ta.simple_max_amount.amount:,.0f} 元"
                reasons.append(f"{why}，无复杂因素 → 普通调解")
                sources.append(ta.simple_max_amount.source)
    floor = ta.court_referral_min_track.track
    if case.origin.is_court and track.rank < floor.rank:
        reasons.append(f"{case.origin.label}案件至少按{floor.label}调解组织（{ta.court_referral_min_track.source}）")
        track = floor
        sources.append(ta.court_referral_min_track.source)
    return TrackDecision(track=track, reasons=reasons, signals=[s for s, _ in signals],
                         sources=sorted(set(sources)), assumption=True)
