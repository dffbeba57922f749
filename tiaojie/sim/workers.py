"""Worker processes with replication affinity, kept for the session.

A staffing search maps many small batches of replications; each worker keeps the case streams
of the replications it has run (``casegen``'s cache), so replication r always goes to worker
``r mod n`` — a plain ``multiprocessing.Pool`` hands jobs to whichever worker is free and half
the candidates would redraw their cases. A single-threaded caller (the command line) forks its
workers directly; a caller with threads (Jupyter kernels, Playwright, Dask: forking a threaded
process can deadlock the children) starts them from a forkserver that has already imported the
simulation.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as _queue
import threading

from ..core.errors import TiaojieError


def fork_safe() -> bool:
    """Forking is safe when this process runs a single thread (a command-line run): the children
    then start in milliseconds with everything already imported and the rules' caches warm."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def _context():
    if fork_safe():
        return mp.get_context("fork")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["tiaojie.sim.model", "tiaojie.sim.staffing"])
        return ctx
    return mp.get_context("spawn")


def _serve(inq, outq) -> None:
    while True:
        item = inq.get()
        if item is None:
            return
        i, fn, job = item
        try:
            outq.put((i, True, fn(job)))
        except BaseException as exc:     # sent back, raised in the caller
            outq.put((i, False, (isinstance(exc, TiaojieError), f"{type(exc).__name__}: {exc}", str(exc))))


class WorkerSet:
    def __init__(self, n: int):
        ctx = _context()
        self.n = n
        self.inq = [ctx.SimpleQueue() for _ in range(n)]
        self.outq = ctx.Queue()
        self.procs = [ctx.Process(target=_serve, args=(q, self.outq), daemon=True) for q in self.inq]
        for p in self.procs:
            p.start()

    def map(self, fn, jobs: list, keys: list[int], on_result) -> list:
        """``fn(job)`` on worker ``key mod n`` for each job; results in job order."""
        for i, (job, key) in enumerate(zip(jobs, keys)):
            self.inq[key % self.n].put((i, fn, job))
        out: list = [None] * len(jobs)
        for _ in jobs:
            i, ok, res = self._get()
            if not ok:
                user, text, message = res
                raise TiaojieError(message) if user else RuntimeError(text)
            out[i] = res
            on_result()
        return out

    def _get(self):
        while True:
            try:
                return self.outq.get(timeout=1.0)
            except _queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
                if dead:
                    self.close()
                    raise RuntimeError(f"a simulation worker process died (exit code {dead[0].exitcode})")

    def cpu_seconds(self) -> float:
        """User + system CPU time the worker processes have used so far (Linux /proc)."""
        import os

        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for p in self.procs:
            try:
                with open(f"/proc/{p.pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        return total

    def close(self) -> None:
        for q, p in zip(self.inq, self.procs):
            if p.is_alive():
                try:
                    q.put(None)
                except (OSError, ValueError):
                    pass
        for p in self.procs:
            p.join(timeout=2)
            if p.is_alive():
                p.terminate()
                p.join()
