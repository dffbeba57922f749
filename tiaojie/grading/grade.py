"""``tiaojie course grade A``: autograde every collected submission of A in a few workers.

1. static checks of each submission (:mod:`.tamper`); structurally broken ones are rejected
   without running anything;
2. the rest are autograded by nbgrader's ``Autograde`` (through ``NbGraderAPI``) in a pool of
   worker processes — one nbgrader set-up per worker, not per trainee — with the sandboxed
   kernel and execution limits (:mod:`.sandbox`, :mod:`.execute`);
3. scores are read back from the gradebook; limits hit are read from the autograded notebook;
   a rejected submission that ran gets a manual score of 0 on every cell in the gradebook (the
   trainer can override it in the formgrader);
4. one outcome per trainee is stored (:mod:`.outcomes`) and returned.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import nbformat
from traitlets.config import Config

from ..core.errors import TiaojieError
from ..core.settings import get_settings
from . import outcomes as store
from .build import TRAINEE_ID
from .execute import LIMIT_NAMES
from .outcomes import Outcome
from .paths import COURSE_ID, Course
from .scores import unique_grades
from .tamper import inspect

SANDBOX_CELL_TIMEOUT = 10
_WORKER: dict = {}


class GradeError(TiaojieError):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


def sandbox_config(cell_timeout: int = SANDBOX_CELL_TIMEOUT, notebook_timeout: int = 60) -> Config:
    cfg = Config()
    from nbgrader.converters import Autograde

    pre = Autograde.class_traits()["autograde_preprocessors"].make_dynamic_default()
    from nbgrader.preprocessors import Execute

    cfg.Autograde.autograde_preprocessors = ["tiaojie.grading.execute.SandboxedExecute" if p is Execute else p
                                             for p in pre]
    cfg.SandboxedExecute.timeout = cell_timeout
    cfg.SandboxedExecute.notebook_timeout = notebook_timeout
    cfg.Autograde.log_level = "WARNING"
    return cfg


def _init_worker(root: str, db_url: str | None, cfg: Config, settings) -> None:
    from ..core.settings import set_settings
    from .nbconfig import api

    import warnings

    from sqlalchemy.exc import SAWarning

    set_settings(settings)   # the configuration in force reaches the kernels (child_env)
    # nbgrader's re-autograde of an existing submission trips SQLAlchemy session warnings
    warnings.filterwarnings("ignore", category=SAWarning)
    _WORKER["api"] = api(Course(Path(root), db_url), cfg)


def _grade_one(task: tuple[str, str]) -> tuple[str, bool, str]:
    assignment, trainee = task
    result = _WORKER["api"].autograde(assignment, trainee, force=True, create=True)
    errors = [ln for ln in (result.get("log") or "").splitlines() if "[ERROR]" in ln]
    return trainee, bool(result["success"]), "; ".join(errors[:3])


def _run_pool(course: Course, assignment: str, trainees: list[str], workers: int, cfg: Config,
              progress: bool) -> dict[str, tuple[bool, str]]:
    from tqdm import tqdm

    if not trainees:
        return {}
    ctx = multiprocessing.get_context("forkserver")
    workers = max(1, min(workers, len(trainees)))
    done: dict[str, tuple[bool, str]] = {}
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(course.root), course.db_url, cfg, get_settings())) as pool:
        tasks = [(assignment, t) for t in trainees]
        for trainee, ok, err in tqdm(pool.imap_unordered(_grade_one, tasks), total=len(tasks),
                                     desc=f"评分 {assignment}", unit="份", disable=not progress):
            done[trainee] = (ok, err)
    return done


def runtime_reasons(autograded: Path) -> list[str]:
    """Limits hit while running, read from the autograded notebook."""
    if not autograded.is_file():
        return []
    nb = nbformat.read(autograded, as_version=4)
    seen: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("ename") if out.get("output_type") == "error" else None
            if name in LIMIT_NAMES:
                seen.append(LIMIT_NAMES[name])
            elif name == "MemoryError":
                seen.append("超出内存限制（MemoryError）")
            elif out.get("output_type") == "stream" and "[输出过大，已截断" in out.get("text", ""):
                seen.append(LIMIT_NAMES["OutputTruncated"])
    return list(dict.fromkeys(seen))


def maxima(gb, assignment: str) -> tuple[float, float]:
    """(autograded points, manually graded points) of an assignment, from the gradebook."""
    auto = manual = 0.0
    for nb in gb.find_assignment(assignment).notebooks:
        for cell in nb.grade_cells:
            if cell.cell_type == "code":
                auto += cell.max_score
            else:
                manual += cell.max_score
    return auto, manual


def _scores(gb, assignment: str, trainee: str, void: bool) -> tuple[float, float, int, float, float]:
    """(auto score, auto max, manual cells still to grade, manual score, manual max)."""
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission(assignment, trainee)
    except MissingEntry:
        return (0.0, *maxima(gb, assignment)[:1], 0, 0.0, maxima(gb, assignment)[1])
    auto = auto_max = manual = manual_max = 0.0
    pending = 0
    for nb in sub.notebooks:
        if void:
            for g in nb.grades:
                g.manual_score, g.needs_manual_grade = 0.0, False
            gb.db.commit()
        for _, ctype, score, mx, waiting in unique_grades(nb):
            if ctype == "code":
                auto, auto_max = auto + (score or 0.0), auto_max + mx
            else:
                manual, manual_max = manual + (score or 0.0), manual_max + mx
            pending += waiting
    return auto, auto_max, pending, manual, manual_max


def _lift_voids(course: Course, assignment: str, trainees: list[str]) -> None:
    """Clear the zero scores a previous run set on a rejected submission that is graded again."""
    from nbgrader.api import Gradebook, MissingEntry

    voided = {o.trainee for o in store.load(course.outcomes_path, assignment) if o.status != "graded"}
    targets = [t for t in trainees if t in voided]
    if not targets:
        return
    with Gradebook(course.url, COURSE_ID) as gb:
        for t in targets:
            try:
                sub = gb.find_submission(assignment, t)
            except MissingEntry:
                continue
            for nb in sub.notebooks:
                for g in nb.grades:
                    g.manual_score = None
        gb.db.commit()


def submissions(course: Course, assignment: str) -> list[str]:
    if not course.submitted.is_dir():
        return []
    return sorted(p.name for p in course.submitted.iterdir() if (p / assignment).is_dir())


def grade(assignment: str, course: Course | None = None, workers: int | None = None,
          progress: bool = True, cfg: Config | None = None) -> dict:
    """Grade every collected submission of ``assignment``; return the JSON object of the CLI."""
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    from .nbconfig import enable_wal

    course = (course or Course.default()).ensure()
    enable_wal(course)
    release = course.release / assignment / f"{assignment}.ipynb"
    if not release.is_file():
        raise GradeError("assignment", f"作业“{assignment}”尚未生成（先运行 tiaojie course build）")
    release_nb = nbformat.read(release, as_version=4)
    seeded = any(c.metadata.get("nbgrader", {}).get("grade_id") == TRAINEE_ID for c in release_nb.cells)
    trainees = submissions(course, assignment)
    findings = {t: inspect(course.submitted / t / assignment / release.name, release_nb, t, seeded)
                if (course.submitted / t / assignment / release.name).is_file() else None for t in trainees}
    runnable = [t for t, f in findings.items() if f is not None and f.runnable]
    _lift_voids(course, assignment, runnable)
    ran = _run_pool(course, assignment, runnable, workers or os.cpu_count() or 2,
                    cfg or sandbox_config(), progress)
    results: list[Outcome] = []
    with Gradebook(course.url, COURSE_ID) as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)   # nbgrader's lazy loads after a re-autograde
        for t in trainees:
            results.append(_outcome(gb, course, assignment, t, findings[t], ran.get(t), release.name))
    store.save(course.outcomes_path, results)
    store.feed_records(results)
    return {"assignment": assignment, "students": {o.trainee: o.to_json() for o in results}}


def _outcome(gb, course, assignment, trainee, found, ran, name) -> Outcome:
    auto_max, manual_max = maxima(gb, assignment)
    if found is None:
        return Outcome(assignment, trainee, "error", 0.0, auto_max, 0, [f"未找到 {name}"], None, manual_max)
    reasons = found.reject + found.notes
    if not found.runnable:
        return Outcome(assignment, trainee, "rejected", 0.0, auto_max, 0, reasons, None, manual_max)
    ok, err = ran
    reasons += runtime_reasons(course.autograded / trainee / assignment / name)
    rejected = bool(found.reject)
    if not ok:
        reasons.append(f"自动评分未完成：{err or 'nbgrader 报错'}")
    auto, auto_max, pending, manual, manual_max = _scores(gb, assignment, trainee, void=rejected or not ok)
    status = "rejected" if rejected else "error" if not ok else "graded"
    return Outcome(assignment, trainee, status, auto, auto_max, pending, list(dict.fromkeys(reasons)),
                   manual if manual_max and not pending else None, manual_max)
