"""HTML pieces of a module page: header, worked example, practice and assessment notes.

Pure functions from the course file, the case bank and the rules to escaped HTML strings, so
tests read exactly what a trainee sees. Case text comes from the case bank at render time and
deadlines from the rules — nothing is copied into the notebooks.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..casebank import api
from ..casebank.checks import case_attributes
from ..casebank.deadlines import case_deadlines
from ..casebank.prose import fill_case
from ..core.competencies import COMPETENCIES
from ..core.settings import get_settings
from ..rules import assess_recusal, assign_track, assumption_marker, load_config, period_text
from .schema import Course, Module

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as the policy numbers its articles (十四, 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def article_label(n: int) -> str:
    return f"第{cn_number(n)}条"


def _list(items, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + f"</{tag}>"


def header_html(module: Module) -> str:
    objectives = [f"{COMPETENCIES[o.competency].label}：{o.text}" for o in module.objectives]
    articles = "、".join(article_label(a) for a in module.articles)
    # the notebook's own markdown carries the title; the header adds what the course file knows
    return (f'<div class="tj-module" data-module="{escape(module.id)}">'
            f"<p>{escape(module.summary)}</p>"
            f"<p><b>对应《意见》（金发〔2025〕14号）</b>：{articles}　·　<b>预计用时</b>：{module.minutes} 分钟"
            f"　·　<b>考核</b>：{escape(module.assessment)}</p>"
            f"<h3>学习目标</h3>{_list(objectives)}</div>")


def worked_example_html(case_id: str) -> str:
    """The case's public facts, positions, rules, and the rules' answers worked step by step."""
    cfg = load_config()
    case = fill_case(api.get(case_id), cfg)     # {rule:…} placeholders filled by the rules in force
    decision = assign_track(case_attributes(case), cfg)
    positions = [f"{p.name}（{p.kind.label}）：{p.position}" for p in case.parties]
    rules = [f"{r.law}{r.article}：{r.gist}" for r in case.applicable_rules]
    deadlines = []
    for label, d in case_deadlines(case, cfg):
        deadlines.append(f"{label}：{d.due_date.isoformat()}{assumption_marker(d.assumption)} —— "
                         + "；".join(d.steps))
    recusal = _recusal_html(case, cfg)
    track = f"规则判定的程序：{decision.track.label}。" + "；".join(decision.reasons)
    if case.track_override_reason:
        track += f"（本案实际适用{case.track.label}：{case.track_override_reason}）"
    return (f'<div class="tj-example" data-case="{escape(case.id)}">'
            f"<h3>示范案例 {escape(case.id)}：{escape(case.title)}</h3>"
            f'<p style="color:#555"><i>本案例人物、机构均为虚构，仅供培训使用。</i></p>'
            f"<h4>基本案情</h4><p>{escape(case.facts_known_to_all)}</p>"
            f"<h4>各方立场</h4>{_list(positions)}"
            f"<h4>适用规则</h4>{_list(rules)}"
            f"<h4>第一步：程序分流</h4><p>{escape(track)}</p>"
            f"<h4>第二步：期限（由规则计算）</h4>{_list(deadlines)}{recusal}"
            f"<h4>典型意义</h4><p>{escape(case.significance)}</p>"
            f"<h4>讨论</h4>{_list(case.debrief_questions, ordered=True)}</div>")


def more_cases_html(module: Module) -> str:
    """The module's other cases: titles from the bank, to read in 案例库浏览 or `tiaojie cases show`."""
    rest = module.cases[1:]
    if not rest:
        return ""
    rows = []
    for cid in rest:
        c = api.get(cid)
        rows.append(f"<li><b>{escape(c.id)}</b>：{escape(c.title)}（{c.track.label}调解）</li>")
    return (f'<h3>延伸案例</h3><p>在<a href="{escape(get_settings().apps_url)}/casebank_explorer.ipynb" target="_blank">案例库浏览</a>'
            "中按编号查看，或在终端运行 <code>tiaojie cases show 编号</code>：</p><ul>" + "".join(rows) + "</ul>")


def _recusal_html(case, cfg) -> str:
    """Each recusal question of the case; the rules' answer folded away until the trainee opens it."""
    if not case.procedural_points.recusal:
        return ""
    items = []
    for h in case.procedural_points.recusal:
        d = assess_recusal(h.relations, years_since_left=h.years_since_left,
                           both_parties_consent=h.both_parties_consent, config=cfg)
        answer = ("应当回避" if d.required else "无需回避") + "：" + "；".join(d.reasons)
        items.append(f"<li>{escape(h.mediator)}——{escape(h.description)}"
                     f"<details><summary>先想一想，再查看规则判定</summary>{escape(answer)}</details></li>")
    return "<h4>第三步：回避（由规则判定）</h4><ul>" + "".join(items) + "</ul>"


