"""The practice configuration: one YAML file holding every number the rules use.

``load_config()`` reads the file named by ``path``, else the one the settings name
(``tiaojie.core.settings``: a ``--config`` flag, ``$TIAOJIE_CONFIG``, or the default shipped in
``tiaojie/data/practice.yaml``). A malformed file raises :class:`ConfigError` naming
the file and the field path (``court.court_entrusted.simple.days``) and what was expected.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core.validation import first_error
from .enums import Basis, CourtProcedure, Relation, Sector, Track
from ..core import safe_yaml
from ..core.errors import ConfigError, RulesInputError
from ..core.numeric import FIRST_DATE, LAST_DATE, MAX_AMOUNT, MAX_DAYS
from ..core.settings import get_settings



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """Any configured value carries where it came from and whether it is an assumption."""

    source: str = Field(min_length=1)
    assumption: bool = False


class Period(Sourced):
    days: int = Field(gt=0, le=MAX_DAYS, strict=True)
    basis: Basis
    extendable: bool = True
    max_extension_days: int | None = Field(default=None, ge=0, le=MAX_DAYS, strict=True)


class Amount(Sourced):
    amount: float = Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)

    @field_validator("amount", mode="before")
    @classmethod
    def _not_bool(cls, v):
        if isinstance(v, bool):
            raise ValueError("金额应为数字，不能是真/假值 (a number, not a boolean)")
        return v


class Count(Sourced):
    count: int = Field(ge=0, le=1_000_000, strict=True)


class TrackValue(Sourced):
    track: Track


class CourtProcedurePeriods(_Strict):
    simple: Period
    ordinary: Period

    def for_procedure(self, procedure: CourtProcedure) -> Period:
        return getattr(self, procedure.value)


class CourtPeriods(_Strict):
    court_assigned: Period
    court_entrusted: CourtProcedurePeriods
    court_invited: CourtProcedurePeriods


class TrackPeriods(_Strict):
    small_claims: Period
    simple: Period
    ordinary: Period
    complex: Period

    def for_track(self, track: Track) -> Period:
        return getattr(self, track.value)


class ExtraYear(_Strict):
    holidays: list[dt.date] = []
    makeup_workdays: list[dt.date] = []
    source: str = Field(min_length=1)


class CalendarConfig(_Strict):
    uncovered_years: Literal["error", "weekends_only"] = "error"
    extra_years: dict[int, ExtraYear] = {}

    @model_validator(mode="after")
    def _dates_in_their_year(self):
        for year, extra in self.extra_years.items():
            if not FIRST_DATE.year <= year <= LAST_DATE.year:
                raise ValueError(f"extra_years.{year}: 年份超出支持范围 {FIRST_DATE.year}–{LAST_DATE.year}")
            for kind in ("holidays", "makeup_workdays"):
                for i, day in enumerate(getattr(extra, kind)):
                    if day.year != year:
                        raise ValueError(f"extra_years.{year}.{kind}.{i}: 日期 {day} 不属于 {year} 年 "
                                         f"(a date listed under the wrong year)")
        return self


class SmallClaimsConfig(_Strict):
    thresholds: dict[str, Amount]
    product_lines: dict[str, list[str]] = {}   # sector -> product lines a case may name
    proposal: Period
    acceptance: Period

    @model_validator(mode="after")
    def _sectors_known(self):
        for key in self.thresholds:
            sector = key.split(".", 1)[0]
            if sector not in Sector.__members__:
                raise ValueError(f"thresholds: unknown sector '{sector}' in key '{key}'")
        return self

    def lines_of(self, sector: Sector) -> list[str]:
        """The product lines ``sector`` knows: those listed, plus those with their own threshold."""
        prefix = f"{sector.value}."
        own = [k.removeprefix(prefix) for k in self.thresholds if k.startswith(prefix)]
        return sorted(set(self.product_lines.get(sector.value, [])) | set(own))

    def threshold_for(self, sector: Sector, line: str | None = None) -> Amount | None:
        """The threshold for ``sector`` (and ``line``); an unknown product line is an input error."""
        if line is not None:
            lines = self.lines_of(sector)
            if line not in lines:
                accepted = "、".join(lines) or "（本领域未分产品线）"
                raise RulesInputError("product_line", f"未知产品线“{line}”；{sector.label}领域可选：{accepted}")
            if f"{sector.value}.{line}" in self.thresholds:
                return self.thresholds[f"{sector.value}.{line}"]
        return self.thresholds.get(sector.value)


class TrackAssignmentConfig(_Strict):
    simple_max_amount: Amount
    complex_min_amount: Amount
    complex_min_parties: Count
    court_referral_min_track: TrackValue


class JudicialConfirmationConfig(_Strict):
    application: Period
    court_decision: Period


class NonWaivable(Sourced):
    relations: list[Relation]


class RecusalConfig(_Strict):
    source: str = Field(min_length=1)
    non_waivable: NonWaivable
    former_employee_years: Count


class PracticeConfig(_Strict):
    name: str
    version: int
    calendar: CalendarConfig
    court: CourtPeriods
    tracks: TrackPeriods
    first_contact: Period
    small_claims: SmallClaimsConfig
    track_assignment: TrackAssignmentConfig
    judicial_confirmation: JudicialConfirmationConfig
    recusal: RecusalConfig
    path: str = Field(default="", exclude=True)


def parse_config(data: object, path: str = "<memory>") -> PracticeConfig:
    """Validate a mapping as a practice configuration, or raise ConfigError."""
    if not isinstance(data, dict):
        raise ConfigError(path, "(root)", "应为 YAML 映射 (expected a mapping at top level)")
    try:
        cfg = PracticeConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, *first_error(exc, "(root)")) from None
    return cfg.model_copy(update={"path": path})


@lru_cache(maxsize=16)
def _load(path: str, mtime: float) -> PracticeConfig:
    return parse_config(safe_yaml.load_file(path, error=ConfigError), path)


def config_path(path: str | os.PathLike | None = None) -> Path:
    chosen = path or get_settings().config_file
    return Path(chosen).expanduser().absolute()


def load_config(path: str | os.PathLike | None = None) -> PracticeConfig:
    """Load (cached by path and modification time) the practice configuration."""
    p = config_path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ConfigError(str(p), "(file)", "配置文件不存在 (file not found)") from None
    return _load(str(p), mtime)
