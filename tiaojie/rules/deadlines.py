"""Time limits: which period applies to a case, and the date it falls due.

The organisation's mediation tracks (简易/普通/疑难复杂调解, policy art. 十四) and the court's
procedure for a filed case (简易程序/普通程序) are different things:

* ``court_assigned`` (委派, before filing): one period from the configuration (30 days);
* ``court_entrusted`` (委托, after filing) and ``court_invited`` (邀请): the period follows the
  court's procedure (7 / 15 days); the mediation track is ignored for the period;
* ``self_received`` and ``complaint_transfer``: the organisation's period for the track.

Extensions are by agreement of both parties (capped where the configuration caps them);
excluded days (e.g. appraisal time) are added to the period in the period's own unit. An
excluded period given by its dates is counted like any period (民法典 arts. 201–203): the day
it starts is not counted, the day it ends is — so 3月30日 to 4月21日 is 22 days (calendar basis),
or the working days in (start, end] (working basis). Case files give the dates, never the count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .config import Period, PracticeConfig, load_config
from .enums import Basis, CourtProcedure, Origin, Track
from .present import ASSUMPTION_STEP, unit as unit_text
from ..core.errors import RulesInputError
from ..core.numeric import MAX_DAYS, supported_date, whole_number
from .workdays import WorkdayCalendar


def parse_date(value: "str | dt.date", field_name: str = "start") -> dt.date:
    """ISO date (YYYY-MM-DD) → date, or an error naming the field."""
    if isinstance(value, dt.datetime):
        return supported_date(value.date(), field_name)
    if isinstance(value, dt.date):
        return supported_date(value, field_name)
    try:
        parsed = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RulesInputError(field_name, f"“{value}”不是有效日期，应为 YYYY-MM-DD") from None
    return supported_date(parsed, field_name)


def non_negative(value: int | float, field_name: str) -> int:
    """A day count: a whole number from 0 to MAX_DAYS (booleans, NaN and huge values refused)."""
    return whole_number(value, field_name, minimum=0, maximum=MAX_DAYS)


@dataclass(frozen=True)
class AppliedPeriod:
    """The period a rule gives, before any date arithmetic."""

    rule: str          # short Chinese description of the rule applied
    rule_id: str       # stable identifier, e.g. "court_entrusted.simple"
    period: Period
    ignored: tuple[str, ...] = ()   # options given that do not apply to this origin


@dataclass
class Deadline:
    origin: Origin
    start: dt.date
    due_date: dt.date
    days: int                   # the configured period
    total_days: int             # period + extension + excluded days
    basis: Basis
    rule: str
    rule_id: str
    source: str
    assumption: bool
    track: Track | None = None
    court_procedure: CourtProcedure | None = None
    extension_days: int = 0
    excluded_days: int = 0
    nominal_end: dt.date | None = None
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "origin": self.origin.value,
            "track": self.track.value if self.track else None,
            "court_procedure": self.court_procedure.value if self.court_procedure else None,
            "start": self.start.isoformat(),
            "due_date": self.due_date.isoformat(),
            "days": self.days,
            "total_days": self.total_days,
            "extension_days": self.extension_days,
            "excluded_days": self.excluded_days,
            "basis": self.basis.value,
            "rule": self.rule,
            "rule_id": self.rule_id,
            "source": self.source,
            "assumption": self.assumption,
            "ignored": self.ignored,
            "warnings": self.warnings,
            "steps": self.steps,
        }


@dataclass(frozen=True)
class PeriodInputs:
    """Which of a case's attributes govern its mediation period (no dates involved)."""

    origin: Origin
    track: Track | None                      # given and used, else None
    court_procedure: CourtProcedure | None   # given and used, else None
    uses_track: bool                         # this origin's period follows the track
    uses_court_procedure: bool               # this origin's period follows the court's procedure
    ignored: tuple[str, ...] = ()            # attributes given that do not apply to this origin

    @property
    def applicable(self) -> dict:
        """Keyword arguments for :func:`compute_deadline` / :func:`applicable_period`."""
        return {"track": self.track, "court_procedure": self.court_procedure}


