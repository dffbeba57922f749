"""人员规划 (staffing planner): the planner's Voilà app over tiaojie.sim.

Sliders for demand, case mix and staff; the Erlang C estimate is recomputed on every change
(from a pilot replication's measured load, scaled by the demand slider — no simulation);
the simulation and the staffing search run on buttons, with a progress bar, and draw charts
with Chinese labels. All logic lives in tiaojie.sim; this module only wires widgets.
"""

from __future__ import annotations

import html
import math

import ipywidgets as W

from ..sim import plots as P
from ..sim.erlang import min_servers_stable, mmc_metrics
from ..sim.kpis import summarise_replications
from ..sim.model import run_replication
from ..sim.scenario import load_scenario, presets
from ..sim.staffing import erlang_bounds, offered_load

PRESET_LABELS = {"city": "城市调解中心", "provincial": "省级中心（含服务站点）",
                 "national_securities": "全国性证券调解机构", "surge": "群体性纠纷冲击"}


def _scaled(sc, demand: float, opted_in: float, staff_ft: list[int], staff_pt: list[int]):
    ch = {k: c.model_copy(update={"per_week": c.per_week * demand}) for k, c in sc.arrivals.channels.items()}
    surges = [s.model_copy(update={"cases": int(round(s.cases * demand))}) for s in sc.arrivals.surges]
    arr = sc.arrivals.model_copy(update={"channels": ch, "surges": surges})
    mix = sc.case_mix.model_copy(update={"institution_opted_in": opted_in})
    pools = [p.model_copy(update={"full_time": int(f), "part_time": int(t)})
             for p, f, t in zip(sc.staff.pools, staff_ft, staff_pt)]
    return sc.model_copy(update={"arrivals": arr, "case_mix": mix,
                                 "staff": sc.staff.model_copy(update={"pools": pools})})


