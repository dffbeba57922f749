import copy

import pytest

from tiaojie.core.errors import TiaojieError
from tiaojie.sim.scenario import ScenarioError, load_scenario, parse_scenario, presets


def test_presets_load():
    names = presets()
    assert {"city", "provincial", "national_securities", "surge"} <= set(names)
    for n in names:
        sc = load_scenario(n)
        assert sc.description


def _error(data):
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(data, "bad.yaml")
    assert isinstance(exc.value, TiaojieError)
    return exc.value


def test_negative_rate_names_field(small_data):
    d = copy.deepcopy(small_data)
    d["arrivals"]["channels"]["hotline"]["per_week"] = -3
    e = _error(d)
    assert e.field == "arrivals.channels.hotline.per_week"
    assert "bad.yaml" in str(e)


def test_shares_must_sum_to_one(small_data):
    d = copy.deepcopy(small_data)
    d["case_mix"]["sectors"]["banking"] = 0.9
    e = _error(d)
    assert e.field == "case_mix.sectors"
    assert "1" in e.message


def test_unknown_track(small_data):
    d = copy.deepcopy(small_data)
    d["tracks"]["fast"] = d["tracks"]["simple"]
    e = _error(d)
    assert e.field == "tracks"
    assert "fast" in e.message


def test_outcome_shares(small_data):
    d = copy.deepcopy(small_data)
    d["tracks"]["simple"]["outcomes"]["settled"] = 0.5
    e = _error(d)
    assert e.field == "tracks.simple.outcomes"


def test_unmarked_assumption(small_data):
    d = copy.deepcopy(small_data)
    d["cost"].pop("source", None)
    d["cost"]["assumption"] = False
    e = _error(d)
    assert e.field == "cost"


def test_unknown_field_and_missing_file(small_data):
    d = copy.deepcopy(small_data)
    d["staff"]["pools"][0]["fulltime"] = 3
    e = _error(d)
    assert e.field == "staff.pools.0.fulltime"
    with pytest.raises(ScenarioError):
        load_scenario("no-such-preset")


def test_sector_without_pool(small_data):
    d = copy.deepcopy(small_data)
    d["staff"]["pools"] = d["staff"]["pools"][:1]
    e = _error(d)
    assert "securities" in e.message
