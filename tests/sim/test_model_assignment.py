"""Part-time assignment rules as the whole model applies them."""

from tiaojie.sim.model import run_replication


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
