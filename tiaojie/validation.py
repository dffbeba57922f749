"""Turning pydantic validation errors into (field path, message) pairs users can act on.

Shared by the case-bank loader, the role-play linter and the configuration loader, so that a
missing field, an unknown field or a wrong value reads the same everywhere.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

MISSING = "缺少必填字段 (field required)"
UNKNOWN = "未知字段 (unknown field)"
FIELD_PATH = re.compile(r"^[a-z_][a-z0-9_.]*$")


def describe_errors(exc: ValidationError, root: str, split_named: bool = True) -> list[tuple[str, str]]:
    """(field path, message) for every error; ``root`` names the whole object when loc is empty.

    With ``split_named``, top-level model checks that name their own field ("outcome.x: message")
    are split on ": " so the problem points at that field rather than at the model.
    """
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or root
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
        else:
            msg = f"{err['msg']}；得到 {err.get('input')!r}"
        out.append((loc, msg))
    return out
