"""The SimPy internals the models rely on for speed (tiaojie.sim.simpy_fast). If a SimPy
upgrade changes any of them, these fail loudly — fix simpy_fast, nothing else touches them."""

import simpy
from simpy.events import NORMAL, Timeout

from tiaojie.sim.simpy_fast import LightEvent, now, schedule, schedule_at, value_of


def test_private_slots_exist_and_mean_what_we_read():
    env = simpy.Environment(initial_time=2.5)
    assert now(env) == env.now == 2.5
    assert isinstance(env._queue, list) and hasattr(env, "_eid")
    ev = Timeout(env, 1.0, value="x")
    assert value_of(ev) == "x"
    assert NORMAL == 1
    # Environment.schedule pushes exactly the tuple schedule_at pushes
    env.schedule(simpy.Event(env), NORMAL, 0.5)
    t, prio, eid, event = env._queue[0]          # a heap: the earliest first
    assert (t, prio) == (3.0, NORMAL) and isinstance(eid, int)


def test_light_events_run_through_simpy_in_time_and_insertion_order():
    env = simpy.Environment()
    seen = []
    schedule(env, 2.0, lambda ev: seen.append(("b", now(env), value_of(ev))), "B")
    schedule_at(env, 1.0, lambda ev: seen.append(("a", now(env), value_of(ev))), "A")
    schedule(env, 2.0, lambda ev: seen.append(("c", now(env), value_of(ev))), "C")   # same time: after b
    env.timeout(1.5).callbacks.append(lambda ev: seen.append(("t", now(env), None)))  # mixes with real events
    env.run()
    assert seen == [("a", 1.0, "A"), ("t", 1.5, None), ("b", 2.0, "B"), ("c", 2.0, "C")]


def test_step_consumes_light_events_like_real_ones():
    env = simpy.Environment()
    ev = LightEvent(lambda e: None, 7)
    env._queue.append((0.0, NORMAL, next(env._eid), ev))
    env.step()
    assert ev.callbacks is None and ev._ok is True and value_of(ev) == 7


def test_run_until_stops_before_later_light_events():
    env = simpy.Environment()
    hits = []
    for t in (1.0, 5.0, 9.0):
        schedule_at(env, t, lambda ev: hits.append(now(env)))
    env.run(until=6.0)
    assert hits == [1.0, 5.0] and env.now == 6.0
