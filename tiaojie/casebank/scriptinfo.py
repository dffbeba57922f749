"""What the coverage statistics need from a case's role-play script, read from its raw YAML.

The case bank sits below the role-play package (layers: casebank < roleplay), so it does not
parse scripts with the role-play models; it reads the few top-level facts it counts — whom the
trainee plays, the policy articles the script exercises, its ending types. A script that cannot
be read gives no facts here; ``tiaojie cases validate`` (the linter) reports why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import safe_yaml
from ..core.errors import TiaojieError
from .schema import Case


@dataclass(frozen=True)
class ScriptInfo:
    trainee_role: str = "mediator"
    articles: frozenset[int] = frozenset()
    ending_types: frozenset[str] = frozenset()


def _ints(values) -> frozenset[int]:
    return frozenset(v for v in values if isinstance(v, int)) if isinstance(values, list) else frozenset()


def read_script_info(path: Path) -> ScriptInfo | None:
    """The counted facts of one script file, or None if it is missing or unreadable."""
    try:
        data = safe_yaml.load_file(path)
    except (OSError, TiaojieError):
        return None
    if not isinstance(data, dict):
        return None
    nodes = data.get("nodes") if isinstance(data.get("nodes"), dict) else {}
    endings = frozenset(str(n["ending"].get("type")) for n in nodes.values()
                        if isinstance(n, dict) and isinstance(n.get("ending"), dict))
    return ScriptInfo(str(data.get("trainee_role") or "mediator"), _ints(data.get("articles")), endings)


def script_infos(cases, root: Path) -> dict[str, ScriptInfo]:
    """Case id -> its script's facts, for the cases whose script file exists and reads."""
    out: dict[str, ScriptInfo] = {}
    for case in cases:
        if not isinstance(case, Case) or not case.roleplay:
            continue
        info = read_script_info(root / "roleplays" / f"{case.roleplay}.yaml")
        if info is not None:
            out[case.id] = info
    return out
