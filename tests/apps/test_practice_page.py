"""Curriculum practice pages: the brief hides confidential facts; the role-play is that case only."""

import pytest
from widget_tree import find

from tiaojie.apps.practice_page import practice_page
from tiaojie.apps.roleplay_app import RoleplayApp
from tiaojie.casebank.api import get


def test_practice_page_restricts_the_roleplay_to_its_case(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path))
    page = practice_page("bnk-001")
    app = find(page, RoleplayApp)
    assert list(app.cases) == ["bnk-001"] and app.case.value == "bnk-001"
    brief = page.children[1].children[0].value
    case = get("bnk-001")
    secret = case.confidential["institution"].facts[0].text
    assert case.title in brief and secret not in brief


def test_practice_page_needs_a_script():
    with pytest.raises(ValueError):
        practice_page("bnk-009")
