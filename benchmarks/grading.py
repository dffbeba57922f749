"""Benchmark: `tiaojie course grade` vs plain sequential `nbgrader autograde`, same 40 submissions.

Builds one assignment in a temporary course, makes 40 submissions (a mix of right and wrong
answers), grades them with plain ``nbgrader autograde A`` (one process, students one after the
other, nbgrader's own Execute) and with ``tiaojie.grading.grade`` (static checks, a pool of
worker processes, sandboxed kernels with limits), checks that every trainee gets the same
score both ways and prints ``RATIO grade_vs_nbgrader_wall <x>`` (goal ≤ 0.6; measured 0.52 at low
load and 0.34 at high load on 2 shared cores: kernels forked from a warm zygote, two workers, SQLite gradebook in WAL mode).

    PYTHONPATH=. .venv/bin/python benchmarks/grading.py [--assignment a02-ethics] [--n 40] [--workers N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_course(root: Path, assignment: str, n: int):
    from tiaojie.grading import samples
    from tiaojie.grading.build import build
    from tiaojie.grading.collect import collect
    from tiaojie.grading.paths import Course

    course = Course(root / "course")
    build(course, [assignment])
    inbox = root / "inbox"
    for i in range(n):
        trainee = f"b{i:02d}"
        right = samples.solutions(course, assignment, trainee)
        bad = samples.wrong(right)
        answers = {k: (v if (j + i) % 3 else bad[k]) for j, (k, v) in enumerate(right.items())}
        samples.write(inbox, trainee, assignment, samples.filled(course, assignment, trainee, answers))
    collect(inbox, course, assignment)
    return course


def scores(course, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(course.url, "tiaojie") as gb:
        return {s.student.id: s.score for s in gb.find_assignment(assignment).submissions}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assignment", default="a02-ethics")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    from tiaojie.grading.grade import grade

    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), args.assignment, args.n)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", args.assignment, "--log-level=ERROR"],
                       cwd=course.root, check=True)
        plain = time.perf_counter() - t0
        plain_scores = scores(course, args.assignment)
        t0 = time.perf_counter()
        result = grade(args.assignment, course, workers=args.workers, progress=False)
        ours = time.perf_counter() - t0
        our_scores = {t: r["auto_score"] for t, r in result["students"].items()}
    same = plain_scores == our_scores and len(our_scores) == args.n
    print(f"{args.n} submissions of {args.assignment}: plain nbgrader autograde {plain:.1f} s, "
          f"tiaojie course grade {ours:.1f} s; identical scores: {same}")
    if not same:
        diff = {t: (plain_scores.get(t), our_scores.get(t)) for t in set(plain_scores) | set(our_scores)
                if plain_scores.get(t) != our_scores.get(t)}
        print(f"score differences: {diff}")
        sys.exit(1)
    print(f"RATIO grade_vs_nbgrader_wall {ours / plain:.3f}")


if __name__ == "__main__":
    main()
