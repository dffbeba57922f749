"""期限计算器: the deadline and track calculator app, over the rules module's functions.

Four tabs — 调解期限, 程序分流, 回避判断, 小额与司法确认 — each a form whose result panel shows the
answer, the rule applied, the source, whether the value is an assumption, and the reasoning.
"""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

import ipywidgets as W

from .. import rules as R
from .boundary import Alerts
from .calendar_view import days_behind_html
from .help import help_panel
from ..core.identity import query_param

STYLE = {"description_width": "11em"}
BEIJING = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    """Today in Beijing: the default start date."""
    return dt.datetime.now(BEIJING).date()


def case_preset(case_id: "str | None") -> "dict | None":
    """Inputs from a case of the bank (``?case=ID``); None for an unknown or absent id."""
    if not case_id:
        return None
    from ..casebank import api

    try:
        case = api.load(checks=False).get(case_id)
    except api.CaseNotFound:  # an unknown id in the address is ignored, not an error page
        return None
    pp = case.procedural_points
    return {"id": case.id, "title": case.title, "origin": case.origin.value, "track": case.track.value,
            "court_procedure": case.court_procedure.value if case.court_procedure else "simple",
            "start": pp.accepted_on, "extension": pp.extension_days,
            "periods": [(e.start, e.end, e.reason) for e in pp.excluded_periods]}


def _wide() -> W.Layout:
    """A fresh layout per widget: a shared Layout would hide/show all its widgets together."""
    return W.Layout(width="30em")


def _esc(text) -> str:
    return html.escape(str(text))


FIELD_LABELS = {"start": "起算日", "extension_days": "协议延长", "excluded_days": "鉴定等扣除",
                "excluded_periods": "不计入期限的期间", "amount": "标的金额", "parties": "当事人数",
                "years_since_left": "离职年数", "date": "日期", "origin": "案件来源", "track": "调解程序",
                "court_procedure": "法院适用程序", "sector": "领域"}


def _alerts(out: W.HTML) -> Alerts:
    """A tab's callbacks behind the apps' boundary; errors appear in its result panel and name the
    field by its label on the form (the identifier only as data)."""
    return Alerts(out, FIELD_LABELS)


def deadline_html(d: R.Deadline) -> str:
    """The rules' presenter panel plus the days behind the date (skipped rest days, 调休 days)."""
    panel = R.deadline_html(d)
    return panel.removesuffix("</div>") + days_behind_html(d) + "</div>"


def _origin_options():
    return [(o.label, o.value) for o in R.Origin]


def deadline_tab(preset: "dict | None" = None) -> W.Widget:
    p = preset or {}
    origin = W.Dropdown(options=_origin_options(), value=p.get("origin", "court_entrusted"), description="案件来源",
                        style=STYLE, layout=_wide())
    track = W.Dropdown(options=[(t.label, t.value) for t in R.Track], value=p.get("track", "ordinary"),
                       description="调解程序", style=STYLE, layout=_wide())
    proc = W.Dropdown(options=[(f"{c.label}程序", c.value) for c in R.CourtProcedure],
                      value=p.get("court_procedure", "simple"), description="法院适用程序", style=STYLE, layout=_wide())
    start = W.DatePicker(value=p.get("start", today()), description="起算日（签收/受理）", style=STYLE)
    extension = W.BoundedIntText(value=p.get("extension", 0), min=0, max=365, description="协议延长（天，单位同期限）", style=STYLE)
    excluded = W.BoundedIntText(value=0, min=0, max=365, description="鉴定等扣除（天，单位同期限）", style=STYLE)
    periods = [(a, b) for a, b, _r in p.get("periods", [])]
    period_note = W.HTML("".join(f'<p class="tj-period">本案不计入期限的期间：{a.isoformat()} 至 {b.isoformat()}（{_esc(r)}），'
                                 "计算时按规则扣除（开始当日不计入、结束当日计入）。</p>" for a, b, r in p.get("periods", [])))
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
            raise R.RulesInputError("start", "请选择起算日")
        inputs = R.period_inputs(origin.value, track=track.value, court_procedure=proc.value)
        d = R.compute_deadline(origin.value, start.value, **inputs.applicable,
                               extension_days=extension.value, excluded_days=excluded.value,
                               excluded_periods=periods)
        out.value = deadline_html(d)

    alerts = _alerts(out)
    alerts.observe(origin, refresh_visibility)
    alerts.on_click(button, compute)
    alerts.wrap(refresh_visibility)()
    return W.VBox([origin, hint, track, proc, start, extension, excluded, period_note, button, out])


