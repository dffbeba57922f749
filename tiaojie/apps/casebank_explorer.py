"""案例库浏览: filter the exemplar case bank and read a case, as a trainee or as a trainer.

Filters (dropdowns in Chinese) → a result list → the case rendered as HTML. The trainee view
never contains confidential briefs, interests, the outcome, the written proposal or trainer
notes; the 培训师视图 toggle adds them. All case text is escaped (html.escape).
"""

from __future__ import annotations

import html

import ipywidgets as W

from ..casebank import api
from ..casebank.stats import labels
from ..casebank.view import FICTION_NOTE, case_view
from .boundary import Alerts
from .help import help_panel
from ..core.identity import Viewer, current_viewer, query_param

ALL = ""
STYLE = {"description_width": "6em"}


def _e(text) -> str:
    return html.escape(str(text))


def _list(items: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + f"</{tag}>"


def _section(title: str, body: str, cls: str = "") -> str:
    return f'<section class="tj-section {cls}"><h4>{_e(title)}</h4>{body}</section>'


def case_html(case, trainer: bool = False) -> str:
    """The case as HTML in Chinese, every piece of case text escaped."""
    v = case_view(case, trainer=trainer)
    meta = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{_e(k)}</th><td>{_e(val)}</td></tr>"
                   for k, val in v["meta"].items())
    parts = [f'<div class="tj-case" data-case="{_e(v["id"])}" data-view="{_e(v["view"])}">',
             f"<h3>{_e(v['title'])}</h3>",
             f'<p class="tj-fiction" style="color:#555"><i>{_e(FICTION_NOTE)}</i></p>',
             f"<table>{meta}</table>",
             _section("基本案情", f"<p>{_e(v['facts'])}</p>")]
    people = []
    for p in v["parties"]:
        row = f"<li><b>{_e(p['name'])}</b>（{_e(p['kind'])}）：{_e(p['description'])}<br>立场：{_e(p['position'])}"
        if p.get("interests"):
            row += f'<br><span class="tj-interests">利益：{_e("；".join(p["interests"]))}</span>'
        people.append(row + "</li>")
    parts.append(_section("当事人", "<ul>" + "".join(people) + "</ul>"))
    if v["evidence"]:
        parts.append(_section("证据", _list([f"{e['name']}（{e['held_by']}持有）：{e['description']}"
                                            for e in v["evidence"]])))
    parts.append(_section("适用规则", _list([f"{r['law']}{r['article']}：{r['gist']}" for r in v["rules"]])))
    pr = v["procedure"]
    rows = [f"受理（签收材料）日：{pr['accepted_on']}"]
    for d in pr["deadlines"]:
        rows.append(d["line"])
    rows += pr["notes"]
    for h in pr["recusal"]:
        line = f"回避情形：{h['mediator']}——{h['description']}"
        if "required" in h:
            line += f"（规则判定：{'应当回避' if h['required'] else '无需回避'}；{'；'.join(h['reasons'])}）"
        rows.append(line)
    parts.append(_section("程序要点（期限由规则计算）", _list(rows), "tj-procedure"))
    parts.append(_section("典型意义", f"<p>{_e(v['significance'])}</p>"))
    parts.append(_section("学习目标", _list([f"{lo['label']}：{lo['objective']}" for lo in v["learning_objectives"]])))
    parts.append(_section("讨论题", _list(v["debrief_questions"], ordered=True)))
    t = v.get("trainer")
    if t:
        conf = "".join(f"<p><b>{_e(b['label'])}</b>：{_e(b['instructions'])}</p>" + (_list(b["facts"]) if b["facts"] else "")
                       for b in t["confidential"])
        o = t["outcome"]
        outcome = f"<p><b>{_e(o['type'])}</b>：{_e(o['summary'])}</p>" + (_list(o["terms"]) if o["terms"] else "")
        if o["written_proposal"]:
            outcome += f'<p class="tj-proposal"><b>书面纠纷解决意见：</b>{_e(o["written_proposal"])}</p>'
        if o["improvement_suggestion"]:
            outcome += f"<p><b>改进建议：</b>{_e(o['improvement_suggestion'])}</p>"
        parts.append('<div class="tj-trainer" style="border-left:4px solid #b36b00;padding-left:8px">')
        parts.append(_section("程序分流理由", _list(t["track_reasons"])))
        parts.append(_section("保密信息（仅培训师可见）", conf, "tj-confidential"))
        parts.append(_section("调解方案", _list(t["mediation_plan"], ordered=True)))
        parts.append(_section("调解结果", outcome, "tj-outcome"))
        parts.append(_section("培训师备注", f"<p>{_e(t['trainer_notes'])}</p>", "tj-trainer-notes"))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _dropdown(description: str, options: dict[str, str], cls: str) -> W.Dropdown:
    dd = W.Dropdown(options=[("全部", ALL)] + [(label, key) for key, label in options.items()],
                    value=ALL, description=description, style=STYLE, layout=W.Layout(width="20em"))
    dd.add_class(cls)
    return dd