def period_inputs(origin: "Origin | str", *, track: "Track | str | None" = None,
                  court_procedure: "CourtProcedure | str | None" = None) -> PeriodInputs:
    """The one rule for which inputs apply to which origin.

    Callers pass a case's raw attributes (a court case has a track too, a self-received case may
    carry a court procedure); the rules decide: 委派 uses neither, 委托/邀请 the court's procedure,
    自收/投诉转办 the organisation's track.
    """
    origin = Origin.parse(origin, "origin")
    track = Track.parse(track, "track") if track is not None else None
    proc = CourtProcedure.parse(court_procedure, "court_procedure") if court_procedure is not None else None
    uses_track = not origin.is_court
    uses_proc = origin.needs_court_procedure
    ignored = tuple(name for name, given, used in (("track", track, uses_track),
                                                    ("court_procedure", proc, uses_proc))
                    if given is not None and not used)
    return PeriodInputs(origin, track if uses_track else None, proc if uses_proc else None,
                        uses_track, uses_proc, ignored)


def applicable_period(origin: "Origin | str", *, track: "Track | str | None" = None,
                      court_procedure: "CourtProcedure | str | None" = None,
                      config: PracticeConfig | None = None) -> AppliedPeriod:
    """Which configured period governs a case of this origin (no dates involved)."""
    cfg = config or load_config()
    inputs = period_inputs(origin, track=track, court_procedure=court_procedure)
    origin, track, proc = inputs.origin, inputs.track, inputs.court_procedure
    if origin is Origin.court_assigned:
        return AppliedPeriod("诉前委派调解期限", "court_assigned", cfg.court.court_assigned, inputs.ignored)
    if inputs.uses_court_procedure:
        if proc is None:
            raise RulesInputError(
                "court_procedure", f"{origin.label}调解须指明法院适用的程序（简易程序 或 普通程序）")
        periods = getattr(cfg.court, origin.value)
        name = "立案后委托调解" if origin is Origin.court_entrusted else "诉中邀请调解"
        return AppliedPeriod(f"{name}期限（法院{proc.label}程序）", f"{origin.value}.{proc.value}",
                             periods.for_procedure(proc), inputs.ignored)
    if track is None:
        raise RulesInputError("track", f"{origin.label}案件须指明调解程序（小额快速、简易、普通 或 疑难复杂）")
    return AppliedPeriod(f"本组织{track.label}调解期限（{origin.label}案件）", f"tracks.{track.value}",
                         cfg.tracks.for_track(track), inputs.ignored)


def count_period(cal: WorkdayCalendar, start: dt.date, days: int, basis: Basis) -> tuple[dt.date, dt.date]:
    """Apply a period to a start date. Returns (nominal end, due date)."""
    if basis is Basis.working:
        due = cal.add_working_days(start, days)
        return due, due
    return cal.add_calendar_days(start, days)


def excluded_period_days(cal: WorkdayCalendar, start: dt.date, end: dt.date, basis: Basis) -> int:
    """Days of an excluded period (start, end] in the period's unit: the start day is not
    counted, the end day is (the rules' counting convention for every period)."""
    if end < start:
        raise RulesInputError("excluded_periods", f"结束日 {end.isoformat()} 早于开始日 {start.isoformat()}")
    if basis is Basis.working:
        return cal.working_days_between(start, end)
    return (end - start).days


