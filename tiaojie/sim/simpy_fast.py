"""The only place that uses SimPy internals (for speed); ``tests/sim/test_simpy_fast.py``
fails loudly if a SimPy upgrade changes any of them.

The models schedule bare timeouts with a callback instead of a process per case (no generator
per case, no ``simpy.PriorityResource`` re-sorting its queue on every request), and read the
clock and an event's value through the private slots ``Environment._now`` and
``Event._value`` (the public ``env.now`` / ``event.value`` are properties with a check, a few
hundred nanoseconds per event on the hot path). Everything else uses SimPy's public API.
"""

from __future__ import annotations

from operator import attrgetter

import simpy
from simpy.events import Timeout

#: ``now(env)``: the simulation clock (``env._now``), a C-level attribute read.
now = attrgetter("_now")
#: ``value_of(event)``: the value a triggered event carries (``event._value``).
value_of = attrgetter("_value")

Environment = simpy.Environment


def schedule(env, delay: float, callback, value=None) -> None:
    """Call ``callback(event)`` after ``delay`` (a bare timeout, no process)."""
    Timeout(env, delay, value).callbacks.append(callback)


__all__ = ["Environment", "now", "schedule", "value_of", "Timeout"]