def build_app() -> W.Widget:
    state: dict = {"pilot": None, "pilot_key": None}
    title = W.HTML("<h2>人员规划</h2><p>调整案件量、案件结构和调解员配置：右侧即时显示 Erlang C 估算；"
                   "点击“运行仿真”得到带 95% 置信区间的期限达标率、积压与利用率。"
                   "参数中的“假设值”见情景文件说明，并非法律规定。</p>")
    preset = W.Dropdown(options=[(PRESET_LABELS.get(n, n), n) for n in presets()], value="provincial",
                        description="情景")
    demand = W.FloatSlider(value=1.0, min=0.3, max=3.0, step=0.05, description="案件量倍数",
                           readout_format=".2f", continuous_update=False)
    opted = W.FloatSlider(value=0.6, min=0.0, max=1.0, step=0.05, description="小额机制承诺率",
                          continuous_update=False)
    target = W.FloatSlider(value=0.95, min=0.8, max=0.99, step=0.01, description="达标率目标",
                           continuous_update=False)
    reps = W.IntSlider(value=5, min=2, max=20, description="重复次数")
    staff_box = W.VBox()
    erlang_out = W.HTML(layout=W.Layout(min_width="380px"))
    erlang_out.add_class("tj-erlang")
    run_btn = W.Button(description="运行仿真", button_style="primary", icon="play")
    staff_btn = W.Button(description="求最少人数", button_style="info")
    vary = W.Dropdown(options=[("搜索专职人数（兼职固定）", "full_time"), ("搜索兼职人数（专职固定）", "part_time")],
                      value="full_time", description="搜索对象")
    progress = W.IntProgress(value=0, min=0, max=1, description="进度")
    status = W.HTML()
    results = W.HTML()
    results.add_class("tj-results")
    charts = W.Output()
    ft_sliders: list[W.IntSlider] = []
    pt_sliders: list[W.IntSlider] = []
    style = {"description_width": "110px"}
    for w in (preset, demand, opted, target, reps, vary):
        w.style = style

    def scenario():
        sc = state["base"]
        return _scaled(sc, demand.value, opted.value, [s.value for s in ft_sliders],
                       [s.value for s in pt_sliders])

    def load_preset(*_):
        sc = load_scenario(preset.value)
        state["base"] = sc
        ft_sliders.clear()
        pt_sliders.clear()
        rows = []
        for p in sc.staff.pools:
            f = W.IntSlider(value=p.full_time, min=0, max=max(60, p.full_time * 3), description=f"{p.label} 专职",
                            style=style, continuous_update=False)
            t = W.IntSlider(value=p.part_time, min=0, max=max(30, p.part_time * 3), description=f"{p.label} 兼职",
                            style=style, continuous_update=False)
            f.observe(update_erlang, "value")
            t.observe(update_erlang, "value")
            ft_sliders.append(f)
            pt_sliders.append(t)
            rows += [f, t]
        staff_box.children = rows
        opted.value = sc.case_mix.institution_opted_in
        target.value = sc.target
        state["pilot_key"] = None
        update_erlang()

    def update_erlang(*_):
        sc = state["base"]
        key = (preset.value, round(opted.value, 3))
        if state["pilot_key"] != key:            # the case mix changed: one pilot run (≈0.1 s)
            state["pilot"] = run_replication(_scaled(sc, 1.0, opted.value,
                                                     [p.full_time for p in sc.staff.pools],
                                                     [p.part_time for p in sc.staff.pools]), 0)
            state["pilot_key"] = key
        cur = scenario()
        loads = offered_load(cur, state["pilot"])
        for L in loads:
            for k in ("load_fte", "arrival_rate"):
                L[k] *= demand.value
        bounds = erlang_bounds(cur, loads, target.value)
        rows = []
        for p, L, b in zip(cur.staff.pools, loads, bounds):
            c = p.full_time + L["part_time_fte"]
            rho = L["load_fte"] / c if c else math.inf
            if L["arrival_rate"] > 0 and rho < 1:
                m = mmc_metrics(L["arrival_rate"], L["service_rate"], max(1, int(c)), cur.staff.hours_per_day)
                pw = f"{m['p_wait_lt']:.1%}" if int(c) > L["load_fte"] else "—（不稳定）"
            else:
                pw = "—（不稳定）"
            rows.append(f"<tr><td>{html.escape(p.label)}</td><td>{L['load_fte']:.1f}</td>"
                        f"<td class='tj-util'>{rho:.1%}</td><td>{pw}</td>"
                        f"<td>{b['lower_bound']}</td><td class='tj-estimate'>{b['erlang_estimate']}</td></tr>")
        erlang_out.value = (
            "<b>Erlang C 即时估算</b><table><tr><th>调解员组</th><th>工作量（专职人当量）</th>"
            "<th>利用率</th><th>1 个工作日内开始办理的概率</th><th>稳定所需专职下限</th>"
            "<th>估算所需专职</th></tr>" + "".join(rows) + "</table>"
            "<small>估算把每一工作步骤视为 M/M/c 排队，只作快速参考；期限达标以仿真为准。</small>")

    def run_sim(*_):
        sc = scenario()
        n = reps.value
        progress.max, progress.value = n, 0
        status.value = "仿真中……"
        out = []
        try:
            for r in range(n):
                out.append(run_replication(sc, r))
                progress.value = r + 1
        except Exception as exc:  # shown to the planner, not swallowed
            status.value = f"<span class='tj-error'>出错：{html.escape(str(exc))}</span>"
            return
        s = summarise_replications(sc, out)
        f = lambda d: f"{d['mean']:.1%}（{d['ci'][0]:.1%}–{d['ci'][1]:.1%}）"  # noqa: E731
        rows = [("期限内办结率", f(s["compliance"])), ("首次联系按时率", f(s["first_contact_on_time"])),
                ("调解成功率", f(s["success_rate"])), ("总体利用率", f(s["utilisation_overall"]))]
        rows += [(f"{p.label}办结率", f(s["compliance_by_pool"][p.name])) for p in sc.staff.pools]
        results.value = "<table>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"
        status.value = f"完成：{n} 次重复，95% 置信区间"
        labels = {p.name: p.label for p in sc.staff.pools}
        with charts:
            charts.clear_output(wait=True)
            import matplotlib.pyplot as plt
            P.use_cjk_font()
            fig, axes = plt.subplots(1, 2, figsize=(12, 4))
            P.backlog_chart(s, ax=axes[0])
            P.utilisation_chart(s, labels, ax=axes[1])
            fig.tight_layout()
            plt.show()

    def run_staff(*_):
        from ..sim.staffing import search_staff
        sc = scenario()
        status.value = "正在搜索最少人数（每个候选多次重复，共用随机数）……"
        progress.max, progress.value = 1, 0
        try:
            res = search_staff(sc, target=target.value, replications=reps.value, workers=1, vary=vary.value)
        except Exception as exc:
            status.value = f"<span class='tj-error'>出错：{html.escape(str(exc))}</span>"
            return
        progress.value = 1
        labels = {p.name: p.label for p in sc.staff.pools}
        what = "专职" if vary.value == "full_time" else "兼职"
        results.value = "<table>" + "".join(
            f"<tr><td>{labels[k]}</td><td>最少{what} {v[vary.value]} 人（专职 {v['full_time']}、兼职 {v['part_time']}，"
            f"合 {v['fte']:.1f} 个专职人当量）：达标率 {v['compliance']['mean']:.1%}</td></tr>"
            for k, v in res["answer"].items()) + "</table>"
        status.value = f"完成：评估 {res['evaluations']} 个候选"
        with charts:
            charts.clear_output(wait=True)
            import matplotlib.pyplot as plt
            P.compliance_curve(res, labels)
            plt.show()

    for w in (demand, opted, target):
        w.observe(update_erlang, "value")
    preset.observe(load_preset, "value")
    run_btn.on_click(run_sim)
    staff_btn.on_click(run_staff)
    load_preset()
    left = W.VBox([preset, demand, opted, target, reps, staff_box, vary, W.HBox([run_btn, staff_btn]), progress, status])
    return W.VBox([title, W.HBox([left, W.VBox([erlang_out, results])]), charts])


__all__ = ["build_app", "min_servers_stable"]
