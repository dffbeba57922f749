"""Scenario files: the schema (pydantic) and the loader.

A scenario is a YAML text file (presets in ``simulations/scenarios/``). Invalid parameters
raise :class:`ScenarioError` naming the file and the field (``tracks.fast``,
``case_mix.sectors``, ``arrivals.channels.hotline.per_week``) and what was expected.
Time limits and tracks are *not* in a scenario: they come from the rules module and the
practice configuration.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core.errors import ContentError
from ..core import safe_yaml
from ..core.settings import get_settings
from ..core.validation import SupportedDate, first_error, refuse_bool_numbers
from ..rules import Origin, Sector, Track

SHARE_TOL = 1e-6


class ScenarioError(ContentError):
    """A scenario file that is missing, malformed or out of range (names file and field)."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_numbers(cls, data):
        return refuse_bool_numbers(cls, data)


class Sourced(_M):
    """Parameters carry where they came from; ``assumption: true`` when no source exists."""
    source: str | None = None
    assumption: bool = False

    @model_validator(mode="after")
    def _marked(self):
        if not self.source and not self.assumption:
            raise ValueError("须注明来源 source 或标记 assumption: true (give a source or mark assumption: true)")
        return self


def _known_keys(value: dict, allowed, what: str) -> dict:
    """Every key of ``value`` is one of ``allowed``; else an error listing what is accepted."""
    for k in value:
        if k not in allowed:
            raise ValueError(f"未知{what} “{k}”；可选：{'、'.join(allowed)}")
    return value


def _shares(value: dict, what: str) -> dict:
    for k, v in value.items():
        if v < 0:
            raise ValueError(f"{what} 中 {k} 的比例为负数 ({v})")
    total = sum(value.values())
    if abs(total - 1.0) > SHARE_TOL:
        raise ValueError(f"{what} 各项比例之和应为 1（得到 {total:g}）(shares must sum to 1)")
    return value


class Channel(Sourced):
    per_week: float = Field(ge=0, description="expected cases per week")
    patience_days: float | None = Field(
        None, gt=0, description="mean days a party waits for first contact before withdrawing "
                                "(exponential); none: parties wait however long it takes")


class Seasonality(Sourced):
    rest_day_factor: float = Field(0.3, ge=0)
    spring_festival_factor: float = Field(0.3, ge=0)
    after_holiday_factor: float = Field(1.3, ge=0)
    after_holiday_weeks: int = Field(3, ge=0)
    weekly_profile: list[float] | None = None

    @field_validator("weekly_profile")
    @classmethod
    def _nonneg(cls, v):
        if v is not None and (not v or any(x < 0 for x in v)):
            raise ValueError("weekly_profile 应为非负数列表")
        return v


class Surge(Sourced):
    start_day: int = Field(ge=0)
    cases: int = Field(ge=0)
    duration_days: int = Field(gt=0)
    decay_days: float = Field(7.0, gt=0)
    sector: Sector = Sector.securities
    amount_median: float = Field(20000, gt=0)
    effort_factor: float = Field(0.4, gt=0, description="batch resolution (批量化解) effort per case")


class Arrivals(_M):
    channels: dict[str, Channel]
    seasonality: Seasonality
    surges: list[Surge] = []

    @field_validator("channels")
    @classmethod
    def _known(cls, v):
        from .arrivals import CHANNELS
        return _known_keys(v, CHANNELS, "渠道 unknown channel")


class CaseMix(Sourced):
    sectors: dict[Sector, float]
    amount_median: dict[Sector, float]
    amount_sigma: float = Field(1.2, gt=0, description="lognormal shape of the amount")
    institution_opted_in: float = Field(ge=0, le=1)
    facts_clear: float = Field(ge=0, le=1)
    needs_appraisal: float = Field(ge=0, le=1)
    multi_party: float = Field(ge=0, le=1)
    declines_small_claims: float = Field(0.1, ge=0, le=1)
    special_population: float = Field(ge=0, le=1)
    modes: dict[str, float]
    court_simple_share: float = Field(ge=0, le=1)
    party_choice: float = Field(ge=0, le=1)
    recusal: float = Field(ge=0, le=1)
    joint_share_complex: float = Field(ge=0, le=1)
    judicial_confirmation_share: float = Field(ge=0, le=1)
    court_wait_factor: float = Field(1.0, ge=0, description="court-referred cases: waits scaled (materials come with the referral)")

    @field_validator("sectors")
    @classmethod
    def _sec(cls, v):
        return _shares(v, "sectors")

    @field_validator("modes")
    @classmethod
    def _modes(cls, v):
        return _shares(_known_keys(v, ("on_site", "online", "phone"), "调解方式 unknown mode"), "modes")

    @field_validator("amount_median")
    @classmethod
    def _pos(cls, v):
        for k, x in v.items():
            if x <= 0:
                raise ValueError(f"{k} 的标的中位数应为正数")
        return v