def links_html(case) -> str:
    """Links from a case to its role-play and its deadline calculation (same server, same tab)."""
    cid = _e(case.id)
    links = [f'<a class="tj-link-deadline" href="deadline_calculator.ipynb?case={cid}" target="_top">计算本案期限</a>']
    if case.roleplay:
        links.insert(0, f'<a class="tj-link-roleplay" href="roleplay.ipynb?case={cid}" target="_top">演练本案</a>')
    return '<p class="tj-links">' + "　|　".join(links) + "</p>"


def _filters() -> dict[str, W.Dropdown]:
    """One dropdown per filter of ``CaseBank.filter``, keyed by its argument name."""
    lab = labels()
    return {
        "sector": _dropdown("领域", lab["sector"], "tj-filter-sector"),
        "track": _dropdown("调解程序", lab["track"], "tj-filter-track"),
        "origin": _dropdown("案件来源", lab["origin"], "tj-filter-origin"),
        "population": _dropdown("特殊群体", lab["population"], "tj-filter-population"),
        "dispute_type": _dropdown("纠纷类型", lab["dispute_type"], "tj-filter-dispute-type"),
        "competency": _dropdown("能力", lab["competency"], "tj-filter-competency"),
    }


def build_app(bank=None, viewer: "Viewer | None" = None) -> W.Widget:
    """The 案例库浏览 app: filters, a result list and the case view; trainers also get a trainer view."""
    bank = bank or api.load(checks=False)
    viewer = viewer or current_viewer()
    filters = _filters()
    roleplay = W.Dropdown(options=[("全部", ALL), ("有演练脚本", "yes"), ("无演练脚本", "no")], value=ALL,
                          description="角色演练", style=STYLE, layout=W.Layout(width="20em"))
    roleplay.add_class("tj-filter-roleplay")
    count = W.HTML()
    count.add_class("tj-count")
    results = W.Select(options=[], rows=14, layout=W.Layout(width="100%"))
    results.add_class("tj-results")
    # Only a trainer (as the server says) is offered the trainer view: confidential briefs,
    # outcomes and trainer notes never reach a trainee's kernel output.
    views = [("学员视图", "trainee")] + ([("培训师视图", "trainer")] if viewer.is_trainer else [])
    mode = W.ToggleButtons(options=views, value="trainee")
    mode.add_class("tj-view-toggle")
    mode.layout.display = None if viewer.is_trainer else "none"
    view = W.HTML(value="<p><i>请在左侧选择一个案例。</i></p>")
    view.add_class("tj-case-view")
    problems = W.HTML()
    if bank.problems:
        problems.value = (f'<p class="tj-warning" style="color:#8a6d3b">⚠ {len({p.file for p in bank.problems})} '
                          "个案例文件未通过校验，未列出（运行 tiaojie cases validate 查看）</p>")

    def refresh(*_):
        kwargs = {k: (dd.value or None) for k, dd in filters.items()}
        kwargs["has_roleplay"] = {"yes": True, "no": False}.get(roleplay.value)
        cases = bank.filter(**kwargs)
        results.options = [(f"{c.id}  {c.title}", c.id) for c in cases]
        count.value = f"共 <b>{len(cases)}</b> 个案例"
        if results.value is None:
            view.value = "<p><i>没有符合条件的案例。</i></p>" if not cases else "<p><i>请选择一个案例。</i></p>"

    def show(*_):
        if results.value:
            case = bank.get(results.value)
            view.value = links_html(case) + case_html(case, trainer=viewer.is_trainer and mode.value == "trainer")

    alerts = Alerts(labels={k: dd.description for k, dd in [*filters.items(), ("has_roleplay", roleplay)]})
    for dd in [*filters.values(), roleplay]:
        alerts.observe(dd, refresh)
    alerts.observe(results, show)
    alerts.observe(mode, show)
    alerts.wrap(refresh)()
    wanted = query_param("case")
    if wanted in [v for _, v in results.options]:
        results.value = wanted

    left = W.VBox([W.HTML("<b>筛选</b>"), *filters.values(), roleplay, count, results],
                  layout=W.Layout(width="38%", padding="0 12px 0 0"))
    right = W.VBox([mode, view], layout=W.Layout(width="62%"))
    header = W.HTML(f"<p>{_e(FICTION_NOTE)} 期限由调解程序规则计算。</p>")
    return W.VBox([header, problems, alerts.area, W.HBox([left, right]), help_panel("casebank_explorer")])
