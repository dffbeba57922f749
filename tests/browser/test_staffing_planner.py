"""人员规划 served by real Voilà, driven by Debian Chromium."""

from __future__ import annotations


def test_slider_updates_erlang_and_simulation_shows_results(page, open_app):
    open_app(page, "staffing_planner")
    assert page.get_by_text("人员规划").first.is_visible()
    estimate = page.locator(".tj-erlang .tj-util").first
    estimate.wait_for(timeout=30_000)
    before = estimate.inner_text()
    # lower the first pool's full-time staff: keyboard on its slider handle
    handle = page.locator(".tj-ft .noUi-handle, .tj-ft .ui-slider-handle").first
    handle.focus()
    for _ in range(5):
        handle.press("ArrowLeft")
    page.wait_for_function(
        "(b) => { const e = document.querySelector('.tj-erlang .tj-util'); return e && e.innerText !== b; }",
        arg=before, timeout=60_000)
    assert estimate.inner_text() != before
    page.get_by_role("button", name="运行仿真").click()
    page.locator(".tj-results table").wait_for(timeout=90_000)
    text = page.locator(".tj-results").inner_text()
    assert "期限内办结率" in text and "%" in text
    assert "已完成" in page.locator(".tj-progress").inner_text()


def test_search_says_what_binds_and_scenarios_export(page, open_app):
    open_app(page, "staffing_planner")
    page.locator(".tj-erlang .tj-util").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="求最少人数").click()
    page.locator(".tj-binding p").first.wait_for(timeout=240_000)
    words = page.locator(".tj-binding").inner_text()
    assert "95% 置信区间下限须达到目标" in words and "少 1 人时" in words
    assert "轮候选" in page.locator(".tj-progress").inner_text()
    page.get_by_role("button", name="保存方案以便比较").click()
    page.locator(".tj-compare table").wait_for(timeout=60_000)
    assert "决定人数的约束" in page.locator(".tj-compare").inner_text()
    page.get_by_role("button", name="导出 CSV").click()
    link = page.locator(".tj-export a[download]")
    link.wait_for(timeout=60_000)
    assert link.get_attribute("href").startswith("data:text/csv;base64,")
    page.get_by_role("button", name="导出图表 PNG").click()
    page.wait_for_function("() => { const a = document.querySelector('.tj-export a[download]');"
                           " return a && a.href.startsWith('data:image/png'); }", timeout=30_000)
