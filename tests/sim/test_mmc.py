"""M/M/c validation: the model reduced to M/M/c against Erlang C, several parameter sets.

A 95% interval misses the true value about 1 time in 20 by design; seeds are fixed so the
test is deterministic (seed = 1000 + the parameter set's index), and a separate test checks
the intervals' coverage over many seeds (the property that makes the single checks meaningful).
"""

import pytest

from tiaojie.sim.mmc import run_mmc, simulate_mmc

CASES = [
    # (lambda, mu, c, threshold)
    (0.8, 1.0, 1, 1.0),
    (4.0, 1.0, 5, 0.3),
    (9.0, 1.0, 10, 0.5),
    (15.0, 0.5, 34, 0.2),
]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_mmc_matches_erlang_c(index):
    lam, mu, c, thr = CASES[index]
    res = run_mmc(lam, mu, c, customers=30000, replications=10, seed=1000 + index, wait_threshold=thr)
    lo, hi = res["mean_wait_ci"]
    assert lo <= res["erlang_c"]["mean_wait"] <= hi
    lo, hi = res["p_wait_lt_ci"]
    assert lo <= res["erlang_c"]["p_wait_lt"] <= hi
    assert res["warmup"]["customers"] >= 0 and res["warmup"]["method"]


def test_mmc_reproducible_and_independent_replications():
    a = simulate_mmc(4, 1, 5, 5000, seed=3, replication=0)
    b = simulate_mmc(4, 1, 5, 5000, seed=3, replication=0)
    c = simulate_mmc(4, 1, 5, 5000, seed=3, replication=1)
    assert a == b
    assert a["mean_wait"] != c["mean_wait"]


def test_unstable_is_a_clear_error():
    from tiaojie.core.errors import TiaojieError
    with pytest.raises(TiaojieError, match="servers"):
        run_mmc(10, 1, 5, 1000, 2)


@pytest.mark.slow
def test_confidence_interval_coverage():
    """Over 40 seeds, the 95% CIs of mean wait and P(wait < t) cover Erlang C in most runs
    (warm-up chosen once by the automatic rule, then given: the pilots are not what is tested)."""
    from tiaojie.sim.mmc import choose_warmup

    warm = choose_warmup(4.0, 1.0, 5, 4000, seed=0)
    inside_w = inside_p = 0
    for seed in range(40):
        r = run_mmc(4.0, 1.0, 5, customers=4000, replications=8, seed=seed, wait_threshold=0.3,
                    workers=1, warmup=warm)
        inside_w += r["erlang_c_inside_ci"]["mean_wait"]
        inside_p += r["erlang_c_inside_ci"]["p_wait_lt"]
    # binomial(40, 0.95): 34 or more with probability > 0.99
    assert inside_w >= 34 and inside_p >= 34


ABANDON = [
    # (lambda, mu, c, theta): moderate, overloaded (only abandonment keeps it stable), light, small pool
    (9.0, 1.0, 10, 0.5),
    (12.0, 1.0, 10, 1.0),
    (4.0, 0.5, 10, 0.2),
    (3.0, 1.0, 3, 2.0),
]


@pytest.mark.parametrize("index", range(len(ABANDON)))
def test_mmc_with_patience_matches_erlang_a(index):
    lam, mu, c, theta = ABANDON[index]
    res = run_mmc(lam, mu, c, customers=20000, replications=10, seed=2000 + index, patience_rate=theta,
                  workers=1)
    lo, hi = res["abandon_ci"]
    assert 0 < lo <= res["erlang_a"]["p_abandon"] <= hi
    lo, hi = res["mean_wait_ci"]
    assert lo <= res["erlang_a"]["mean_wait"] <= hi


def test_warmup_of_an_empty_start_is_not_zero():
    from tiaojie.sim.mmc import choose_warmup, relaxation_floor

    floor = relaxation_floor(9.0, 1.0, 10)
    assert floor > 1000                            # ρ = 0.9: five relaxation times ≈ 1,700 customers
    assert choose_warmup(9.0, 1.0, 10, 20000, seed=1) >= floor
    assert relaxation_floor(9.0, 1.0, 10, patience_rate=1.0) < floor   # patience shortens it


def test_mmc_patience_cli_json():
    import json

    from click.testing import CliRunner

    from tiaojie.cli.main import cli

    r = CliRunner().invoke(cli, ["simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1", "--servers", "4",
                                 "--customers", "4000", "--replications", "4", "--patience-rate", "0.5", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert len(out["abandon_ci"]) == 2 and len(out["mean_wait_ci"]) == 2
    assert set(out["erlang_a"]) >= {"p_abandon", "mean_wait"}
    bad = CliRunner().invoke(cli, ["simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1", "--servers", "4",
                                   "--patience-rate", "-1"])
    assert bad.exit_code != 0 and "patience-rate" in bad.stderr
