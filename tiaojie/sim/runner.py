"""Replications: in parallel on this machine's cores (process pool) or on a Dask cluster.

``map_replications(fn, jobs)`` runs ``fn(job)`` for each job and returns results in job order.
``fn`` must be a module-level function and jobs picklable. Each job names its replication
index, and the seeds come from ``SeedSequence(seed).spawn``-style children, so results do not
depend on where or in what order jobs run.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import sys

from tqdm import tqdm

_POOL = None
_POOL_SIZE = 0


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _pool(workers: int):
    """A process pool kept for the session (start-up costs ~0.1 s; a staffing search maps
    many small batches)."""
    global _POOL, _POOL_SIZE
    if _POOL is None or _POOL_SIZE != workers:
        if _POOL is not None:
            _POOL.terminate()
        # forkserver, not fork: the caller may have threads (Jupyter kernels, Playwright, Dask),
        # and forking a threaded process can deadlock the children.
        if "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["tiaojie.sim.model", "tiaojie.sim.staffing"])
        else:
            ctx = mp.get_context("spawn")
        _POOL = ctx.Pool(workers)
        _POOL_SIZE = workers
    return _POOL


@atexit.register
def shutdown_pool() -> None:
    global _POOL, _POOL_SIZE
    if _POOL is not None:
        _POOL.terminate()
        _POOL.join()
    _POOL, _POOL_SIZE = None, 0


def map_replications(fn, jobs: list, *, workers: int | None = None, dask_address: str | None = None,
                     progress: bool = False, desc: str = "") -> list:
    jobs = list(jobs)
    bar = tqdm(total=len(jobs), desc=desc, file=sys.stderr, disable=not progress, leave=False)
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
        pool = _pool(workers)
        out = [None] * len(jobs)
        for i, res in pool.imap_unordered(_Indexed(fn), list(enumerate(jobs))):
            out[i] = res
            bar.update(1)
        return out
    finally:
        bar.close()


class _Indexed:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, item):
        i, job = item
        return i, self.fn(job)


def _dask_map(fn, jobs, address, bar):
    from distributed import Client

    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except OSError as exc:
        raise DaskUnavailable(f"无法连接 Dask 集群 {address}（cannot connect: {exc}）") from None
    try:
        futures = client.map(fn, jobs, pure=False)
        out = []
        for fut in futures:
            out.append(fut.result())
            bar.update(1)
        return out
    finally:
        client.close()


from ..core.errors import TiaojieError as _TE  # noqa: E402


class DaskUnavailable(_TE):
    pass


# --- scenario replications ------------------------------------------------------------------

def replication_job(job: tuple) -> dict:
    """(scenario, replication, practice-config path) → that replication's KPIs."""
    sc, rep, cfg_path = job
    from ..rules import load_config
    from .model import run_replication

    return run_replication(sc, rep, config=load_config(cfg_path))


def run_scenario(sc, *, replications: int | None = None, workers: int | None = None,
                 dask_address: str | None = None, progress: bool = False,
                 config_path: str | None = None, first_replication: int = 0) -> dict:
    """Replications of a scenario and their summary (means with 95% CIs)."""
    from ..rules import config_path as _cfg_path
    from .kpis import summarise_replications

    n = sc.replications if replications is None else int(replications)
    cfg = str(_cfg_path(config_path))
    jobs = [(sc, first_replication + r, cfg) for r in range(n)]
    reps = map_replications(replication_job, jobs, workers=workers, dask_address=dask_address,
                            progress=progress, desc="仿真 replications")
    return {"summary": summarise_replications(sc, reps), "replications": reps}
