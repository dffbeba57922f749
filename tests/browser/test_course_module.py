"""A course module rendered by real Voilà in Debian Chromium: Chinese, no code, a self-check
answered by clicking gives the rules' answer, and the navigation links lead to built pages."""

from __future__ import annotations

import time

from browser_helpers import assert_cjk_rendered

from tiaojie.course.loader import load_course
from tiaojie.course.selfcheck import load_questions
from tiaojie.records import Records

MODULE = "03-intake"


def _question(qid):
    return next(q for q in load_questions(MODULE) if q.id == qid)


def test_module_renders_and_self_check_answers_by_clicking(page, open_app, requests_log, voila_url,
                                                           tmp_path_factory):
    open_app(page, f"course/{MODULE}/module")
    title = load_course().module(MODULE).title
    page.get_by_text(title).first.wait_for(timeout=30_000)
    assert_cjk_rendered(page, ".tj-module", "受理与程序选择")
    assert page.locator(".tj-example[data-case='bnk-002']").is_visible()
    assert page.locator(".tj-periods").is_visible()
    # Voilà strips code: no source of the page's cells reaches the browser
    assert "page.open_module" not in page.content()

    q = _question("track-mass")
    box = page.locator(".tj-selfcheck").filter(has_text=q.text()[:20])
    wrong = next(o for o in q.options() if o != q.expected())
    box.get_by_text(wrong, exact=True).click()
    box.get_by_role("button", name="检查").click()
    box.locator(".tj-wrong").wait_for(timeout=60_000)
    assert q.expected() in box.locator(".tj-wrong").inner_text()
    box.get_by_text(q.expected(), exact=True).click()
    box.get_by_role("button", name="检查").click()
    box.locator(".tj-right").wait_for(timeout=60_000)

    d = _question("entrusted-simple")            # a date question: the rules' due date is right
    date_box = page.locator(".tj-selfcheck").filter(has_text=d.text()[:20])
    date_input = date_box.locator("input[type=date]")
    date_input.fill(d.expected().isoformat())
    date_input.dispatch_event("change")
    date_box.get_by_role("button", name="检查").click()
    date_box.locator(".tj-right").wait_for(timeout=60_000)
    assert not requests_log.console_errors, requests_log.console_errors

    # the Voilà kernel saved the visit and the three answers in the server's records
    found = sorted(tmp_path_factory.getbasetemp().glob("tiaojie-data[0-9]*/roleplay.sqlite3"))
    assert len(found) == 1, found
    db = found[0]
    records = Records(db)
    assert MODULE in {v.module for v in records.visits()}
    want = [("track-mass", False), ("track-mass", True), ("entrusted-simple", True)]
    deadline = time.monotonic() + 60      # the feedback is drawn before the kernel's write commits
    while True:
        answers = [(r.question, r.correct) for r in records.selfchecks() if r.module == MODULE]
        if answers[-3:] == want or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert answers[-3:] == want


def test_next_module_link_opens_the_built_page(page, open_app):
    open_app(page, f"course/{MODULE}/module")
    nxt = load_course().modules[[m.id for m in load_course().modules].index(MODULE) + 1]
    link = page.get_by_role("link", name=f"下一模块：{nxt.title} →")
    assert link.get_attribute("href") == f"../{nxt.id}/module.ipynb"
    link.click()
    page.locator(f".tj-module[data-module='{nxt.id}']").wait_for(timeout=90_000)
