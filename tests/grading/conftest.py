"""One course per session: built once, one graded batch (normal + hostile submissions) shared.

nbgrader commands are slow (kernel start ~1 s, imports ~4 s), so the batch is graded once and
the tests read its JSON, gradebook, autograded notebooks and feedback.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tiaojie.grading.paths import Course

import grading_helpers as helpers
from grading_helpers import ASSIGNMENT, NORMAL
from hostile.corpus import KINDS

REPO = Path(__file__).resolve().parents[2]
XSS = '我的笔记<script>alert("tj")</script><img src="x" onerror="alert(1)">'



@pytest.fixture(scope="session")
def session_settings(tmp_path_factory):
    """Settings pointing at a fresh data directory (and this checkout's content)."""
    from tiaojie.core.settings import Settings

    return Settings.load(data_dir=tmp_path_factory.mktemp("data"), content_root=REPO)


@pytest.fixture(autouse=True)
def settings_in_force(fresh_settings, session_settings):
    """The session's settings for every grading test (the suite's autouse fixture resets them)."""
    from tiaojie.core.settings import set_settings

    set_settings(session_settings)
    yield session_settings.data_dir
    set_settings(None)


@pytest.fixture(scope="session")
def course(session_settings):
    from tiaojie.core.settings import use_settings
    from tiaojie.grading.build import build

    with use_settings(session_settings):
        c = Course.default()
        build(c)
    return c


@dataclass
class Ctx:
    course: Course
    assignment: str
    trainee: str
    victim: str

    @property
    def course_root(self) -> str:
        return str(self.course.root)

    def filled(self, right: bool, as_victim: bool = False):
        who = self.victim if as_victim else self.trainee
        answers = helpers.solutions(self.course, self.assignment, who)
        return helpers.filled(self.course, self.assignment, self.trainee,
                              answers if right else helpers.wrong(answers), declared=who)


def normal_answers(course, trainee):
    right = helpers.solutions(course, ASSIGNMENT, trainee)
    if trainee == "t-full":
        return right
    if trainee == "t-half":
        bad = helpers.wrong(right)
        return {k: (v if k in ("q1", "q2", "q3") else bad[k]) for k, v in right.items()}
    return {}


@pytest.fixture(scope="session")
def inbox(course, tmp_path_factory) -> Path:
    """A zip of PATH/<trainee>/<assignment>/*.ipynb with the normal and the hostile trainees."""
    folder = tmp_path_factory.mktemp("inbox") / "收取"
    for t in NORMAL:
        nb = helpers.filled(course, ASSIGNMENT, t, normal_answers(course, t))
        if t == "t-half":   # a note a trainee added: markdown is allowed, its HTML must not run
            nb.cells.append(nbformat.v4.new_markdown_cell(XSS))
        helpers.write(folder, t, ASSIGNMENT, nb)
    for kind in KINDS:
        trainee = f"h-{kind.name.replace('_', '-')}"
        made = kind.make(Ctx(course, ASSIGNMENT, trainee, "t-full"))
        helpers.write(folder, trainee, ASSIGNMENT, raw=made if isinstance(made, bytes) else None,
                      nb=None if isinstance(made, bytes) else made)
    archive = folder.parent / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.rglob("*.ipynb"):
            zf.write(path, path.relative_to(folder.parent))
    shutil.rmtree(folder)
    return archive


@pytest.fixture(scope="session")
def graded(course, inbox, session_settings):
    """The CLI's JSON for the whole batch, graded once."""
    from tiaojie.core.settings import use_settings
    from tiaojie.grading.collect import collect
    from tiaojie.grading.grade import grade, sandbox_config

    with use_settings(session_settings):
        collected = collect(inbox, course, ASSIGNMENT)
        result = grade(ASSIGNMENT, course, workers=2, progress=False,
                       cfg=sandbox_config(cell_timeout=4, notebook_timeout=30))
    json.dumps(result)   # the CLI prints it
    return {"collected": collected, "result": result}
