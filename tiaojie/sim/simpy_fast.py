"""The only place that uses SimPy internals (for speed); ``tests/sim/test_simpy_fast.py``
fails loudly if a SimPy upgrade changes any of them.

The models schedule light events with a callback instead of a process per case (no generator
per case, no ``simpy.PriorityResource`` re-sorting its queue on every request): a
:class:`LightEvent` is pushed straight onto ``Environment._queue`` with ``Environment._eid``
as the tie-breaker, exactly the tuple ``Environment.schedule`` pushes, and SimPy's own
``Environment.run``/``step`` process it. The clock and an event's value are read through the
private slots ``Environment._now`` and ``Event._value`` (the public ``env.now`` /
``event.value`` are properties with a check). Everything else uses SimPy's public API.
"""

from __future__ import annotations

from heapq import heappush
from operator import attrgetter

import simpy
from simpy.events import NORMAL, Timeout

#: ``now(env)``: the simulation clock (``env._now``), a C-level attribute read.
now = attrgetter("_now")
#: ``value_of(event)``: the value a triggered event carries (``event._value``).
value_of = attrgetter("_value")

Environment = simpy.Environment


class LightEvent:
    """A triggered event with one callback, pushed straight onto the environment's queue.

    ``Environment.step`` needs of an event only ``callbacks`` (a list it swaps for None),
    ``_ok`` and ``_value``; building a full ``Timeout`` (``Event.__init__``, the delay check,
    ``Environment.schedule``) costs about a sixth of the model's run time."""
    __slots__ = ("callbacks", "_value")
    _ok = True

    def __init__(self, callback, value):
        self.callbacks = [callback]
        self._value = value


def schedule(env, delay: float, callback, value=None) -> None:
    """Call ``callback(event)`` after ``delay`` (no process, no Timeout object)."""
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), LightEvent(callback, value)))


def schedule_at(env, at: float, callback, value=None) -> None:
    """Call ``callback(event)`` at absolute time ``at`` (>= now)."""
    heappush(env._queue, (at, NORMAL, next(env._eid), LightEvent(callback, value)))


__all__ = ["Environment", "LightEvent", "now", "schedule", "schedule_at", "value_of", "Timeout"]
