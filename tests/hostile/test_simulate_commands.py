"""Hostile numbers for the simulation commands: refused in one line, or refused with an estimate."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_helpers import no_nan, sane_exit

WEIRD = st.sampled_from(["nan", "inf", "-1", "0", "true", "", "1e400", "1000000000", "-0", "abc", "3.5"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lam=WEIRD, servers=WEIRD, customers=WEIRD, threshold=WEIRD)
def test_mmc_never_hangs_crashes_or_prints_nan(tiaojie, lam, servers, customers, threshold):
    r = tiaojie("simulate", "mmc", "--arrival-rate", lam, "--service-rate", "1", "--servers", servers,
                "--customers", customers, "--replications", "2", "--wait-threshold", threshold, "--json")
    sane_exit(r)
    if r.code == 0:
        out = r.json()
        no_nan(out)
        assert 0 <= out["p_wait_lt"] <= 1


@pytest.mark.parametrize("args, field", [
    (["--servers", "1000000000", "--customers", "1000"], "servers"),
    (["--servers", "10", "--customers", "1000000000"], "--allow-large"),
    (["--servers", "10", "--customers", "1000", "--wait-threshold", "-1"], "wait-threshold"),
    (["--servers", "0", "--customers", "1000"], "servers"),
])
def test_mmc_known_classes(tiaojie, args, field):
    r = tiaojie("simulate", "mmc", "--arrival-rate", "9", "--service-rate", "1", "--replications", "2", *args)
    assert r.code == 2 and field in r.err


def test_one_replication_gives_no_interval(tiaojie):
    r = tiaojie("simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1", "--servers", "6",
                "--customers", "2000", "--replications", "1", "--json")
    assert r.code == 0
    assert r.json()["mean_wait_ci"] == [None, None]


def test_scenario_with_a_billion_cases_is_refused_before_running(tiaojie, tmp_path):
    from tiaojie.core.settings import CHECKOUT_ROOT

    text = (CHECKOUT_ROOT / "simulations" / "scenarios" / "provincial.yaml").read_text(encoding="utf-8")
    path = tmp_path / "big.yaml"
    path.write_text(text.replace("per_week: 25,", "per_week: 1000000000,", 1), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    r = tiaojie("simulate", "run", str(path), "--replications", "2", "--json")
    assert r.code == 2 and "arrivals" in r.err and "上限" in r.err