def track_tab() -> W.Widget:
    amount = W.FloatText(value=3000, description="标的金额（元）", style=STYLE, layout=_wide())
    sector = W.Dropdown(options=[(s.label, s.value) for s in R.Sector], description="领域",
                        style=STYLE, layout=_wide())
    origin = W.Dropdown(options=_origin_options(), value="self_received", description="案件来源",
                        style=STYLE, layout=_wide())
    parties = W.BoundedIntText(value=2, min=2, max=100000, description="当事人数（人）", style=STYLE)
    opted = W.Checkbox(value=True, description="机构已承诺适用小额快速机制", indent=False)
    mass = W.Checkbox(description="群体性/批量纠纷", indent=False)
    unclear = W.Checkbox(description="事实不清", indent=False)
    appraisal = W.Checkbox(description="需要鉴定", indent=False)
    declines = W.Checkbox(description="消费者不选择小额快速", indent=False)
    button = W.Button(description="判断程序", button_style="primary")
    out = W.HTML()

    def compute(*_):
        attrs = R.CaseAttributes.create(
            amount=amount.value, sector=sector.value, origin=origin.value,
            institution_opted_in=opted.value, parties=parties.value, mass_dispute=mass.value,
            facts_clear=not unclear.value, needs_appraisal=appraisal.value,
            consumer_declines_small_claims=declines.value)
        out.value = R.as_html(R.present_track(R.assign_track(attrs)))

    _alerts(out).on_click(button, compute)
    return W.VBox([amount, sector, origin, parties, opted, mass, unclear, appraisal, declines, button, out])


def recusal_tab() -> W.Widget:
    boxes = [W.Checkbox(description=r.label, indent=False) for r in R.Relation]
    years = W.FloatText(value=0, description="离职年数（年）", style=STYLE)
    consent = W.Checkbox(description="双方当事人均同意由其调解", indent=False)
    button = W.Button(description="判断是否回避", button_style="primary")
    out = W.HTML()

    def compute(*_):
        chosen = [r for r, b in zip(R.Relation, boxes) if b.value]
        d = R.assess_recusal(
            chosen, both_parties_consent=consent.value,
            years_since_left=years.value if R.Relation.former_employee_of_institution in chosen else None)
        out.value = R.as_html(R.present_recusal(d))

    _alerts(out).on_click(button, compute)
    return W.VBox([W.HTML("<b>调解员与案件的关系（可多选）：</b>"), *boxes, years, consent, button, out])


def windows_tab() -> W.Widget:
    accepted = W.DatePicker(value=today(), description="小额案件受理日", style=STYLE)
    effective = W.DatePicker(value=today(), description="调解协议生效日", style=STYLE)
    button = W.Button(description="计算", button_style="primary")
    out = W.HTML()

    def compute(*_):
        if not (accepted.value or effective.value):
            raise R.RulesInputError("date", "请至少选择一个日期")
        parts = []
        if accepted.value:
            p = R.proposal_deadline(accepted.value)
            parts += ["<h4>小额快速：书面解决意见</h4>", deadline_html(p),
                      "<h4>消费者决定是否接受（若意见于期限最后一日送达）</h4>",
                      deadline_html(R.acceptance_deadline(p.due_date))]
        if effective.value:
            parts += ["<h4>司法确认：共同申请期限</h4>", deadline_html(R.application_deadline(effective.value))]
        out.value = "".join(parts)

    _alerts(out).on_click(button, compute)
    return W.VBox([accepted, effective, button, out])


def build_app() -> W.Widget:
    cfg = R.load_config()
    preset = case_preset(query_param("case"))
    tabs = W.Tab(children=[deadline_tab(preset), track_tab(), recusal_tab(), windows_tab()])
    for i, title in enumerate(["调解期限", "程序分流", "回避判断", "小额与司法确认"]):
        tabs.set_title(i, title)
    header = W.HTML(f"<p>当前配置：{_esc(cfg.name)}。{R.ASSUMPTION_HINT}</p>"
                    + (f'<p class="tj-preset">已按案例 <b>{_esc(preset["id"])}</b>（{_esc(preset["title"])}）'
                       "填入案件来源、程序与起算日，点击“计算期限”。</p>" if preset else ""))
    return W.VBox([header, tabs, help_panel("deadline_calculator")])
