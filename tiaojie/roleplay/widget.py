"""The ipywidgets front end of one role-play attempt: chat, choices, meters, caucus, debrief.

Used by curriculum notebooks (``RoleplayWidget(practice)``) and by the 情景演练 app. All logic is
in :class:`~tiaojie.roleplay.practice.Practice`; this module only draws it. CSS classes
(``tj-choice``, ``tj-chat``, ``tj-debrief``, ``tj-caucus``) are stable hooks for browser tests.
"""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ..core.widget_boundary import Alerts
from .practice import Practice
from .scoring import score_text
from .script import FAILURE_ENDINGS, METERS, STAGE_LABELS, SUCCESS_ENDINGS, meter_labels
from .store import StaleAttempt

SCORING_NOTE = ("得分怎么算：每一步，对当时可选各项所涉及的每项能力，把你所选做法的能力分值放在“最好”与“最差”选项之间比较，"
                "得分 = 100 ×（所选 − 最差）之和 ÷（最好 − 最差）之和。某项能力你所选的做法既未体现也未违背时，显示“未涉及”，"
                "并列出错过的体现机会；总分把各项能力合并计算，错过的机会也计入。得分只衡量做法；结果是否达成、协议是否稳妥，见上方“结果”。")


def ending_kind(ending_type: str) -> str:
    """success (agreement), failure (escalation) or neutral (a proper end without agreement)."""
    return "success" if ending_type in SUCCESS_ENDINGS else "failure" if ending_type in FAILURE_ENDINGS else "neutral"

CSS = """<style>
.tj-chat {border:1px solid #ddd; border-radius:6px; padding:8px; background:#fafafa;}
.tj-line {margin:4px 0; line-height:1.6;}
.tj-line b {color:#333;}
.tj-mediator {background:#e8f1fb; border-radius:6px; padding:4px 8px;}
.tj-narrator {color:#666; font-style:italic;}
.tj-reveal {background:#fff6d6; border-left:4px solid #e0b000; padding:4px 8px;}
.tj-stage {text-align:center; color:#555; margin:10px 0 4px; font-weight:bold;}
.tj-caucus-line {border-left:4px solid #8e44ad; padding-left:8px;}
.tj-ending {padding:8px; border-radius:6px;}
.tj-ending-success {background:#e9f7ef; border:1px solid #58a55c;}
.tj-ending-neutral {background:#eef2f7; border:1px solid #7f8c9d;}
.tj-ending-failure {background:#fdecea; border:1px solid #c0392b;}
.tj-outcome-success {color:#2e7d32;} .tj-outcome-neutral {color:#455a64;} .tj-outcome-failure {color:#c0392b;}
.tj-unsound {color:#c0392b;}
.tj-caucus {background:#f4ecf7; border:1px dashed #8e44ad; padding:6px 10px; border-radius:6px;}
.jupyter-button.tj-choice, .widget-button.tj-choice {white-space:normal !important; height:auto !important;
  text-align:left; line-height:1.5; padding:6px 10px; margin:3px 0;}
.tj-debrief table {border-collapse:collapse; margin:6px 0;}
.tj-debrief td, .tj-debrief th {border:1px solid #ccc; padding:4px 8px; vertical-align:top;}
.tj-doc {white-space:pre-wrap; background:#fff; border:1px solid #ccc; padding:8px;}
</style>"""

ENTRY_CLASS = {"choice": "tj-line tj-mediator tj-trainee", "reveal": "tj-line tj-reveal"}


def entry_html(e: dict) -> str:
    kind = e.get("kind")
    text = escape(e.get("text", ""))
    if kind == "stage":
        cls = "tj-stage tj-caucus" if e.get("caucus_with") else "tj-stage"
        return f'<div class="{cls}">—— {text} ——</div>'
    if kind == "reveal":
        return f'<div class="tj-line tj-reveal">新掌握的信息：{text}</div>'
    if kind == "ending":
        tone = ending_kind(e.get("stage", ""))
        return (f'<div class="tj-line tj-ending tj-ending-{tone}"><b>结局：{escape(e.get("name", ""))}</b>'
                f'<br>{text}</div>')
    cls = ENTRY_CLASS.get(kind, "tj-line")
    if e.get("speaker") == "narrator":
        cls += " tj-narrator"
        return f'<div class="{cls}">{text}</div>'
    if e.get("caucus_with"):
        cls += " tj-caucus-line"
    return f'<div class="{cls}"><b>{escape(e.get("name", ""))}：</b>{text}</div>'


