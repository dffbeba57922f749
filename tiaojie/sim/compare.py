"""Saved planning scenarios: one row each, a comparison table, CSV and a PNG chart.

A row records what the planner set (preset, demand, opt-in share, productive share, target,
staff per pool, surge staff) and what came out (compliance with its CI, cost, or the staffing
answer with its binding constraint), so scenarios can be compared side by side and taken
elsewhere.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from . import plots as P

if TYPE_CHECKING:   # pandas is imported when a table is made: the planner's page opens without it
    import pandas as pd

COLUMNS = {
    "name": "情景名称", "preset": "预设", "demand": "案件量倍数", "opted_in": "小额机制承诺率",
    "productive_share": "可办案工时比例", "target": "达标率目标", "kind": "结果类型",
    "full_time": "专职人数", "part_time": "兼职人数", "surge_full_time": "冲击期临时人数",
    "compliance": "期限内办结率", "ci_low": "95%置信下限", "ci_high": "95%置信上限",
    "cost": "人员成本（元）", "binding": "决定人数的约束",
}


def record(name: str, sc, settings: dict, *, summary: dict | None = None, search: dict | None = None) -> dict:
    """One saved scenario: the settings and a run summary or a staffing answer."""
    row = {"name": name, "preset": settings.get("preset", sc.name), "demand": settings.get("demand", 1.0),
           "opted_in": sc.case_mix.institution_opted_in, "productive_share": sc.staff.productive_share,
           "target": settings.get("target", sc.target)}
    if search is not None:
        ans = search["answer"]
        row.update(kind="最少人数", full_time=sum(a["full_time"] for a in ans.values()),
                   part_time=sum(a["part_time"] for a in ans.values()),
                   surge_full_time=sum(a.get("surge_full_time", 0) for a in ans.values()),
                   compliance=min(a["compliance"]["mean"] for a in ans.values()),
                   ci_low=min(a["compliance"]["ci"][0] for a in ans.values()),
                   ci_high=min(a["compliance"]["ci"][1] for a in ans.values()), cost=None,
                   binding="；".join(f"{k}: {b['segment']} ≥ {b['target']:.0%}" for k, b in search["binding"].items()))
    elif summary is not None:
        row.update(kind="仿真", full_time=sum(p.full_time for p in sc.staff.pools),
                   part_time=sum(p.part_time for p in sc.staff.pools),
                   surge_full_time=sum(s.full_time for p in sc.staff.pools for s in p.surge_staff),
                   compliance=summary["compliance"]["mean"], ci_low=summary["compliance"]["ci"][0],
                   ci_high=summary["compliance"]["ci"][1], cost=summary["cost"]["mean"], binding="")
    return row


def table(rows: list[dict]) -> pd.DataFrame:
    """The comparison table with Chinese column names."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.rename(columns=COLUMNS)


def to_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese headers."""
    return table(rows).to_csv(index=False).encode("utf-8-sig")


def to_png(rows: list[dict]) -> bytes:
    """A chart of every saved scenario's compliance (with its CI) and full-time headcount."""
    import matplotlib.pyplot as plt

    P.use_cjk_font()
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    names = [r["name"] for r in rows]
    xs = range(len(rows))
    comp = [r["compliance"] for r in rows]
    lo = [r["compliance"] - r["ci_low"] for r in rows]
    hi = [r["ci_high"] - r["compliance"] for r in rows]
    a1.errorbar(xs, comp, yerr=[lo, hi], fmt="o", capsize=4)
    for r, x in zip(rows, xs):
        a1.plot([x - 0.3, x + 0.3], [r["target"]] * 2, color="grey", ls="--")
    a1.set_xticks(list(xs), names, rotation=20)
    a1.set_ylabel("期限内办结率（95% 置信区间）")
    a1.set_title("各情景办结率（虚线：目标）")
    a2.bar(xs, [r["full_time"] for r in rows], label="专职")
    a2.bar(xs, [r["surge_full_time"] or 0 for r in rows], bottom=[r["full_time"] for r in rows], label="冲击期临时")
    a2.set_xticks(list(xs), names, rotation=20)
    a2.set_ylabel("人数")
    a2.set_title("各情景专职与临时人数")
    a2.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()
