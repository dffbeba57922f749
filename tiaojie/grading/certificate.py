"""``tiaojie course certificate TRAINEE --out FILE.pdf``: a completion record for institutions.

Chinese text (Noto Sans CJK SC from Debian's fonts-noto-cjk, embedded), the learning path, the
modules assessed, each assessment's scores and status, the date, and a verification code: the
SHA-256 digest of the record's canonical JSON (grouped hex). ``record(trainee)`` returns the
record; anyone holding the course data recomputes the code with ``--json`` and compares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..core.errors import TiaojieError
from ..core.pdf import FAMILY, new_pdf
from . import outcomes as store
from .outcomes import PASS_PERCENT
from .paths import Course

PATHS = ("新任调解员", "金融机构指定人员", "培训师", "规划人员")   # titles in curriculum/course.yaml
STATUS = {"graded": "已评分", "rejected": "未通过审查", "error": "评分出错", None: "未提交"}


class CertificateError(TiaojieError):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


def _path(course, wanted: str):
    for p in course.paths:
        if wanted in (p.id, p.title):
            return p
    raise CertificateError("path", f"未知学习路径“{wanted}”；可选："
                           + "、".join(f"{p.title}({p.id})" for p in course.paths))


def record(trainee: str, path: str = PATHS[0], course: Course | None = None,
           issued: dt.date | None = None) -> dict:
    """The completion record of ``trainee`` on a learning path of the course file."""
    from ..course.loader import load_course
    from ..course.progress import activity, path_progress
    from ..records import Records

    grading = course or Course.default()
    plan = load_course()
    lp = _path(plan, path)
    mine = {o.assignment: o for o in store.load(grading.outcomes_path, trainee=trainee)}
    records = Records()
    if not mine and trainee not in records.trainees():
        raise CertificateError("trainee", f"没有学员“{trainee}”的学习或测验记录")
    progress = path_progress(plan, lp, activity(records, trainee))
    titles = {a.id: a.title for a in plan.assessments}
    rows = []
    for aid in lp.completion.assessments:
        o = mine.get(aid)
        rows.append({"assignment": aid, "title": titles.get(aid, aid), "status": o.status if o else None,
                     "score": None if o is None else round(o.score, 1),
                     "max": None if o is None else o.max_score, "passed": progress.assessments[aid]})
    rec = {"trainee": trainee, "path": lp.title, "issued": (issued or dt.date.today()).isoformat(),
           "modules": [{"id": m, "title": plan.module(m).title, "opened": m in progress.opened}
                       for m in lp.modules],
           "roleplays": [{"script": r.script, "best": r.best, "min_score": r.min_score, "met": r.met}
                         for r in progress.roleplays],
           "assessments": rows, "completed": progress.complete, "percent": progress.percent,
           "pass_rule": f"学完路径全部模块，情景演练达到最低分，测验状态为已评分、人工评分已完成且总分不低于 {PASS_PERCENT:g}%"}
    rec["verification"] = verification_code(rec)
    return rec


def verification_code(rec: dict) -> str:
    body = {k: v for k, v in rec.items() if k != "verification"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return "-".join(digest[i:i + 4] for i in range(0, 24, 4)).upper()


def write_pdf(rec: dict, out: Path) -> Path:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font(FAMILY, size=20)
    pdf.cell(0, 14, "金融纠纷调解员培训 结业证明", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=11)
    state = "已完成" if rec["completed"] else f"尚未全部完成，完成度 {rec['percent']}%"
    for line in (f"学员：{rec['trainee']}", f"学习路径：{rec['path']}（{state}）",
                 "依据：《关于推进金融纠纷调解工作高质量发展的意见》（金发〔2025〕14号）第九、二十一条",
                 f"合格标准：{rec['pass_rule']}", f"出具日期：{rec['issued']}"):
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    from fpdf.fonts import FontFace

    head = FontFace(emphasis="", fill_color=(225, 225, 225))
    pdf.ln(2)
    pdf.multi_cell(0, 7, "课程模块：" + "；".join(f"{m['title']}{'（已学）' if m['opened'] else '（未学）'}"
                                            for m in rec["modules"]), new_x="LMARGIN", new_y="NEXT")
    if rec["roleplays"]:
        pdf.multi_cell(0, 7, "情景演练：" + "；".join(
            f"{r['script']} 最高 {r['best'] if r['best'] is not None else '—'} 分（要求 {r['min_score']}）"
            for r in rec["roleplays"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=(70, 40, 30, 30), text_align="LEFT", headings_style=head) as table:
        table.row(["测验", "状态", "得分", "结论"])
        for r in rec["assessments"]:
            score = "—" if r["score"] is None else f"{r['score']:g}/{r['max']:g}"
            table.row([r["title"], STATUS[r["status"]], score, "合格" if r["passed"] else "未合格"])
    pdf.ln(4)
    pdf.multi_cell(0, 7, f"验证码：{rec['verification']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(0, 5, "验证方法：培训组织运行 tiaojie course certificate 学员 --json，"
                         "核对输出中的 verification 与本证明一致（记录的 SHA-256 摘要）。")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out
