import pytest

from tiaojie.rules import CaseAttributes, RulesInputError, Track, assign_track, parse_config


def attrs(**kw):
    base = {"amount": 3000, "sector": "银行", "institution_opted_in": True}
    return CaseAttributes.create(**(base | kw))


def test_small_claims_when_within_threshold_and_opted_in():
    d = assign_track(attrs())
    assert d.track is Track.small_claims
    assert any("5,000" in r for r in d.reasons)


def test_not_opted_in_goes_to_simple_with_reason():
    d = assign_track(attrs(institution_opted_in=False))
    assert d.track is Track.simple
    assert any("未事先承诺" in r for r in d.reasons)


def test_insurance_property_line_has_its_own_threshold():
    assert assign_track(attrs(sector="保险", amount=150000, product_line="property")).track is Track.small_claims
    assert assign_track(attrs(sector="保险", amount=150000)).track is not Track.small_claims


def test_ordinary_when_facts_unclear_or_amount_above_simple_cutoff():
    assert assign_track(attrs(amount=80000)).track is Track.ordinary
    assert assign_track(attrs(amount=8000, institution_opted_in=False, facts_clear=False)).track is Track.ordinary


@pytest.mark.parametrize("kw, signal", [
    ({"mass_dispute": True}, "mass_dispute"),
    ({"parties": 3}, "many_parties"),
    ({"amount": 2_000_000}, "large_amount"),
    ({"facts_clear": False, "needs_appraisal": True}, "unclear_facts"),
])
def test_complexity_signals_make_complex(kw, signal):
    d = assign_track(attrs(**kw))
    assert d.track is Track.complex and signal in d.signals


def test_court_referral_never_small_claims_and_at_least_ordinary():
    d = assign_track(attrs(origin="委托"))
    assert d.track is Track.ordinary
    assert any("法院移送" in r for r in d.reasons)


def test_consumer_may_decline_small_claims():
    assert assign_track(attrs(consumer_declines_small_claims=True)).track is Track.simple


def test_thresholds_come_from_configuration(config_data):
    config_data["small_claims"]["thresholds"]["banking"]["amount"] = 2000
    cfg = parse_config(config_data)
    assert assign_track(attrs(), cfg).track is Track.simple


@pytest.mark.parametrize("kw, field", [
    ({"amount": -1}, "amount"), ({"amount": "abc"}, "amount"), ({"sector": "房地产"}, "sector"),
    ({"origin": "路过"}, "origin"), ({"parties": 1}, "parties"),
])
def test_bad_attributes_name_the_field(kw, field):
    with pytest.raises(RulesInputError) as exc:
        attrs(**kw)
    assert exc.value.field == field
