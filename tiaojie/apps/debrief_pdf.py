"""A role-play debrief as a PDF (fpdf2, Noto Sans CJK embedded), for a trainee to keep or print.

``debrief_pdf(debrief, trainee=…, title=…)`` takes the dict :meth:`Practice.debrief` returns and
gives the PDF bytes; the 情景演练 app offers them as a download link. Times are Beijing time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fpdf import FPDF

from ..core.pdf import new_pdf



def _pdf() -> FPDF:
    pdf = new_pdf()
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, text: str, size: int = 11, gap: float = 1.5) -> None:
    pdf.set_font_size(size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def debrief_pdf(d: dict, trainee: str, title: str, now: "dt.datetime | None" = None) -> bytes:
    now = (now or dt.datetime.now(ZoneInfo("Asia/Shanghai"))).astimezone(ZoneInfo("Asia/Shanghai"))
    pdf = _pdf()
    _line(pdf, f"情景演练复盘：{title}", 16, 3)
    _line(pdf, f"学员：{trainee}　　生成时间：{now:%Y-%m-%d %H:%M}（北京时间）", 10, 3)
    end = d.get("ending")
    if end:
        _line(pdf, f"结局：{end['title']}（{end['type_label']}）", 12)
        _line(pdf, end.get("summary", ""), 10, 3)
    if d.get("overall") is not None:
        _line(pdf, f"总分：{d['overall']} / 100", 12, 2)
    _line(pdf, "各项能力得分（0–100）", 12)
    for s in d["scores"].values():
        score = "未涉及" if s["score"] is None else s["score"]
        _line(pdf, f"· {s['label']}：{score}（体现 {s['shown']} 次，违背 {s['broken']} 次）", 10, 0.5)
    pdf.ln(2)
    _line(pdf, "每一步的效果与原因", 12)
    for i, s in enumerate(d["steps"], 1):
        _line(pdf, f"{i}. [{s['stage_label']}] {s['label']}", 10, 0.5)
        _line(pdf, f"   {s['feedback']}", 9, 1)
        if "better" in s:
            _line(pdf, f"   更好的做法：{s['better']['label']}", 9, 1)
    _line(pdf, "示范路径：" + " → ".join(m["label"] for m in d["model_path"]), 10, 2)
    return bytes(pdf.output())
