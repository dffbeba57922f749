"""Back-test: a fixed-seed run of each preset against saved results, so a change that moves the
simulation's numbers is seen (and either fixed or re-recorded on purpose).

Tolerances: case counts (arrivals, closed) must match exactly — they depend only on the random
streams and the rules; shares (compliance by pool, track and origin; success rate; first
contact on time; utilisation) within ``SHARE_TOL`` = 0.002 absolute; mean days to first
contact within 1% relative. The run is deterministic, so on one platform the numbers are
identical; the tolerances absorb floating-point differences between numpy builds only.

Re-record (after an intended change, saying why in the commit):
    PYTHONPATH=. python tests/sim/test_backtest.py
"""

import json
import math
from pathlib import Path

import pytest

from tiaojie.sim.model import run_replication
from tiaojie.sim.scenario import load_scenario, presets

SAVED = Path(__file__).parent / "data" / "backtest.json"
REPLICATIONS = (0, 1)
SHARE_TOL = 0.002
REL_TOL = 0.01


def snapshot(name: str) -> list[dict]:
    sc = load_scenario(name)
    out = []
    for r in REPLICATIONS:
        res = run_replication(sc, r)
        out.append({
            "arrivals": res.arrivals, "closed": res.closed,
            "shares": {"compliance": res.compliance, "success_rate": res.success_rate,
                       "first_contact_on_time": res.first_contact_on_time,
                       **{f"pool.{k}": v for k, v in res.compliance_by_pool.items()},
                       **{f"track.{k}": v for k, v in res.compliance_by_track.items()},
                       **{f"origin.{k}": v for k, v in res.compliance_by_origin.items()},
                       **{f"utilisation.{k}": v for k, v in res.utilisation.items()}},
            "first_contact_mean_days": res.first_contact_mean_days,
        })
    return out


@pytest.mark.parametrize("name", presets())
def test_preset_matches_saved_results(name):
    saved = json.loads(SAVED.read_text(encoding="utf-8"))[name]
    for now, then in zip(snapshot(name), saved):
        assert (now["arrivals"], now["closed"]) == (then["arrivals"], then["closed"])
        for k, v in then["shares"].items():
            if v is None:
                assert now["shares"][k] is None, k
            else:
                assert abs(now["shares"][k] - v) <= SHARE_TOL, (k, now["shares"][k], v)
        assert math.isclose(now["first_contact_mean_days"], then["first_contact_mean_days"], rel_tol=REL_TOL)


if __name__ == "__main__":
    SAVED.write_text(json.dumps({n: snapshot(n) for n in presets()}, indent=1, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    print(f"wrote {SAVED}")
