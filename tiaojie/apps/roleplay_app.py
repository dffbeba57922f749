"""情景演练: pick a case (filters by sector, track, competency), play it, debrief, see history.

Progress lives in the role-play store (SQLite under the data directory), so a reloaded page —
which Voilà gives a new kernel — finds the trainee's unfinished attempt and history again once
the trainee types the same name.
"""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ..casebank.loader import load_bank
from ..casebank.schema import Case
from ..core.competencies import COMPETENCIES
from ..core.errors import RoleplayError
from ..rules import Sector, Track
from ..roleplay.practice import Practice
from ..roleplay.script import ENDING_LABELS, Script, load_script_for
from ..roleplay.store import Store
from ..roleplay.widget import RoleplayWidget

ANY = "全部"
STYLE = {"description_width": "6em"}


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


def history_html(store: Store, trainee: str) -> str:
    attempts = store.attempts(trainee) if trainee.strip() else []
    if not attempts:
        return '<div class="tj-history"><p>暂无演练记录。</p></div>'
    rows = ["<table><tr><th>编号</th><th>案例</th><th>开始时间</th><th>步数</th><th>结局</th><th>总分</th></tr>"]
    for a in reversed(attempts):
        ending = ENDING_LABELS.get(a.ending_type or "", "已放弃" if a.ending_type == "abandoned" else "进行中")
        rows.append(f'<tr class="tj-attempt" data-case="{escape(a.case_id)}"><td>{a.id}</td><td>{escape(a.case_id)}</td>'
                    f"<td>{escape(a.started)}</td><td>{a.steps}</td><td>{escape(ending)}</td>"
                    f"<td>{'' if a.overall is None else a.overall}</td></tr>")
    return '<div class="tj-history"><b>我的演练记录</b>' + "".join(rows) + "</table></div>"


class RoleplayApp(W.VBox):
    def __init__(self, store: "Store | None" = None, case_ids: "list[str] | None" = None):
        self.store = store or Store()
        self.cases = playable_cases()
        if case_ids is not None:
            self.cases = {cid: self.cases[cid] for cid in case_ids if cid in self.cases}
        self.trainee = W.Text(description="学员姓名", placeholder="请输入姓名后开始", style=STYLE)
        self.trainee.add_class("tj-trainee")
        self.sector = W.Dropdown(options=[(ANY, "")] + [(s.label, s.value) for s in Sector], description="领域", style=STYLE)
        self.track = W.Dropdown(options=[(ANY, "")] + [(t.label, t.value) for t in Track], description="调解程序", style=STYLE)
        self.competency = W.Dropdown(options=[(ANY, "")] + [(c.label, c.id) for c in COMPETENCIES.values()],
                                     description="能力", style=STYLE)
        self.case = W.Dropdown(description="案例", style=STYLE, layout=W.Layout(width="40em"))
        self.seed = W.Text(description="变体种子", placeholder="留空＝原案例；填数字＝换一组虚构当事人", style=STYLE)
        self.start_btn = W.Button(description="开始演练", button_style="primary")
        self.start_btn.add_class("tj-start")
        self.restart_btn = W.Button(description="放弃并重新开始")
        self.restart_btn.add_class("tj-restart")
        self.message = W.HTML()
        self.history = W.HTML()
        self.stage = W.Box()
        for w in (self.sector, self.track, self.competency):
            w.observe(lambda _c: self._refilter(), names="value")
        self.trainee.observe(lambda _c: self._show_history(), names="value")
        self.start_btn.on_click(lambda _b: self.start())
        self.restart_btn.on_click(lambda _b: self.start(restart=True))
        self._refilter()
        super().__init__([
            W.HBox([self.trainee]),
            W.HBox([self.sector, self.track, self.competency]),
            self.case, self.seed, W.HBox([self.start_btn, self.restart_btn]), self.message,
            self.stage, self.history])
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
        self.history.value = history_html(self.store, self.trainee.value)

    def _seed(self) -> "int | None":
        text = self.seed.value.strip()
        return int(text) if text.isdigit() else None

    def start(self, restart: bool = False) -> None:
        name = self.trainee.value.strip()
        if not name:
            self.message.value = '<p class="tj-error">请先输入学员姓名。</p>'
            return
        if not self.case.value:
            self.message.value = '<p class="tj-error">请先选择案例。</p>'
            return
        case, script = self.cases[self.case.value]
        unfinished = self.store.unfinished(name, case.id)
        practice = None
        if unfinished and restart:
            self.store.abandon(unfinished.id)
        elif unfinished:
            try:
                practice = Practice.resume(script, case, self.store, unfinished)
                self.message.value = f"<p>已恢复未完成的演练 #{unfinished.id}（已完成 {unfinished.steps} 步）。</p>"
            except Exception:  # noqa: BLE001 — the script changed since: start afresh
                self.store.abandon(unfinished.id)
        if practice is None:
            practice = Practice.begin(script, case, self.store, name, self._seed())
            self.message.value = f"<p>演练 #{practice.attempt_id} 已开始，每一步都会自动保存。</p>"
        self.stage.children = [RoleplayWidget(practice, on_finish=lambda _p: self._show_history(),
                                              on_step=lambda _p: self._show_history())]
        self._show_history()


def build_app(store: "Store | None" = None, case_ids: "list[str] | None" = None) -> RoleplayApp:
    """The 情景演练 app; ``case_ids`` restricts the picker (curriculum practice pages)."""
    return RoleplayApp(store, case_ids)
