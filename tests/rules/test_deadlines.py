import datetime as dt

import pytest

from tiaojie.rules import (Basis, RulesInputError, application_deadline, compute_deadline,
                           court_decision_deadline, load_config, parse_config)

D = dt.date


def test_court_entrusted_simple_procedure_7_days_over_national_day():
    d = compute_deadline("委托", "2026-09-28", court_procedure="简易")
    assert (d.days, d.basis, d.due_date) == (7, Basis.calendar, D(2026, 10, 8))
    assert "第二十七条" in d.source and not d.assumption


def test_court_entrusted_ordinary_procedure_15_days():
    d = compute_deadline("court_entrusted", "2026-03-02", court_procedure="普通程序")
    assert d.days == 15 and d.due_date == D(2026, 3, 17)


def test_court_assigned_30_days_and_ignores_track():
    d = compute_deadline("委派", "2026-03-02", track="简易")
    assert d.days == 30 and d.due_date == D(2026, 4, 1)
    assert d.ignored and "track" in d.ignored[0]
    assert d.track is None


def test_court_entrusted_requires_court_procedure():
    with pytest.raises(RulesInputError) as exc:
        compute_deadline("委托", "2026-03-02")
    assert exc.value.field == "court_procedure"


def test_self_received_requires_track_and_ignores_court_procedure():
    with pytest.raises(RulesInputError) as exc:
        compute_deadline("自收", "2026-03-02")
    assert exc.value.field == "track"
    d = compute_deadline("自收", "2026-03-02", track="普通", court_procedure="简易")
    assert d.days == 30 and d.assumption and any("court_procedure" in i for i in d.ignored)


def test_small_claims_counts_working_days_across_spring_festival():
    # accepted Fri 2026-02-13. Working days after it: Sat Feb 14 (make-up) 1, Feb 15–23 holiday,
    # Feb 24–27 are 2–5, Sat Feb 28 (make-up) 6, Sun Mar 1 rest, Mon Mar 2 is the 7th.
    d = compute_deadline("自收", "2026-02-13", track="小额快速")
    assert d.basis is Basis.working and d.days == 7
    assert d.due_date == D(2026, 3, 2)


def test_extension_and_excluded_days():
    base = compute_deadline("自收", "2026-03-02", track="普通")
    longer = compute_deadline("自收", "2026-03-02", track="普通", extension_days=10, excluded_days=5)
    assert longer.total_days == 45 and longer.due_date > base.due_date
    assert any("鉴定" in s for s in longer.steps)


def test_excluded_periods_are_counted_by_the_rules_convention():
    """An excluded period given by its dates: start day not counted, end day counted — the same
    convention as every period (3月30日–4月21日 is 22 days; 8月10日–15日 is 5)."""
    base = compute_deadline("邀请", "2026-03-23", court_procedure="普通")
    d = compute_deadline("邀请", "2026-03-23", court_procedure="普通",
                         excluded_periods=[(D(2026, 3, 30), D(2026, 4, 21))])
    assert d.excluded_days == 22 and d.total_days == base.total_days + 22
    assert any("2026-03-30 至 2026-04-21" in s and "22日" in s for s in d.steps)
    two = compute_deadline("自收", "2026-08-03", track="普通",
                           excluded_periods=[(D(2026, 8, 10), D(2026, 8, 15)), ("2026-08-20", "2026-08-20")])
    assert two.excluded_days == 5
    # a working-day period counts the working days in (start, end]: 2026-09-25 (Fri) to 10-09 (Fri)
    # spans the National Day holiday, so only the make-up and ordinary working days count
    small = compute_deadline("自收", "2026-09-21", track="小额快速",
                             excluded_periods=[(D(2026, 9, 25), D(2026, 10, 9))])
    from tiaojie.rules import WorkdayCalendar, load_config
    cal = WorkdayCalendar(load_config())
    assert small.excluded_days == cal.working_days_between(D(2026, 9, 25), D(2026, 10, 9)) < 14
    with pytest.raises(RulesInputError) as exc:
        compute_deadline("自收", "2026-08-03", track="普通", excluded_periods=[(D(2026, 8, 15), D(2026, 8, 10))])
    assert exc.value.field == "excluded_periods"


def test_extension_cap_and_non_extendable():
    with pytest.raises(RulesInputError) as exc:
        compute_deadline("自收", "2026-03-02", track="简易", extension_days=11)
    assert exc.value.field == "extension_days"
    with pytest.raises(RulesInputError):
        compute_deadline("自收", "2026-03-02", track="小额快速", extension_days=1)


def test_court_extensions_have_no_cap_unless_a_centre_sets_one(config_data):
    """法释〔2016〕14号 art. 27 lets the parties agree to extend court periods without a maximum, so
    the default configuration sets none; a centre that sets one gets an error past it, never a
    silently shortened extension."""
    long = compute_deadline("委派", "2026-03-02", extension_days=90)
    assert long.due_date == compute_deadline("委派", "2026-03-02").due_date + __import__("datetime").timedelta(days=90)
    config_data["court"]["court_assigned"]["max_extension_days"] = 30
    cfg = parse_config(config_data)
    assert compute_deadline("委派", "2026-03-02", extension_days=30, config=cfg).due_date > D(2026, 4, 1)
    with pytest.raises(RulesInputError) as exc:
        compute_deadline("委派", "2026-03-02", extension_days=31, config=cfg)
    assert exc.value.field == "extension_days" and "30" in str(exc.value)


@pytest.mark.parametrize("bad, field", [
    ({"origin": "法院"}, "origin"),
    ({"start": "2026-02-30"}, "start"),
    ({"start": "next monday"}, "start"),
    ({"track": "快速"}, "track"),
    ({"excluded_days": -1}, "excluded_days"),
])
def test_invalid_input_names_the_field(bad, field):
    args = {"origin": "自收", "start": "2026-03-02", "track": "普通"} | bad
    origin, start = args.pop("origin"), args.pop("start")
    with pytest.raises(RulesInputError) as exc:
        compute_deadline(origin, start, **args)
    assert exc.value.field == field


def test_configuration_change_changes_the_answer(config_data):
    config_data["court"]["court_entrusted"]["simple"]["days"] = 10
    cfg = parse_config(config_data)
    assert compute_deadline("委托", "2026-03-02", court_procedure="简易", config=cfg).due_date == D(2026, 3, 12)
    assert compute_deadline("委托", "2026-03-02", court_procedure="简易").due_date == D(2026, 3, 9)


def test_judicial_confirmation_windows():
    app = application_deadline("2026-09-15")
    assert app.days == 30 and app.due_date == D(2026, 10, 15)
    assert "人民调解法" in app.source
    dec = court_decision_deadline("2026-01-05")
    assert dec.due_date == D(2026, 2, 4)


def test_deadline_into_uncovered_year_carries_a_warning():
    d = compute_deadline("自收", "2026-12-28", track="小额快速")
    assert d.warnings and "2027" in d.warnings[0]
    assert d.to_json()["warnings"] == d.warnings
