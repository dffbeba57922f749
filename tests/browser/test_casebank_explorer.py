"""案例库浏览 served by real Voilà in Debian Chromium: a trainee never gets the trainer view; a
trainer does; a case links to its role-play and its deadline calculation."""

from __future__ import annotations

from tiaojie.casebank import api


def _secret(case):
    return next(f.text for b in case.confidential.values() for f in b.facts)


ONLY_BANKING = """() => { const o = Array.from(document.querySelectorAll('.tj-results select option'));
  return o.length > 0 && o.every(x => x.textContent.startsWith('bnk-')); }"""


def _open_case(page, case):
    page.locator(".tj-filter-sector select").select_option(label="银行")
    # wait until the kernel's filtered list is on screen: a click on the old list would pick by index
    page.wait_for_function(ONLY_BANKING, timeout=30_000)
    results = page.locator(".tj-results select")
    results.locator("option", has_text=case.id).first.wait_for(state="attached")
    results.select_option(label=f"{case.id}  {case.title}")
    page.locator(".tj-case-view").get_by_text("程序要点（期限由规则计算）").wait_for(timeout=60_000)


def test_trainee_has_no_trainer_view_and_follows_the_case_links(page, open_app, shot):
    case = api.load(checks=False).get("bnk-002")     # not the first case: the links must select it
    open_app(page, "casebank_explorer")
    assert page.title() == "案例库浏览"
    _open_case(page, case)
    view = page.locator(".tj-case-view")
    assert "基本案情" in view.inner_text() and _secret(case) not in view.inner_text()
    assert page.get_by_role("button", name="培训师视图").count() == 0
    assert case.trainer_notes[:20] not in page.content() and page.locator(".tj-trainer-notes").count() == 0
    shot(page, "casebank-trainee")
    page.locator(".tj-link-deadline").click()
    page.wait_for_url("**/deadline_calculator.ipynb?case=bnk-002", timeout=30_000)
    page.locator(".tj-preset").wait_for(timeout=120_000)
    assert "bnk-002" in page.locator(".tj-preset").inner_text()
    page.go_back()
    page.wait_for_selector(".tj-results select", timeout=120_000)
    _open_case(page, case)
    page.locator(".tj-link-roleplay").click()
    page.wait_for_url("**/roleplay.ipynb?case=bnk-002", timeout=30_000)
    page.locator(".tj-case-picker select").wait_for(timeout=120_000)
    assert page.locator(".tj-case-picker select").input_value().startswith("bnk-002")


def test_trainer_reveals_confidential_briefs(page_as, open_app, shot):
    case = api.load(checks=False).get("bnk-001")
    wang = page_as("王某")
    open_app(wang, "casebank_explorer")
    _open_case(wang, case)
    view = wang.locator(".tj-case-view")
    assert _secret(case) not in view.inner_text()
    wang.get_by_role("button", name="培训师视图").click()
    view.locator(".tj-confidential").wait_for(timeout=60_000)
    assert _secret(case) in view.inner_text() and "培训师备注" in view.inner_text()
    shot(wang, "casebank-trainer")
