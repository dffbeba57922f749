"""Coverage matrix and coverage floor."""

from __future__ import annotations

from tiaojie.casebank.loader import load_bank
from tiaojie.casebank.stats import MIN_TOTAL, article_label, coverage, floor_checks

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
                                    "actual": 1, "ok": False, "group": "core",
                                    "missing": ["还差 2 个"]}
    assert floor["improvement_suggestion"]["actual"] == 2      # bnk-001's outcome has one too
    assert floor["small_claims_proposal"]["actual"] == 2
    assert floor["total"]["required"] == MIN_TOTAL and not cov["floor_ok"]
    assert floor["total"]["missing"] == [f"还差 {MIN_TOTAL - 2} 个"]


def test_floor_items_cover_the_requirement():
    items = floor_checks([])
    core = [(f.key, f.required) for f in items if f.group == "core"]
    assert core == [("track.small_claims", 5), ("track.simple", 5), ("track.ordinary", 5), ("track.complex", 5),
                    ("special_population", 6), ("court_linked", 4), ("small_claims_proposal", 4),
                    ("agent_abuse", 3), ("batch", 2), ("recusal", 2), ("improvement_suggestion", 2)]
    practice = {f.key: f.required for f in items if f.group == "practice"}
    assert {k: practice[k] for k in ("sector.leasing", "sector.auto_finance", "sector.trust",
                                     "sector.pension_finance")} == dict.fromkeys(
        ["sector.leasing", "sector.auto_finance", "sector.trust", "sector.pension_finance"], 1)
    assert (practice["dispute.auto_insurance"], practice["dispute.debt_collection"],
            practice["dispute.authorised_push_fraud"], practice["dispute.unauthorised_transaction"]) == (3, 3, 2, 3)
    assert len([k for k in practice if k.startswith("situation.")]) == 11
    assert (practice["total"], practice["roleplays"], practice["non_settled_share"], practice["articles"]) == (75, 20, 0.25, 23)
    assert {"script.institution", "script.referral", "script.safety"} <= set(practice)


def test_article_labels():
    assert [article_label(n) for n in (1, 3, 10, 12, 18, 20, 21, 23)] == [
        "第一条", "第三条", "第十条", "第十二条", "第十八条", "第二十条", "第二十一条", "第二十三条"]


def test_outcomes_situations_articles_and_scripts_are_counted(tmp_bank, model_data):
    """by_outcome, non_settled_share, by_situation, by_article (case ∪ script) and the
    institution / referral / safety script items, each with what is still missing."""
    refused = dict(model_data, id="bnk-902", articles=[16, 3], situations=["safety_risk"], roleplay="bnk-902")
    refused["outcome"] = dict(refused["outcome"], type="referred")
    write_case(tmp_bank / "cases" / "banking", refused)
    (tmp_bank / "roleplays" / "bnk-902.yaml").write_text(
        "id: bnk-902\ncase: bnk-902\ntrainee_role: institution\narticles: [20, 21]\n"
        "nodes:\n  end:\n    stage: closing\n    ending: {type: referral, title: 引导, summary: 引导诉讼}\n",
        encoding="utf-8")
    cov = coverage(load_bank().cases.values())
    assert cov["by_outcome"]["referred"] == 1 and cov["by_outcome"]["proposal_accepted"] == 1
    assert cov["non_settled_share"] == 0.5
    assert cov["by_situation"]["safety_risk"] == 1 and cov["by_situation"]["interpreter"] == 0
    model = {str(n) for n in model_data["articles"]}           # bnk-901 is the model case
    assert {k for k, n in cov["by_article"].items() if n} == model | {"3", "16", "20", "21"}
    assert cov["by_article"]["16"] == 2 and cov["by_article"]["20"] == 1
    assert cov["roleplays_by_trainee_role"] == {"mediator": 0, "institution": 1}
    floor = {f["key"]: f for f in cov["floor"]}
    assert floor["non_settled_share"]["ok"] and floor["non_settled_share"]["actual"] == 0.5
    assert (floor["script.institution"]["actual"], floor["script.referral"]["actual"],
            floor["script.safety"]["actual"]) == (1, 1, 1)
    assert floor["script.institution"]["missing"] == ["还差 1 个"]
    assert floor["articles"]["actual"] == len(model | {"3", "16", "20", "21"}) and "第二十三条" in floor["articles"]["missing"]
    assert "第三条" not in floor["articles"]["missing"]
