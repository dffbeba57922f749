"""A case's prose and the rules: fill ``{rule:…}`` placeholders, flag typed numbers that disagree.

The rules compute every period, threshold and due date (:mod:`tiaojie.rules.placeholders`); this
module supplies a case's raw attributes and walks its text fields:

* :func:`rules_for_case` — what the rules say for the case, under the configuration in force;
* :func:`fill_case` — a copy of the case with every placeholder filled (what the views show);
* :func:`prose_problems` — unknown placeholders, placeholders the case cannot fill, and typed
  numbers that contradict the rules, each named by field path.

``applicable_rules`` is exempt from the contradiction check: it quotes the law (法释〔2016〕14号
第二十七条 says 7日 whatever a centre configures), and the law is cited, not computed.
"""

from __future__ import annotations

from ..rules import (CaseRules, PracticeConfig, case_rules, fill_placeholders, load_config,
                     placeholder_problems, stated_disagreements)
from .loader import Problem
from .schema import Case, DeadlineKind

LAW_QUOTES = ("applicable_rules.",)


def text_leaves(obj, path: str = ""):
    """(field path, string) for every string in dumped data, e.g. ("parties.0.phone", "...")."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from text_leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from text_leaves(value, f"{path}.{i}" if path else str(i))
    elif isinstance(obj, str):
        yield path, obj


def _map_strings(obj, fn):
    if isinstance(obj, dict):
        return {k: _map_strings(v, fn) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_map_strings(v, fn) for v in obj]
    return fn(obj) if isinstance(obj, str) else obj


def rules_for_case(case: Case, cfg: PracticeConfig | None = None) -> CaseRules:
    pp = case.procedural_points
    starts = {p.kind: p.start for p in pp.deadlines}
    return case_rules(
        origin=case.origin, accepted_on=pp.accepted_on, sector=case.sector, track=case.track,
        court_procedure=case.court_procedure, product_line=case.track_inputs.product_line,
        proposal_from=starts.get(DeadlineKind.small_claims_proposal),
        acceptance_from=starts.get(DeadlineKind.small_claims_acceptance),
        confirmation_from=starts.get(DeadlineKind.confirmation_application),
        config=cfg or load_config())


def rule_values(case: Case, cfg: PracticeConfig | None = None) -> dict[str, str]:
    """Placeholder name → text for this case (what ``{rule:name}`` becomes)."""
    return rules_for_case(case, cfg).values


def fill_case(case: Case, cfg: PracticeConfig | None = None) -> Case:
    """The case with every ``{rule:…}`` placeholder in its text filled in."""
    data = case.model_dump(mode="python")
    if "{rule:" not in case.model_dump_json():
        return case
    values = rule_values(case, cfg)
    return Case.model_validate(_map_strings(data, lambda s: fill_placeholders(s, values)))


def text_problems(path: str, text: str, rules: CaseRules, values: dict[str, str]) -> list[str]:
    """Placeholder problems, plus typed numbers that disagree (not in law quotes)."""
    out = placeholder_problems(text, values) if "{rule:" in text else []
    if not path.startswith(LAW_QUOTES):
        out += stated_disagreements(text, rules)
    return out


def prose_problems(case: Case, file: str, cfg: PracticeConfig | None = None) -> list[Problem]:
    rules = rules_for_case(case, cfg)
    values = rules.values
    return [Problem(file, case.id, path, msg)
            for path, text in text_leaves(case.model_dump(mode="json"))
            for msg in text_problems(path, text, rules, values)]
