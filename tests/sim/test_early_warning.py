"""Early-warning detectors and their evaluation over surge sizes (tiaojie.sim.early_warning)."""

import numpy as np

from tiaojie.rules import load_config
from tiaojie.sim import early_warning as ew
from tiaojie.sim.model import day_tables
from tiaojie.sim.scenario import load_scenario


def test_detectors_alarm_on_a_step_and_not_before():
    rng = np.random.default_rng(1)
    x = rng.poisson(20, 200).astype(float)
    x[150:] += 25
    working = np.ones(200, dtype=bool)
    z = ew.standardise(x, working, 100)
    for detect in ew.DETECTORS.values():
        res = ew.evaluate(detect(z), 150, 100)
        assert res["delay_days"] is not None and res["delay_days"] <= 3
        assert res["false_alarm_days"] <= 2


def test_detection_table_large_surges_are_caught_and_none_is_not():
    sc = load_scenario("surge")
    tables = day_tables(sc, load_config())
    base = sc.arrivals.surges[0].start_day - 30
    rows = ew.detection_table(sc, (2000, 0), replications=2, baseline_days=base, working=tables.working)
    big = [r for r in rows if r["cases"] == 2000]
    none = [r for r in rows if r["cases"] == 0]
    assert all(r["misses"] == 0 and r["mean_delay_days"] <= 2 for r in big)
    assert all(r["replications"] == 2 for r in rows)
    # without a surge every "detection" after the start day is a false alarm, rarely all runs
    assert sum(r["misses"] for r in none) >= 1
