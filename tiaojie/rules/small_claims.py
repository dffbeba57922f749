"""Small-claims fast track (小额纠纷快速解决机制, policy art. 十六): eligibility and windows.

Eligible when the amount is within the organisation's threshold for the sector (and product
line, where configured) and the institution has opted in to the scheme beforehand. The
mediator then issues a written proposal within the proposal window; the consumer has the
acceptance window to accept it (binding the institution) or refuse it (binding no one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .config import PracticeConfig, load_config
from .deadlines import Deadline, period_deadline
from .enums import Sector
from ..core.numeric import MAX_AMOUNT, finite_number


@dataclass
class Eligibility:
    eligible: bool
    threshold: float | None
    reasons: list[str] = field(default_factory=list)
    source: str = ""
    assumption: bool = True

    def to_json(self) -> dict:
        return {"eligible": self.eligible, "threshold": self.threshold, "reasons": self.reasons,
                "source": self.source, "assumption": self.assumption}


def small_claims_eligibility(amount: float, sector: "Sector | str", *, institution_opted_in: bool,
                             product_line: str | None = None,
                             config: PracticeConfig | None = None) -> Eligibility:
    cfg = config or load_config()
    amount = finite_number(amount, "amount", minimum=0, maximum=MAX_AMOUNT)
    sector = Sector.parse(sector, "sector")
    entry = cfg.small_claims.threshold_for(sector, product_line)
    if entry is None:
        return Eligibility(False, None, [f"本组织未对{sector.label}领域设置小额快速机制"], "", True)
    reasons = []
    ok_amount = amount <= entry.amount
    reasons.append(f"标的 {amount:,.0f} 元{'不超过' if ok_amount else '超过'}{sector.label}领域小额标准 {entry.amount:,.0f} 元")
    if institution_opted_in:
        reasons.append("金融机构已事先承诺（签署备忘录）适用小额快速机制")
    else:
        reasons.append("金融机构未事先承诺适用小额快速机制")
    return Eligibility(ok_amount and institution_opted_in, entry.amount, reasons, entry.source,
                       entry.assumption)


def proposal_deadline(accepted_on: "str | dt.date", config: PracticeConfig | None = None) -> Deadline:
    """When the mediator's written proposal (书面纠纷解决意见) is due."""
    cfg = config or load_config()
    return period_deadline(cfg.small_claims.proposal, accepted_on, rule="小额快速：出具书面解决意见",
                           rule_id="small_claims.proposal", config=cfg)


def acceptance_deadline(proposal_served_on: "str | dt.date",
                        config: PracticeConfig | None = None) -> Deadline:
    """By when the consumer must accept or refuse the written proposal."""
    cfg = config or load_config()
    return period_deadline(cfg.small_claims.acceptance, proposal_served_on,
                           rule="小额快速：消费者决定是否接受书面意见", rule_id="small_claims.acceptance",
                           config=cfg)
