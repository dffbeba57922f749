"""人员规划 (staffing planner): the planner's Voilà app over tiaojie.sim.

Only widgets live here. Scenario scaling, the Erlang table, slider ranges and runs with
progress come from :mod:`tiaojie.sim.planning`; the search (with its binding constraint) from
:mod:`tiaojie.sim.staffing` and :mod:`tiaojie.sim.targets`; saved scenarios, CSV and PNG from
:mod:`tiaojie.sim.compare`.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as W

from ..sim import compare as C
from ..sim import plots as P
from ..sim import planning as PL
from ..sim.scenario import load_scenario, presets
from ..sim.staffing import search_staff
from ..sim.targets import RULE, describe_binding
from .boundary import Alerts, in_output

PRESET_LABELS = {"city": "城市调解中心", "provincial": "省级中心（含服务站点）",
                 "national_securities": "全国性证券调解机构", "surge": "群体性纠纷冲击"}
STYLE = {"description_width": "120px"}
# Field identifiers in the simulation's errors, named as the planner's controls name them.
FIELD_LABELS = {"productive_share": "可办案工时比例", "arrivals": "案件量倍数", "replications": "重复次数",
                "target": "达标率目标", "servers": "调解员人数", "surge": "临时人员在岗"}
VARY = [("专职人数（兼职固定）", "full_time"), ("兼职人数（专职固定）", "part_time"),
        ("冲击期临时人员（常设固定）", "surge")]


def _slider(cls, label, **kw):
    return cls(description=label, style=STYLE, continuous_update=False, **kw)


def _pct(x):
    return "—" if x is None else f"{x:.1%}"


class PlannerApp:
    def __init__(self):
        self.saved: list[dict] = []
        self.last: dict | None = None
        self.preset = W.Dropdown(options=[(PRESET_LABELS.get(n, n), n) for n in presets()],
                                 value="provincial", description="情景", style=STYLE)
        self.demand = _slider(W.FloatSlider, "案件量倍数", value=1.0, min=0.3, max=PL.DEMAND_MAX, step=0.05)
        self.opted = _slider(W.FloatSlider, "小额机制承诺率", value=0.6, min=0.0, max=1.0, step=0.05)
        self.share = _slider(W.FloatSlider, "可办案工时比例", value=1.0, min=PL.SHARE_MIN, max=1.0, step=0.05)
        self.target = _slider(W.FloatSlider, "达标率目标", value=0.95, min=0.8, max=0.99, step=0.01)
        self.reps = _slider(W.IntSlider, "重复次数", value=5, min=2, max=20)
        self.vary = W.Dropdown(options=VARY, value="full_time", description="搜索对象", style=STYLE)
        self.window = W.IntRangeSlider(description="临时人员在岗（天）", style=STYLE, min=0, max=434,
                                       value=(190, 260), continuous_update=False)
        self.staff_box, self.ft, self.pt = W.VBox(), [], []
        self.erlang_out = W.HTML(layout=W.Layout(min_width="380px"))
        self.erlang_out.add_class("tj-erlang")
        self.progress = W.IntProgress(value=0, min=0, max=1, description="进度")
        self.progress_text = W.HTML()
        self.progress_text.add_class("tj-progress")
        self.status, self.results, self.binding = W.HTML(), W.HTML(), W.HTML()
        self.status.add_class("tj-status")
        self.alerts = Alerts(self.status, FIELD_LABELS)     # the status line is the message area
        self.results.add_class("tj-results")
        self.binding.add_class("tj-binding")
        self.compare_out, self.export_out, self.charts = W.HTML(), W.HTML(), W.Output()
        self.compare_out.add_class("tj-compare")
        self.export_out.add_class("tj-export")
        self.save_name = W.Text(value="方案 1", description="方案名称", style=STYLE)
        self._buttons()
        for w in (self.demand, self.opted, self.share, self.target):
            self.alerts.observe(w, self.update_erlang)
        self.alerts.observe(self.preset, self.load_preset)
        self.load_preset()

    def _buttons(self):
        self.run_btn = W.Button(description="运行仿真", button_style="primary", icon="play")
        self.staff_btn = W.Button(description="求最少人数", button_style="info")
        self.save_btn = W.Button(description="保存方案以便比较")
        self.csv_btn = W.Button(description="导出 CSV")
        self.png_btn = W.Button(description="导出图表 PNG")
        for button, action in ((self.run_btn, self.run_sim), (self.staff_btn, self.run_staff),
                               (self.save_btn, self.save), (self.csv_btn, self.export_csv),
                               (self.png_btn, self.export_png)):
            self.alerts.on_click(button, action)

    # --- scenario -------------------------------------------------------------------------
    def scenario(self):
        return PL.scaled(self.base, self.demand.value, self.opted.value, [s.value for s in self.ft],
                         [s.value for s in self.pt], self.share.value)

    def settings(self) -> dict:
        return {"preset": self.preset.value, "demand": self.demand.value, "target": self.target.value}

    def load_preset(self, *_):
        sc = self.base = load_scenario(self.preset.value)
        self.pilot = PL.pilot_load(sc)
        limits = PL.staff_slider_max(sc, self.pilot)
        self.ft, self.pt, rows = [], [], []
        for p, (fmax, pmax) in zip(sc.staff.pools, limits):
            f = _slider(W.IntSlider, f"{p.label} 专职", value=p.full_time, min=0, max=fmax)
            t = _slider(W.IntSlider, f"{p.label} 兼职", value=p.part_time, min=0, max=pmax)
            f.add_class("tj-ft")
            t.add_class("tj-pt")
            self.alerts.observe(f, self.update_erlang)
            self.alerts.observe(t, self.update_erlang)
            self.ft.append(f)
            self.pt.append(t)
            rows += [f, t]
        self.staff_box.children = rows
        self.opted.value = sc.case_mix.institution_opted_in
        self.target.value = sc.target
        self.share.value = sc.staff.productive_share
        self.window.max = sc.horizon_days
        self.window.value = tuple(min(x, sc.horizon_days) for x in
                                  (PL.surge_window(sc)[0], sum(PL.surge_window(sc))))
        self.update_erlang()

    def update_erlang(self, *_):
        sc = self.scenario()
        pilot = PL.pilot_load(sc.model_copy(update={"arrivals": self.base.arrivals}))
        rows = []
        for r in PL.erlang_table(sc, self.demand.value, self.target.value, pilot):
            pw = _pct(r["p_start_within_day"]) if r["p_start_within_day"] is not None else "—（不稳定）"
            rows.append(f"<tr><td>{html.escape(r['label'])}</td><td>{r['load_fte']:.1f}</td>"
                        f"<td class='tj-util'>{r['utilisation']:.1%}</td><td>{pw}</td>"
                        f"<td>{r['lower_bound']}</td><td class='tj-estimate'>{r['erlang_estimate']}</td></tr>")
        self.erlang_out.value = (
            "<b>Erlang C 即时估算</b><table><tr><th>调解员组</th><th>工作量（专职人当量）</th>"
            "<th>利用率</th><th>1 个工作日内开始办理的概率</th><th>稳定所需专职下限</th>"
            "<th>估算所需专职</th></tr>" + "".join(rows) + "</table>"
            f"<small>可办案工时比例 {sc.staff.productive_share:.0%}（扣除休假、培训、会议；"
            f"{'假设值' if sc.staff.absence is None or sc.staff.absence.assumption else '有来源'}）。"
            "估算把每一工作步骤视为 M/M/c 排队，只作快速参考；期限达标以仿真为准。</small>")

    # --- actions --------------------------------------------------------------------------
    def _progress(self, text: str):
        def cb(*args):
            done, total = args[-2:] if len(args) == 2 else args[1:3]
            self.progress.max, self.progress.value = max(total, 1), done
            rnd = f"第 {args[0]} 轮候选 {args[3]}：" if len(args) == 4 else ""
            self.progress_text.value = f"{text}{rnd}已完成 {done}/{total} 次重复"
        return cb

    def run_sim(self, *_):
        sc = self.scenario()
        self.status.value = "仿真中……"
        s = PL.run_replications(sc, self.reps.value, on_progress=self._progress("仿真："))
        self.last = C.record("", sc, self.settings(), summary=s)
        f = lambda d: f"{_pct(d['mean'])}（{_pct(d['ci'][0])}–{_pct(d['ci'][1])}）"  # noqa: E731
        rows = [("期限内办结率", f(s["compliance"])), ("首次联系按时率", f(s["first_contact_on_time"])),
                ("调解成功率", f(s["success_rate"])), ("总体利用率", f(s["utilisation_overall"]))]
        rows += [(f"{p.label}办结率", f(s["compliance_by_pool"][p.name])) for p in sc.staff.pools]
        self.results.value = "<table>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"
        self.binding.value = ""
        self.status.value = f"完成：{self.reps.value} 次重复，95% 置信区间"
        self._show(lambda plt: self._run_charts(plt, sc, s))

    def _run_charts(self, plt, sc, s):
        fig, axes = plt.subplots(1, 2, figsize=(12, 4))
        P.backlog_chart(s, ax=axes[0])
        P.utilisation_chart(s, {p.name: p.label for p in sc.staff.pools}, ax=axes[1])
        fig.tight_layout()

    def run_staff(self, *_):
        sc, vary = self.scenario(), self.vary.value
        self.status.value = "正在搜索最少人数（每个候选多次重复，共用随机数）……"
        self.binding.value = ""
        window = (self.window.value[0], self.window.value[1] - self.window.value[0]) if vary == "surge" else None
        res = search_staff(sc, target=self.target.value, replications=self.reps.value, vary=vary,
                           surge_window=window, on_progress=self._progress("搜索："))
        self.last = C.record("", sc, self.settings(), search=res)
        self._show_answer(sc, res, vary)
        self.status.value = f"完成：评估 {res['evaluations']} 轮候选"
        labels = {p.name: p.label for p in sc.staff.pools}
        self._show(lambda plt: P.compliance_curve(res, labels))

    def _show_answer(self, sc, res, vary):
        labels = {p.name: p.label for p in sc.staff.pools}
        what = {"full_time": "专职", "part_time": "兼职", "surge": "临时"}[vary]
        rows = []
        for k, v in res["answer"].items():
            extra = f"、冲击期临时 {v['surge_full_time']}" if vary == "surge" else ""
            rows.append(f"<tr><td>{labels[k]}</td><td>专职 {v['full_time']}、兼职 {v['part_time']}{extra} 人"
                        f"（合 {v['fte']:.1f} 个专职人当量）：达标率 {_pct(v['compliance']['mean'])}"
                        f"（{_pct(v['compliance']['ci'][0])}–{_pct(v['compliance']['ci'][1])}）</td></tr>")
            if v["full_time"] > self.ft[list(labels).index(k)].max:      # keep the answer reachable
                self.ft[list(labels).index(k)].max = v["full_time"] + 10
        self.results.value = "<table>" + "".join(rows) + "</table>"
        words = [describe_binding(res["binding"][k], labels[k], what) for k in res["answer"]]
        self.binding.value = (f"<p><b>判定规则</b>：{RULE.split(' (')[0]}（每组、每个分段目标都须满足）。</p>"
                              + "".join(f"<p>{html.escape(w)}</p>" for w in words))

    def _show(self, draw):
        def plot():
            self.charts.clear_output(wait=True)
            import matplotlib.pyplot as plt
            P.use_cjk_font()
            draw(plt)
            plt.show()

        in_output(self.charts, plot)

    def save(self, *_):
        if self.last is None:
            self.status.value = "请先运行仿真或求最少人数，再保存方案。"
            return
        self.saved.append({**self.last, "name": self.save_name.value or f"方案 {len(self.saved) + 1}"})
        self.save_name.value = f"方案 {len(self.saved) + 1}"
        self.compare_out.value = C.table(self.saved).to_html(index=False, float_format=lambda x: f"{x:.3f}")

    def _link(self, data: bytes, mime: str, name: str) -> str:
        b64 = base64.b64encode(data).decode("ascii")
        return f"<a download='{name}' href='data:{mime};base64,{b64}'>下载 {name}</a>"

    def export_csv(self, *_):
        if not self.saved:
            self.status.value = "还没有保存的方案。"
            return
        self.export_out.value = self._link(C.to_csv(self.saved), "text/csv", "人员规划方案比较.csv")

    def export_png(self, *_):
        if not self.saved:
            self.status.value = "还没有保存的方案。"
            return
        self.export_out.value = self._link(C.to_png(self.saved), "image/png", "人员规划方案比较.png")

    def widget(self) -> W.Widget:
        title = W.HTML("<h2>人员规划</h2><p>调整案件量、案件结构、可办案工时和调解员配置：右侧即时显示 "
                       "Erlang C 估算；点击“运行仿真”得到带 95% 置信区间的期限达标率、积压与利用率；"
                       "“求最少人数”给出每组人数及决定人数的约束。参数中的“假设值”见情景文件说明，并非法律规定。</p>")
        left = W.VBox([self.preset, self.demand, self.opted, self.share, self.target, self.reps, self.staff_box,
                       self.vary, self.window, W.HBox([self.run_btn, self.staff_btn]), self.progress,
                       self.progress_text, self.status])
        right = W.VBox([self.erlang_out, self.results, self.binding])
        saved = W.VBox([W.HTML("<h3>方案比较</h3>"), W.HBox([self.save_name, self.save_btn]),
                        self.compare_out, W.HBox([self.csv_btn, self.png_btn]), self.export_out])
        return W.VBox([title, W.HBox([left, right]), self.charts, saved])


def build_app() -> W.Widget:
    return PlannerApp().widget()


__all__ = ["build_app", "PlannerApp"]
