"""Self-checks: right answers get 正确, wrong ones the right answer; rule answers follow the rules."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from tiaojie.core.errors import ContentError
from tiaojie.course.loader import load_course
from tiaojie.course.selfcheck import DeadlineQuestion, load_questions, parse_questions
from tiaojie.course.widgets import QuestionWidget
from tiaojie.records import Records
from tiaojie.rules import compute_deadline
from tiaojie.core.settings import DEFAULT_CONFIG, Settings, use_settings

QUESTIONS = [(m.id, q) for m in load_course().modules for q in load_questions(m.id)]


def _wrong(q):
    if q.answer_type == "date":
        return q.expected() + dt.timedelta(days=1)
    return next(o for o in q.options() if o != q.expected())


@pytest.mark.parametrize("module_id,q", QUESTIONS, ids=[f"{m}:{q.id}" for m, q in QUESTIONS])
def test_feedback_right_and_wrong(module_id, q):
    right = q.check(q.expected())
    assert right.correct and right.message.startswith("正确")
    wrong = q.check(_wrong(q))
    assert not wrong.correct and wrong.message.startswith("不正确")
    shown = q.expected()
    shown = f"{shown.year}年{shown.month}月{shown.day}日" if isinstance(shown, dt.date) else shown
    assert shown in wrong.message
    assert not q.check(None).correct


def test_deadline_answers_come_from_the_rules_in_force(tmp_path):
    q = next(q for m, q in QUESTIONS if m == "03-intake" and q.id == "entrusted-simple")
    assert q.expected() == compute_deadline("委托", q.start, court_procedure="简易").due_date
    data = yaml.safe_load(open(DEFAULT_CONFIG, encoding="utf-8"))
    before = q.expected()
    data["court"]["court_entrusted"]["simple"]["days"] += 15
    cfg = tmp_path / "practice.yaml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with use_settings(Settings.load(config_file=cfg)):
        assert q.expected() > before          # a longer configured period moves the answer
        assert q.check(before).correct is False
    assert q.expected() == before


def test_widget_gives_feedback_and_records_the_answer(data_dir):
    records = Records()
    q = next(q for m, q in QUESTIONS if m == "08-small-claims" and q.id == "not-opted")
    saved = []
    w = QuestionWidget(1, q, lambda qid, ans, ok: (saved.append((qid, ans, ok)),
                                                   records.selfcheck("学员甲", "08-small-claims", qid, ans, ok)))
    w.input.value = "是"
    w.button.click()
    assert "tj-wrong" in w.feedback.value and "否" in w.feedback.value
    w.input.value = "否"
    w.button.click()
    assert "tj-right" in w.feedback.value
    assert [r.correct for r in records.selfchecks("学员甲")] == [False, True]

    d = next(q for m, q in QUESTIONS if q.answer_type == "date")
    dw = QuestionWidget(2, d)
    dw.input.value = d.expected()
    dw.button.click()
    assert "tj-right" in dw.feedback.value


def test_bad_question_file_names_the_field():
    with pytest.raises(ContentError) as err:
        parse_questions([{"id": "x", "kind": "choice", "prompt": "p", "choices": ["a", "b"], "answer": 5,
                          "explanation": "e"}], "curriculum/99/selfcheck.yaml")
    assert err.value.field == "0.answer"
    with pytest.raises(ContentError) as err:
        parse_questions([{"id": "x", "kind": "deadline", "prompt": "p", "origin": "委托"}], "f.yaml")
    assert "start" in err.value.field
    assert isinstance(parse_questions([{"id": "d", "kind": "deadline", "prompt": "{start}", "origin": "委派",
                                        "start": "2026-04-20"}], "f")[0], DeadlineQuestion)
