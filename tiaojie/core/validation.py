"""Turning pydantic validation errors into (field path, message) pairs users can act on.

Shared by the case-bank loader, the role-play linter and the configuration loader, so that a
missing field, an unknown field or a wrong value reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from .numeric import FIRST_DATE, LAST_DATE, MAX_AMOUNT, MAX_DAYS

MISSING = "缺少必填字段 (field required)"
UNKNOWN = "未知字段 (unknown field)"
FIELD_PATH = re.compile(r"^[a-z_][a-z0-9_.]*$")
# pydantic puts validator and container names in ``loc`` ("function-after[...]", "dict[str,float]")
_NOT_A_FIELD = ("function-", "dict[", "list[", "enum[")


def field_path(loc, root: str) -> str:
    """A dotted path to the field a user wrote, without pydantic's internal loc segments."""
    parts = [str(p) for p in loc if not (isinstance(p, str) and p.startswith(_NOT_A_FIELD))]
    return ".".join(parts) or root


def first_error(exc: ValidationError, root: str) -> tuple[str, str]:
    """The first error as (field path, message), noting how many more there are."""
    loc, msg = describe_errors(exc, root, split_named=False)[0]
    extra = len(exc.errors()) - 1
    if extra:
        msg += f"；另有 {extra} 处错误 (and {extra} more)"
    return loc, msg


def describe_errors(exc: ValidationError, root: str, split_named: bool = True) -> list[tuple[str, str]]:
    """(field path, message) for every error; ``root`` names the whole object when loc is empty.

    With ``split_named``, top-level model checks that name their own field ("outcome.x: message")
    are split on ": " so the problem points at that field rather than at the model.
    """
    out = []
    for err in exc.errors():
        loc = field_path(err["loc"], root)
        kind = err["type"]
        if kind == "missing":
            msg = MISSING
        elif kind == "extra_forbidden":
            msg = UNKNOWN
        elif kind == "value_error":
            msg = err["msg"].removeprefix("Value error, ")
            head, sep, rest = msg.partition(": ")
            if split_named and sep and FIELD_PATH.match(head) and not err["loc"]:
                loc, msg = head, rest
        elif isinstance(err.get("input"), (dict, list)):
            msg = err["msg"]
        else:
            msg = f"{err['msg']}；得到 {err.get('input')!r}"
        out.append((loc, msg))
    return out


# -- field types with numeric sanity, for every schema ------------------------------------------
def _refuse_bool(value):
    if isinstance(value, bool):
        raise ValueError("应为数字，不能是真/假值 (a number, not a boolean)")
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"日期 {value} 超出支持范围 {FIRST_DATE}–{LAST_DATE} (date out of the supported range)")
    return value


Amount = Annotated[float, BeforeValidator(_refuse_bool), Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
DayCount = Annotated[int, Field(ge=0, le=MAX_DAYS, strict=True)]
SupportedDate = Annotated[dt.date, AfterValidator(_date_in_range)]
Years = Annotated[float, BeforeValidator(_refuse_bool), Field(ge=0, le=100, allow_inf_nan=False)]


def refuse_bool_numbers(model_cls, data):
    """For a ``mode="before"`` model validator: ``true``/``false`` given where a number is expected.

    YAML reads ``yes``/``true`` as booleans and pydantic would take them as 1 and 0; a setting
    written that way is a mistake, not a number.
    """
    if not isinstance(data, dict):
        return data
    for name, info in model_cls.model_fields.items():
        value = data.get(info.alias or name)
        if isinstance(value, bool) and _numeric(info.annotation):
            raise ValueError(f"{name}: 应为数字，不能是真/假值 (a number, not {value!r})")
    return data


def _numeric(annotation) -> bool:
    args = getattr(annotation, "__args__", None)
    if args:
        return any(_numeric(a) for a in args if a is not type(None))
    return annotation in (int, float)
