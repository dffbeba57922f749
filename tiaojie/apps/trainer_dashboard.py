"""培训师看板 (trainer dashboard): cohort progress by path and competency, drill-down per trainee.

Reads the trainees' record (module visits, role-play attempts, assessment results —
:mod:`tiaojie.records`), the course file's learning paths and the grading outcomes and
gradebook (:mod:`tiaojie.grading`). Nothing here computes a score: progress comes from
``tiaojie.course.progress``, competency percentages from ``tiaojie.grading.report``.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .boundary import Alerts

STATUS = {"graded": "已评分", "rejected": "未通过审查", "error": "评分出错"}
ENTRY_PREFIX = {"stage": "—— ", "reveal": "【新掌握的信息】", "ending": "【结局】"}


def _table(header: list[str], rows: list[list], cls: str) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return (f'<table class="{cls}" style="border-collapse:collapse" border="1" cellpadding="4">'
            f"<tr>{head}</tr>{body}</table>")


def cohort_html(course_plan, records) -> str:
    from ..course.progress import cohort_progress

    view = cohort_progress(course_plan, records)
    if not view["trainees"]:
        return "<p>尚无学员记录。</p>"
    ids = [p["id"] for p in view["paths"]]
    rows = [[name] + [("完成" if paths[i]["complete"] else f"{paths[i]['percent']}%") for i in ids]
            for name, paths in sorted(view["trainees"].items())]
    return _table(["学员"] + [p["title"] for p in view["paths"]], rows, "tj-cohort")


def competency_html(grading_course) -> str:
    from ..grading.report import competency_table, label
    from ..grading.scores import cell_scores

    if not grading_course.gradebook_path.exists() and grading_course.db_url is None:
        return "<p>尚无测验成绩（先运行 tiaojie course grade）。</p>"
    pct = competency_table(cell_scores(grading_course))
    if pct.empty:
        return "<p>尚无测验成绩。</p>"
    rows = [[t] + ["—" if v != v else f"{v:g}%" for v in row] for t, row in pct.iterrows()]
    return _table(["学员"] + [label(c) for c in pct.columns], rows, "tj-competency")


def trainee_html(trainee: str, records, grading_course) -> str:
    from ..grading import outcomes

    rows = [[o.assignment, STATUS[o.status], f"{o.score:g}/{o.max_score:g}",
             "待人工评分" if o.needs_manual else ("合格" if o.passed else "未合格"), "；".join(o.reasons)]
            for o in outcomes.load(grading_course.outcomes_path, trainee=trainee)]
    parts = [f"<h3>{html.escape(trainee)}</h3><h4>测验</h4>",
             _table(["测验", "状态", "得分", "结论", "说明"], rows, "tj-outcomes") if rows else "<p>无测验记录。</p>"]
    attempts = records.attempts(trainee)
    parts.append("<h4>情景演练</h4>")
    parts.append(_table(["编号", "案例", "开始", "结局", "得分"],
                        [[a.id, a.case_id, a.started, a.ending or "未完成", a.overall if a.overall is not None else "—"]
                         for a in attempts], "tj-attempts") if attempts else "<p>无演练记录。</p>")
    return "".join(parts)


def transcript_html(records, attempt_id: int) -> str:
    lines = []
    for e in records.roleplay.transcript(attempt_id):
        kind = e.get("kind")
        who = "" if kind in ENTRY_PREFIX else f"{'（背对背）' if e.get('caucus_with') else ''}{e.get('name', '')}："
        lines.append(f"<p>{ENTRY_PREFIX.get(kind, '')}{html.escape(who + str(e.get('text', '')))}</p>")
    return f'<div class="tj-transcript">{"".join(lines) or "<p>（空）</p>"}</div>'


def build_app():
    from ..course.loader import load_course
    from ..grading.paths import Course
    from ..records import Records

    plan, records, grading = load_course(), Records(), Course.default()
    trainees = sorted(set(records.trainees()))
    detail, transcript = w.HTML(), w.HTML()
    attempt_pick = w.Dropdown(description="演练记录", options=[])
    pick = w.Dropdown(description="学员", options=trainees, value=trainees[0] if trainees else None)

    def show_trainee(_=None):
        if not pick.value:
            detail.value, attempt_pick.options = "<p>尚无学员。</p>", []
            return
        detail.value = trainee_html(pick.value, records, grading)
        options = [(f"#{a.id} {a.case_id} {a.ending or '未完成'}", a.id) for a in records.attempts(pick.value)]
        attempt_pick.options = options
        attempt_pick.value = options[-1][1] if options else None   # the latest attempt
        show_attempt()

    def show_attempt(_=None):
        transcript.value = transcript_html(records, attempt_pick.value) if attempt_pick.value else ""

    alerts = Alerts()
    alerts.observe(pick, show_trainee)
    alerts.observe(attempt_pick, show_attempt)
    alerts.wrap(show_trainee)()
    return w.VBox([w.HTML("<h2>学员整体进度（按学习路径）</h2>" + cohort_html(plan, records)),
                   w.HTML("<h2>各能力得分率（测验）</h2>" + competency_html(grading)),
                   w.HTML("<h2>学员详情</h2>"), pick, alerts.area, detail, attempt_pick, transcript])
