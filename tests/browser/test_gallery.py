"""The gallery (landing page), the login page and the 404 page in Debian Chromium: Chinese,
pictures drawn, links to every app, nothing fetched from outside."""

from __future__ import annotations

from browser_helpers import assert_cjk_rendered

from tiaojie.serving.catalog import CATALOG

PICTURES_DRAWN = """() => Array.from(document.querySelectorAll('.tj-card img'))
  .map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])"""


def test_gallery_lists_every_app_with_purpose_users_and_picture(page, voila_url, shot):
    page.goto(voila_url)
    page.wait_for_selector(".tj-gallery")
    assert page.title() == "应用首页 · 调解员培训与模拟套件"
    cards = page.locator(".tj-card")
    assert cards.count() == len(CATALOG)
    for app in CATALOG:
        card = page.locator(f".tj-card[data-app='{app.name}']")
        text = card.inner_text()
        assert app.title in text and app.purpose in text
        assert all(u in text for u in app.users)
    drawn = page.evaluate(PICTURES_DRAWN)
    assert len(drawn) == len(CATALOG) and all(ok for _, ok in drawn), drawn
    assert "张某（学员）" in page.locator(".tj-user").inner_text()
    # the trainer dashboard is not open to a trainee
    assert page.locator(".tj-card[data-app='trainer_dashboard'] a").count() == 0
    assert_cjk_rendered(page, "h1", "调解培训")
    shot(page, "gallery")
    page.locator(".tj-card[data-app='deadline_calculator'] h3 a").click()
    page.wait_for_selector(".widget-tab", timeout=120_000)
    assert page.title() == "期限计算器"
    page.locator(".tj-nav a").first.click()
    page.wait_for_selector(".tj-gallery")


def test_login_and_not_found_pages_are_chinese_and_local(page_as, voila_url, shot, requests_log):
    anon = page_as(None)
    anon.goto(voila_url + "voila/render/roleplay.ipynb")
    anon.wait_for_selector("form.tj-login")
    assert anon.title() == "登录 · 调解员培训与模拟套件" and "姓名" in anon.inner_text("form")
    shot(anon, "login")
    anon.fill("#username", "李某")
    anon.fill("#password", "not-the-password")
    anon.click("button[type=submit]")
    anon.wait_for_selector(".tj-login-error")
    response = anon.goto(voila_url + "voila/files/roleplay.ipynb")
    assert response.status == 404
    assert "页面不存在" in anon.inner_text("body") and anon.title().startswith("404")
    shot(anon, "not-found")
    # the browser logs the deliberate 401 (wrong password) and 404 as console errors: only those
    expected = ("status of 401", "status of 404")
    assert len(requests_log.console_errors) == 2
    requests_log.console_errors[:] = [e for e in requests_log.console_errors if not any(x in e for x in expected)]
