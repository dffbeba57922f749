"""The mediator pool (tiaojie.sim.engine): full-timers first, part-timers only short cases and
up to a cap, recusal, joint sessions, patience; bounded structures."""

import simpy

from tiaojie.sim.engine import MediatorPool


class Task:
    def __init__(self, effort, step=0, avoid=-1, joint=False, due=0.0):
        self.effort, self.step, self.started = effort, step, 0.0
        self.avoid, self.joint, self.due, self.expire = avoid, joint, due, float("inf")


def _pool(n_full=1, n_part=2, cap=1, log=None):
    env = simpy.Environment()
    done = []
    pool = MediatorPool(env, [None] * (n_full + n_part), lambda p, m, t: done.append((m, t)),
                        n_full=n_full, part_time_cap=cap, log=log)
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




def test_recused_task_skips_its_mediator_on_the_stack_and_in_the_queue():
    env, pool, done = _pool(n_full=2, n_part=0)
    pool.submit(0.0, Task(1.0, avoid=1))          # mediator 1 is free but must not take it
    assert done == [] and not pool.is_idle[0] and pool.is_idle[1]
    busy = Task(5.0)
    pool.submit(0.0, busy)                        # mediator 1 takes this one
    waiting = Task(1.0, avoid=0)
    pool.submit(0.5, waiting)                     # both busy: queued at the head
    env.run()
    who = {id(t): m for m, t in done}
    assert who[id(waiting)] == 1                  # mediator 0 finished first but stepped over it


def test_joint_session_holds_two_distinct_mediators_for_one_interval():
    log = []
    env, pool, done = _pool(n_full=3, n_part=0, log=log)
    blocker = Task(2.0, step=1)
    pool.submit(0.0, blocker, mediator=1)
    joint = Task(3.0, step=1, joint=True, avoid=2)
    pool.submit(0.0, joint, mediator=0)           # 0 holds it; 2 is free but recused; 1 is busy
    assert len(pool.joint_q) == 1
    env.run()
    rows = [r for r in log if r[0] is joint]
    assert len(rows) == 2 and {r[1] for r in rows} == {0, 1}
    assert rows[0][2:] == rows[1][2:] == (2.0, 5.0, 2)     # starts when the partner frees up


def test_partner_requests_come_before_other_work():
    log = []
    env, pool, done = _pool(n_full=2, n_part=0, log=log)
    pool.submit(0.0, Task(1.0), mediator=1)
    pool.submit(0.0, Task(2.0, step=1, joint=True), mediator=0)
    pool.submit(0.1, Task(1.0))                   # an earlier-due task queued for anyone
    env.run()
    first_after = min((r for r in log if r[2] >= 1.0), key=lambda r: r[2])
    assert first_after[4] == 2                    # mediator 1 partners the joint session first


def test_expired_task_is_stepped_over_and_reported():
    env, pool, done = _pool(n_full=1, n_part=0)
    gone = []
    pool.on_abandon = lambda p, t: gone.append(t)
    pool.submit(0.0, Task(2.0))
    impatient, patient = Task(1.0), Task(1.0)
    impatient.expire = 1.0
    pool.submit(0.1, impatient)
    pool.submit(0.2, patient)
    env.run()
    assert gone == [impatient] and [t for _, t in done] == [done[0][1], patient]
