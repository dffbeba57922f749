"""The gradebook in a real PostgreSQL server (nbgrader's ``db_url``), graded by two workers.

A throwaway cluster (``tests/postgres_helpers.py``, the ``postgres`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import grading_helpers as helpers
from postgres_helpers import libpq_url

ASSIGNMENT = "a02-ethics"


def test_grading_with_a_postgresql_gradebook(postgres, tmp_path, settings_in_force):
    import psycopg
    from tiaojie.grading.build import build
    from tiaojie.grading.collect import collect
    from tiaojie.grading.grade import grade, sandbox_config
    from tiaojie.grading.paths import Course

    course = Course(tmp_path / "course", postgres)
    assert build(course, [ASSIGNMENT]) == [ASSIGNMENT]
    inbox = tmp_path / "inbox"
    right = helpers.solutions(course, ASSIGNMENT, "p-right")
    for trainee, answers in (("p-right", right), ("p-wrong", helpers.wrong(right)), ("p-also", right)):
        helpers.write(inbox, trainee, ASSIGNMENT, helpers.filled(course, ASSIGNMENT, trainee, answers))
    collect(inbox, course, ASSIGNMENT)
    result = grade(ASSIGNMENT, course, workers=2, progress=False, cfg=sandbox_config())
    s = result["students"]
    assert (s["p-right"]["auto_score"], s["p-also"]["auto_score"], s["p-wrong"]["auto_score"]) == (11.0, 11.0, 0.0)
    assert not course.gradebook_path.exists()   # nothing went to SQLite
    with psycopg.connect(libpq_url(postgres)) as db:
        rows = db.execute("SELECT s.student_id, sum(g.auto_score) FROM grade g "
                          "JOIN submitted_notebook n ON g.notebook_id = n.id "
                          "JOIN submitted_assignment s ON n.assignment_id = s.id GROUP BY s.student_id").fetchall()
    assert dict(rows) == {"p-right": 11.0, "p-also": 11.0, "p-wrong": 0.0}
    assert "db_url = 'postgresql+psycopg://" in (course.root / "nbgrader_config.py").read_text()
