"""Writing a case back to YAML, in the schema's key order, deterministically.

``to_yaml(case)`` dumps the fields in the order :class:`~tiaojie.casebank.schema.Case` declares
them, leaving out fields equal to their defaults, with dates unquoted, enums as identifiers and
whole-number amounts as integers. Same case → same bytes. ``parse_case_file`` reads it back to
an equal case.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import yaml

from .schema import Case

FICTION_HEADER = "# 本案例人物、机构、号码均为虚构，仅供培训使用。"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # never write &anchors, even for repeated strings
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_multi_representer(Enum, lambda d, v: _str(d, v.value))
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def _tidy(obj):
    if isinstance(obj, dict):
        return {k: _tidy(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_tidy(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    if isinstance(obj, Enum):
        return obj.value
    return obj


def case_data(case: Case) -> dict:
    """The case as plain data in schema order (defaults left out)."""
    return _tidy(case.model_dump(mode="python", exclude_defaults=True))


def to_yaml(case: Case, header: "list[str] | None" = None) -> str:
    """YAML text of a case; ``header`` lines are written as comments after the fiction note."""
    lines = [FICTION_HEADER] + [f"# {h}" for h in header or []]
    body = yaml.dump(case_data(case), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10_000, indent=2)
    return "\n".join(lines) + "\n" + body
