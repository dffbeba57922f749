"""Cross-checks beyond the schema: agreement with the rules of procedure, fiction, references.

Each check takes a parsed case and returns :class:`Problem`s; ``check_case`` runs them all.
"""

from __future__ import annotations

import re

from ..rules import (CaseAttributes, RulesInputError, TiaojieError, assess_recusal, assign_track,
                     load_config)
from ..rules import PracticeConfig
from .deadlines import case_deadlines
from .fiction import REAL_INSTITUTIONS, fiction_problems, party_name_problem
from .loader import LoadResult, Problem
from .prose import prose_problems, text_leaves
from .schema import Case, PartyKind


def case_attributes(case: Case) -> CaseAttributes:
    ti = case.track_inputs
    parties = ti.parties or sum(1 for p in case.parties if p.kind is not PartyKind.representative)
    return CaseAttributes.create(
        amount=case.amount_claimed, sector=case.sector, origin=case.origin,
        institution_opted_in=ti.institution_opted_in, parties=max(parties, 2),
        mass_dispute=ti.mass_dispute, facts_clear=ti.facts_clear, needs_appraisal=ti.needs_appraisal,
        consumer_declines_small_claims=ti.consumer_declines_small_claims, product_line=ti.product_line)


def check_track(case: Case, file: str, cfg: PracticeConfig) -> list[Problem]:
    decision = assign_track(case_attributes(case), cfg)
    if decision.track is case.track:
        if case.track_override_reason:
            return [Problem(file, case.id, "track_override_reason",
                            "程序与规则一致，无需填写覆盖理由（删除此字段）")]
        return []
    if case.track_override_reason:
        return []
    return [Problem(file, case.id, "track",
                    f"案例标注为“{case.track.label}”，规则判定为“{decision.track.label}”"
                    f"（{'；'.join(decision.reasons)}）；请更正，或填写 track_override_reason 说明理由")]


def check_recusal(case: Case, file: str, cfg: PracticeConfig) -> list[Problem]:
    problems = []
    for i, hazard in enumerate(case.procedural_points.recusal):
        try:
            decision = assess_recusal(hazard.relations, years_since_left=hazard.years_since_left,
                                      both_parties_consent=hazard.both_parties_consent, config=cfg)
        except RulesInputError as exc:
            problems.append(Problem(file, case.id, f"procedural_points.recusal.{i}.{exc.field}", exc.message))
            continue
        if decision.required != hazard.expected_required:
            problems.append(Problem(
                file, case.id, f"procedural_points.recusal.{i}.expected_required",
                f"规则判定{'应当' if decision.required else '无需'}回避（{'；'.join(decision.reasons)}）"))
    return problems


def check_deadlines(case: Case, file: str, cfg: PracticeConfig) -> list[Problem]:
    try:
        case_deadlines(case, cfg)
    except TiaojieError as exc:
        field = getattr(exc, "field", "procedural_points")
        return [Problem(file, case.id, f"procedural_points.{field}", str(getattr(exc, "message", exc)))]
    return []


# a mobile number has 11 digits (maybe split 3-4-4), a card 16-19, an ID number 18
_DIGIT_RUN = re.compile(r"\d{3}[-\s\u3000]?\d{4}[-\s\u3000]?\d{4}")
_REAL_NAME = re.compile("|".join(map(re.escape, REAL_INSTITUTIONS)))


def _fiction(text: str) -> list[str]:
    """:func:`fiction_problems`, with a fast exit: without 11 digits (3-4-4) and without a real
    institution's name, the text has none of its problems."""
    if _DIGIT_RUN.search(text) is None and _REAL_NAME.search(text) is None:
        return []
    return fiction_problems(text)


def check_fiction(case: Case, file: str, text: str) -> list[Problem]:
    """Fiction problems named by field path; anything only in the raw file (comments) as (text)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    # The case as JSON holds every field's text between quotes (no pattern spans a quote, and a
    # quote is no digit): one scan of it finds a problem if any field has one, so fields are
    # scanned one by one — to name the field — only in a case that may have a problem.
    if _fiction(case.model_dump_json()):
        for path, value in text_leaves(case.model_dump(mode="json")):
            for msg in _fiction(value):
                problems.append(Problem(file, case.id, path, msg))
                seen.add(msg)
    problems.extend(Problem(file, case.id, "(text)", msg) for msg in _fiction(text) if msg not in seen)
    for i, party in enumerate(case.parties):
        msg = party_name_problem(party.kind.value, party.name)
        if msg:
            problems.append(Problem(file, case.id, f"parties.{i}.name", msg))
        if party.phone and "*" not in party.phone:
            problems.append(Problem(file, case.id, f"parties.{i}.phone", "电话号码须打码（如 138****0000）"))
    return problems


def check_case(case: Case, file: str, text: str, cfg: PracticeConfig | None = None) -> list[Problem]:
    """The rules' answers, deadlines and fiction of one case (its script is the role-play layer's)."""
    cfg = cfg or load_config()
    out: list[Problem] = []
    for check in (check_track, check_recusal, check_deadlines, prose_problems):
        try:
            out.extend(check(case, file, cfg))
        except RulesInputError as exc:
            out.append(Problem(file, case.id, exc.field, exc.message))
    out.extend(check_fiction(case, file, text))
    return out


def validate_cases(result: LoadResult, cfg: PracticeConfig | None = None) -> list[Problem]:
    """Schema problems plus the cross-checks of every case loaded (scripts not included).

    The whole bank, scripts included, is checked by :func:`tiaojie.roleplay.bank_checks.validate`.
    """
    cfg = cfg or load_config()
    problems = list(result.problems)
    for cid, case in result.cases.items():
        problems.extend(check_case(case, str(result.files[cid]), result.texts[cid], cfg))
    return problems
