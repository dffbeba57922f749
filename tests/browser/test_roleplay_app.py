"""情景演练 served by real Voilà in Debian Chromium: the trainee is who the server says, plays by
clicking with the chat following the newest line, gets a debrief, resumes after a reload, is asked
before abandoning; another trainee does not see the attempt; a trainer reads it; a refused input is one line
announced as an alert."""

from __future__ import annotations

from browser_helpers import assert_cjk_rendered

# After a click the chat changes and a new set of buttons replaces the old one (the old buttons
# may linger for a moment: clicking one of those would be ignored as stale).
CHANGED = """([before, clicked]) => {
  if (document.querySelector('.tj-debrief')) return true;
  const chat = document.querySelector('.tj-chat'), first = document.querySelector('.tj-choice');
  return chat && chat.innerText !== before && (!first || first.innerText !== clicked); }"""

# The newest chat line is inside the visible part of the chat box.
NEWEST_VISIBLE = """() => { const box = document.querySelector('.tj-chat');
  const lines = box.querySelectorAll('.tj-line, .tj-stage'); const last = lines[lines.length - 1];
  const b = box.getBoundingClientRect(), l = last.getBoundingClientRect();
  return {overflows: box.scrollHeight > box.clientHeight + 2, visible: l.bottom <= b.bottom + 2 && l.top >= b.top - 2}; }"""


def _click_first_choice(page):
    before = page.locator(".tj-chat").inner_text()
    button = page.locator(".tj-choice").first
    clicked = button.inner_text()
    button.click()
    page.wait_for_function(CHANGED, arg=[before, clicked], timeout=30_000)


def _start(page, open_app, case="bnk-001"):
    open_app(page, "roleplay", f"?case={case}")
    page.get_by_role("button", name="开始演练").click()
    page.locator(".tj-choice").first.wait_for(timeout=30_000)


def test_play_to_debrief_chat_follows_newest_line_and_reload_finds_it(page, open_app, shot):
    open_app(page, "roleplay", "?case=bnk-001")
    assert "当前学员：张某（学员）" in page.locator(".tj-who").inner_text()
    assert page.title() == "情景演练"
    page.get_by_role("button", name="开始演练").click()
    page.locator(".tj-choice").first.wait_for(timeout=30_000)
    assert "刘某琴" in page.locator(".tj-chat").inner_text()
    overflowed = False
    for _ in range(40):
        page.wait_for_selector(".tj-choice, .tj-debrief", timeout=30_000)
        if page.locator(".tj-debrief").count():
            break
        _click_first_choice(page)
        state = page.evaluate(NEWEST_VISIBLE)
        assert state["visible"], "the newest chat line is scrolled out of view"
        overflowed |= state["overflows"]
    assert overflowed, "the chat never grew beyond its box: the scroll check proved nothing"
    debrief = page.locator(".tj-debrief")
    debrief.wait_for(timeout=30_000)
    text = debrief.inner_text()
    assert "复盘" in text and "示范路径" in text and "书面解决意见被接受" in text
    assert page.locator(".tj-debrief .tj-score").count() >= 5
    assert "打印" in page.locator(".tj-print-hint").inner_text()
    assert_cjk_rendered(page, ".tj-chat", "调解演练")
    shot(page, "roleplay-debrief")

    page.reload()
    row = page.locator(".tj-history .tj-attempt[data-case='bnk-001']")
    row.first.wait_for(timeout=120_000)
    assert "书面解决意见被接受" in row.first.inner_text() and "100" in row.first.inner_text()
    assert "北京时间" in page.locator(".tj-history").inner_text()


def test_unfinished_attempt_resumes_and_restart_asks_first(page, open_app):
    _start(page, open_app, "bnk-002")
    _click_first_choice(page)
    played = page.locator(".tj-chat").inner_text()

    page.reload()
    page.wait_for_selector(".tj-start", timeout=120_000)
    page.get_by_role("button", name="开始演练").click()
    page.get_by_text("已恢复未完成的演练").wait_for(timeout=30_000)
    assert page.locator(".tj-chat").inner_text() == played

    page.get_by_role("button", name="放弃并重新开始").click()
    page.locator(".tj-confirm").wait_for(timeout=60_000)
    page.get_by_role("button", name="取消").click()
    page.locator(".tj-confirm").wait_for(state="detached", timeout=60_000)
    assert page.locator(".tj-chat").inner_text() == played        # nothing was lost
    page.get_by_role("button", name="放弃并重新开始").click()
    page.get_by_role("button", name="确定放弃").click()
    page.get_by_text("已开始，每一步都会自动保存").wait_for(timeout=30_000)
    page.wait_for_function("p => document.querySelector('.tj-chat').innerText !== p", arg=played, timeout=30_000)


def test_identity_comes_from_the_server_not_from_the_browser(page_as, open_app, voila_url):
    li = page_as("李某")
    # a forged identity header from the browser is dropped by the server
    li.context.set_extra_http_headers({"X-Tiaojie-User": "张某", "X-Tiaojie-Role": "trainer"})
    open_app(li, "roleplay")
    assert "当前学员：李某（学员）" in li.locator(".tj-who").inner_text()
    assert li.locator(".tj-trainer-panel").count() == 0
    history = li.locator(".tj-history").inner_text()
    assert "bnk-001" not in history and "暂无演练记录" in history     # 张某's attempts are not listed


def test_a_trainer_reads_any_trainees_transcript(page_as, open_app, shot):
    wang = page_as("王某")
    open_app(wang, "roleplay")
    assert "王某（培训师）" in wang.locator(".tj-who").inner_text()
    panel = wang.locator(".tj-trainer-panel")
    panel.wait_for(timeout=30_000)
    wang.locator(".tj-trainer-who select").select_option(label="张某")
    wang.locator(".tj-trainer-panel .tj-attempt").first.wait_for(timeout=30_000)
    options = wang.locator(".tj-trainer-attempt select option")
    assert options.count() >= 1
    wang.locator(".tj-trainer-attempt select").select_option(index=0)
    wang.locator(".tj-transcript").wait_for(timeout=30_000)
    assert "学员：张某" in wang.locator(".tj-transcript").inner_text()
    shot(wang, "roleplay-trainer")


def test_a_refused_input_shows_one_accessible_line_cleared_by_the_next_action(page, open_app):
    open_app(page, "roleplay", "?case=bnk-001")
    page.get_by_placeholder("留空＝原案例；填整数＝换一组虚构当事人").fill("abc<b>")
    page.get_by_role("button", name="开始演练").click()
    error = page.get_by_role("alert")
    error.wait_for(timeout=30_000)
    text = error.inner_text()
    assert text.startswith("输入有误（变体种子）") and "abc<b>" in text and "Traceback" not in text
    assert page.locator(".tj-error").count() == 1 and page.locator(".tj-choice").count() == 0
    page.locator("select").first.select_option(index=1)         # 领域: any other action clears it
    page.locator(".tj-error").wait_for(state="detached", timeout=30_000)
