import datetime as dt

import pytest

from tiaojie.rules import (RulesInputError, acceptance_deadline, assess_recusal, parse_config,
                           proposal_deadline, small_claims_eligibility)


def test_near_relative_requires_recusal_but_is_waivable():
    d = assess_recusal(["近亲属"])
    assert d.required and d.waivable and d.disclose
    assert "第十五条" in d.sources[0]


def test_both_parties_consent_waives_a_waivable_ground():
    d = assess_recusal(["interest_in_dispute"], both_parties_consent=True)
    assert not d.required and d.waivable
    assert any("同意" in r for r in d.reasons)


def test_current_employee_is_not_waivable_by_configuration():
    d = assess_recusal(["employee_of_institution"], both_parties_consent=True)
    assert d.required and not d.waivable and d.assumption


def test_non_waivable_list_is_configuration(config_data):
    config_data["recusal"]["non_waivable"]["relations"] = []
    cfg = parse_config(config_data)
    d = assess_recusal(["employee_of_institution"], both_parties_consent=True, config=cfg)
    assert not d.required


def test_former_employee_depends_on_years():
    assert assess_recusal(["曾任职"], years_since_left=1).required
    late = assess_recusal(["曾任职"], years_since_left=5)
    assert not late.required and late.disclose
    with pytest.raises(RulesInputError) as exc:
        assess_recusal(["曾任职"])
    assert exc.value.field == "years_since_left"


def test_no_relation_no_recusal_and_unknown_relation_is_an_error():
    assert not assess_recusal([]).required
    with pytest.raises(RulesInputError) as exc:
        assess_recusal(["同学"])
    assert exc.value.field == "relation"


def test_small_claims_eligibility_and_windows():
    e = small_claims_eligibility(4999, "证券", institution_opted_in=True)
    assert e.eligible and e.threshold == 5000 and e.assumption
    assert not small_claims_eligibility(5001, "证券", institution_opted_in=True).eligible
    assert not small_claims_eligibility(100, "证券", institution_opted_in=False).eligible
    p = proposal_deadline("2026-09-28")
    assert p.due_date == dt.date(2026, 10, 13)  # Sep 29, 30, Oct 8, 9, 10(Sat make-up), 12, 13
    a = acceptance_deadline(p.due_date)
    assert a.days == 10 and a.due_date > p.due_date