def debrief_html(d: dict) -> str:
    labels = meter_labels(d.get("trainee_role", "mediator"))
    parts = ['<div class="tj-debrief"><h3>复盘 Debrief</h3>']
    end = d.get("ending")
    if end:
        parts.append(_outcome_html(end))
    if d.get("overall") is not None:
        parts.append(f'<p><b>总分：</b>{d["overall"]} / 100'
                     + ("（与示范路径完全一致）" if d.get("followed_model") else "") + "</p>")
    parts.append("<table><tr><th>能力</th><th>得分</th><th>体现</th><th>违背</th><th>错过的体现机会</th></tr>")
    for cid, s in d["scores"].items():
        parts.append(f'<tr class="tj-score" data-competency="{cid}"><td>{escape(s["label"])}</td>'
                     f'<td>{score_text(s["score"])}</td><td>{s["shown"]}</td><td>{s["broken"]}</td>'
                     f'<td>{s.get("missed", 0)}</td></tr>')
    parts.append("</table><p><b>每一步的效果与原因</b></p><ol>")
    for s in d["steps"]:
        deltas = "，".join(f'{escape(x["name"])}{labels[x["meter"]]}{x["delta"]:+d}' for x in s["deltas"])
        tags = "，".join(f'{escape(t["label"])}{"+" if t["signed"] > 0 else ""}{t["signed"]}' for t in s["tags"])
        item = (f'<li><b>[{escape(s["stage_label"])}] {escape(s["label"])}</b><br>{escape(s["feedback"])}'
                + (f'<br><small>能力：{tags}</small>' if tags else "")
                + (f'<br><small>当事人状态变化：{deltas}</small>' if deltas else ""))
        if "better" in s:
            item += f'<br><i>更好的做法：{escape(s["better"]["label"])}——{escape(s["better"]["feedback"])}</i>'
        parts.append(item + "</li>")
    parts.append("</ol><p><b>示范路径</b>（得分最高的路径）</p><ol>")
    parts.extend(f'<li>{escape(m["label"])}</li>' for m in d["model_path"])
    parts.append(f'</ol><p>示范结局：{escape(d["model_ending"]["title"])}</p>'
                 f'<p class="tj-scoring-note"><small>{escape(SCORING_NOTE)}</small></p></div>')
    return "".join(parts)


def _outcome_html(end: dict) -> str:
    """The ending, its kind (agreement / proper end without one / escalation) and soundness."""
    kind = end.get("kind") or ending_kind(end["type"])
    out = [f'<p class="tj-outcome tj-outcome-{kind}"><b>结局：</b>{escape(end["title"])}（{escape(end["type_label"])}；'
           f'{escape(end.get("kind_label", ""))}）</p><p>{escape(end["summary"])}</p>']
    if end.get("soundness"):
        cls = "tj-soundness tj-unsound" if end["soundness"] == "unsound" else "tj-soundness"
        out.append(f'<p class="{cls}"><b>结果是否稳妥：</b>{escape(end["soundness_label"])}。'
                   f'{escape(end.get("soundness_note") or "")}<br><small>{escape(end["soundness_explained"])}</small></p>')
    if end.get("document"):
        out.append(f'<p><b>形成的文书</b></p><div class="tj-doc">{escape(end["document"])}</div>')
    return "".join(out)


