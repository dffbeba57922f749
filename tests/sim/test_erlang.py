import math

import pytest

from tiaojie.sim.erlang import erlang_a, erlang_c, min_servers_for, min_servers_stable, mmc_metrics
from tiaojie.sim.stats import mean_ci, mser5_truncation, t_quantile


def test_erlang_c_known_values():
    # M/M/1: P(wait) = rho
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    # textbook value: c=2, a=1 -> 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    m = mmc_metrics(1.0, 1.5, 1, wait_threshold=1.0)
    rho = 1 / 1.5
    assert m["mean_wait"] == pytest.approx(rho / (1.5 - 1.0))
    assert m["p_wait_lt"] == pytest.approx(1 - rho * math.exp(-(1.5 - 1.0)))


def test_erlang_a_tends_to_c():
    a = erlang_a(9, 1, 10, 1e-7)
    c = mmc_metrics(9, 1, 10)
    assert a["p_wait"] == pytest.approx(c["p_wait"], rel=1e-4)
    assert erlang_a(9, 1, 10, 1.0)["p_abandon"] > 0


def test_bounds():
    assert min_servers_stable(9.0) == 10
    c = min_servers_for(9, 1, wait_threshold=0.2, target=0.8)
    assert mmc_metrics(9, 1, c, 0.2)["p_wait_lt"] >= 0.8
    assert mmc_metrics(9, 1, c - 1, 0.2)["p_wait_lt"] < 0.8


def test_t_quantile_and_ci():
    assert t_quantile(0.975, 9) == pytest.approx(2.2622, abs=2e-3)
    assert t_quantile(0.975, 4) == pytest.approx(2.7764, abs=2e-3)
    m, lo, hi = mean_ci([1.0, 2.0, 3.0])
    assert m == 2 and lo < 2 < hi


def test_mser5_detects_initial_transient():
    series = [10.0] * 100 + [1.0, 1.2, 0.8, 1.1, 0.9] * 200
    assert 90 <= mser5_truncation(series) <= 110
