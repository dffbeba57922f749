"""What the grading tests share: the assignment of the graded batch and sample submissions."""

from __future__ import annotations

from tiaojie.grading.samples import filled, release, solutions, write, wrong  # noqa: F401

ASSIGNMENT = "a03-procedure"          # the assignment the graded batch uses
NORMAL = ("t-full", "t-half", "t-blank")
