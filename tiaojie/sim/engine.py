"""The mediator pool: long-lived servers, heap queues, bare timeouts with callbacks.

Speed notes (see shared/design/stack-notes.md and :mod:`tiaojie.sim.simpy_fast`): no process
per case and no ``simpy.PriorityResource``. A task waiting for a mediator sits in a heap keyed
by its priority (the case's due time: earliest deadline first; arrival time gives FIFO); a
mediator finishing work takes the head of the joint-session queue, of its own follow-up heap
or of the pool's heaps, whichever comes first. Work takes elapsed time through the mediator's
:class:`~tiaojie.sim.due_dates.WorkClock` (no clock: effort is elapsed time, the M/M/c case).

Mediators ``0 … n_full-1`` are full-timers, the rest part-timers. Assignment by the
organisation prefers a free full-timer; a part-timer takes only *short* tasks (the model marks
them) and only while holding fewer than ``part_time_cap`` open cases (``owned``: the model
calls :meth:`release` when a case leaves its mediator).

Task protocol: ``effort`` (hours), ``step`` (0 = intake: a part-timer starting it becomes the
case's owner), writable ``started``, ``expire`` (a waiting task past this time is dropped:
the party left; ``math.inf`` for never), ``avoid`` (a mediator who must never work the task: the
one who recused; -1 for none) and ``joint`` (this step needs a second mediator).

* **Recusal**: a task is never given to its ``avoid`` mediator — neither from a free stack nor
  from a queue head (avoided heads are stepped over and put back).
* **Joint sessions**: the mediator who takes a joint task holds it and asks for a partner
  (a free full-timer other than the holder and the task's ``avoid``; a part-timer only in a
  pool with fewer than two full-timers); partner requests come
  before any other work, so at most one holder waits at a time and two holders can never wait
  for each other. The session starts when the partner arrives and holds both for one interval
  (the later of their two clocks' finishing times).

The pool calls ``on_done(pool, mediator, task)`` when the work is finished. With ``log`` set
to a list, every work item is appended as ``(task, mediator, start, end, kind)``, kind 0
intake, 1 session, 2 joint (the event log; off by default).
"""

from __future__ import annotations

from heapq import heappop, heappush

from .simpy_fast import now as _now, schedule_at, value_of

INTAKE, SESSION, JOINT = 0, 1, 2


