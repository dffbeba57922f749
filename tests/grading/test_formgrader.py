"""Manual grading in nbgrader's formgrader, in JupyterLab, in Debian Chromium.

The course directory's ``nbgrader_config.py`` (written by ``tiaojie course build``) is what the
formgrader reads; a trainer opens a prose task, gives criterion 1 its points, and the score
reaches the gradebook, the outcomes and the trainee's record through ``tiaojie course report``.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import grading_helpers as helpers
from process_helpers import stop

ASSIGNMENT = "a07-confirmation"
TRAINEE = "f-writer"
PROSE = "调解协议：申请人周某兰与被申请人澄屿财产保险（虚构）……双方自愿共同申请司法确认。"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def submitted(course, tmp_path_factory, session_settings):
    from tiaojie.core.settings import use_settings
    from tiaojie.grading.collect import collect
    from tiaojie.grading.grade import grade

    inbox = tmp_path_factory.mktemp("fg-inbox")
    nb = helpers.filled(course, ASSIGNMENT, TRAINEE, helpers.solutions(course, ASSIGNMENT, TRAINEE))
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m1").source = PROSE
    helpers.write(inbox, TRAINEE, ASSIGNMENT, nb)
    with use_settings(session_settings):
        collect(inbox, course, ASSIGNMENT)
        return grade(ASSIGNMENT, course, workers=1, progress=False)["students"][TRAINEE]


@pytest.fixture(scope="module")
def lab(course, submitted, session_settings, tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path_factory.mktemp("fg-log") / "lab.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
                             "--ServerApp.ip=127.0.0.1", "--ServerApp.allow_root=True",
                             f"--ServerApp.root_dir={course.root}", f"--IdentityProvider.token={token}"],
                            cwd=course.root, env=session_settings.child_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, open(log.name).read()[-2000:]
            time.sleep(0.5)
    try:
        yield base, token
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def chromium(chromium_browser):
    return chromium_browser


@pytest.mark.slow
@pytest.mark.browser
def test_trainer_grades_a_criterion_in_the_formgrader(course, submitted, lab, chromium):
    from nbgrader.api import Gradebook

    from tiaojie.grading import outcomes
    from tiaojie.grading.report import build_report

    assert submitted["status"] == "graded" and submitted["needs_manual"] == 4
    base, token = lab
    page = chromium.new_page()
    page.goto(f"{base}/formgrader/manage_assignments?token={token}", timeout=120_000)
    page.get_by_text(ASSIGNMENT).first.wait_for(timeout=60_000)
    with Gradebook(course.url, "tiaojie") as gb:
        nb_id = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, TRAINEE).id
    page.goto(f"{base}/formgrader/submissions/{nb_id}/?token={token}", timeout=120_000)
    page.get_by_text("双方自愿共同申请司法确认").first.wait_for(timeout=60_000)   # the trainee's prose
    score = page.locator("input.score#m1")
    score.wait_for(timeout=60_000)
    # The formgrader fetches the grades after the page loads and then binds its save handlers and
    # re-renders every score input from the gradebook; a value typed before that is wiped unsaved.
    page.wait_for_function("() => window.formgrader && formgrader.grades && formgrader.grades.loaded",
                           timeout=60_000)
    score.fill("2")
    score.press("Tab")
    deadline = time.monotonic() + 90   # the formgrader saves in the background (slow on a loaded machine)
    while True:
        with Gradebook(course.url, "tiaojie") as gb:
            saved = gb.find_grade("m1", ASSIGNMENT, ASSIGNMENT, TRAINEE).manual_score
        if saved == 2.0 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert saved == 2.0
    build_report(course)
    row = outcomes.load(course.outcomes_path, ASSIGNMENT, TRAINEE)[0]
    assert row.needs_manual == 3   # three criteria left to grade
    page.close()
