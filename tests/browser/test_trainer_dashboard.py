"""培训师看板 served by real Voilà, in Debian Chromium (a fresh data directory: no trainees yet)."""

from __future__ import annotations

from browser_helpers import assert_cjk_rendered


def test_dashboard_renders_in_chinese_with_an_empty_cohort(page_as, open_app):
    page = page_as("王某")                  # the served suite gives the dashboard to trainers only
    open_app(page, "trainer_dashboard")
    page.get_by_text("学员整体进度（按学习路径）").first.wait_for(timeout=30_000)
    # the server is shared by the session: earlier tests' trainees may already have records
    assert page.get_by_text("尚无学员记录").count() or "张某" in page.inner_text("body")
    assert page.get_by_text("尚无测验成绩").first.is_visible()
    assert page.get_by_text("学员详情").first.is_visible()
    assert_cjk_rendered(page, "h2", "学员整体进度")