OUTCOMES = {
    "settled": "调解成功", "accepted": "接受书面意见", "refused": "拒绝书面意见",
    "failed": "调解不成（转诉讼）", "withdrawn": "撤回",
}


class TrackParams(Sourced):
    tasks: int = Field(ge=1, description="work steps: intake, sessions, drafting")
    effort_hours: float = Field(gt=0, description="mean total mediator effort per case")
    effort_cv: float = Field(0.5, ge=0)
    wait_days: float = Field(ge=0, description="mean wait for parties between steps")
    institution_response_days: float = Field(ge=0, description="art. 二十一: institution's response")
    post_days: float = Field(0.0, ge=0, description="after the last step: acceptance / signing")
    outcomes: dict[str, float]

    @field_validator("outcomes")
    @classmethod
    def _out(cls, v):
        return _shares(_known_keys(v, OUTCOMES, "结果 unknown outcome"), "outcomes")


class Pool(_M):
    name: str
    label: str
    sectors: list[Sector]
    full_time: int = Field(ge=0)
    part_time: int = Field(0, ge=0)
    part_time_hours_per_week: float = Field(8.0, ge=0, le=60)
    # Assignment of part-timers (assumption; docs/explanation/simulation.md §2): the organisation gives a
    # part-timer a case only when no full-timer is free, only while they hold fewer than
    # ``part_time_max_open`` open cases, and only a case whose whole effort, at their weekly
    # hours, fits in ``part_time_time_limit_share`` of its time limit (and is at most
    # ``part_time_max_effort_hours``, if set).
    part_time_max_open: int = Field(2, ge=0, description="open cases a part-timer may hold")
    part_time_time_limit_share: float = Field(0.5, gt=0, le=1)
    part_time_max_effort_hours: float | None = Field(None, gt=0, description="largest case effort given to a part-timer")
    surge_staff: list[SurgeStaff] = []

    @property
    def part_time_effort_limit(self) -> float:
        return math.inf if self.part_time_max_effort_hours is None else float(self.part_time_max_effort_hours)


class Absence(Sourced):
    """Leave, training, meetings and other non-case work, as the share of paid hours left for
    cases (applies to full- and part-timers alike; used by the model and the Erlang bound)."""
    productive_share: float = Field(gt=0, le=1)


class SurgeStaff(Sourced):
    """Temporary or borrowed full-time mediators for a period (days from the start)."""
    start_day: int = Field(ge=0)
    days: int = Field(gt=0)
    full_time: int = Field(ge=0)


class Staff(Sourced):
    hours_per_day: float = Field(7.0, gt=0, le=24)
    pools: list[Pool]
    absence: Absence | None = None

    @property
    def productive_share(self) -> float:
        return 1.0 if self.absence is None else self.absence.productive_share

    @model_validator(mode="after")
    def _unique(self):
        names = [p.name for p in self.pools]
        if len(set(names)) != len(names):
            raise ValueError("pools 的 name 不能重复")
        seen: dict[Sector, str] = {}
        for p in self.pools:
            for s in p.sectors:
                if s in seen:
                    raise ValueError(f"领域 {s.value} 同时属于 {seen[s]} 和 {p.name}")
                seen[s] = p.name
        return self


class Cost(Sourced):
    full_time_per_year: float = Field(ge=0)
    part_time_per_hour: float = Field(ge=0)


class Effort(Sourced):
    modes: dict[str, float] = {"on_site": 1.2, "online": 1.0, "phone": 0.8}
    special_population: float = Field(1.3, gt=0)
    joint: float = Field(1.0, gt=0, description="length of a joint session relative to a solo one (both mediators are held for it)")


class SegmentTarget(_M):
    """A compliance target for a segment: cases of an origin, a track and/or a pool."""
    origin: Origin | None = None
    track: Track | None = None
    pool: str | None = None
    target: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _some(self):
        if self.origin is None and self.track is None and self.pool is None:
            raise ValueError("须指明 origin、track 或 pool 之一 (name a segment)")
        return self

    def label(self) -> str:
        parts = [x.label for x in (self.origin, self.track) if x is not None]
        return "、".join(parts) or "全部案件"


MAX_HORIZON_DAYS = 400_000      # memory is checked against the machine before a run (model.memory_guard)


