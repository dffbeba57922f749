"""The mediator pool: long-lived servers, heap queues, SimPy timeouts with callbacks.

Speed notes (see shared/design/stack-notes.md): no process per case and no
``simpy.PriorityResource`` (it re-sorts its queue on every request). A task waiting for a
mediator sits in a heap keyed by its priority (the case's due time: earliest deadline first;
arrival time gives FIFO); a mediator finishing work takes the head of its own follow-up heap
or of the pool's heap, whichever is due first. Work takes elapsed time through the mediator's
:class:`~tiaojie.sim.calendar.WorkClock` (no clock: effort is elapsed time, the M/M/c case).

A task is any object with ``effort`` (hours) and writable ``started``; the pool calls
``on_done(pool, mediator, task)`` when the work is finished.
"""

from __future__ import annotations

from heapq import heappop, heappush

from simpy.events import NORMAL, Timeout


class MediatorPool:
    __slots__ = ("env", "n", "clocks", "is_idle", "idle", "n_idle", "queue", "personal",
                 "seq", "on_done", "busy_hours", "count_from", "_cb", "max_queue", "index", "tasks")

    def __init__(self, env, clocks: list, on_done, count_from: float = 0.0, index: int = 0):
        self.env = env
        self.n = len(clocks)
        self.clocks = clocks
        self.is_idle = [True] * self.n
        self.idle = list(range(self.n - 1, -1, -1))   # stack; may hold stale entries
        self.n_idle = self.n
        self.queue: list = []
        self.personal: list[list] = [[] for _ in range(self.n)]
        self.seq = 0
        self.on_done = on_done
        self.busy_hours = 0.0
        self.count_from = count_from
        self._cb = self._finish
        self.max_queue = 0
        self.index = index
        self.tasks = 0

    def queued(self) -> int:
        return len(self.queue) + sum(len(h) for h in self.personal)

    def submit(self, key: float, task, mediator: int = -1) -> None:
        """Offer a task: to a given mediator (follow-up, party's choice) or to anyone."""
        if mediator >= 0:
            if self.is_idle[mediator]:
                self.is_idle[mediator] = False
                self.n_idle -= 1
                self._start(mediator, task)
            else:
                self.seq += 1
                heappush(self.personal[mediator], (key, self.seq, task))
            return
        if self.n_idle:
            idle, is_idle = self.idle, self.is_idle
            m = idle.pop()
            while not is_idle[m]:
                m = idle.pop()
            is_idle[m] = False
            self.n_idle -= 1
            self._start(m, task)
            return
        self.seq += 1
        heappush(self.queue, (key, self.seq, task))
        if len(self.queue) > self.max_queue:
            self.max_queue = len(self.queue)

    def _start(self, m: int, task) -> None:
        env = self.env
        now = env._now
        clock = self.clocks[m]
        effort = task.effort
        if clock is None:
            task.started = now
            delay = effort
        else:
            task.started = clock.finish(now, 0.0)
            delay = clock.finish(now, effort) - now
        if now >= self.count_from:
            self.busy_hours += effort
            self.tasks += 1
        ev = Timeout(env, delay, (m, task))
        ev.callbacks.append(self._cb)

    def _finish(self, ev) -> None:
        m, task = ev._value
        own = self.personal[m]
        q = self.queue
        if own and (not q or own[0] < q[0]):
            self._start(m, heappop(own)[2])
        elif q:
            self._start(m, heappop(q)[2])
        else:
            self.is_idle[m] = True
            self.n_idle += 1
            self.idle.append(m)
        self.on_done(self, m, task)


def schedule(env, delay: float, callback, value=None) -> None:
    """Call ``callback(event)`` after ``delay`` (a bare timeout, no process)."""
    ev = Timeout(env, delay, value)
    ev.callbacks.append(callback)


__all__ = ["MediatorPool", "schedule", "NORMAL"]
