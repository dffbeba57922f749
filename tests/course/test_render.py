"""What a module page shows: the worked example from the bank with the rules' answers and
nothing confidential; the periods in force; the paths with the trainee's standing."""

from __future__ import annotations

from html import escape

from tiaojie.casebank import api
from tiaojie.casebank.deadlines import case_deadlines
from tiaojie.casebank.prose import fill_case
from tiaojie.course import render
from tiaojie.course.loader import load_course
from tiaojie.course.progress import trainee_progress
from tiaojie.records import Records
from tiaojie.rules import Origin, applicable_period


def test_worked_example_has_rules_answers_and_no_confidential_text():
    for case_id in ("bnk-002", "bnk-011", "bnk-001", "fnd-002", "lf-001"):
        case = fill_case(api.get(case_id))
        html = render.worked_example_html(case_id)
        assert "{rule:" not in html
        assert escape(case.facts_known_to_all[:30]) in html
        for label, d in case_deadlines(case):
            assert f"{escape(label)}：{d.due_date.isoformat()}" in html
        for brief in case.confidential.values():
            assert escape(brief.instructions[:25]) not in html
        assert escape(case.trainer_notes[:25]) not in html
        assert escape(case.outcome.summary[:25]) not in html


def test_periods_table_reads_the_rules():
    html = render.periods_html()
    entrusted = applicable_period(Origin.parse("委托", "origin"), court_procedure="简易")
    assert escape(entrusted.rule) in html and f"{entrusted.period.days}日" in html
    assert "假设值" in html           # assumed values are marked


def test_paths_show_the_trainees_standing(tmp_path):
    course = load_course()
    records = Records(tmp_path / "r.sqlite3")
    planner = course.path("planner")
    for m in planner.modules:
        records.module_opened("乙某", m)
    records.assessment("乙某", planner.completion.assessments[0], 9, 10, True)
    html = render.paths_html(course, trainee_progress(course, records, "乙某"))
    block = html[html.index('data-path="planner"'):]
    block = block[:block.index("</div>")]
    assert f"（已打开 {len(planner.modules)}）" in block
    assert f"通过考核 {planner.completion.assessments[0]}　✓" in block
    assert f"通过考核 {planner.completion.assessments[1]}　✗" in block
    assert "我的进度：" in block and "已完成" not in block
    assert "✓" not in render.paths_html(course)      # no trainee, no marks


def test_chinese_article_numbers():
    assert [render.article_label(n) for n in (1, 10, 14, 20, 23)] == [
        "第一条", "第十条", "第十四条", "第二十条", "第二十三条"]


def test_practice_lists_the_modules_other_cases_and_its_roleplays():
    course = load_course()
    for m in course.modules:
        html = render.practice_html(m)
        for cid in m.cases[1:]:
            assert escape(api.get(cid).title) in html
        for sid in m.roleplays:
            assert f"tiaojie roleplay play {sid}" in html


def test_worked_example_folds_the_rules_recusal_answer():
    from tiaojie.rules import assess_recusal

    case = api.get("bnk-015")
    assert case.procedural_points.recusal
    html = render.worked_example_html("bnk-015")
    for h in case.procedural_points.recusal:
        d = assess_recusal(h.relations, years_since_left=h.years_since_left,
                           both_parties_consent=h.both_parties_consent)
        verdict = "应当回避" if d.required else "无需回避"
        assert f"<summary>先想一想，再查看规则判定</summary>{verdict}" in html