class Scenario(_M):
    name: str
    description: str
    start_date: SupportedDate
    horizon_days: int = Field(gt=0, le=MAX_HORIZON_DAYS)
    warmup_days: int = Field(ge=0)
    replications: int = Field(10, ge=1, le=1000)
    seed: int = Field(0, ge=0)
    target: float = Field(0.95, gt=0, le=1)
    segment_targets: list[SegmentTarget] = []
    arrivals: Arrivals
    case_mix: CaseMix
    tracks: dict[str, TrackParams]
    effort: Effort
    staff: Staff
    cost: Cost
    method: dict = {}

    @field_validator("tracks")
    @classmethod
    def _tracks(cls, v):
        _known_keys(v, Track.__members__, "调解程序 unknown track")
        missing = [t for t in Track.__members__ if t not in v]
        if missing:
            raise ValueError(f"缺少调解程序参数 missing tracks: {'、'.join(missing)}")
        return v

    @model_validator(mode="after")
    def _coherent(self):
        if self.warmup_days >= self.horizon_days:
            raise ValueError("warmup_days 应小于 horizon_days")
        served = {s for p in self.staff.pools for s in p.sectors}
        needed = {s for s, share in self.case_mix.sectors.items() if share > 0}
        needed |= {s.sector for s in self.arrivals.surges if s.cases > 0}
        for s in needed:
            if s not in served:
                raise ValueError(f"领域 {s.value} 的案件没有调解员组受理 (no pool serves sector {s.value})")
            if s not in self.case_mix.amount_median and s not in {x.sector for x in self.arrivals.surges}:
                raise ValueError(f"case_mix.amount_median 缺少领域 {s.value}")
        pools = {p.name for p in self.staff.pools}
        for i, t in enumerate(self.segment_targets):
            if t.pool is not None and t.pool not in pools:
                raise ValueError(f"segment_targets[{i}].pool：没有名为 {t.pool} 的调解员组（可选：{'、'.join(sorted(pools))}）")
        for t in ("small_claims",):
            bad = set(self.tracks[t].outcomes) - {"accepted", "refused", "withdrawn"}
            if bad:
                raise ValueError(f"tracks.{t}.outcomes 只能包含 accepted、refused、withdrawn（得到 {'、'.join(sorted(bad))}）")
        for t in ("simple", "ordinary", "complex"):
            bad = set(self.tracks[t].outcomes) - {"settled", "failed", "withdrawn"}
            if bad:
                raise ValueError(f"tracks.{t}.outcomes 只能包含 settled、failed、withdrawn（得到 {'、'.join(sorted(bad))}）")
        return self

    def pool_for(self, sector: Sector) -> int:
        for i, p in enumerate(self.staff.pools):
            if sector in p.sectors:
                return i
        raise KeyError(sector)

    def with_staff(self, full_time: list[int] | None = None, part_time: list[int] | None = None) -> "Scenario":
        """The same scenario with other staff counts per pool (None keeps the scenario's)."""
        pools = []
        for i, p in enumerate(self.staff.pools):
            upd = {}
            if full_time is not None:
                upd["full_time"] = int(full_time[i])
            if part_time is not None:
                upd["part_time"] = int(part_time[i])
            pools.append(p.model_copy(update=upd))
        return self.model_copy(update={"staff": self.staff.model_copy(update={"pools": pools})})

    def with_surge_staff(self, counts: list[int], start_day: int, days: int) -> "Scenario":
        """The same scenario with ``counts[i]`` temporary full-timers in pool i for the window."""
        pools = []
        for p, c in zip(self.staff.pools, counts):
            extra = [SurgeStaff(start_day=int(start_day), days=int(days), full_time=int(c),
                                source="人员规划搜索的临时人员 (staffing search)")] if c else []
            pools.append(p.model_copy(update={"surge_staff": extra}))
        return self.model_copy(update={"staff": self.staff.model_copy(update={"pools": pools})})

    def demand_key(self) -> str:
        """Everything that shapes the cases (not the staff counts): the case streams' cache key."""
        d = self.model_dump(mode="json", exclude={"replications", "target", "description"})
        for p in d["staff"]["pools"]:
            p.pop("full_time")
            p.pop("part_time")
            p.pop("surge_staff")
        import json
        return json.dumps(d, sort_keys=True)


def parse_scenario(data: object, path: str = "<memory>") -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(path, "(root)", "应为 YAML 映射 (expected a mapping)")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(path, *first_error(exc, "(root)")) from None


def resolve(name_or_path: str | Path) -> Path:
    """A preset name (``provincial``) or a file path."""
    p = Path(name_or_path)
    if p.exists():
        return p
    cand = get_settings().scenarios_dir / f"{name_or_path}.yaml"
    if cand.exists():
        return cand
    presets = "、".join(sorted(x.stem for x in get_settings().scenarios_dir.glob("*.yaml")))
    raise ScenarioError(str(name_or_path), "(file)", f"找不到情景文件或预设 (no such file or preset)；预设：{presets}")


def load_scenario(name_or_path: str | Path) -> Scenario:
    path = resolve(name_or_path)
    return parse_scenario(safe_yaml.load_file(path, error=ScenarioError), str(path))


def presets() -> list[str]:
    return sorted(x.stem for x in get_settings().scenarios_dir.glob("*.yaml"))


def finite(x: float) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)
