"""Numbers out of prose: {rule:…} placeholders filled by the rules; typed numbers that disagree fail."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaojie.casebank import api
from tiaojie.casebank.prose import fill_case, rule_values
from tiaojie.casebank.view import case_view
from tiaojie.core.settings import Settings, use_settings
from tiaojie.roleplay.bank_checks import validate
from tiaojie.casebank.loader import bank_root, load_bank
from tiaojie.rules import case_rules, stated_disagreements

from casebank_helpers import write_case


@pytest.fixture
def court_plus_3(config_data, make_config):
    """Court periods 3 days longer, small-claims windows 2 working days longer, thresholds doubled."""
    court = config_data["court"]
    court["court_assigned"]["days"] += 3
    for origin in ("court_entrusted", "court_invited"):
        for proc in ("simple", "ordinary"):
            court[origin][proc]["days"] += 3
    config_data["small_claims"]["proposal"]["days"] += 2
    config_data["small_claims"]["acceptance"]["days"] += 2
    for entry in config_data["small_claims"]["thresholds"].values():
        entry["amount"] *= 2
    config_data["judicial_confirmation"]["application"]["days"] += 5
    config_data["first_contact"]["days"] += 1
    for period in config_data["tracks"].values():
        period["days"] += 5
    path, _ = make_config(config_data, "other.yaml")
    return path


def texts(view) -> str:
    return repr(view)


def test_lf001_brief_and_trainer_notes_fill_from_the_rules():
    case = api.get("lf-001")
    assert "{rule:period}" in case.procedural_points.notes[0]     # the file holds no number
    view = case_view(case, trainer=True)
    assert "{rule:" not in texts(view)
    assert "委托调解期限7日" in view["procedure"]["notes"][0]
    assert "在2026年5月25日期限届满前" in " ".join(view["trainer"]["mediation_plan"])
    assert "只有7日" in view["debrief_questions"][0]


def test_other_court_periods_change_brief_and_trainer_notes(court_plus_3):
    with use_settings(Settings.load(config_file=court_plus_3)):
        view = case_view(api.get("lf-001"), trainer=True)
        assert "委托调解期限10日" in view["procedure"]["notes"][0]
        assert "在2026年5月28日期限届满前" in " ".join(view["trainer"]["mediation_plan"])
        assert "期限10日" in view["trainer"]["confidential"][-1]["instructions"]
        assert view["procedure"]["deadlines"][0]["due_date"] == "2026-06-04"   # 10 days + the agreed 7
        smalls = case_view(api.get("sec-009"), trainer=True)
        assert "9个工作日内出具书面解决意见" in texts(smalls) and "12个工作日内决定是否接受" in texts(smalls)


def test_the_whole_bank_validates_under_other_periods(court_plus_3):
    """No case or script types a number the rules compute (else it would now disagree)."""
    with use_settings(Settings.load(config_file=court_plus_3)):
        bank = api.load(refresh=True)
        problems = validate(bank.result)
    assert problems == []


def test_rule_values_for_a_case():
    values = rule_values(api.get("lf-001"))
    assert values["period"] == "7日" and values["due"] == "2026年5月25日"
    assert values["small_claims_threshold"] == "5000元" and values["confirmation_period"] == "30日"
    assert values["proposal_period"] == "7个工作日" and values["first_contact_period"] == "2个工作日"
    assert "confirmation_due" not in values    # lf-001 has no confirmation start date


@pytest.mark.parametrize("text, placeholder", [
    ("委托调解期限10日，经双方同意可以延长", "{rule:period}"),
    ("委托调解只有10天", "{rule:period}"),
    ("调解期限参照委托调解的15日", "{rule:period}"),
    ("期限自签收材料之日起30日", "{rule:period}"),
    ("至5月27日届满", "{rule:due}"),
    ("9个工作日内出具书面解决意见", "{rule:proposal_period}"),
    ("消费者12个工作日内决定是否接受", "{rule:acceptance_period}"),
    ("可在45日内共同申请司法确认", "{rule:confirmation_period}"),
    ("小额快速机制适用于3000元以下的纠纷", "{rule:small_claims_threshold}"),
    ("受理后3个工作日内电话联系双方", "{rule:first_contact_period}"),
])
def test_typed_numbers_that_disagree_are_found(text, placeholder):
    rules = case_rules(origin="委托", court_procedure="简易", track="普通", sector="银行",
                       accepted_on=dt.date(2026, 5, 18))
    [message] = stated_disagreements(text, rules)
    assert placeholder in message


@pytest.mark.parametrize("text", [
    "委托调解期限7日", "至5月25日届满", "犹豫期已于3月17日届满", "协议签订之日起10个工作日内支付",
    "延长期限30日", "调解期限延长30日", "调解期限也在一天天流逝", "期限届满后5日内", "《关于人民法院特邀调解的规定》第二十七条：委托调解的期限为15日", "借款期限12个月"])
def test_agreeing_numbers_terms_of_agreements_and_law_quotes_pass(text):
    rules = case_rules(origin="委托", court_procedure="简易", track="普通", sector="银行",
                       accepted_on=dt.date(2026, 5, 18))
    assert stated_disagreements(text, rules) == []


@pytest.mark.parametrize("field, text, expected", [
    # a typed period that contradicts the rules: the value they give and the placeholder to use
    ("trainer_notes", "小额快速机制，9个工作日内出具书面意见", ("7个工作日", "{rule:proposal_period}")),
    # an unknown placeholder: named, with the known ones listed
    ("trainer_notes", "期限为{rule:perod}", ("{rule:perod}", "{rule:period}")),
    # a placeholder this case cannot fill: says what is missing
    ("significance", "须于{rule:confirmation_due}前申请司法确认", ("confirmation_application",)),
])
def test_prose_problems_fail_validation_naming_file_and_field(tmp_bank, model_data, field, text, expected):
    path = write_case(tmp_bank / "cases" / "banking", dict(model_data, id="bnk-902", **{field: text}))
    hits = [p for p in validate(load_bank([tmp_bank / "cases"])) if p.file == str(path)]
    assert [p.field for p in hits] == [field]
    assert all(word in hits[0].message for word in expected)


def test_fill_case_leaves_a_case_without_placeholders_untouched():
    case = api.get("lf-002")
    assert fill_case(case) is case


def test_the_quick_number_filter_never_hides_a_pattern_match():
    """stated_disagreements skips texts without a number followed by a unit; no pattern may match
    a text the filter skips — checked on every prose leaf of the bank and on edge cases."""
    from tiaojie.casebank.prose import text_leaves
    from tiaojie.roleplay.lint import read_data
    from tiaojie.rules import placeholders as P

    bank = load_bank()
    corpus = [t for c in bank.cases.values() for _, t in text_leaves(c.model_dump(mode="json"))]
    for path in sorted(bank_root().glob("roleplays/*.yaml")):
        data, _ = read_data(path)
        corpus += [t for _, t in text_leaves(data)]
    corpus += ["期限为十五 日", "5,000元以下的小额", "3月9日届满", "七个工作日内出具书面意见", "两天内联系"]
    assert len(corpus) > 5000
    skipped = [t for t in corpus if not P._ANY_NUMBER_WITH_UNIT.search(t)]
    assert len(skipped) > len(corpus) // 2          # the filter earns its keep
    for text in skipped:
        assert not any(p.search(text) for _, p in P._PATTERNS), text
    for text in corpus[-5:]:
        assert P._ANY_NUMBER_WITH_UNIT.search(text) and any(p.search(text) for _, p in P._PATTERNS), text
