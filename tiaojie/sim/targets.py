"""Compliance targets of a staffing search: the pool's own, and its segments'.

Each pool is judged on a list of *criteria*: the overall target over all its cases, and every
``segment_targets`` entry of the scenario that applies to it (an origin or a track: that
segment of the pool's cases; a named pool: only that pool). Pools share no cases, so a
segment target met in every pool is met overall. A criterion passes when the **lower end of
the 95% confidence interval** (t, over replications) reaches its target; a pool passes when all
of its criteria pass. The *binding* criterion of an answer is the one that failed at one
mediator fewer (or the Erlang lower bound, when one fewer cannot even keep up).
"""

from __future__ import annotations

from .stats import mean_ci

RULE = "95% 置信区间下限须达到目标 (the lower end of the 95% CI must reach the target)"


def criteria(sc, target: float) -> list[list[dict]]:
    """Per pool, its criteria: ``{"label", "target", "track", "origin"}``."""
    out = []
    for p in sc.staff.pools:
        crit = [{"label": "全部案件", "key": "all", "target": float(target), "track": None, "origin": None}]
        for t in sc.segment_targets:
            if t.pool is not None and t.pool != p.name:
                continue
            crit.append({"label": t.label(), "key": _key(t), "target": float(t.target),
                         "track": t.track.value if t.track else None,
                         "origin": t.origin.value if t.origin else None})
        out.append(crit)
    return out


def _key(t) -> str:
    parts = [f"{k}={getattr(t, k).value}" for k in ("origin", "track") if getattr(t, k) is not None]
    return ",".join(parts) or "all"


def values(result, pool: str, crit: list[dict]) -> tuple:
    """One replication's value of each criterion (a segment without judged cases: None)."""
    return tuple(result.segment_compliance(pool=pool, track=c["track"], origin=c["origin"]) for c in crit)


def stats(vals: dict[int, tuple], crit: list[dict]) -> list[dict]:
    """Mean and CI of each criterion over the replications in ``vals`` (rep -> tuple)."""
    out = []
    for j, c in enumerate(crit):
        col = [v[j] for v in vals.values() if v[j] is not None]
        m, lo, hi = mean_ci(col) if col else (None, None, None)
        lo = None if lo is None else max(0.0, lo)
        hi = None if hi is None else min(1.0, hi)
        out.append({**c, "mean": m, "ci": [lo, hi], "replications": len(vals)})
    return out


def verdict(st: list[dict], full: int) -> str:
    """``fail`` (some criterion's whole CI is below target, or its lower end is below on the
    full count), ``pass`` (all lower ends reach target on the full count), ``screened``
    (all reach target on a screen) or ``undecided``."""
    n = st[0]["replications"]
    measured = [s for s in st if s["mean"] is not None]
    if any(s["ci"][1] < s["target"] for s in measured):
        return "fail"
    ok = all(s["ci"][0] >= s["target"] for s in measured)
    if n >= full:
        return "pass" if ok else "fail"
    return "screened" if ok else "undecided"


def binding(st_answer: list[dict], st_below: list[dict] | None, below_unstable: bool) -> dict:
    """Which criterion decided the answer: the one furthest below its target at one fewer."""
    if st_below is None or below_unstable:
        worst = min(st_answer, key=lambda s: (s["ci"][0] if s["ci"][0] is not None else 1.0) - s["target"])
        return {"segment": worst["label"], "key": worst["key"], "target": worst["target"],
                "ci": worst["ci"], "mean": worst["mean"], "reason": "erlang_lower_bound",
                "below": None}
    measured = [s for s in st_below if s["mean"] is not None]
    worst = min(measured, key=lambda s: s["ci"][0] - s["target"])
    at = next(s for s in st_answer if s["key"] == worst["key"])
    return {"segment": worst["label"], "key": worst["key"], "target": worst["target"],
            "ci": at["ci"], "mean": at["mean"], "reason": "fails_with_one_fewer",
            "below": {"mean": worst["mean"], "ci": worst["ci"]}}


def describe_binding(b: dict, pool_label: str, what: str = "专职") -> str:
    """The binding constraint of one pool, in words for planners (Chinese)."""
    def pct(x):
        return "—" if x is None else f"{x:.1%}"
    seg = "全部案件" if b["key"] == "all" else f"“{b['segment']}”案件"
    ci = b["ci"]
    head = (f"{pool_label}：{what} {b['count']} 人时，{seg}期限内办结率 95% 置信区间 "
            f"{pct(ci[0])}–{pct(ci[1])}，下限达到目标 {b['target']:.0%}")
    if b["reason"] == "erlang_lower_bound":
        if b["count"] == 0:
            return f"{head}；无需增加人员。"
        return f"{head}；少 1 人则工作量超出人员能力（Erlang 下界），决定人数的是工作量本身。"
    below = b["below"]
    return (f"{head}；少 1 人时下限为 {pct(below['ci'][0])}，未达到——决定人数的是{seg}的目标"
            f"（规则：{RULE.split(' (')[0]}）。")
