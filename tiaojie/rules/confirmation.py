"""Judicial confirmation (司法确认) windows.

Both parties apply jointly within 30 days of the mediation agreement taking effect (人民调解法
art. 33; 民事诉讼法 2023 art. 205); the court decides a special-procedure case within 30 days of
filing (民事诉讼法 2023 art. 187). Both periods come from the configuration.
"""

from __future__ import annotations

import datetime as dt

from .config import PracticeConfig, load_config
from .deadlines import Deadline, period_deadline


def application_deadline(agreement_effective: "str | dt.date",
                         config: PracticeConfig | None = None) -> Deadline:
    cfg = config or load_config()
    return period_deadline(cfg.judicial_confirmation.application, agreement_effective,
                           rule="司法确认：双方共同申请期限", rule_id="judicial_confirmation.application",
                           config=cfg)


def court_decision_deadline(filed_on: "str | dt.date", config: PracticeConfig | None = None) -> Deadline:
    cfg = config or load_config()
    return period_deadline(cfg.judicial_confirmation.court_decision, filed_on,
                           rule="司法确认：法院审查决定期限", rule_id="judicial_confirmation.court_decision",
                           config=cfg)