def practice_html(module: Module) -> str:
    more = more_cases_html(module)
    if not module.roleplays:
        return more + "<p>本模块没有配套情景演练。</p>"
    items = []
    for sid in module.roleplays:
        case = api.get(sid) if sid in api.load(checks=False) else None
        title = case.title if case else sid
        link = f"{get_settings().apps_url}/roleplay.ipynb?case={quote(sid)}"      # the app opens with this case chosen
        items.append(f'<li><a href="{escape(link)}" target="_blank">情景演练：{escape(sid)}</a> '
                     f"{escape(title)}（终端：<code>tiaojie roleplay play {escape(sid)}</code>）</li>")
    return (more + "<h3>情景演练</h3><p>以调解员身份完成下列演练，结束后阅读复盘；"
            "你的记录会自动保存，培训师可查看。</p><ul>" + "".join(items) + "</ul>")


def assessment_html(course: Course, module: Module) -> str:
    a = next(x for x in course.assessments if x.id == module.assessment)
    return (f'<div class="tj-assessment"><h3>本模块考核</h3><p>考核编号 <b>{escape(a.id)}</b>：{escape(a.title)}；'
            f"及格线 {round(a.pass_ratio * 100)}%。考核由培训师发布，在“作业”中完成，"
            "只需填写答案（字母、日期、数字或文字），无需编程。</p></div>")


def _period_text(period) -> str:
    return period_text(period.days, period.basis) + assumption_marker(period.assumption)


def periods_html() -> str:
    """The periods in force, each from the rules with its source: never typed into the reading."""
    from ..rules import CourtProcedure, Origin, Track, applicable_period

    cfg = load_config()
    rows = []
    for track in Track:
        ap = applicable_period(Origin.self_received, track=track, config=cfg)
        rows.append((f"自收案件 · {track.label}调解", ap.period))
    for origin in Origin:
        if not origin.is_court:
            continue
        procedures = list(CourtProcedure) if origin.needs_court_procedure else [None]
        for proc in procedures:
            ap = applicable_period(origin, court_procedure=proc, config=cfg)
            rows.append((ap.rule, ap.period))
    rows.append(("司法确认：调解协议生效后共同申请", cfg.judicial_confirmation.application))
    rows.append(("小额快速：出具书面解决意见", cfg.small_claims.proposal))
    rows.append(("小额快速：当事人决定是否接受", cfg.small_claims.acceptance))
    body = "".join(f"<tr><td>{escape(label)}</td><td>{escape(_period_text(p))}</td><td>{escape(p.source)}</td></tr>"
                   for label, p in rows)
    return ('<table class="tj-periods"><thead><tr><th>情形</th><th>期限（本组织配置）</th><th>依据</th></tr>'
            f"</thead><tbody>{body}</tbody></table>")


def paths_html(course: Course, progress: "dict | None" = None) -> str:
    """Each path: audience, hours, modules in order, completion rules, and the trainee's standing."""
    mine = {p["id"]: p for p in (progress or {}).get("paths", [])}
    blocks = []
    for p in course.paths:
        mods = "、".join(f"{m[:2]} {course.module(m).title.split('：')[0]}" for m in p.modules)
        m = mine.get(p.id)
        rules = _requirements(p, m)
        state = ""
        if m:
            state = f"<p class='tj-path-state'><b>我的进度：{'已完成' if m['complete'] else str(m['percent']) + '%'}</b></p>"
        blocks.append(f'<div class="tj-path" data-path="{escape(p.id)}"><h3>{escape(p.title)}（约 {course.hours(p)} 小时）</h3>'
                      f"<p>适用：{escape(p.audience)}</p><p>模块顺序：{escape(mods)}</p>"
                      f"<p>完成条件：</p>{_list(rules)}{state}</div>")
    return "".join(blocks)


def _requirements(path, mine: "dict | None") -> list[str]:
    """A path's completion rules, each with the trainee's standing when known."""
    def mark(done: bool) -> str:
        return ("　✓" if done else "　✗") if mine else ""

    opened = len(mine["opened"]) if mine else 0
    rules = [f"打开全部 {len(path.modules)} 个模块" + (f"（已打开 {opened}）" if mine else "")]
    scores = {r["script"]: r for r in (mine or {}).get("roleplays", [])}
    for r in path.completion.roleplays:
        best = scores.get(r.script, {}).get("best")
        got = f"（最高 {best} 分）" if best is not None else ""
        rules.append(f"完成演练 {r.script}，得分不低于 {r.min_score}{got}{mark(scores.get(r.script, {}).get('met', False))}")
    passed = (mine or {}).get("assessments", {})
    rules += [f"通过考核 {a}{mark(passed.get(a, False))}" for a in path.completion.assessments]
    return rules


def trace_html(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><td>{escape(a)}</td><td>{escape(items)}</td></tr>" for a, items in rows)
    return ('<table class="tj-trace"><thead><tr><th>《意见》条文</th><th>服务它的模块、考核、案例、演练、模拟与应用</th></tr>'
            f"</thead><tbody>{body}</tbody></table>")
