"""情景演练 served by real Voilà in Debian Chromium: play by clicking, debrief, reload, history."""

from __future__ import annotations

from browser_helpers import assert_cjk_rendered

# After a click the chat changes and a new set of buttons replaces the old one (the old buttons
# may linger for a moment: clicking one of those would be ignored as stale).
CHANGED = """([before, clicked]) => {
  if (document.querySelector('.tj-debrief')) return true;
  const chat = document.querySelector('.tj-chat'), first = document.querySelector('.tj-choice');
  return chat && chat.innerText !== before && (!first || first.innerText !== clicked); }"""


def _click_first_choice(page):
    before = page.locator(".tj-chat").inner_text()
    button = page.locator(".tj-choice").first
    clicked = button.inner_text()
    button.click()
    page.wait_for_function(CHANGED, arg=[before, clicked], timeout=30_000)


def _enter_name(page, name):
    box = page.locator(".tj-trainee input")
    box.fill(name)
    box.press("Enter")


def test_play_to_debrief_then_reload_finds_the_attempt(page, open_app, requests_log):
    open_app(page, "roleplay")
    assert page.get_by_text("情景演练").first.is_visible()
    _enter_name(page, "浏览器学员某")
    page.get_by_role("button", name="开始演练").click()
    page.locator(".tj-choice").first.wait_for(timeout=30_000)
    assert "刘某琴" in page.locator(".tj-chat").inner_text()
    for _ in range(40):
        page.wait_for_selector(".tj-choice, .tj-debrief", timeout=30_000)
        if page.locator(".tj-debrief").count():
            break
        _click_first_choice(page)
    debrief = page.locator(".tj-debrief")
    debrief.wait_for(timeout=30_000)
    text = debrief.inner_text()
    assert "复盘" in text and "示范路径" in text and "书面解决意见被接受" in text
    assert page.locator(".tj-debrief .tj-score").count() >= 5
    # glyphs of the page's own font differ: Chinese is drawn, not tofu boxes
    assert_cjk_rendered(page, ".tj-chat", "调解演练")

    page.reload()
    page.wait_for_selector(".tj-trainee input", timeout=90_000)
    _enter_name(page, "浏览器学员某")
    row = page.locator(".tj-history .tj-attempt[data-case='bnk-001']")
    row.first.wait_for(timeout=30_000)
    assert "书面解决意见被接受" in row.first.inner_text() and "100" in row.first.inner_text()


def test_unfinished_attempt_resumes_after_reload(page, open_app):
    open_app(page, "roleplay")
    _enter_name(page, "续练学员某")
    page.get_by_role("button", name="开始演练").click()
    page.locator(".tj-choice").first.wait_for(timeout=30_000)
    _click_first_choice(page)
    played = page.locator(".tj-chat").inner_text()

    page.reload()
    page.wait_for_selector(".tj-trainee input", timeout=90_000)
    _enter_name(page, "续练学员某")
    page.get_by_role("button", name="开始演练").click()
    page.get_by_text("已恢复未完成的演练").wait_for(timeout=30_000)
    assert page.locator(".tj-chat").inner_text() == played
