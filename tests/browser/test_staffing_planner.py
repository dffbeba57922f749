"""人员规划 served by real Voilà, driven by Debian Chromium."""

from __future__ import annotations


def test_slider_updates_erlang_and_simulation_shows_results(page, open_app):
    open_app(page, "staffing_planner")
    assert page.get_by_text("人员规划").first.is_visible()
    estimate = page.locator(".tj-erlang .tj-util").first
    estimate.wait_for(timeout=30_000)
    before = estimate.inner_text()
    # lower the first pool's full-time staff: keyboard on the first staff slider handle
    handle = page.locator(".widget-slider .noUi-handle, .widget-hslider .ui-slider-handle").nth(4)
    handle.focus()
    for _ in range(5):
        handle.press("ArrowLeft")
    page.wait_for_function(
        "(b) => { const e = document.querySelector('.tj-erlang .tj-util'); return e && e.innerText !== b; }",
        arg=before, timeout=20_000)
    assert estimate.inner_text() != before
    page.get_by_role("button", name="运行仿真").click()
    page.locator(".tj-results table").wait_for(timeout=90_000)
    text = page.locator(".tj-results").inner_text()
    assert "期限内办结率" in text and "%" in text
