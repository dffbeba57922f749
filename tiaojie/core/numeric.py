"""Numbers and dates a user may type, checked once: finite, not booleans, within range.

The supported date range is :data:`FIRST_DATE`–:data:`LAST_DATE` (documented in
``docs/reference``): outside it no working-day calendar, case or scenario makes sense, and date
arithmetic would overflow. Day counts (extensions, excluded days, configured periods) are at
most :data:`MAX_DAYS`; amounts at most :data:`MAX_AMOUNT` yuan.
"""

from __future__ import annotations

import datetime as dt
import math

from .errors import RulesInputError

FIRST_DATE = dt.date(1990, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
MAX_DAYS = 3650
MAX_AMOUNT = 1e13


def finite_number(value, field: str, *, minimum: float | None = 0.0, maximum: float | None = None) -> float:
    """A real, finite number in [minimum, maximum]; booleans, NaN, infinity and text are refused."""
    if isinstance(value, bool):
        raise RulesInputError(field, f"应为数字，不能是真/假值（得到 {value!r}）")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise RulesInputError(field, f"应为数字（得到 {value!r}）") from None
    if not math.isfinite(number):
        raise RulesInputError(field, f"应为有限的数字，不能是 NaN 或无穷大（得到 {value!r}）")
    if minimum is not None and number < minimum:
        floor = "不能为负数" if minimum == 0 else f"不能小于 {minimum:g}"
        raise RulesInputError(field, f"{floor}（得到 {value!r}）")
    if maximum is not None and number > maximum:
        raise RulesInputError(field, f"不能大于 {maximum:g}（得到 {value!r}）")
    return number


def positive_number(value, field: str, maximum: float | None = None) -> float:
    """A finite number greater than zero."""
    number = finite_number(value, field, minimum=None, maximum=maximum)
    if number <= 0:
        raise RulesInputError(field, f"须为正数（得到 {value!r}）")
    return number


def whole_number(value, field: str, *, minimum: int = 0, maximum: int = MAX_DAYS) -> int:
    """A whole number in [minimum, maximum] (``True`` is not 1)."""
    if isinstance(value, bool):
        raise RulesInputError(field, f"应为整数，不能是真/假值（得到 {value!r}）")
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        raise RulesInputError(field, f"应为整数（得到 {value!r}）") from None
    if isinstance(value, float) and value != number:
        raise RulesInputError(field, f"应为整数（得到 {value!r}）")
    if not minimum <= number <= maximum:
        raise RulesInputError(field, f"应在 {minimum}–{maximum} 之间（得到 {value!r}）")
    return number


def supported_date(value: dt.date, field: str) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise RulesInputError(field, f"日期 {value.isoformat()} 超出支持范围 "
                                     f"{FIRST_DATE.isoformat()}–{LAST_DATE.isoformat()}")
    return value
