"""One record of a trainee's activity: module visits, self-check answers, role-play attempts and
assessment results, in one SQLite database under the data directory.

Layering: records sits above ``roleplay`` and below ``course``. The role-play attempt store
(:mod:`tiaojie.roleplay.store`) owns the database file and the ``trainees`` table; the records
add their own tables to the same file and read attempts through the role-play store, so a
trainee is one row however they practised.
"""

from .identity import current_trainee
from .store import AssessmentResult, ModuleVisit, Records, SelfCheckResult

__all__ = ["AssessmentResult", "ModuleVisit", "Records", "SelfCheckResult", "current_trainee"]
