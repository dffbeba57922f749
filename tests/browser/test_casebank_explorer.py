"""案例库浏览 served by real Voilà, driven by Debian Chromium: filter, open, toggle trainer view."""

from __future__ import annotations

from tiaojie.casebank import api


def test_filter_open_and_reveal_confidential(page, open_app):
    bank = api.load(checks=False)
    case = bank.filter(sector="banking")[0]
    secret = next(f.text for b in case.confidential.values() for f in b.facts)
    open_app(page, "casebank_explorer")
    assert page.get_by_text("案例库浏览").first.is_visible()
    page.locator(".tj-filter-sector select").select_option(label="银行")
    results = page.locator(".tj-results select")
    label = f"{case.id}  {case.title}"
    results.locator("option", has_text=case.id).first.wait_for(state="attached")
    results.select_option(label=label)
    view = page.locator(".tj-case-view")
    view.get_by_text("程序要点（期限由规则计算）").wait_for(timeout=20_000)
    assert "基本案情" in view.inner_text() and secret not in view.inner_text()
    page.get_by_role("button", name="培训师视图").click()
    view.locator(".tj-confidential").wait_for(timeout=20_000)
    assert secret in view.inner_text() and "培训师备注" in view.inner_text()
