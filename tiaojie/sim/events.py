"""The event log of a run, as two CSV files a planner or analyst can take elsewhere.

``cases.csv``: ``case_id, replication, arrival, closed, outcome, track, origin, pool, due,
recused_mediator`` — one row per case (``closed`` empty while still open at the horizon).
``work.csv``: ``case_id, replication, mediator, start, end, kind`` — one row per mediator per
work item; ``kind`` is ``intake``, ``session`` or ``joint`` (a joint session: two rows, same
interval, two mediators). Times are days from the start of the horizon (0.5 = noon of the first
day); ``due`` is the end of the due day. Mediators are named ``<pool>#<n>`` (full-timers first).
"""

from __future__ import annotations

import csv
from pathlib import Path

CASE_COLUMNS = ("case_id", "replication", "arrival", "closed", "outcome", "track", "origin", "pool",
                "due", "recused_mediator")
WORK_COLUMNS = ("case_id", "replication", "mediator", "start", "end", "kind")
KINDS = ("intake", "session", "joint")


def _t(x: float) -> str:
    return repr(round(float(x), 9))


def mediator_name(pool: str, m: int) -> str:
    return f"{pool}#{m}"


def write_events(results: list, out_dir: str | Path, first_replication: int = 0) -> list[Path]:
    """Write ``cases.csv`` and ``work.csv`` for replications run with ``record=True``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cases_p, work_p = out / "cases.csv", out / "work.csv"
    with cases_p.open("w", newline="", encoding="utf-8") as fc, work_p.open("w", newline="", encoding="utf-8") as fw:
        wc, ww = csv.writer(fc), csv.writer(fw)
        wc.writerow(CASE_COLUMNS)
        ww.writerow(WORK_COLUMNS)
        for r, res in enumerate(results, start=first_replication):
            log = res.events
            if log is None:
                raise ValueError("replication run without record=True has no event log")
            for cid, arr, closed, outcome, track, origin, pool, due, avoid in sorted(log.cases, key=lambda x: x[0]):
                wc.writerow((cid, r, _t(arr), "" if closed is None else _t(closed), outcome, track, origin,
                             pool, _t(due), "" if avoid < 0 else mediator_name(pool, avoid)))
            for cid, pool, m, start, end, kind in log.work:
                ww.writerow((cid, r, mediator_name(pool, m), _t(start), _t(end), KINDS[kind]))
    return [cases_p, work_p]
