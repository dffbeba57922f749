"""Assignment: full-timers first, part-timers only short cases and up to a cap; bounded structures."""

import simpy

from tiaojie.sim.engine import MediatorPool
from tiaojie.sim.model import run_replication


class Task:
    def __init__(self, effort, step=0, avoid=-1, joint=False, due=0.0):
        self.effort, self.step, self.started = effort, step, 0.0
        self.avoid, self.joint, self.due, self.expire = avoid, joint, due, float("inf")


def _pool(n_full=1, n_part=2, cap=1):
    env = simpy.Environment()
    done = []
    pool = MediatorPool(env, [None] * (n_full + n_part), lambda p, m, t: done.append((m, t)),
                        n_full=n_full, part_time_cap=cap)
    return env, pool, done


def test_full_timer_first_and_long_cases_wait_for_full_timers():
    env, pool, done = _pool()
    a, b, c = Task(5.0), Task(5.0), Task(1.0)
    pool.submit(1.0, a, short=True)          # free full-timer takes even a short case
    pool.submit(2.0, b, short=False)         # long case: waits although part-timers are free
    pool.submit(3.0, c, short=True)          # short case: a part-timer takes it
    assert pool.is_idle == [False, True, False] or pool.is_idle == [False, False, True]
    assert len(pool.long_q) == 1 and not pool.short_q
    env.run()
    who = {id(t): m for m, t in done}
    assert who[id(a)] == 0 and who[id(b)] == 0 and who[id(c)] >= 1


def test_part_timer_cap_and_release():
    env, pool, done = _pool(n_full=0, n_part=1, cap=1)
    first, second = Task(1.0), Task(1.0)
    pool.submit(1.0, first, short=True)
    env.run()
    assert pool.owned[0] == 1 and pool.is_idle[0]
    pool.submit(2.0, second, short=True)     # at the cap: queued although idle
    assert pool.short_q and pool.is_idle[0]
    pool.release(0)                          # the first case left this part-timer
    assert not pool.short_q and not pool.is_idle[0]
    env.run()
    assert pool.owned[0] == 1 and len(done) == 2


def test_free_stacks_stay_bounded():
    """Follow-ups to idle mediators used to leave stale duplicates on the free stack: the stack
    grew with the number of events. Now it never holds more entries than mediators."""
    env, pool, _ = _pool(n_full=3, n_part=3, cap=2)
    for i in range(2000):
        pool.submit(float(i), Task(0.01, step=1), mediator=i % 6)   # follow-up to a given mediator
        env.run()
        if i % 3 == 0:
            pool.submit(float(i), Task(0.01, step=1), short=True)
            env.run()
    assert len(pool.ft_free) <= 3 and len(pool.pt_free) <= 3


def test_part_timers_do_not_hold_long_cases(small):
    """Many part-timers must not make compliance worse: they only take cases they can finish."""
    ft = [p.full_time + 4 for p in small.staff.pools]
    few = run_replication(small.with_staff(ft, [0] * len(ft)), 0)
    many = run_replication(small.with_staff(ft, [60] * len(ft)), 0)
    assert many.part_time_cases > 0
    assert many.part_time_compliance > 0.9
    assert many.compliance >= few.compliance - 0.01


def test_unfinished_cases_past_due_count_as_late(small):
    r = run_replication(small.with_staff([0, 0], [0, 0]), 0)
    met, total = map(sum, zip(*r.compliance_counts_by_pool.values()))
    assert total > 0 and met == 0 and r.compliance == 0
