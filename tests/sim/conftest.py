import copy

import pytest
import yaml

from tiaojie.core.settings import get_settings
from tiaojie.sim.scenario import parse_scenario


@pytest.fixture(scope="session")
def provincial_data():
    return yaml.safe_load((get_settings().scenarios_dir / "provincial.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def small_data(provincial_data):
    """The provincial preset scaled down: short horizon, few cases, fast in tests."""
    d = copy.deepcopy(provincial_data)
    d["horizon_days"] = 150
    d["warmup_days"] = 30
    d["replications"] = 4
    for ch in d["arrivals"]["channels"].values():
        ch["per_week"] = ch["per_week"] / 4
    for p in d["staff"]["pools"]:
        p["full_time"] = max(2, p["full_time"] // 4)
    return d


@pytest.fixture
def small(small_data):
    return parse_scenario(small_data, "small.yaml")
