"""期限计算器 served by real Voilà, driven by Debian Chromium."""

from __future__ import annotations

from browser_helpers import assert_cjk_rendered

from tiaojie.rules import compute_deadline


def test_computes_court_entrusted_deadline_through_the_ui(page, open_app, requests_log):
    open_app(page, "deadline_calculator")
    assert page.get_by_text("期限计算器").first.is_visible()
    # defaults: 委托 + 法院简易程序; set the start date and compute
    page.locator("input[type=date]").first.fill("2026-09-28")
    page.locator("input[type=date]").first.dispatch_event("change")
    page.get_by_role("button", name="计算期限").click()
    due = page.locator(".tj-due")
    due.wait_for(timeout=60_000)
    expected = compute_deadline("委托", "2026-09-28", court_procedure="简易").due_date.isoformat()
    assert due.inner_text() == expected == "2026-10-08"
    body = page.locator(".tj-result").inner_text()
    assert "特邀调解的规定" in body and "休息日" in body
    # the rest days behind the date are listed (National Day 2026)
    assert "法定节假日（工作日休息）5 天" in body and "10月1日（周四）" in body


def test_chinese_renders_with_a_cjk_font(page, open_app, shot):
    open_app(page, "deadline_calculator")
    assert page.get_by_text("期限计算器").first.is_visible()
    shot(page, "deadline-calculator")
    # Missing glyphs render as identical "tofu" boxes; a real CJK font draws each character
    # differently. Draw characters with the page's own font and compare the pixels.
    assert_cjk_rendered(page, "h1", "调解期限")


def test_invalid_input_shows_the_field(page, open_app):
    open_app(page, "deadline_calculator")
    page.get_by_role("tab", name="程序分流").click()
    amount = page.locator("input[type=number]:visible").first
    amount.fill("-5")
    amount.press("Enter")
    page.get_by_role("button", name="判断程序").click()
    error = page.locator(".tj-error")
    error.wait_for(timeout=60_000)
    assert "标的金额" in error.inner_text() and "负数" in error.inner_text()
    assert "amount" not in error.inner_text() and error.get_attribute("data-field") == "amount"
    assert error.get_attribute("role") == "alert"          # announced by screen readers


def test_self_received_uses_the_track_and_marks_the_assumption(page, open_app):
    open_app(page, "deadline_calculator")
    origin = page.locator("select").first
    origin.select_option(label="自收")
    court = page.locator("select").nth(2)
    court.wait_for(state="hidden", timeout=30_000)     # court procedure does not apply
    page.locator("select").nth(1).select_option(label="普通")
    page.locator("input[type=date]").first.fill("2026-03-02")
    page.locator("input[type=date]").first.dispatch_event("change")
    page.get_by_role("button", name="计算期限").click()
    page.locator(".tj-due").wait_for(timeout=60_000)
    assert page.locator(".tj-due").inner_text() == "2026-04-01"
    assert page.locator(".tj-result .tj-assumption").count() >= 1


def test_today_by_default_provisional_year_in_headline_and_extension_cap(page, open_app):
    from tiaojie.apps.deadline_calculator import today
    from tiaojie.rules import PACKAGE_LAST_YEAR

    open_app(page, "deadline_calculator")
    start = page.locator("input[type=date]").first
    assert start.input_value() == today().isoformat()
    start.fill(f"{PACKAGE_LAST_YEAR + 1}-03-02")
    start.dispatch_event("change")
    page.get_by_role("button", name="计算期限").click()
    page.locator(".tj-due").wait_for(timeout=60_000)
    assert "暂定" in page.locator(".tj-result h3").inner_text()
    page.locator("select").first.select_option(label="自收")         # a period with an extension cap
    page.locator("select").nth(1).select_option(label="普通")
    extension = page.locator("input[type=number]:visible").first     # 协议延长
    extension.fill("300")
    extension.press("Enter")
    page.get_by_role("button", name="计算期限").click()
    error = page.locator(".tj-error")
    error.wait_for(timeout=60_000)
    assert "协议延长" in error.inner_text() and "最多延长" in error.inner_text()
