"""A curriculum practice page: one case's trainee brief, then the role-play for that case.

Used by the practice notebooks in ``curriculum/practice/``: the notebook only calls
``app_page(practice_page, "bnk-001")`` (:mod:`tiaojie.apps.boundary`). Attempts are saved in the
same store as the 情景演练 app, so a trainee's record is one record wherever they practise.
"""

from __future__ import annotations

import ipywidgets as W

from ..casebank.api import get
from ..core.competencies import COMPETENCIES
from .casebank_explorer import case_html
from .roleplay_app import build_app


def objectives_html(case) -> str:
    items = "".join(f"<li><b>{COMPETENCIES[lo.competency].label}</b>：{lo.objective}</li>"
                    for lo in case.learning_objectives)
    return f"<h3>学习目标</h3><ul>{items}</ul>"


def practice_page(case_id: str) -> W.Widget:
    """Brief (trainee view, no confidential facts) + the role-play restricted to this case."""
    case = get(case_id)
    if not case.roleplay:
        raise ValueError(f"case {case_id} has no role-play script")
    brief = W.Accordion(children=[W.HTML(case_html(case, trainer=False))])
    brief.set_title(0, "案情与材料（学员版）")
    return W.VBox([W.HTML(objectives_html(case)), brief, build_app(case_ids=[case_id])])
