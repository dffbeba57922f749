"""Where a trainee stands on each learning path, from the records; and the whole cohort.

A path is complete when every module of it has been opened, every named role-play has a
finished attempt with at least its minimum score, and every named assessment has a passing
result. ``percent`` counts those requirements met out of all of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..records import Records
from .schema import Course, LearningPath


@dataclass
class RoleplayStatus:
    script: str
    min_score: int
    best: int | None
    met: bool


@dataclass
class PathProgress:
    id: str
    title: str
    hours: float
    opened: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    roleplays: list[RoleplayStatus] = field(default_factory=list)
    assessments: dict[str, bool] = field(default_factory=dict)

    @property
    def met(self) -> int:
        return (len(self.opened) + sum(r.met for r in self.roleplays)
                + sum(self.assessments.values()))

    @property
    def required(self) -> int:
        return len(self.opened) + len(self.missing) + len(self.roleplays) + len(self.assessments)

    @property
    def complete(self) -> bool:
        return self.met == self.required

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.required) if self.required else 100

    def to_json(self) -> dict:
        d = asdict(self)
        d.update(complete=self.complete, percent=self.percent)
        return d


@dataclass
class Activity:
    """One trainee's activity as read once from the records."""
    opened: set[str]
    best_scores: dict[str, int]
    passed: set[str]
    selfchecks: dict[str, dict[str, int]]


def activity(records: Records, trainee: str) -> Activity:
    best: dict[str, int] = {}
    for a in records.attempts(trainee):
        if a.done and a.ending_type != "abandoned" and a.overall is not None:
            best[a.script_id] = max(best.get(a.script_id, 0), a.overall)
    latest: dict[tuple[str, str], bool] = {}
    for r in records.selfchecks(trainee):
        latest[(r.module, r.question)] = r.correct      # ordered by time: the last answer counts
    checks: dict[str, dict[str, int]] = {}
    for (module, _q), ok in latest.items():
        c = checks.setdefault(module, {"answered": 0, "correct": 0})
        c["answered"] += 1
        c["correct"] += int(ok)
    return Activity(opened={v.module for v in records.visits(trainee)}, best_scores=best,
                    passed={r.assessment for r in records.assessments(trainee) if r.passed},
                    selfchecks=checks)


def path_progress(course: Course, path: LearningPath, act: Activity) -> PathProgress:
    p = PathProgress(path.id, path.title, course.hours(path))
    for mid in path.modules:
        (p.opened if mid in act.opened else p.missing).append(mid)
    for req in path.completion.roleplays:
        best = act.best_scores.get(req.script)
        p.roleplays.append(RoleplayStatus(req.script, req.min_score, best, best is not None and best >= req.min_score))
    p.assessments = {aid: aid in act.passed for aid in path.completion.assessments}
    return p


def trainee_progress(course: Course, records: Records, trainee: str) -> dict:
    act = activity(records, trainee)
    return {"trainee": trainee,
            "paths": [path_progress(course, p, act).to_json() for p in course.paths],
            "selfchecks": act.selfchecks}


def cohort_progress(course: Course, records: Records) -> dict:
    """Every trainee × path: percent and complete, for a trainer."""
    out = {}
    for name in records.trainees():
        act = activity(records, name)
        out[name] = {p.id: {"percent": (pp := path_progress(course, p, act)).percent, "complete": pp.complete}
                     for p in course.paths}
    return {"paths": [{"id": p.id, "title": p.title, "hours": course.hours(p)} for p in course.paths],
            "trainees": out}
