"""The course in real JupyterLab (Debian Chromium): opens on the course home, in Chinese, the
text notebook opens as a notebook with a Python kernel, code inputs are hidden, and running it
shows the trainee's learning paths."""

from __future__ import annotations

import secrets
import subprocess
import urllib.error
import urllib.request

import pytest
from process_helpers import stop, wait_until_up

from tiaojie.core.settings import get_settings
from tiaojie.course.loader import load_course
from tiaojie.serving.lab import course_home_url
from tiaojie.serving.process import free_port as _free_port
from tiaojie.serving.lab import lab_argv


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _start_lab(tmp_path_factory, trainer: bool):
    data = tmp_path_factory.mktemp("lab-data")
    token = secrets.token_hex(16)
    port = _free_port()
    env = get_settings().child_env()
    env["TIAOJIE_DATA"] = str(data)
    log = (tmp_path_factory.mktemp("lab-log") / "lab.log").open("w")
    argv = lab_argv(port, trainer) + [f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False"]
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, f"{base}/api/status?token={token}", log.name, "JupyterLab")
    try:
        yield base, token
    finally:
        stop(proc, grace=10)
        log.close()


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    yield from _start_lab(tmp_path_factory, trainer=False)


@pytest.fixture(scope="module")
def trainer_lab_url(tmp_path_factory):
    yield from _start_lab(tmp_path_factory, trainer=True)


def _run_all_until(page, selector: str, attempts: int = 3) -> None:
    """运行 → 运行所有单元格 until ``selector`` appears. On a loaded machine the first click can land
    while the menu is still opening or the kernel still starting (the run is then lost, not
    queued); running all cells again is harmless, so the test tries again rather than waits longer."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        page.locator(".lm-MenuBar-itemLabel", has_text="运行").click()
        item = page.locator(".lm-Menu-itemLabel", has_text="运行所有单元格").first
        item.wait_for(timeout=30_000)
        item.click()
        try:
            page.locator(selector).wait_for(timeout=90_000)
            return
        except PlaywrightTimeout:
            if attempt + 1 == attempts:
                raise


def _menu(page, label):
    return page.locator(".lm-MenuBar-itemLabel", has_text=label)


@pytest.mark.slow
def test_course_home_opens_as_a_chinese_notebook_and_runs(page, lab_url, tmp_path):
    artefacts = tmp_path
    base, token = lab_url
    # the server's front door leads to the course home
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{base}/?token={token}", timeout=30)
    assert redirect.value.code == 302 and redirect.value.headers["Location"].split("?")[0].endswith(course_home_url())
    page.goto(f"{base}{course_home_url()}?token={token}", timeout=120_000)
    notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook")
    notebook.wait_for(timeout=120_000)
    page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown h1", has_text="金融纠纷调解员培训课程").wait_for(timeout=60_000)
    # the Chinese language pack is in force
    assert _menu(page, "文件").count() == 1
    # a trainee sees no instructor panels (nbgrader's create-assignment, formgrader, course list)
    assert _menu(page, "Nbgrader").count() == 0
    assert page.get_by_text("Create Assignment").count() == 0
    # a real kernel, not "No Kernel"
    kernel = page.locator(".jp-NotebookPanel:visible .jp-KernelName")
    kernel.wait_for(timeout=60_000)
    page.wait_for_function("() => /Python/.test(document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName')?.innerText || '')",
                           timeout=60_000)
    # code inputs are hidden
    code_cells = page.locator(".jp-NotebookPanel:visible .jp-CodeCell")
    assert code_cells.count() >= 2
    assert page.locator(".jp-NotebookPanel:visible .jp-CodeCell .jp-InputPlaceholder").count() == code_cells.count()
    # run all cells from the (Chinese) menu: the learning paths and the trace table appear
    _run_all_until(page, ".tj-path[data-path='new-mediator']")
    page.locator(".tj-trace").wait_for(timeout=60_000)
    assert page.locator(".tj-path").count() == len(load_course().paths)
    page.screenshot(path=str(artefacts / "course-home-lab.png"))


@pytest.mark.slow
def test_trainer_lab_keeps_the_instructor_panels(page, trainer_lab_url):
    base, token = trainer_lab_url
    page.goto(f"{base}{course_home_url()}?token={token}", timeout=120_000)
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").wait_for(timeout=120_000)
    _menu(page, "Nbgrader").wait_for(timeout=30_000)
    assert _menu(page, "文件").count() == 1
