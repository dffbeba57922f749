"""The typed replication result (tiaojie.sim.result): segments, derived KPIs, JSON form."""

import json

from tiaojie.sim.model import run_replication


def test_segment_compliance_adds_up(small):
    r = run_replication(small, 0)
    c = r.compliance_counts
    assert r.compliance == c[..., 0].sum() / c[..., 1].sum()
    for pool, (met, total) in r.compliance_counts_by_pool.items():
        assert r.segment_compliance(pool=pool) == met / total
    # a segment inside a pool counts only that pool's cases of that track
    for pool in r.pools:
        for track, v in r.compliance_by_track.items():
            seg = r.segment_compliance(pool=pool, track=track)
            assert seg is None or 0.0 <= seg <= 1.0
    total = sum(t for _, t in r.compliance_counts_by_pool.values())
    by_origin = sum(c[:, :, j, 1].sum() for j in range(c.shape[2]))
    assert by_origin == total


def test_as_dict_is_json_and_equality_follows_it(small):
    a, b = run_replication(small, 0), run_replication(small, 0)
    d = a.as_dict()
    json.dumps(d)
    assert d["compliance"] == a.compliance and d["little"]["lambda_W"] == a.little.lambda_W
    assert a == b and a != run_replication(small, 1)
    assert d["cases_per_mediator_year"] > 0 and 0 < d["utilisation_overall"] < 1.5
