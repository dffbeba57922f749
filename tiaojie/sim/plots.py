"""Charts with Chinese labels: compliance vs staff, backlog over time, utilisation.

``matplotlib.pyplot`` is imported when a chart is drawn, not with this module: the planner app
imports it to draw after a run, and importing pyplot first costs its page about 0.25 s.
"""

from __future__ import annotations

from pathlib import Path

from ..core.plotting import use_cjk_font  # noqa: F401  (one place registers the CJK font; re-exported)


def _new_axes(figsize: tuple[float, float]):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)[1]

VARY_LABELS = {"full_time": "专职调解员人数", "part_time": "兼职调解员人数",
               "surge_full_time": "冲击期临时专职人数"}


def compliance_curve(result: dict, labels: dict | None = None, ax=None):
    use_cjk_font()
    if ax is None:
        ax = _new_axes((7, 4))
    labels = labels or {}
    vary = result.get("vary", "full_time")
    vary = "surge_full_time" if vary == "surge" else vary
    for pool, pts in result["curve"].items():
        xs = [p[vary] for p in pts]
        ms = [p["mean"] for p in pts]
        lo = [p["mean"] - p["ci"][0] for p in pts]
        hi = [p["ci"][1] - p["mean"] for p in pts]
        ax.errorbar(xs, ms, yerr=[lo, hi], marker="o", capsize=3, label=labels.get(pool, pool))
    ax.axhline(result["target"], color="grey", ls="--", label=f"目标 {result['target']:.0%}")
    ax.set_xlabel(VARY_LABELS.get(vary, vary))
    ax.set_ylabel("期限内办结率（95% 置信区间）")
    ax.set_title("期限内办结率与人员配置")
    ax.legend()
    return ax


def backlog_chart(summary: dict, start_date=None, ax=None):
    use_cjk_font()
    if ax is None:
        ax = _new_axes((7, 4))
    b = summary["backlog"]
    days = range(len(b["mean"]))
    ax.plot(days, b["mean"], label="平均在办案件数")
    ax.fill_between(days, b["ci_low"], b["ci_high"], alpha=0.3, label="95% 置信区间")
    ax.axvline(summary["warmup_days"], color="grey", ls=":", label="预热期结束")
    ax.set_xlabel("天（自仿真开始）")
    ax.set_ylabel("在办案件数")
    ax.set_title("积压案件随时间变化")
    ax.legend()
    return ax


def utilisation_chart(summary: dict, labels: dict | None = None, ax=None):
    use_cjk_font()
    if ax is None:
        ax = _new_axes((6, 3.5))
    labels = labels or {}
    names = list(summary["utilisation"])
    means = [summary["utilisation"][n]["mean"] for n in names]
    err = [[m - summary["utilisation"][n]["ci"][0] for n, m in zip(names, means)],
           [summary["utilisation"][n]["ci"][1] - m for n, m in zip(names, means)]]
    ax.bar([labels.get(n, n) for n in names], means, yerr=err, capsize=4, color="#4c72b0")
    ax.set_ylim(0, max(1.0, max(means) * 1.1))
    ax.set_ylabel("调解员工时利用率")
    ax.set_title("各调解员组利用率")
    return ax


def save(ax, path: Path) -> Path:
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=110)
    plt.close(ax.figure)
    return path
