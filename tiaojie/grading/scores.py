"""Cell scores from the gradebook joined with competencies and outcomes: one long table.

Rows: (trainee, assignment, grade_id, competency, score, max, kind ∈ {auto, manual}, status).
A submission rejected without running has no gradebook rows; it is counted with score 0 for
every cell so that it weighs in the report as nothing earned.
"""

from __future__ import annotations

import pandas as pd

from . import outcomes as store
from .paths import COURSE_ID, Course, sources_dir
from .spec import Assignment, competency_of, load_all

COLUMNS = ["trainee", "assignment", "grade_id", "competency", "score", "max", "kind", "status", "pending"]


def unique_grades(notebook) -> list[tuple[str, str, float | None, float, bool]]:
    """(grade id, cell type, score, max, pending) once per cell.

    nbgrader keeps two grade rows for a manually graded task cell (one for its GradeCell, one
    for its TaskCell, same name); the formgrader updates one of them. The row that has been
    graded wins.
    """
    by_name: dict[str, tuple] = {}
    for g in notebook.grades:
        row = (g.cell.name, g.cell.cell_type, g.score, float(g.max_score), bool(g.needs_manual_grade))
        prev = by_name.get(row[0])
        if prev is None or (prev[4] and not row[4]):
            by_name[row[0]] = row
    return list(by_name.values())


def specs() -> dict[str, Assignment]:
    return load_all(sources_dir())


def cell_scores(course: Course, spec_map: dict[str, Assignment] | None = None) -> pd.DataFrame:
    from nbgrader.api import Gradebook

    spec_map = spec_map if spec_map is not None else specs()
    status = {(o.assignment, o.trainee): o.status for o in store.load(course.outcomes_path)}
    rows = []
    with Gradebook(course.url, COURSE_ID) as gb:
        for assignment in gb.assignments:
            spec = spec_map.get(assignment.name)
            cells = [(c.name, c.cell_type, c.max_score) for nb in assignment.notebooks for c in nb.grade_cells]
            graded = set()
            for sub in assignment.submissions:
                trainee = sub.student.id
                graded.add(trainee)
                for nb in sub.notebooks:
                    for name, ctype, score, mx, pending in unique_grades(nb):
                        rows.append(_row(trainee, assignment.name, name, ctype, score, mx, spec,
                                         status.get((assignment.name, trainee), "graded"), pending))
            for (a, trainee), st in status.items():   # rejected before running: not in the gradebook
                if a == assignment.name and trainee not in graded:
                    rows += [_row(trainee, a, name, ctype, 0.0, mx, spec, st) for name, ctype, mx in cells]
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(trainee, assignment, grade_id, cell_type, score, maximum, spec, status, pending=False):
    comp = competency_of(spec, grade_id) if spec else None
    return (trainee, assignment, grade_id, comp or "unmapped", float(score or 0.0), float(maximum),
            "auto" if cell_type == "code" else "manual", status, pending)
