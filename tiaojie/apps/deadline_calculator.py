"""期限计算器: the deadline and track calculator app, over the rules module's functions.

Four tabs — 调解期限, 程序分流, 回避判断, 小额与司法确认 — each a form whose result panel shows the
answer, the rule applied, the source, whether the value is an assumption, and the reasoning.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as W

from .. import rules as R

STYLE = {"description_width": "11em"}


def _wide() -> W.Layout:
    """A fresh layout per widget: a shared Layout would hide/show all its widgets together."""
    return W.Layout(width="30em")


def _esc(text) -> str:
    return html.escape(str(text))


def _error(exc: Exception) -> str:
    field = getattr(exc, "field", "")
    message = getattr(exc, "message", str(exc))
    return (f'<div class="tj-error" style="color:#b00020"><b>输入有误</b>'
            f'{"（" + _esc(field) + "）" if field else ""}：{_esc(message)}</div>')


deadline_html = R.deadline_html


def _origin_options():
    return [(o.label, o.value) for o in R.Origin]


def deadline_tab() -> W.Widget:
    origin = W.Dropdown(options=_origin_options(), value="court_entrusted", description="案件来源",
                        style=STYLE, layout=_wide())
    track = W.Dropdown(options=[(t.label, t.value) for t in R.Track], value="ordinary",
                       description="调解程序", style=STYLE, layout=_wide())
    proc = W.Dropdown(options=[(f"{p.label}程序", p.value) for p in R.CourtProcedure], value="simple",
                      description="法院适用程序", style=STYLE, layout=_wide())
    start = W.DatePicker(value=dt.date(2026, 9, 28), description="起算日（签收/受理）", style=STYLE)
    extension = W.BoundedIntText(value=0, min=0, max=365, description="协议延长（日）", style=STYLE)
    excluded = W.BoundedIntText(value=0, min=0, max=365, description="鉴定等扣除（日）", style=STYLE)
    button = W.Button(description="计算期限", button_style="primary", icon="calculator")
    hint = W.HTML()
    out = W.HTML()

    def refresh_visibility(*_):
        inputs = R.period_inputs(origin.value)
        track.layout.display = None if inputs.uses_track else "none"
        proc.layout.display = None if inputs.uses_court_procedure else "none"
        if not (inputs.uses_track or inputs.uses_court_procedure):
            hint.value = "<i>诉前委派调解：期限不取决于调解程序或法院程序。</i>"
        elif inputs.uses_court_procedure:
            hint.value = "<i>立案后案件：调解期限取决于法院适用的简易程序或普通程序，而非本组织的调解程序。</i>"
        else:
            hint.value = "<i>自收与投诉转办案件：期限取自本组织配置的调解程序期限。</i>"

    def compute(*_):
        if start.value is None:
            out.value = _error(R.RulesInputError("start", "请选择起算日"))
            return
        try:
            inputs = R.period_inputs(origin.value, track=track.value, court_procedure=proc.value)
            d = R.compute_deadline(origin.value, start.value, **inputs.applicable,
                                   extension_days=extension.value, excluded_days=excluded.value)
        except R.TiaojieError as exc:
            out.value = _error(exc)
            return
        out.value = deadline_html(d)

    origin.observe(refresh_visibility, "value")
    button.on_click(compute)
    refresh_visibility()
    return W.VBox([origin, hint, track, proc, start, extension, excluded, button, out])


def track_tab() -> W.Widget:
    amount = W.FloatText(value=3000, description="标的金额（元）", style=STYLE, layout=_wide())
    sector = W.Dropdown(options=[(s.label, s.value) for s in R.Sector], description="领域",
                        style=STYLE, layout=_wide())
    origin = W.Dropdown(options=_origin_options(), value="self_received", description="案件来源",
                        style=STYLE, layout=_wide())
    parties = W.BoundedIntText(value=2, min=2, max=100000, description="当事人数", style=STYLE)
    opted = W.Checkbox(value=True, description="机构已承诺适用小额快速机制", indent=False)
    mass = W.Checkbox(description="群体性/批量纠纷", indent=False)
    unclear = W.Checkbox(description="事实不清", indent=False)
    appraisal = W.Checkbox(description="需要鉴定", indent=False)
    declines = W.Checkbox(description="消费者不选择小额快速", indent=False)
    button = W.Button(description="判断程序", button_style="primary")
    out = W.HTML()

    def compute(*_):
        try:
            attrs = R.CaseAttributes.create(
                amount=amount.value, sector=sector.value, origin=origin.value,
                institution_opted_in=opted.value, parties=parties.value, mass_dispute=mass.value,
                facts_clear=not unclear.value, needs_appraisal=appraisal.value,
                consumer_declines_small_claims=declines.value)
            d = R.assign_track(attrs)
        except R.TiaojieError as exc:
            out.value = _error(exc)
            return
        out.value = R.as_html(R.present_track(d))

    button.on_click(compute)
    return W.VBox([amount, sector, origin, parties, opted, mass, unclear, appraisal, declines, button, out])


def recusal_tab() -> W.Widget:
    boxes = [W.Checkbox(description=r.label, indent=False) for r in R.Relation]
    years = W.FloatText(value=0, description="离职年数", style=STYLE)
    consent = W.Checkbox(description="双方当事人均同意由其调解", indent=False)
    button = W.Button(description="判断是否回避", button_style="primary")
    out = W.HTML()

    def compute(*_):
        chosen = [r for r, b in zip(R.Relation, boxes) if b.value]
        try:
            d = R.assess_recusal(
                chosen, both_parties_consent=consent.value,
                years_since_left=years.value if R.Relation.former_employee_of_institution in chosen else None)
        except R.TiaojieError as exc:
            out.value = _error(exc)
            return
        out.value = R.as_html(R.present_recusal(d))

    button.on_click(compute)
    return W.VBox([W.HTML("<b>调解员与案件的关系（可多选）：</b>"), *boxes, years, consent, button, out])


def windows_tab() -> W.Widget:
    accepted = W.DatePicker(value=dt.date(2026, 9, 28), description="小额案件受理日", style=STYLE)
    effective = W.DatePicker(value=dt.date(2026, 9, 28), description="调解协议生效日", style=STYLE)
    button = W.Button(description="计算", button_style="primary")
    out = W.HTML()

    def compute(*_):
        try:
            parts = []
            if accepted.value:
                p = R.proposal_deadline(accepted.value)
                parts += ["<h4>小额快速：书面解决意见</h4>", deadline_html(p),
                          "<h4>消费者决定是否接受（若意见于期限最后一日送达）</h4>",
                          deadline_html(R.acceptance_deadline(p.due_date))]
            if effective.value:
                parts += ["<h4>司法确认：共同申请期限</h4>", deadline_html(R.application_deadline(effective.value))]
            out.value = "".join(parts) or _error(R.RulesInputError("date", "请至少选择一个日期"))
        except R.TiaojieError as exc:
            out.value = _error(exc)

    button.on_click(compute)
    return W.VBox([accepted, effective, button, out])


def build_app() -> W.Widget:
    cfg = R.load_config()
    tabs = W.Tab(children=[deadline_tab(), track_tab(), recusal_tab(), windows_tab()])
    for i, title in enumerate(["调解期限", "程序分流", "回避判断", "小额与司法确认"]):
        tabs.set_title(i, title)
    header = W.HTML(f"<p>当前配置：{_esc(cfg.name)}。{R.ASSUMPTION_HINT}</p>")
    return W.VBox([header, tabs])
