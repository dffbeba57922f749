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
# What pydantic's commonest error types expect, in Chinese (the English message follows in
# brackets for developers); ``{…}`` names come from the error's ``ctx``.
EXPECTED_ZH = {
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数（不能有小数）",
    "float_type": "应为数字", "float_parsing": "应为数字", "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本", "string_too_short": "至少 {min_length} 个字符", "string_too_long": "最多 {max_length} 个字符",
    "too_short": "至少 {min_length} 项", "too_long": "最多 {max_length} 项",
    "greater_than": "应大于 {gt}", "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}", "less_than_equal": "应不大于 {le}",
    "date_type": "应为日期（YYYY-MM-DD）", "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_from_datetime_inexact": "应为日期，不带时间",
    "list_type": "应为列表", "dict_type": "应为映射（键: 值）", "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）", "tuple_type": "应为列表",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "string_pattern_mismatch": "格式不符（应匹配 {pattern}）",
}


def expected_text(err: dict) -> str:
    """What the field expected: Chinese for the common error types, pydantic's English after it."""
    template = EXPECTED_ZH.get(err["type"])
    if template is None:
        return err["msg"]
    ctx = dict(err.get("ctx") or {})
    if isinstance(ctx.get("expected"), str):
        ctx["expected"] = ctx["expected"].replace(" or ", "、").replace(", ", "、")
    try:
        zh = template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        zh = template.split("{")[0].rstrip("：: ")
    return f"{zh} ({err['msg']})"


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
            msg = expected_text(err)
        else:
            msg = f"{expected_text(err)}；得到 {err.get('input')!r}"
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
