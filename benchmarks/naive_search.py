"""The fair naive baseline of the staffing search (benchmarks only).

Same model as the real search (``tiaojie.sim.model``: the same part-time rules, joint
mediation, recusal and random streams), searched the way a first version would be: one pool
at a time, starting from the offered load (the fewest full-timers whose capacity, with the
scenario's part-timers, exceeds the pool's offered work — below that no staffing keeps up)
and stepping up by one until the lower end of the 95% CI of the pool's compliance reaches the
target; every candidate runs all replications of the whole model, serially, drawing its cases
afresh. What it lacks is exactly what ``tiaojie.sim.staffing`` adds: the Erlang C estimate,
step-down/bisection, early stopping on a screen, pools simulated only while unsettled, case
streams kept between candidates, and parallel workers.
"""

from __future__ import annotations

import math

from tiaojie.rules import config_path
from tiaojie.sim.model import run_replication
from tiaojie.sim.staffing import _pilot, offered_load
from tiaojie.sim.stats import mean_ci


def naive_search(sc, *, target: float, replications: int, max_staff: int = 5000) -> dict:
    loads = offered_load(sc, _pilot(sc, str(config_path())))
    staff = [max(0, math.floor(L["load_fte"] - L["part_time_fte"]) + 1) for L in loads]
    names = [p.name for p in sc.staff.pools]
    evaluations = 0
    for i, name in enumerate(names):
        while True:
            if staff[i] > max_staff:
                raise RuntimeError(f"naive search: {name} does not reach the target")
            evaluations += 1
            cand = sc.with_staff(staff)
            vals = [run_replication(cand, r).compliance_by_pool[name] for r in range(replications)]
            if mean_ci([1.0 if v is None else v for v in vals])[1] >= target:
                break
            staff[i] += 1
    return {"answer": dict(zip(names, staff)), "evaluations": evaluations,
            "start": [max(0, math.floor(L["load_fte"] - L["part_time_fte"]) + 1) for L in loads]}
