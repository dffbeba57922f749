"""The mediator pool: long-lived servers, heap queues, SimPy timeouts with callbacks.

Speed notes (see shared/design/stack-notes.md): no process per case and no
``simpy.PriorityResource`` (it re-sorts its queue on every request). A task waiting for a
mediator sits in a heap keyed by its priority (the case's due time: earliest deadline first;
arrival time gives FIFO); a mediator finishing work takes the head of its own follow-up heap
or of the pool's heaps, whichever is due first. Work takes elapsed time through the mediator's
:class:`~tiaojie.sim.calendar.WorkClock` (no clock: effort is elapsed time, the M/M/c case).

Mediators ``0 … n_full-1`` are full-timers, the rest part-timers. Assignment by the
organisation prefers a free full-timer; a part-timer takes only *short* tasks (the model marks
them) and only while holding fewer than ``part_time_cap`` open cases (``owned``: the model
calls :meth:`release` when a case leaves its mediator). Every structure is bounded by the
number of mediators or of waiting tasks: free-mediator stacks never hold duplicates, and no
event scans a list of mediators, so the cost of an event does not grow with the run.

A task is any object with ``effort`` (hours), ``step`` (0 = intake: a part-timer starting it
becomes the case's owner) and writable ``started``; the pool calls
``on_done(pool, mediator, task)`` when the work is finished.
"""

from __future__ import annotations

from heapq import heappop, heappush

from simpy.events import NORMAL, Timeout


class MediatorPool:
    __slots__ = ("env", "n", "nf", "cap", "clocks", "is_idle", "owned", "ft_free", "pt_free",
                 "listed", "long_q", "short_q", "personal", "seq", "on_done", "busy_hours",
                 "count_from", "_cb", "max_queue", "index", "tasks")

    def __init__(self, env, clocks: list, on_done, count_from: float = 0.0, index: int = 0,
                 n_full: int | None = None, part_time_cap: int = 0):
        self.env = env
        self.n = len(clocks)
        self.nf = self.n if n_full is None else int(n_full)
        self.cap = int(part_time_cap)
        self.clocks = clocks
        self.is_idle = [True] * self.n
        self.owned = [0] * self.n
        self.ft_free = list(range(self.nf - 1, -1, -1))          # stacks; may hold stale entries
        self.pt_free = list(range(self.n - 1, self.nf - 1, -1)) if self.cap > 0 else []
        self.listed = [True] * self.n                             # on a free stack (no duplicates)
        if self.cap <= 0:
            for m in range(self.nf, self.n):
                self.listed[m] = False
        self.long_q: list = []       # tasks only full-timers may take
        self.short_q: list = []      # tasks anyone may take
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
        return len(self.long_q) + len(self.short_q) + sum(len(h) for h in self.personal)

    def may_choose(self, m: int, short: bool) -> bool:
        """Can a party's choice of mediator ``m`` be honoured for this case?"""
        return m < self.nf or (short and self.owned[m] < self.cap)

    def _free_ft(self) -> int:
        stack, is_idle, listed = self.ft_free, self.is_idle, self.listed
        while stack:
            m = stack.pop()
            listed[m] = False
            if is_idle[m]:
                return m
        return -1

    def _free_pt(self) -> int:
        stack, is_idle, listed, owned, cap = self.pt_free, self.is_idle, self.listed, self.owned, self.cap
        while stack:
            m = stack.pop()
            listed[m] = False
            if is_idle[m] and owned[m] < cap:
                return m
        return -1

    def submit(self, key: float, task, mediator: int = -1, short: bool = False) -> None:
        """Offer a task: to a given mediator (follow-up, party's choice) or to the pool."""
        self.seq += 1
        if mediator >= 0:
            if self.is_idle[mediator]:
                self.is_idle[mediator] = False
                self._start(mediator, task)
            else:
                heappush(self.personal[mediator], (key, self.seq, task))
            return
        m = self._free_ft()
        if m < 0 and short and self.pt_free:
            m = self._free_pt()
        if m >= 0:
            self.is_idle[m] = False
            self._start(m, task)
            return
        q = self.short_q if short else self.long_q
        heappush(q, (key, self.seq, task))
        if len(q) > self.max_queue:
            self.max_queue = len(q)

    def release(self, m: int) -> None:
        """The case owned by part-timer ``m`` has left them (work done, recusal)."""
        if m < self.nf:
            return
        self.owned[m] -= 1
        if self.is_idle[m] and self.owned[m] < self.cap:
            if self.short_q:
                self.is_idle[m] = False
                self._start(m, heappop(self.short_q)[2])
            elif not self.listed[m]:
                self.listed[m] = True
                self.pt_free.append(m)

    def _start(self, m: int, task) -> None:
        env = self.env
        now = env._now
        clock = self.clocks[m]
        effort = task.effort
        if m >= self.nf and task.step == 0:
            self.owned[m] += 1
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
        best = own[0] if own else None
        src = own
        sq = self.short_q
        if sq and (m < self.nf or self.owned[m] < self.cap) and (best is None or sq[0] < best):
            best, src = sq[0], sq
        if m < self.nf:
            lq = self.long_q
            if lq and (best is None or lq[0] < best):
                best, src = lq[0], lq
        if best is not None:
            heappop(src)
            self._start(m, best[2])
        else:
            self.is_idle[m] = True
            if not self.listed[m] and (m < self.nf or self.owned[m] < self.cap):
                self.listed[m] = True
                (self.ft_free if m < self.nf else self.pt_free).append(m)
        self.on_done(self, m, task)


def schedule(env, delay: float, callback, value=None) -> None:
    """Call ``callback(event)`` after ``delay`` (a bare timeout, no process)."""
    ev = Timeout(env, delay, value)
    ev.callbacks.append(callback)


__all__ = ["MediatorPool", "schedule", "NORMAL"]
