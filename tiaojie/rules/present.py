"""One presenter: how a decision of the rules is shown, in text (CLI) and HTML (apps, curriculum).

Everything a user reads about a deadline — due date, unit, basis, rule, source, the assumption
marker, the warnings, the reasoning — is written here, once:

* :data:`ASSUMPTION` is the one spelling of the assumption marker (假设值);
* :func:`unit` the one spelling of a period's unit ("个工作日", "日" in prose, "日（自然日）" where
  the basis must be explicit);
* :func:`present_deadline`, :func:`present_track` and :func:`present_recusal` turn a decision
  into labelled rows, reasons and sources that :func:`as_text` prints for a terminal and
  :func:`as_html` renders for a page (``deadline_text`` / ``deadline_html`` for a deadline);
* :func:`deadline_line` is the one-line form used in a case's procedural points.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .enums import Basis

if TYPE_CHECKING:  # pragma: no cover - typing only (deadlines imports this module)
    from .deadlines import Deadline
    from .recusal import RecusalDecision
    from .tracks import TrackDecision

ASSUMPTION = "假设值（本组织配置，非法律规定）"
ASSUMPTION_HINT = "标注“假设值”的数字来自本组织配置而非法律规定，可由培训师修改。"
ASSUMPTION_STEP = "注意：该期限为" + ASSUMPTION
_ASSUMPTION_STYLE = "background:#fff3cd;padding:0 4px"


def unit(basis: Basis, explicit: bool = False) -> str:
    """The unit of a period: 个工作日, or 日 (日（自然日） when the basis must be explicit)."""
    if basis is Basis.working:
        return "个工作日"
    return "日（自然日）" if explicit else "日"


def period_text(days: int, basis: Basis, explicit: bool = False) -> str:
    """A period as users read it: 7日, 15个工作日, 30日（自然日）."""
    return f"{days}{unit(basis, explicit)}"


def date_text(day: dt.date) -> str:
    """A date in prose: 2026年5月25日."""
    return f"{day.year}年{day.month}月{day.day}日"


def amount_text(amount: float) -> str:
    """An amount in yuan in prose: 5000元, 100000元."""
    return f"{amount:.0f}元" if float(amount).is_integer() else f"{amount:.2f}元"


@dataclass(frozen=True)
class Row:
    key: str        # stable identifier (also the CSS class tj-<key> of a headline value)
    zh: str         # Chinese label (what users read)
    en: str         # English label (terminal output is bilingual)
    value: str
    assumption: bool = False   # the value rests on an assumption: show the marker beside it


@dataclass
class Presented:
    """A decision of the rules as labelled parts; :func:`as_text` and :func:`as_html` draw it."""

    rows: list[Row]                       # rows[0] is the headline (the answer)
    reasons: list[str]
    reasons_label: tuple[str, str] = ("理由", "reasons")
    sources: list[str] = field(default_factory=list)    # shown after the reasons
    assumption: bool = False              # the sources include an assumption: marker beside them
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def present_deadline(d: "Deadline", title: str = "期限") -> Presented:
    period = period_text(d.days, d.basis, explicit=True)
    if d.total_days != d.days:
        period += f"（含延长与扣除，合计 {d.total_days}{unit(d.basis)}）"
    # a year without holiday data (weekends only) makes the date provisional: say so in the headline
    provisional = ("（暂定）", " (provisional)") if d.warnings else ("", "")
    rows = [Row("due", f"{title}届满日{provisional[0]}", f"due date{provisional[1]}", d.due_date.isoformat()),
            Row("rule", "适用规则", "rule", d.rule),
            Row("period", "期限", "period", period),
            Row("basis", "计算基础", "basis", f"{d.basis.label}（{d.basis.value}）"),
            Row("source", "依据", "source", d.source, assumption=d.assumption)]
    return Presented(rows, list(d.steps), ("推理", "reasoning"), ignored=list(d.ignored),
                     warnings=list(d.warnings))


def present_track(d: "TrackDecision") -> Presented:
    return Presented([Row("track", "调解程序", "track", f"{d.track.label}（{d.track.value}）")],
                     list(d.reasons), sources=list(d.sources), assumption=d.assumption)


def present_recusal(d: "RecusalDecision") -> Presented:
    def yes(flag: bool) -> str:
        return "是" if flag else "否"
    rows = [Row("recusal", "应当回避", "recusal required", yes(d.required)),
            Row("waivable", "双方同意可豁免", "waivable by both parties", yes(d.waivable)),
            Row("disclose", "应当披露", "disclose", yes(d.disclose))]
    return Presented(rows, list(d.reasons), sources=list(d.sources), assumption=d.assumption)


def as_text(p: Presented) -> str:
    """Lines for a terminal: ``中文 english: value``, the marker beside an assumed value."""
    lines = [f"{r.zh} {r.en}: {r.value}{assumption_marker(r.assumption)}" for r in p.rows]
    lines += [f"已忽略 ignored: {item}" for item in p.ignored]
    lines.append(f"{p.reasons_label[0]} {p.reasons_label[1]}:")
    lines += [f"  - {step}" for step in p.reasons]
    if p.sources:
        lines.append("依据 sources:" + assumption_marker(p.assumption))
        lines += [f"  - {s}" for s in p.sources]
    lines += [f"警告 warning: {w}" for w in p.warnings]
    return "\n".join(lines)


def _e(text) -> str:
    return html.escape(str(text))


def assumption_html() -> str:
    return f'<span class="tj-assumption" style="{_ASSUMPTION_STYLE}">{ASSUMPTION}</span>'


def steps_html(items: list[str]) -> str:
    return "<ol>" + "".join(f"<li>{_e(s)}</li>" for s in items) + "</ol>"


def as_html(p: Presented) -> str:
    """A result panel: the answer as heading, the other rows, hints, warnings, reasons, sources."""
    head, *rows = p.rows
    body = "<br>".join(f"<b>{_e(r.zh)}：</b>{_e(r.value)}" + (" " + assumption_html() if r.assumption else "")
                       for r in rows)
    parts = [f'<div class="tj-result"><h3>{_e(head.zh)}：<span class="tj-{head.key}">{_e(head.value)}</span></h3>']
    if body:
        parts.append(f"<p>{body}</p>")
    parts += [f'<p class="tj-ignored">提示：{_e(item)}</p>' for item in p.ignored]
    parts += [f'<p class="tj-warning" style="color:#8a6d3b">⚠ {_e(w)}</p>' for w in p.warnings]
    parts.append(f"<b>{_e(p.reasons_label[0])}：</b>" + steps_html(p.reasons))
    if p.sources:
        parts.append("<b>依据：</b>" + "".join(f"<div>{_e(s)}</div>" for s in p.sources)
                     + (f"<p>{assumption_html()}</p>" if p.assumption else ""))
    parts.append("</div>")
    return "".join(parts)


def deadline_text(d: "Deadline", title: str = "期限") -> str:
    return as_text(present_deadline(d, title))


def deadline_html(d: "Deadline", title: str = "期限") -> str:
    return as_html(present_deadline(d, title))


def deadline_line(label: str, d: "Deadline") -> str:
    """One line for a case's procedural points: 调解期限：2026-05-25（rule；依据 source；假设值…）."""
    return (f"{label}：{d.due_date.isoformat()}（{d.rule}，{period_text(d.days, d.basis)}；依据 {d.source}"
            + (f"；{ASSUMPTION}" if d.assumption else "") + "）")


def assumption_marker(assumption: bool) -> str:
    """The marker to put after a value in plain text, or nothing when the value is not assumed."""
    return f" 【{ASSUMPTION}】" if assumption else ""