class RoleplayWidget(W.VBox):
    """One attempt on screen. ``on_step(practice)`` is called after every choice, ``on_finish``
    once when an ending is reached. Choices run behind the error boundary: ``alerts`` is the
    page's (the 情景演练 app passes its own); without one the widget shows errors itself."""

    def __init__(self, practice: Practice, on_finish=None, on_step=None, alerts: "Alerts | None" = None):
        self.practice = practice
        self.alerts = alerts or Alerts()
        self.on_finish = on_finish
        self.on_step = on_step
        script = practice.play.script
        self.header = W.HTML(f"<h3>{escape(practice.play.label(script.title))}</h3>"
                             f'<p class="tj-trainee-role"><b>你扮演：</b>{escape(practice.play.trainee_label)}</p>'
                             + (f"<p>{escape(practice.play.label(script.briefing))}</p>" if script.briefing else ""))
        labels = practice.play.meter_labels()
        self.stage = W.HTML()
        self.chat = W.HTML(layout=W.Layout(max_height="460px", overflow="auto", width="100%"))
        self.chat.add_class("tj-chat")
        self.choice_box = W.VBox(layout=W.Layout(width="100%"))
        self.bars: dict[tuple[str, str], W.IntProgress] = {}
        meter_boxes = []
        for role, vals in practice.state.meter_dict().items():
            rows = [W.HTML(f"<b>{escape(practice.play.names.get(role, role))}</b>")]
            for m in METERS:
                bar = W.IntProgress(value=vals[m], min=0, max=100, description=labels[m],
                                    style={"description_width": "8em"}, layout=W.Layout(width="300px"))
                bar.add_class(f"tj-meter-{m}")
                self.bars[(role, m)] = bar
                rows.append(bar)
            meter_boxes.append(W.VBox(rows))
        self.meters = W.VBox(meter_boxes, layout=W.Layout(width="330px"))
        self.debrief = W.HTML()
        self.debrief.add_class("tj-debrief-box")
        left = W.VBox([self.stage, self.chat, self.choice_box], layout=W.Layout(flex="1 1 auto", width="60%"))
        own = [] if alerts is not None else [self.alerts.area]
        super().__init__([W.HTML(CSS), self.header, *own, W.HBox([left, self.meters]), self.debrief])
        self.refresh()

    def refresh(self) -> None:
        p = self.practice
        node = p.play.script.nodes[p.state.node]
        label = STAGE_LABELS[node.stage.value]
        if node.caucus_with and node.caucus_with == p.play.trainee:   # institution script: the mediator meets you
            self.stage.value = ('<div class="tj-caucus">背对背调解（暂停联席会谈）：调解员正与<b>你</b>单独沟通，'
                                '对方听不到。你在这里说的内容，调解员未经你同意不会告诉对方。</div>')
        elif node.caucus_with:
            who = escape(p.play.names.get(node.caucus_with, node.caucus_with))
            self.stage.value = (f'<div class="tj-caucus">背对背调解（暂停联席会谈）：你正与<b>{who}</b>单独沟通，'
                                f'对方听不到。未经同意，不得向对方透露此处内容。</div>')
        else:
            self.stage.value = f"<p><b>阶段：</b>{label}</p>"
        self.chat.value = "".join(entry_html(e.to_json()) for e in p.state.transcript)
        for role, vals in p.state.meter_dict().items():
            for m in METERS:
                if (role, m) in self.bars:
                    self.bars[(role, m)].value = vals[m]
                    self.bars[(role, m)].bar_style = (
                        "danger" if (m == "emotion" and vals[m] >= 70) or (m != "emotion" and vals[m] <= 30)
                        else "success" if (m == "emotion" and vals[m] <= 30) or (m != "emotion" and vals[m] >= 70)
                        else "")
        buttons = []
        if not p.over:
            for c in p.choices():
                b = W.Button(description=p.play.label(c.label), tooltip=p.play.label(c.say or c.label),
                             layout=W.Layout(width="100%", height="auto"))
                b.add_class("tj-choice")
                self.alerts.on_click(b, lambda _b, cid=c.id: self.pick(cid))
                buttons.append(b)
        self.choice_box.children = buttons
        if p.over and not self.debrief.value:
            self.debrief.value = debrief_html(p.debrief())

    def pick(self, choice_id: str) -> None:
        if self.practice.over or choice_id not in {c.id for c in self.practice.choices()}:
            return   # a stale button (double click): ignore
        try:
            self.practice.choose(choice_id)
        except StaleAttempt:
            self.refresh()   # show the steps the other tab saved; the boundary says why
            raise
        self.refresh()
        if self.on_step:
            self.on_step(self.practice)
        if self.practice.over and self.on_finish:
            self.on_finish(self.practice)
