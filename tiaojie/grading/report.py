"""``tiaojie course report [--json]``: per trainee × competency, cohort statistics, charts.

Writes ``reports/scores.csv`` (every cell), ``reports/competencies.csv`` (trainee ×
competency, percent), ``reports/assignments.csv`` (trainee × assignment with status and
reasons), two charts with Chinese labels and ``reports/report.html`` with all of them (images
embedded, no outside resources).
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from ..core.competencies import COMPETENCIES
from . import outcomes as store
from .paths import Course
from .scores import cell_scores


def label(cid: str) -> str:
    return COMPETENCIES[cid].label if cid in COMPETENCIES else "未归类"


def competency_table(cells: pd.DataFrame) -> pd.DataFrame:
    """trainee × competency: percent of points earned (NaN where nothing was assessed)."""
    if cells.empty:
        return pd.DataFrame()
    g = cells.groupby(["trainee", "competency"])[["score", "max"]].sum()
    pct = (100 * g["score"] / g["max"]).round(1).unstack("competency")
    return pct.reindex(columns=[c for c in COMPETENCIES if c in pct.columns])


def refresh_manual(course: Course, cells: pd.DataFrame) -> None:
    """Carry manual scores entered in the formgrader into the outcomes table."""
    manual = cells[cells["kind"] == "manual"]
    before = {(o.assignment, o.trainee): o for o in store.load(course.outcomes_path)}
    for (trainee, assignment), g in manual.groupby(["trainee", "assignment"]):
        pending = int(g["pending"].sum())
        store.update_manual(course.outcomes_path, assignment, trainee,
                            None if pending else float(g["score"].sum()), float(g["max"].sum()), pending)
    changed = [o for o in store.load(course.outcomes_path)
               if (o.assignment, o.trainee) in before and o != before[(o.assignment, o.trainee)]]
    if changed:   # manual grades entered in the formgrader reach the trainee's record too
        store.feed_records(changed)


def assignment_table(course: Course, cells: pd.DataFrame) -> pd.DataFrame:
    refresh_manual(course, cells)
    rows = [{"trainee": o.trainee, "assignment": o.assignment, "status": o.status,
             "auto_score": o.auto_score, "auto_max": o.auto_max, "manual_score": o.manual_score,
             "manual_max": o.manual_max, "needs_manual": o.needs_manual, "reasons": "；".join(o.reasons)}
            for o in store.load(course.outcomes_path)]
    return pd.DataFrame(rows, columns=["trainee", "assignment", "status", "auto_score", "auto_max",
                                       "manual_score", "manual_max", "needs_manual", "reasons"])


def cohort(pct: pd.DataFrame) -> dict:
    if pct.empty:
        return {}
    return {cid: {"label": label(cid), "n": int(pct[cid].count()), "mean": _r(pct[cid].mean()),
                  "median": _r(pct[cid].median()), "min": _r(pct[cid].min()), "max": _r(pct[cid].max())}
            for cid in pct.columns}


def _r(x) -> float | None:
    return None if pd.isna(x) else round(float(x), 1)


def charts(pct: pd.DataFrame, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..core.plotting import use_cjk_font

    use_cjk_font()
    if pct.empty:
        return []
    labels = [label(c) for c in pct.columns]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(labels) + 2), max(3, 0.35 * len(pct) + 1.5)))
    im = ax.imshow(pct.to_numpy(dtype=float), vmin=0, vmax=100, cmap="RdYlGn", aspect="auto")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(pct.index)), list(pct.index))
    ax.set_title("学员 × 能力 得分率（%）")
    fig.colorbar(im, ax=ax, label="得分率（%）")
    fig.tight_layout()
    heat = out / "competency_heatmap.png"
    fig.savefig(heat, dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar(labels, pct.mean().to_numpy(dtype=float), color="#4477aa")
    ax.set_ylim(0, 100)
    ax.set_ylabel("平均得分率（%）")
    ax.set_title(f"学员整体各能力平均得分率（{len(pct)} 名学员）")
    ax.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    bars = out / "cohort_competencies.png"
    fig.savefig(bars, dpi=110)
    plt.close(fig)
    return [heat, bars]


def _html(pct: pd.DataFrame, stats: dict, per_assignment: pd.DataFrame, images: list[Path]) -> str:
    shown = pct.rename(columns=label)
    imgs = "".join(f'<p><img alt="{p.stem}" src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}"></p>'
                   for p in images)
    stat_rows = "".join(f"<tr><td>{html.escape(s['label'])}</td><td>{s['n']}</td><td>{s['mean']}</td>"
                        f"<td>{s['median']}</td><td>{s['min']}</td><td>{s['max']}</td></tr>" for s in stats.values())
    status_zh = {"graded": "已评分", "rejected": "未通过审查", "error": "评分出错"}
    pa = per_assignment.assign(status=per_assignment["status"].map(status_zh)).rename(columns={
        "trainee": "学员", "assignment": "测验", "status": "状态", "auto_score": "自动评分",
        "auto_max": "自动评分满分", "manual_score": "人工评分", "manual_max": "人工评分满分",
        "needs_manual": "待人工评分", "reasons": "说明"})
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测验成绩报告</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #bbb;padding:3px 8px}}</style></head><body>
<h1>测验成绩报告</h1><h2>学员 × 能力 得分率（%）</h2>{shown.to_html(na_rep="—")}
<h2>学员整体统计</h2><table><tr><th>能力</th><th>人数</th><th>平均</th><th>中位数</th><th>最低</th><th>最高</th></tr>{stat_rows}</table>
<h2>图表</h2>{imgs}<h2>各测验评分情况</h2>{pa.to_html(index=False, na_rep="—")}</body></html>"""


def build_report(course: Course | None = None) -> dict:
    course = course or Course.default()
    out = course.reports
    out.mkdir(parents=True, exist_ok=True)
    cells = cell_scores(course)
    pct = competency_table(cells)
    per_assignment = assignment_table(course, cells)
    stats = cohort(pct)
    files = {"scores": out / "scores.csv", "competencies": out / "competencies.csv",
             "assignments": out / "assignments.csv", "html": out / "report.html"}
    cells.to_csv(files["scores"], index=False)
    pct.rename(columns=label).to_csv(files["competencies"])
    per_assignment.to_csv(files["assignments"], index=False)
    images = charts(pct, out)
    files["html"].write_text(_html(pct, stats, per_assignment, images), encoding="utf-8")
    trainees = {t: {c: {"label": label(c), "percent": _r(v)} for c, v in row.items() if not pd.isna(v)}
                for t, row in pct.iterrows()}
    return {"trainees": trainees, "cohort": stats,
            "assignments": per_assignment.to_dict(orient="records"),
            "files": {k: str(v) for k, v in files.items()} | {"charts": [str(p) for p in images]}}
