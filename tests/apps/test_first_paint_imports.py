"""Apps import at start only what their first paint needs; heavy libraries come when used.

Measured by ``benchmarks/serving.py``: pyplot + pandas cost the planner's page about 0.45 s and
fpdf the role-play page about 0.25 s, which took both close to the 1.5× first-paint goal.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = "import sys, {module}; print(' '.join(sorted(m for m in {heavy} if m in sys.modules)))"


@pytest.mark.parametrize("module, heavy", [
    ("tiaojie.apps.staffing_planner", ("matplotlib.pyplot", "pandas")),
    ("tiaojie.apps.roleplay_app", ("fpdf", "matplotlib.pyplot", "pandas")),
    ("tiaojie.apps.casebank_explorer", ("fpdf", "matplotlib.pyplot", "pandas")),
    ("tiaojie.apps.deadline_calculator", ("fpdf", "matplotlib.pyplot", "pandas")),
])
def test_an_app_module_loads_without_libraries_its_first_paint_does_not_use(module, heavy):
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module, heavy=heavy)],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [], f"{module} imports {out} at start"
