"""The rules of mediation procedure: the single source of truth for every other part.

Every number comes from the practice configuration (``tiaojie/data/practice.yaml`` or the
file a trainer points to); nothing here hard-codes days or thresholds.
"""

from .config import PracticeConfig, config_path, load_config, parse_config
from .confirmation import application_deadline, court_decision_deadline
from .deadlines import (Deadline, PeriodInputs, applicable_period, compute_deadline, count_period,
                        parse_date, period_inputs)
from .enums import Basis, CourtProcedure, Origin, Relation, Sector, Track
from ..core.errors import CalendarCoverageError, ConfigError, RulesInputError, TiaojieError
from .placeholders import (PLACEHOLDER, VOCABULARY, CaseRules, case_rules, fill as fill_placeholders,
                           placeholder_problems, stated_disagreements)
from .present import (ASSUMPTION, ASSUMPTION_HINT, Presented, amount_text, as_html, as_text,
                      assumption_html, assumption_marker, date_text, deadline_html, deadline_line,
                      deadline_text, period_text, present_deadline, present_recusal, present_track,
                      steps_html, unit)
from .recusal import RecusalDecision, assess_recusal
from .small_claims import acceptance_deadline, proposal_deadline, small_claims_eligibility
from .tracks import CaseAttributes, TrackDecision, assign_track
from .workdays import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR, WorkdayCalendar

__all__ = [
    "PLACEHOLDER", "VOCABULARY", "CaseRules", "case_rules", "fill_placeholders", "placeholder_problems",
    "stated_disagreements",
    "ASSUMPTION", "ASSUMPTION_HINT", "amount_text", "assumption_html", "assumption_marker", "date_text",
    "deadline_html", "deadline_line", "deadline_text", "period_text", "present_deadline", "steps_html", "unit",
    "Presented", "as_html", "as_text", "present_recusal", "present_track",
    "PACKAGE_FIRST_YEAR", "PACKAGE_LAST_YEAR",
    "Basis", "CalendarCoverageError", "CaseAttributes", "ConfigError", "CourtProcedure",
    "Deadline", "Origin", "PeriodInputs", "PracticeConfig", "RecusalDecision", "Relation", "RulesInputError",
    "Sector", "TiaojieError", "Track", "TrackDecision", "WorkdayCalendar", "acceptance_deadline",
    "applicable_period", "application_deadline", "assess_recusal", "assign_track",
    "compute_deadline", "config_path", "count_period", "court_decision_deadline", "load_config", "parse_config",
    "parse_date", "period_inputs",
    "proposal_deadline", "small_claims_eligibility",
]
