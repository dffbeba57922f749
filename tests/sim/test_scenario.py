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


def test_new_blocks_validate_and_name_their_field(small_data):
    d = copy.deepcopy(small_data)
    d["segment_targets"] = [{"origin": "court_entrusted", "target": 0.9}, {"pool": "nowhere", "target": 0.9}]
    assert "segment_targets[1].pool" in str(_error(d))
    d["segment_targets"] = [{"target": 0.9}]
    assert _error(d).field.startswith("segment_targets")
    d = copy.deepcopy(small_data)
    d["staff"]["absence"] = {"productive_share": 0.8}                  # neither source nor assumption
    assert _error(d).field.startswith("staff.absence")
    d["staff"]["absence"] = {"productive_share": 0.8, "assumption": True}
    d["arrivals"]["channels"]["hotline"]["patience_days"] = 0
    assert _error(d).field == "arrivals.channels.hotline.patience_days"
    d["arrivals"]["channels"]["hotline"]["patience_days"] = 5
    d["staff"]["pools"][0]["surge_staff"] = [{"start_day": 10, "days": 30, "full_time": 3, "assumption": True}]
    sc = parse_scenario(d, "ok.yaml")
    assert sc.staff.productive_share == 0.8 and sc.staff.pools[0].surge_staff[0].full_time == 3


def test_long_horizons_are_allowed_up_to_the_memory_guard(small_data):
    from tiaojie.sim.model import BYTES_PER_DAY, available_memory, memory_guard

    d = copy.deepcopy(small_data)
    d["horizon_days"] = 40_000                # beyond the old 3,650-day cap
    memory_guard(parse_scenario(d, "long.yaml"))
    d["horizon_days"] = 400_001
    assert _error(d).field == "horizon_days"
    free = available_memory()
    if free is not None:                      # a horizon the guard refuses on this machine
        huge = parse_scenario(small_data, "x.yaml").model_copy(update={"horizon_days": int(free / BYTES_PER_DAY)})
        with pytest.raises(ScenarioError, match="horizon_days"):
            memory_guard(huge)


def test_key_order_in_the_file_does_not_change_the_cases(small_data):
    """YAML writers sort keys; the same scenario with sectors and channels in another order must
    draw the same cases (the case-stream cache treats them as one scenario)."""
    from tiaojie.sim.model import run_replication

    d = copy.deepcopy(small_data)
    d["case_mix"]["sectors"] = dict(reversed(list(d["case_mix"]["sectors"].items())))
    d["arrivals"]["channels"] = dict(reversed(list(d["arrivals"]["channels"].items())))
    a, b = parse_scenario(small_data, "a.yaml"), parse_scenario(d, "b.yaml")
    assert a.demand_key() == b.demand_key()
    assert run_replication(a, 0) == run_replication(b, 0)