def compute_deadline(origin: "Origin | str", start: "str | dt.date", *,
                     track: "Track | str | None" = None,
                     court_procedure: "CourtProcedure | str | None" = None,
                     extension_days: int = 0, excluded_days: int = 0,
                     excluded_periods: "tuple[tuple[dt.date, dt.date], ...] | list" = (),
                     config: PracticeConfig | None = None) -> Deadline:
    """The due date of a mediation, with the rule, basis, source and the reasoning steps.

    ``excluded_periods``: (start, end) date pairs not counted (e.g. an appraisal), each counted
    by :func:`excluded_period_days` and added to ``excluded_days``."""
    cfg = config or load_config()
    start_date = parse_date(start, "start")
    non_negative(extension_days, "extension_days")
    non_negative(excluded_days, "excluded_days")
    inputs = period_inputs(origin, track=track, court_procedure=court_procedure)
    applied = applicable_period(origin, track=track, court_procedure=court_procedure, config=cfg)
    period = applied.period
    cal = WorkdayCalendar(cfg)
    spans = [(parse_date(a, "excluded_periods"), parse_date(b, "excluded_periods")) for a, b in excluded_periods]
    span_days = [excluded_period_days(cal, a, b, period.basis) for a, b in spans]
    excluded_days += sum(span_days)
    if extension_days and not period.extendable:
        raise RulesInputError("extension_days", f"{applied.rule}不可延长")
    if period.max_extension_days is not None and extension_days > period.max_extension_days:
        raise RulesInputError(
            "extension_days", f"{applied.rule}最多延长 {period.max_extension_days} 日（得到 {extension_days}）")
    total = period.days + extension_days + excluded_days
    nominal, due = count_period(cal, start_date, total, period.basis)
    unit = unit_text(period.basis)
    steps = [f"适用规则：{applied.rule}，期限 {period.days}{unit}（{period.source}）"]
    if period.assumption:
        steps.append(ASSUMPTION_STEP)
    if extension_days:
        steps.append(f"经双方当事人同意延长 {extension_days}{unit}")
    for (a, b), n in zip(spans, span_days):
        steps.append(f"不计入期限的期间 {a.isoformat()} 至 {b.isoformat()}：开始当日不计入、结束当日计入，共 {n}{unit}")
    if excluded_days:
        steps.append(f"鉴定等不计入期限的期间共 {excluded_days}{unit}，相应顺延")
    steps.append(f"起算：{start_date.isoformat()} 当日不计入，自次日开始计算")
    if period.basis is Basis.working:
        steps.append(f"按工作日计算（跳过法定节假日与周末，调休上班日计入），第 {total} 个工作日为 {due.isoformat()}")
    else:
        steps.append(f"按自然日计算，第 {total} 日为 {nominal.isoformat()}")
        if due != nominal:
            steps.append(f"{nominal.isoformat()} 为休息日，期限顺延至其后第一个工作日 {due.isoformat()}")
    parsed_origin = inputs.origin
    if parsed_origin.is_court:
        steps.append("法院移送案件自调解组织签收材料之日起算；双方同意延长的期间不计入审理期限")
    ignored = [f"{name}（对{parsed_origin.label}案件不适用，已忽略）" for name in applied.ignored]
    return Deadline(
        origin=parsed_origin, start=start_date, due_date=due, days=period.days, total_days=total,
        basis=period.basis, rule=applied.rule, rule_id=applied.rule_id, source=period.source,
        assumption=period.assumption,
        track=inputs.track, court_procedure=inputs.court_procedure,
        extension_days=extension_days, excluded_days=excluded_days, nominal_end=nominal,
        ignored=ignored, warnings=list(cal.warnings), steps=steps)


def period_deadline(period: Period, start: "str | dt.date", *, rule: str, rule_id: str,
                    origin: Origin = Origin.self_received,
                    config: PracticeConfig | None = None) -> Deadline:
    """A deadline for any configured period (confirmation windows, small-claims windows)."""
    cfg = config or load_config()
    start_date = parse_date(start, "start")
    cal = WorkdayCalendar(cfg)
    nominal, due = count_period(cal, start_date, period.days, period.basis)
    unit = unit_text(period.basis)
    steps = [f"适用规则：{rule}，期限 {period.days}{unit}（{period.source}）",
             f"起算：{start_date.isoformat()} 当日不计入"]
    if due != nominal:
        steps.append(f"{nominal.isoformat()} 为休息日，顺延至 {due.isoformat()}")
    return Deadline(origin=origin, start=start_date, due_date=due, days=period.days,
                    total_days=period.days, basis=period.basis, rule=rule, rule_id=rule_id,
                    source=period.source, assumption=period.assumption, nominal_end=nominal,
                    warnings=list(cal.warnings), steps=steps)
