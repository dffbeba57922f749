"""A module's role-play link opens the role-play app with that module's case already chosen."""

from __future__ import annotations

from tiaojie.course.loader import load_course
from tiaojie.course.render import practice_html


def test_roleplay_links_preselect_the_case():
    course = load_course()
    module = next(m for m in course.modules if m.roleplays)
    page = practice_html(module)
    for sid in module.roleplays:
        assert f"roleplay.ipynb?case={sid}" in page
