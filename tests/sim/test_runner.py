from distributed import LocalCluster

from tiaojie.sim.mmc import run_mmc
from tiaojie.sim.runner import run_scenario


def test_parallel_equals_serial(small):
    a = run_scenario(small, replications=3, workers=1)["replications"]
    b = run_scenario(small, replications=3, workers=2)["replications"]
    assert a == b


def test_dask_cluster_gives_same_results(small):
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        d = run_scenario(small, replications=2, dask_address=cluster.scheduler_address)["replications"]
        m = run_mmc(4, 1, 5, 2000, 2, seed=1, wait_threshold=0.3, warmup=100,
                    dask_address=cluster.scheduler_address)
    s = run_scenario(small, replications=2, workers=1)["replications"]
    assert d == s
    assert m == run_mmc(4, 1, 5, 2000, 2, seed=1, wait_threshold=0.3, warmup=100, workers=1)


def test_share_intervals_stay_within_zero_and_one():
    from tiaojie.sim.stats import summarise

    wide = summarise([0.9, 1.0, 1.0], bounds=(0.0, 1.0))
    assert wide["ci"][1] == 1.0 and wide["ci"][0] < wide["mean"]
    assert summarise([0.9, 1.0, 1.0])["ci"][1] > 1.0


def test_busy_elsewhere_sees_a_process_spinning_now():
    """The default worker count reads what other processes run now: a spinning child counts
    (the 1-minute load average would lag behind it, and still count this program's own
    earlier work after it stops)."""
    import subprocess
    import sys
    import time

    from tiaojie.sim.runner import busy_elsewhere, default_workers

    spin = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        assert busy_elsewhere() >= 1
        assert default_workers() <= max(1, (__import__("os").cpu_count() or 1) - 1)
    finally:
        spin.kill()
        spin.wait()
