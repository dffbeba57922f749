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

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..core.validation import first_error
from .enums import Basis, CourtProcedure, Relation, Sector, Track
from ..core.errors import ConfigError
from ..core.settings import get_settings



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """Any configured value carries where it came from and whether it is an assumption."""

    source: str = Field(min_length=1)
    assumption: bool = False


class Period(Sourced):
    days: int = Field(gt=0)
    basis: Basis
    extendable: bool = True
    max_extension_days: int | None = Field(default=None, ge=0)


class Amount(Sourced):
    amount: float = Field(ge=0)


class Count(Sourced):
    count: int = Field(ge=0)


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


class SmallClaimsConfig(_Strict):
    thresholds: dict[str, Amount]
    proposal: Period
    acceptance: Period

    @model_validator(mode="after")
    def _sectors_known(self):
        for key in self.thresholds:
            sector = key.split(".", 1)[0]
            if sector not in Sector.__members__:
                raise ValueError(f"thresholds: unknown sector '{sector}' in key '{key}'")
        return self

    def threshold_for(self, sector: Sector, line: str | None = None) -> Amount | None:
        if line and f"{sector.value}.{line}" in self.thresholds:
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
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, "(file)", f"无法读取配置文件 (cannot read: {exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(yaml)"
        raise ConfigError(path, where, f"YAML 语法错误 (YAML syntax error: {exc})") from None
    return parse_config(data, path)


def config_path(path: str | os.PathLike | None = None) -> Path:
    chosen = path or get_settings().config_file
    return Path(chosen).expanduser().resolve()


def load_config(path: str | os.PathLike | None = None) -> PracticeConfig:
    """Load (cached by path and modification time) the practice configuration."""
    p = config_path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ConfigError(str(p), "(file)", "配置文件不存在 (file not found)") from None
    return _load(str(p), mtime)
