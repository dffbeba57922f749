"""Every course notebook executes headless, records the visit, hides its code, and links resolve.

One test per notebook (xdist spreads files; this file is the course's execution shard).
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from tiaojie.course.loader import curriculum_dir, load_course, module_notebook
from tiaojie.core.notebooks import execute_notebook, read_notebook
from tiaojie.records import Records, current_trainee

COURSE = load_course()
PAGES = [module_notebook(m) for m in COURSE.modules] + [curriculum_dir() / "home.md"]
LINK = re.compile(r"\]\(([^)#\s]+)\)")


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES, ids=[p.parent.name if p.name == "module.md" else p.stem for p in PAGES])
def test_page_executes_and_records_the_visit(path, data_dir, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = execute_notebook(path, timeout=300)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "the page shows its widgets"
    if path.name == "module.md":
        module_id = path.parent.name
        # the kernel wrote the visit to the records database under this test's data directory
        assert [v.module for v in Records().visits(current_trainee())] == [module_id]
        text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert COURSE.module(module_id).cases[0] in text      # the worked example from the bank


@pytest.mark.parametrize("path", PAGES, ids=[p.parent.name if p.name == "module.md" else p.stem for p in PAGES])
def test_code_is_hidden_and_only_calls_course_modules(path):
    nb = read_notebook(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for c in code:
        assert c.metadata.get("jupyter", {}).get("source_hidden") is True
        assert "hide-input" in c.metadata.get("tags", [])
        for line in c.source.splitlines():
            assert not line.strip() or line.startswith(("from tiaojie.course import page", "page.")), line


def test_links_between_pages_resolve_and_home_links_every_module():
    for page in PAGES:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).resolve().is_file(), f"{page}: broken link {target}"
    home = (curriculum_dir() / "home.md").read_text(encoding="utf-8")
    for m in COURSE.modules:
        assert f"]({m.id}/module.md)" in home and m.title in home


def test_each_module_links_to_its_neighbours():
    ids = [m.id for m in COURSE.modules]
    for i, mid in enumerate(ids):
        text = module_notebook(mid).read_text(encoding="utf-8")
        if i:
            assert f"](../{ids[i - 1]}/module.md)" in text
        if i + 1 < len(ids):
            assert f"](../{ids[i + 1]}/module.md)" in text
        assert "](../home.md)" in text


def test_records_database_is_outside_the_kernel(data_dir):
    Records().module_opened("学员甲", "01-framework")
    with sqlite3.connect(data_dir / "roleplay.sqlite3") as db:
        assert db.execute("SELECT module FROM module_visits").fetchall() == [("01-framework",)]


def test_built_pages_link_to_built_pages(tmp_path):
    from tiaojie.course.build import build_course

    built = build_course(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in built} >= {"home.ipynb", *(f"{m.id}/module.ipynb" for m in COURSE.modules)}
    import nbformat

    for page in built:
        nb = nbformat.read(page, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for target in LINK.findall(cell.source):
                assert not target.endswith(".md"), f"{page}: {target}"
                assert (page.parent / target).resolve().is_file(), f"{page}: broken link {target}"
