"""What a module notebook calls: one function per part of the page.

    from tiaojie.course import page
    page.open_module("03-intake")        # records the visit, shows title, objectives, articles
    page.worked_example("bnk-002")       # the case from the bank, analysed by the rules
    page.self_check("03-intake")         # the module's self-check, answers saved to the records
    page.practice("03-intake")           # its role-plays
    page.assessment("03-intake")         # its assessment

The trainee is who the server says (:func:`tiaojie.records.current_trainee`).
"""

from __future__ import annotations

import ipywidgets as W

from ..records import Records, current_trainee
from . import render
from .loader import load_course
from .selfcheck import load_questions
from .widgets import selfcheck_panel


def _module(module_id: str):
    return load_course().module(module_id)


def open_module(module_id: str, trainee: "str | None" = None, records: "Records | None" = None) -> W.HTML:
    module = _module(module_id)
    (records or Records()).module_opened(trainee or current_trainee(), module.id)
    return W.HTML(render.header_html(module))


def worked_example(case_id: str) -> W.HTML:
    return W.HTML(render.worked_example_html(case_id))


def self_check(module_id: str, trainee: "str | None" = None, records: "Records | None" = None) -> W.VBox:
    module = _module(module_id)
    who = trainee or current_trainee()
    store = records or Records()

    def record(question_id: str, answer, correct: bool) -> None:
        store.selfcheck(who, module.id, question_id, answer, correct)

    return selfcheck_panel(load_questions(module.id), record)


def practice(module_id: str) -> W.HTML:
    return W.HTML(render.practice_html(_module(module_id)))


def assessment(module_id: str) -> W.HTML:
    return W.HTML(render.assessment_html(load_course(), _module(module_id)))


def periods() -> W.HTML:
    """The table of periods in force (from the rules and the configuration)."""
    return W.HTML(render.periods_html())


def course_home(trainee: "str | None" = None, records: "Records | None" = None) -> W.HTML:
    """The learning paths with the trainee's own standing on each."""
    from .progress import trainee_progress

    course = load_course()
    mine = trainee_progress(course, records or Records(), trainee or current_trainee())
    return W.HTML(f"<p>学员：<b>{mine['trainee']}</b></p>" + render.paths_html(course, mine))


def trace_table() -> W.HTML:
    from .traceability import trace_rows

    return W.HTML(render.trace_html(trace_rows()))
