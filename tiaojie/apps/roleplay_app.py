"""情景演练: pick a case (filters by sector, track, competency), play it, debrief, see history.

The trainee is whoever the server says is looking (:mod:`tiaojie.core.identity`): a trainee sees and
resumes only their own attempts; a trainer can also read any trainee's attempts and transcripts.
Progress lives in the role-play store (SQLite under the data directory), so a reloaded page —
which Voilà gives a new kernel — finds the unfinished attempt again. ``?case=ID`` in the page
address preselects a case (links from 案例库浏览). 放弃并重新开始 asks for confirmation first.
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape
from zoneinfo import ZoneInfo

import ipywidgets as W

from ..casebank.loader import load_bank
from ..casebank.schema import Case
from ..core.competencies import COMPETENCIES
from ..core.errors import EngineError, RoleplayError
from ..core.numeric import whole_number
from ..rules import Sector, Track
from ..roleplay.practice import Practice
from ..roleplay.script import ENDING_LABELS, Script, load_script_for
from ..roleplay.store import Store
from ..roleplay.widget import RoleplayWidget, entry_html
from .boundary import Alerts
from .help import help_panel
from ..core.identity import Viewer, current_viewer, query_param

ANY = "全部"
SEED_MAX = 2**32 - 1
STYLE = {"description_width": "6em"}
BEIJING = ZoneInfo("Asia/Shanghai")
# The chat box shows its newest line: a column-reverse scroll container starts (and stays) at the end.
# Printing the page prints the debrief without the controls.
CSS = """<style>
.tj-chat {display:flex !important; flex-direction:column-reverse;}
@media print { .tj-nav, .tj-controls, .tj-choice, .widget-button, .tj-history, .tj-help { display:none !important; }
  .tj-chat {max-height:none !important; overflow:visible !important;} }
</style>"""


def beijing_time(stamp: "str | None") -> str:
    """A stored timestamp (server local time when naive) as Beijing time."""
    if not stamp:
        return ""
    t = dt.datetime.fromisoformat(stamp)
    return t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def playable_cases() -> dict[str, tuple[Case, Script]]:
    """Cases whose role-play script loads (broken scripts are left out; validation reports them)."""
    out = {}
    for cid, case in load_bank().cases.items():
        if not case.roleplay:
            continue
        try:
            out[cid] = (case, load_script_for(case.roleplay))
        except RoleplayError:  # a broken script is not offered; `cases validate` says why
            continue
    return out


def filter_cases(cases: dict[str, tuple[Case, Script]], sector=None, track=None, competency=None) -> list[str]:
    out = []
    for cid, (case, script) in cases.items():
        if sector and case.sector.value != sector:
            continue
        if track and case.track.value != track:
            continue
        if competency and competency not in case.competencies | script.competency_ids():
            continue
        out.append(cid)
    return out


def history_html(store: Store, trainee: str, title: str = "我的演练记录") -> str:
    attempts = store.attempts(trainee) if trainee.strip() else []
    if not attempts:
        return f'<div class="tj-history"><b>{escape(title)}</b><p>暂无演练记录。</p></div>'
    rows = ["<table><tr><th>编号</th><th>案例</th><th>开始时间（北京时间）</th><th>步数</th><th>结局</th><th>总分（满分100）</th></tr>"]
    for a in reversed(attempts):
        ending = ENDING_LABELS.get(a.ending_type or "", "已放弃" if a.ending_type == "abandoned" else "进行中")
        rows.append(f'<tr class="tj-attempt" data-case="{escape(a.case_id)}"><td>{a.id}</td><td>{escape(a.case_id)}</td>'
                    f"<td>{escape(beijing_time(a.started))}</td><td>{a.steps}</td><td>{escape(ending)}</td>"
                    f"<td>{'' if a.overall is None else a.overall}</td></tr>")
    return f'<div class="tj-history"><b>{escape(title)}</b>' + "".join(rows) + "</table></div>"


def transcript_html(store: Store, attempt_id: int) -> str:
    a = store.attempt(attempt_id)
    if a is None:
        return ""
    head = (f"<p><b>演练 #{a.id}</b>　学员：{escape(a.trainee)}　案例：{escape(a.case_id)}　"
            f"开始：{escape(beijing_time(a.started))}（北京时间）</p>")
    body = "".join(entry_html(e) for e in store.transcript(attempt_id))
    return f'<div class="tj-transcript">{head}<div class="tj-chat-log">{body}</div></div>'


class TrainerPanel(W.VBox):
    """Trainer only: any trainee's attempts and the transcript of one of them."""

    def __init__(self, store: Store, alerts: Alerts):
        self.store = store
        self.who = W.Dropdown(options=store.trainees(), description="学员", style=STYLE)
        self.who.add_class("tj-trainer-who")
        self.attempt = W.Dropdown(description="演练", style=STYLE)
        self.attempt.add_class("tj-trainer-attempt")
        self.table, self.transcript = W.HTML(), W.HTML()
        self.transcript.add_class("tj-trainer-transcript")
        alerts.observe(self.who, lambda _c: self.show_trainee())
        alerts.observe(self.attempt, lambda _c: self.show_attempt())
        super().__init__([W.HTML("<h3>学员记录（仅培训师可见）</h3>"), self.who, self.table, self.attempt, self.transcript])
        self.add_class("tj-trainer-panel")
        self.show_trainee()

    def show_trainee(self) -> None:
        name = self.who.value or ""
        self.table.value = history_html(self.store, name, f"{name} 的演练记录") if name else ""
        self.attempt.options = [(f"#{a.id} {a.case_id} {beijing_time(a.started)}", a.id)
                                for a in reversed(self.store.attempts(name))] if name else []

    def show_attempt(self) -> None:
        self.transcript.value = transcript_html(self.store, self.attempt.value) if self.attempt.value else ""


