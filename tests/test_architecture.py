"""The layers hold (import-linter) and only the settings module knows where things are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tiaojie.core.settings import CHECKOUT_ROOT, PACKAGE_DIR

SETTINGS = PACKAGE_DIR / "core" / "settings.py"


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=CHECKOUT_ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def _package_sources():
    return [p for p in PACKAGE_DIR.rglob("*.py") if "_content" not in p.parts and p != SETTINGS]


def test_only_settings_works_out_paths_or_reads_tiaojie_variables():
    offenders = []
    for path in _package_sources():
        text = path.read_text(encoding="utf-8")
        if re.search(r"parents\[\d\]|environ(\.get)?\(?\[?[\"']TIAOJIE_|getenv\([\"']TIAOJIE_", text):
            offenders.append(str(path.relative_to(PACKAGE_DIR)))
        if re.search(r"os\.environ\[[^\]]+\]\s*=", text):
            offenders.append(f"{path.relative_to(PACKAGE_DIR)} writes os.environ")
    assert offenders == []


# A module that shares a standard-library name invites the wrong import and confuses readers.
# sim/calendar.py belongs to the simulation rework (issue 8, the `sim` helper renames it).
STDLIB_NAME_PENDING = {"sim/calendar.py"}


def test_no_module_is_named_like_a_standard_library_module():
    clashes = {str(p.relative_to(PACKAGE_DIR)) for p in PACKAGE_DIR.rglob("*.py")
               if "_content" not in p.parts and p.stem in sys.stdlib_module_names}
    assert clashes <= STDLIB_NAME_PENDING, sorted(clashes - STDLIB_NAME_PENDING)
