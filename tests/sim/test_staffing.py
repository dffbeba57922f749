from tiaojie.sim.staffing import search_staff


def test_search_finds_minimal_staffing(small):
    res = search_staff(small, target=0.9, replications=4, workers=2)
    for pool, ans in res["answer"].items():
        n = ans["full_time"]
        assert ans["compliance"]["ci"][0] >= 0.9
        below = [p for p in res["curve"][pool] if p["full_time"] == n - 1]
        bound = next(b for b in res["erlang"] if b["pool"] == pool)["lower_bound"]
        if below:
            assert below[0]["ci"][0] < 0.9          # one fewer fails the target
        else:
            assert n - 1 < bound                    # one fewer is unstable (Erlang lower bound)
    assert all(res["below_answer_fails"].values())
    assert res["curve"] and res["evaluations"] >= 1