class RoleplayApp(W.VBox):
    def __init__(self, store: "Store | None" = None, case_ids: "list[str] | None" = None,
                 viewer: "Viewer | None" = None, preselect: "str | None" = None):
        self.store = store or Store()
        self.viewer = viewer or current_viewer()
        self.cases = playable_cases()
        if case_ids is not None:
            self.cases = {cid: self.cases[cid] for cid in case_ids if cid in self.cases}
        self.who = W.HTML(f'<p class="tj-who">当前学员：<b>{escape(self.viewer.label)}</b>'
                          "　（身份由服务器登录确定；进度按此身份保存）</p>")
        self.sector = W.Dropdown(options=[(ANY, "")] + [(s.label, s.value) for s in Sector], description="领域", style=STYLE)
        self.track = W.Dropdown(options=[(ANY, "")] + [(t.label, t.value) for t in Track], description="调解程序", style=STYLE)
        self.competency = W.Dropdown(options=[(ANY, "")] + [(c.label, c.id) for c in COMPETENCIES.values()],
                                     description="能力", style=STYLE)
        self.case = W.Dropdown(description="案例", style=STYLE, layout=W.Layout(width="40em"))
        self.case.add_class("tj-case-picker")
        self.seed = W.Text(description="变体种子", placeholder="留空＝原案例；填整数＝换一组虚构当事人", style=STYLE)
        self.start_btn = W.Button(description="开始演练", button_style="primary")
        self.start_btn.add_class("tj-start")
        self.restart_btn = W.Button(description="放弃并重新开始")
        self.restart_btn.add_class("tj-restart")
        self.confirm, self.pdf_box = W.HBox(), W.HBox()
        self.message, self.history, self.stage = W.HTML(), W.HTML(), W.Box()
        self.alerts = Alerts(labels={"seed": "变体种子"})
        self.who.add_class("tj-who-box")
        self.history.add_class("tj-history-box")
        for w in (self.sector, self.track, self.competency):
            self.alerts.observe(w, lambda _c: self._refilter())
        self.alerts.on_click(self.start_btn, lambda _b: self.start())
        self.alerts.on_click(self.restart_btn, lambda _b: self.ask_restart())
        self._refilter()
        if preselect in self.cases and preselect in [v for _, v in self.case.options]:
            self.case.value = preselect
        controls = W.VBox([W.HBox([self.sector, self.track, self.competency]), self.case, self.seed,
                           W.HBox([self.start_btn, self.restart_btn]), self.confirm])
        controls.add_class("tj-controls")
        extra = [TrainerPanel(self.store, self.alerts)] if self.viewer.is_trainer else []
        super().__init__([W.HTML(CSS), self.who, controls, self.alerts.area, self.message, self.stage, self.pdf_box,
                          self.history, *extra])
        self._show_history()

    def _refilter(self) -> None:
        ids = filter_cases(self.cases, self.sector.value or None, self.track.value or None,
                           self.competency.value or None)
        keep = self.case.value
        self.case.options = [(f"{cid}　{self.cases[cid][0].title}"
                              + ("（扮演金融机构指定人员）" if self.cases[cid][1].trainee_role.value == "institution" else ""), cid)
                             for cid in ids]
        self.case.value = keep if keep in ids else (ids[0] if ids else None)
        self.message.value = "" if ids else "<p>没有符合条件的演练案例。</p>"

    def _show_history(self) -> None:
        self.history.value = history_html(self.store, self.viewer.name)

    def _seed(self) -> "int | None":
        """Empty: the case as written; otherwise a whole number (refused, not ignored, if it is not)."""
        text = self.seed.value.strip()
        return whole_number(text, "seed", maximum=SEED_MAX) if text else None

    def _chosen(self) -> str:
        if not self.case.value:
            raise RoleplayError("请先选择案例。", field="case")
        return self.case.value

    def ask_restart(self) -> None:
        """放弃并重新开始 first asks: the unfinished attempt is closed for good."""
        unfinished = self.store.unfinished(self.viewer.name, self._chosen())
        if unfinished is None:
            self.start()
            return
        yes, no = W.Button(description="确定放弃", button_style="danger"), W.Button(description="取消")
        yes.add_class("tj-confirm-yes")
        no.add_class("tj-confirm-no")
        text = W.HTML(f'<p class="tj-confirm">确定放弃未完成的演练 #{unfinished.id}（已完成 {unfinished.steps} 步）'
                      "并重新开始吗？放弃后不能继续该次演练（记录仍保留）。</p>")
        self.alerts.on_click(yes, lambda _b: (self._clear_confirm(), self.start(restart=True)))
        self.alerts.on_click(no, lambda _b: self._clear_confirm())
        self.confirm.children = [text, yes, no]

    def _clear_confirm(self) -> None:
        self.confirm.children = []

    def start(self, restart: bool = False) -> None:
        name, seed = self.viewer.name, self._seed()     # refused before anything is abandoned
        case, script = self.cases[self._chosen()]
        unfinished = self.store.unfinished(name, case.id)
        practice, note = None, ""
        if unfinished and restart:
            self.store.abandon(unfinished.id)
        elif unfinished:
            try:
                practice = Practice.resume(script, case, self.store, unfinished)
                self.message.value = f"<p>已恢复未完成的演练 #{unfinished.id}（已完成 {unfinished.steps} 步）。</p>"
            except EngineError:  # the script changed since: its saved choices no longer replay
                self.store.abandon(unfinished.id)
                note = f"未完成的演练 #{unfinished.id} 因演练脚本已更新无法恢复，已关闭（记录仍保留）。"
        self.pdf_box.children = []
        if practice is None:
            practice = Practice.begin(script, case, self.store, name, seed)
            self.message.value = f"<p>{note}演练 #{practice.attempt_id} 已开始，每一步都会自动保存。</p>"
        self.stage.children = [RoleplayWidget(practice, on_finish=self._finished, alerts=self.alerts,
                                              on_step=lambda _p: self._show_history())]
        self._show_history()

    def _finished(self, practice) -> None:
        self._show_history()
        self.message.value = ('<p class="tj-print-hint">演练结束。可用浏览器“打印”（Ctrl+P）打印复盘，'
                              "或点击下方按钮生成复盘 PDF 保存。</p>")
        button, link = W.Button(description="生成复盘 PDF", icon="file-pdf"), W.HTML()
        button.add_class("tj-pdf")
        link.add_class("tj-pdf-link")

        def make(_b):
            button.disabled, button.description = True, "正在生成……"
            try:
                from .debrief_pdf import debrief_pdf   # fpdf only when a PDF is asked for: 0.25 s off the page

                data = debrief_pdf(practice.debrief(), self.viewer.name, practice.play.label(practice.play.script.title))
            except Exception:  # noqa: BLE001 - re-raised to the boundary; the button works again
                button.disabled, button.description = False, "生成复盘 PDF"
                raise
            name = f"复盘-{practice.play.case.id if practice.play.case else ''}-{practice.attempt_id}.pdf"
            link.value = (f'<a download="{escape(name)}" href="data:application/pdf;base64,'
                          f'{base64.b64encode(data).decode()}">下载复盘 PDF（{len(data) // 1024} KB）</a>')
            button.description = "已生成"

        self.alerts.on_click(button, make)
        self.pdf_box.children = [button, link]


def build_app(store: "Store | None" = None, case_ids: "list[str] | None" = None) -> W.Widget:
    """The 情景演练 app; ``case_ids`` restricts the picker (curriculum practice pages)."""
    app = RoleplayApp(store, case_ids, preselect=query_param("case"))
    return W.VBox([app, help_panel("roleplay")])
