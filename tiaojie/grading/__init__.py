"""Assessments and the trainer's grading workflow (nbgrader course, sandboxed autograding).

Stages, one module each: ``spec`` (question files) → ``answers`` (computed by the rules or read
from the case bank) → ``build`` (text sources → nbgrader source → release) → ``collect`` →
``tamper`` (static checks) → ``grade`` (worker pool over nbgrader's Autograde with the
``sandbox`` kernel and the ``execute`` limits) → ``feedback`` (hidden tests never shown) →
``report`` → ``certificate``. ``check`` and ``variants`` are what trainees' kernels import.
"""
