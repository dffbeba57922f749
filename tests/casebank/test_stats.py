"""Coverage matrix and coverage floor."""

from __future__ import annotations

from tiaojie.casebank.loader import load_bank
from tiaojie.casebank.stats import MIN_TOTAL, coverage, floor_checks

from casebank_helpers import write_case


def test_coverage_of_a_small_bank(tmp_bank, model_data):
    data = dict(model_data, id="bnk-902", agent_abuse=True)
    data["outcome"] = dict(data["outcome"], improvement_suggestion="建议机构优化住院客户的催收策略")
    write_case(tmp_bank / "cases" / "banking", data)
    cases = list(load_bank().cases.values())
    cov = coverage(cases)
    assert cov["total"] == 2
    assert cov["by_track"] == {"small_claims": 2, "simple": 0, "ordinary": 0, "complex": 0}
    assert cov["by_sector"]["banking"] == 2 and cov["by_sector"]["insurance"] == 0
    assert cov["matrix"]["banking"]["small_claims"] == 2
    assert cov["by_population"]["new_resident"] == 2
    assert cov["by_competency"]["drafting"] == 2 and cov["by_competency"]["risk"] == 0
    assert cov["roleplays"] == 0
    floor = {f["key"]: f for f in cov["floor"]}
    assert floor["agent_abuse"] == {"key": "agent_abuse", "label": "代理维权乱象", "required": 3,
                                    "actual": 1, "ok": False}
    assert floor["improvement_suggestion"]["actual"] == 1
    assert floor["small_claims_proposal"]["actual"] == 2
    assert floor["total"]["required"] == MIN_TOTAL and not cov["floor_ok"]


def test_floor_items_cover_the_requirement():
    keys = [f.key for f in floor_checks([])]
    assert keys == ["track.small_claims", "track.simple", "track.ordinary", "track.complex",
                    "special_population", "court_linked", "small_claims_proposal", "agent_abuse",
                    "batch", "recusal", "improvement_suggestion", "total"]
    assert [f.required for f in floor_checks([])] == [5, 5, 5, 5, 6, 4, 4, 3, 2, 2, 2, 40]