class MediatorPool:
    __slots__ = ("env", "n", "nf", "cap", "clocks", "is_idle", "owned", "ft_free", "pt_free",
                 "listed", "long_q", "short_q", "joint_q", "personal", "seq", "on_done",
                 "busy_hours", "count_from", "_cb", "max_queue", "index", "tasks", "log", "on_abandon",
                 "pt_partners", "active")

    def __init__(self, env, clocks: list, on_done, count_from: float = 0.0, index: int = 0,
                 n_full: int | None = None, part_time_cap: int = 0, log: list | None = None):
        self.env = env
        self.n = len(clocks)
        self.nf = self.n if n_full is None else int(n_full)
        self.cap = int(part_time_cap)
        self.clocks = clocks
        self.is_idle = [True] * self.n
        self.owned = [0] * self.n
        self.ft_free = list(range(self.nf - 1, -1, -1))          # stacks; may hold stale entries
        self.pt_free = list(range(self.n - 1, self.nf - 1, -1)) if self.cap > 0 else []
        self.listed = [m < self.nf or self.cap > 0 for m in range(self.n)]   # on a free stack
        self.long_q: list = []       # tasks only full-timers may take
        self.short_q: list = []      # tasks anyone may take
        self.joint_q: list = []      # partner requests (key, seq, task, holder)
        self.personal: list[list] = [[] for _ in range(self.n)]
        self.seq = 0
        self.on_done = on_done
        self.busy_hours = 0.0
        self.count_from = count_from
        self._cb = self._finish
        self.max_queue = 0
        self.index = index
        self.tasks = 0
        self.log = log
        self.active = [True] * self.n    # temporary (surge) staff are active only in their period
        self.pt_partners = self.nf < 2     # part-timers partner joint sessions only if they must
        self.on_abandon = None       # called with (pool, task) when an expired task is stepped over

    def queued(self) -> int:
        return (len(self.long_q) + len(self.short_q) + len(self.joint_q)
                + sum(len(h) for h in self.personal))

    def may_choose(self, m: int, short: bool) -> bool:
        """Can a party's choice of mediator ``m`` be honoured for this case?"""
        return self.active[m] and (m < self.nf or (short and self.owned[m] < self.cap))

    def _pop_free(self, stack, a: int, b: int, pt: bool) -> int:
        """A free mediator from ``stack`` other than ``a`` and ``b`` (they stay listed)."""
        is_idle, listed, owned, cap = self.is_idle, self.listed, self.owned, self.cap
        skipped = []
        found = -1
        while stack:
            m = stack.pop()
            if m == a or m == b:
                skipped.append(m)
                continue
            listed[m] = False
            if is_idle[m] and (not pt or owned[m] < cap):
                found = m
                break
        stack.extend(reversed(skipped))
        return found

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
        a = task.avoid
        m = self._pop_free(self.ft_free, a, -1, False) if self.ft_free else -1
        if m < 0 and short and self.pt_free:
            m = self._pop_free(self.pt_free, a, -1, True)
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
            self._free(m)

    def _head(self, q, m: int):
        """The first entry of heap ``q`` that mediator ``m`` may take (not avoided by it)."""
        if not q or q[0][2].avoid != m:
            return q[0] if q else None
        stash = []
        while q and q[0][2].avoid == m:
            stash.append(heappop(q))
        head = q[0] if q else None
        for x in stash:
            heappush(q, x)
        return head

    def _take(self, q, entry) -> None:
        """Remove ``entry`` from heap ``q`` (stepping over avoided entries in front of it)."""
        stash = []
        while q[0] is not entry:
            stash.append(heappop(q))
        heappop(q)
        for x in stash:
            heappush(q, x)

    def _next(self, m: int):
        """The next piece of work for free mediator ``m``: a partner request first, else the
        earliest-due task among its own heap and the pool's queues it may take."""
        eligible = m < self.nf or self.owned[m] < self.cap
        jq = self.joint_q
        if jq and eligible and (m < self.nf or self.pt_partners):
            for entry in jq:                      # few entries: at most one waiting holder
                if entry[3] != m and entry[2].avoid != m:
                    jq.remove(entry)
                    if jq:
                        jq.sort()
                    return entry
        own = self.personal[m]
        best, src = (own[0], own) if own else (None, None)
        for q in ((self.short_q if eligible else None), (self.long_q if m < self.nf else None)):
            if q:
                head = self._head(q, m)
                if head is not None and (best is None or head < best):
                    best, src = head, q
        if best is None:
            return None
        self._take(src, best)
        return best

    def deactivate(self, m: int) -> None:
        """Temporary mediator ``m`` is not (or no longer) on duty: takes no new work; what
        waits in their own heap goes to the pool (full-timers: the case changes hands)."""
        self.active[m] = False
        if self.is_idle[m]:
            self.is_idle[m] = False          # stale free-stack entries are skipped
        own, self.personal[m] = self.personal[m], []
        for key, _, task in sorted(own):
            self.submit(key, task, -1, False)

    def activate(self, m: int) -> None:
        """Temporary mediator ``m`` comes on duty."""
        self.active[m] = True
        self._free(m)

    def _free(self, m: int) -> None:
        """Mediator ``m`` has no work in hand: take the next, or wait on a free stack. A task
        whose ``expire`` time has passed (the party's patience ran out) is stepped over."""
        if not self.active[m]:
            self.deactivate(m)
            return
        entry = self._next(m)
        while entry is not None and len(entry) == 3 and entry[2].expire <= _now(self.env):
            if self.on_abandon is not None:
                self.on_abandon(self, entry[2])
            entry = self._next(m)
        if entry is not None:
            self.is_idle[m] = False
            if len(entry) == 4:
                self._start_joint(entry[3], m, entry[2])
            else:
                self._start(m, entry[2])
            return
        self.is_idle[m] = True
        if not self.listed[m] and (m < self.nf or self.owned[m] < self.cap):
            self.listed[m] = True
            (self.ft_free if m < self.nf else self.pt_free).append(m)

    def flush_expired(self) -> None:
        """At the end of a run: report tasks still queued whose patience ran out."""
        if self.on_abandon is None:
            return
        t = _now(self.env)
        for q in (self.long_q, self.short_q, *self.personal):
            for entry in q:
                if entry[2].expire <= t:
                    self.on_abandon(self, entry[2])

    def _start(self, m: int, task) -> None:
        if m >= self.nf and task.step == 0:
            self.owned[m] += 1
        if task.joint:
            self._hold(m, task)
            return
        env = self.env
        t = _now(env)
        clock = self.clocks[m]
        effort = task.effort
        if clock is None:
            task.started = t
            end = t + effort
        else:
            task.started, end = clock.span(t, effort)
        if t >= self.count_from:
            self.busy_hours += effort
            self.tasks += 1
        if self.log is not None:
            self.log.append((task, m, task.started, end, INTAKE if task.step == 0 else SESSION))
        schedule_at(env, end, self._cb, (m, task, -1))

    def _hold(self, m: int, task) -> None:
        """``m`` holds a joint task and needs a partner: a free one now, or the first to free up."""
        a = task.avoid
        p = self._pop_free(self.ft_free, m, a, False) if self.ft_free else -1
        if p < 0 and self.pt_partners and self.pt_free:
            p = self._pop_free(self.pt_free, m, a, True)
        if p >= 0:
            self.is_idle[p] = False
            self._start_joint(m, p, task)
            return
        self.seq += 1
        heappush(self.joint_q, (task.due, self.seq, task, m))

    def _start_joint(self, m: int, p: int, task) -> None:
        env = self.env
        t = _now(env)
        cm, cp = self.clocks[m], self.clocks[p]
        effort = task.effort
        if cm is None:
            start, end = t, t + effort
        else:
            sm, em = cm.span(t, effort)
            sp, ep = cp.span(t, effort)
            start, end = max(sm, sp), max(em, ep)
        task.started = start
        if t >= self.count_from:
            self.busy_hours += 2 * effort
            self.tasks += 2
        if self.log is not None:
            self.log.append((task, m, start, end, JOINT))
            self.log.append((task, p, start, end, JOINT))
        schedule_at(env, end, self._cb, (m, task, p))

    def _finish(self, ev) -> None:
        m, task, p = value_of(ev)
        if p >= 0:
            self._free(p)
        self._free(m)
        self.on_done(self, m, task)


__all__ = ["MediatorPool", "INTAKE", "SESSION", "JOINT"]
