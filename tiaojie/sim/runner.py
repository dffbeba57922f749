"""Replications: in parallel on this machine's cores (process pool) or on a Dask cluster.

``map_replications(fn, jobs)`` runs ``fn(job)`` for each job and returns results in job order.
``fn`` must be a module-level function and jobs picklable. Each job names its replication
index, and the seeds come from ``SeedSequence(seed).spawn``-style children, so results do not
depend on where or in what order jobs run.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time

from tqdm import tqdm

_POOL = None
_POOL_SIZE = 0


def default_workers() -> int:
    """The cores not already busy, at least one: on a saturated machine extra processes only add
    start-up and hand-over costs (a staffing search then runs in this process); results never
    depend on the number of workers. "Busy" is what other processes run *now*
    (:func:`busy_elsewhere`), not the 1-minute load average, which still counts this program's own
    work of the last minute and would make a second search in a row run serially."""
    cores = max(1, os.cpu_count() or 1)
    return max(1, min(cores, cores - busy_elsewhere()))


def busy_elsewhere(samples: int = 5, pause: float = 0.01) -> int:
    """Runnable processes other than this one: the smallest of a few readings of ``procs_running``
    in ``/proc/stat`` (one reading catches short-lived tasks), minus this process. Without
    ``/proc`` (not Linux): the 1-minute load average."""
    readings = []
    for k in range(samples):
        try:
            with open("/proc/stat") as f:
                line = next((x for x in f if x.startswith("procs_running")), "")
            readings.append(int(line.split()[1]))
        except (OSError, IndexError, ValueError):
            try:
                return int(round(os.getloadavg()[0]))
            except OSError:
                return 0
        if k + 1 < samples:
            time.sleep(pause)
    return max(0, min(readings) - 1)


_STARTING: threading.Thread | None = None


def prestart(workers: int | None = None, dask_address: str | None = None) -> None:
    """Start the worker processes in the background (the staffing search does this before
    reading the offered load, so the two overlap). Not needed when the workers can be forked."""
    global _STARTING
    from .workers import fork_safe

    if fork_safe():
        return            # forked on first use, after the caller has warmed its caches: milliseconds
    w = default_workers() if workers is None else int(workers)
    if dask_address or w <= 1 or (_POOL is not None and _POOL_SIZE == w) or _STARTING is not None:
        return
    _STARTING = threading.Thread(target=_pool, args=(w,), daemon=True)
    _STARTING.start()


def _pool(workers: int):
    """Worker processes kept for the session (start-up costs a second or two; a staffing search
    maps many small batches), with replication affinity (:mod:`tiaojie.sim.workers`)."""
    global _POOL, _POOL_SIZE, _STARTING
    starting = _STARTING
    if starting is not None and starting is not threading.current_thread():
        starting.join()
        _STARTING = None
    if _POOL is None or _POOL_SIZE != workers:
        if _POOL is not None:
            _POOL.close()
        from .workers import WorkerSet
        _POOL = WorkerSet(workers)
        _POOL_SIZE = workers
    return _POOL


@atexit.register
def shutdown_pool() -> None:
    global _POOL, _POOL_SIZE, _STARTING
    if _STARTING is not None:
        _STARTING.join()
        _STARTING = None
    if _POOL is not None:
        _POOL.close()
    _POOL, _POOL_SIZE = None, 0


def replication_key(job, index: int) -> int:
    """The replication a job simulates (jobs of one replication go to the same worker)."""
    if isinstance(job, tuple) and len(job) > 1 and isinstance(job[1], int):
        return job[1]
    if isinstance(job, dict) and isinstance(job.get("replication"), int):
        return job["replication"]
    return index


def map_replications(fn, jobs: list, *, workers: int | None = None, dask_address: str | None = None,
                     progress: bool = False, desc: str = "", on_progress=None) -> list:
    """``fn(job)`` for each job, in job order; ``on_progress(done, total)`` after each job."""
    jobs = list(jobs)
    bar = _Progress(len(jobs), desc, progress, on_progress)
    try:
        if dask_address:
            return _dask_map(fn, jobs, dask_address, bar)
        workers = default_workers() if workers is None else int(workers)
        if workers <= 1 or len(jobs) <= 1:
            out = []
            for j in jobs:
                out.append(fn(j))
                bar.update(1)
            return out
        keys = [replication_key(j, i) for i, j in enumerate(jobs)]
        return _pool(workers).map(fn, jobs, keys, bar.update)
    finally:
        bar.close()


class _Progress:
    """A tqdm bar on stderr (command line) and/or a callback (the app's progress bar)."""

    def __init__(self, total, desc, show, callback):
        self.total, self.done, self.callback = total, 0, callback
        self.bar = tqdm(total=total, desc=desc, file=sys.stderr, disable=not show, leave=False)

    def update(self, k: int = 1) -> None:
        self.done += k
        self.bar.update(k)
        if self.callback is not None:
            self.callback(self.done, self.total)

    def close(self) -> None:
        self.bar.close()


def _dask_map(fn, jobs, address, bar):
    from distributed import Client

    from .dask_check import check_dask_address

    check_dask_address(address)
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except Exception as exc:    # noqa: BLE001 — any failure is one line naming --dask
        raise DaskUnavailable(f"--dask {address}：无法连接 Dask 集群（{type(exc).__name__}）") from None
    try:
        futures = client.map(fn, jobs, pure=False)
        out = []
        for fut in futures:
            out.append(fut.result())
            bar.update(1)
        return out
    finally:
        client.close()


from .dask_check import DaskUnavailable  # noqa: E402,F401  (re-exported)


# --- scenario replications ------------------------------------------------------------------

def replication_job(job: tuple):
    """(scenario, replication, practice-config path[, record]) → that replication's result."""
    sc, rep, cfg_path, *rest = job
    from ..rules import load_config
    from .model import run_replication

    return run_replication(sc, rep, config=load_config(cfg_path), record=bool(rest and rest[0]))


def run_scenario(sc, *, replications: int | None = None, workers: int | None = None,
                 dask_address: str | None = None, progress: bool = False,
                 config_path: str | None = None, first_replication: int = 0, record: bool = False) -> dict:
    """Replications of a scenario and their summary (means with 95% CIs); ``record`` keeps
    each replication's event log (``tiaojie.sim.events``)."""
    from ..rules import config_path as _cfg_path
    from .kpis import summarise_replications

    n = sc.replications if replications is None else int(replications)
    cfg = str(_cfg_path(config_path))
    jobs = [(sc, first_replication + r, cfg, record) for r in range(n)]
    reps = map_replications(replication_job, jobs, workers=workers, dask_address=dask_address,
                            progress=progress, desc="仿真 replications")
    return {"summary": summarise_replications(sc, reps), "replications": reps}
