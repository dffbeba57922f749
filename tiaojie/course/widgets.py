"""Self-check widgets: click or pick a date, press 检查, read instant feedback in Chinese.

Each answer is checked by the question itself (:mod:`tiaojie.course.selfcheck`) and saved in the
records. Nothing here decides what is right.
"""

from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as W

from ..core.widget_boundary import Alerts
from .selfcheck import Feedback

Recorder = Callable[[str, object, bool], None]


class QuestionWidget(W.VBox):
    """One question: prompt, an input (options or a date), a check button and feedback."""

    def __init__(self, number: int, question, record: "Recorder | None" = None):
        self.question = question
        self._record = record
        prompt = W.HTML(f"<p><b>{number}.</b> {escape(question.text())}</p>")
        if question.answer_type == "date":
            self.input = W.DatePicker(description="日期", value=None)
        else:
            self.input = W.RadioButtons(options=question.options(), value=None,
                                        layout=W.Layout(width="auto"))
        self.button = W.Button(description="检查", button_style="primary", icon="check")
        self.feedback = W.HTML()
        Alerts(self.feedback).on_click(self.button, lambda _b: self.submit())   # errors show as feedback
        super().__init__([prompt, self.input, self.button, self.feedback],
                         layout=W.Layout(margin="0 0 1em 0"))
        self.add_class("tj-selfcheck")

    def submit(self) -> Feedback:
        value = self.input.value
        fb = self.question.check(value)
        colour = "#1b7f3b" if fb.correct else "#b3261e"
        lines = "<br>".join(escape(line) for line in fb.message.split("\n"))
        cls = "tj-right" if fb.correct else "tj-wrong"
        self.feedback.value = f'<div class="{cls}" style="color:{colour}">{lines}</div>'
        if self._record and value not in (None, ""):
            self._record(self.question.id, str(value), fb.correct)
        return fb


def selfcheck_panel(questions: list, record: "Recorder | None" = None) -> W.VBox:
    items = [QuestionWidget(i + 1, q, record) for i, q in enumerate(questions)]
    return W.VBox([W.HTML("<h3>自测</h3><p>选择答案后点“检查”，立即看到反馈与依据。</p>"), *items])
