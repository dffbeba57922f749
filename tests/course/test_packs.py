"""Classroom packs: one confidential brief per role on its own page, Chinese text extracts, the
fonts are embedded, and a seeded variant prints the variant's parties and recomputed deadlines."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tiaojie.casebank import api
from tiaojie.casebank.deadlines import case_deadlines
from tiaojie.casebank.prose import fill_case
from tiaojie.casebank.view import role_label
from tiaojie.cli.main import cli
from tiaojie.core.competencies import COMPETENCIES
from tiaojie.course.packs import BRIEF, DEBRIEF, GENERAL, OBSERVER, build_pack


def _pages(path) -> list[str]:
    # wrapped lines break words; compare without line breaks
    return [p.extract_text().replace("\n", "") for p in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def bnk011(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "bnk-011.pdf"
    return fill_case(api.get("bnk-011")), build_pack("bnk-011", out), out


def test_one_brief_per_role_each_on_its_own_page(bnk011):
    case, path, _ = bnk011
    pages = _pages(path)
    headings = {role: f"{BRIEF}：{role_label(case, role)}" for role in case.confidential}
    assert "mediator" in case.confidential and len(headings) >= 3
    for role, heading in headings.items():
        starts = [i for i, t in enumerate(pages) if heading in t]
        assert len(starts) == 1, (role, starts)
        page = pages[starts[0]]
        assert page.startswith(f"{case.id}　课堂演练包")          # a page of its own, from the top
        others = [h for r, h in headings.items() if r != role]
        assert not any(h in page for h in others)
        assert case.confidential[role].instructions[:30] in "".join(pages[starts[0]:starts[0] + 2])


def test_chinese_text_extracts_and_every_part_is_there(bnk011):
    case, path, _ = bnk011
    text = "".join(_pages(path))
    for title in (GENERAL, OBSERVER, DEBRIEF):
        assert title in text
    assert case.facts_known_to_all[:40] in text
    assert all(c.label in text for c in COMPETENCIES.values())
    assert case.trainer_notes[:30] in text
    for label, d in case_deadlines(case):
        assert f"{label}：{d.due_date.isoformat()}" in text


def test_cjk_font_is_embedded(bnk011):
    _, path, _ = bnk011
    reader = PdfReader(str(path))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    font = next(iter(fonts.values())).get_object()
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    assert "WenQuanYi" in str(font["/BaseFont"])
    assert "/FontFile2" in descriptor          # TrueType outlines embedded (subset)


def test_seeded_variant_prints_new_parties_and_recomputed_deadlines(tmp_path):
    original = api.get("bnk-011")
    varied = api.variant("bnk-011", 7)
    path = build_pack("bnk-011", tmp_path / "v.pdf", seed=7)
    text = "".join(_pages(path))
    assert "变体 种子 7" in text
    for old, new in zip(original.parties, varied.parties):
        assert new.name in text
        if old.name != new.name:
            assert f"{BRIEF}：{old.name}" not in text
    for (label, d), (_, d0) in zip(case_deadlines(varied), case_deadlines(original)):
        assert f"{label}：{d.due_date.isoformat()}" in text
    assert case_deadlines(varied)[0][1].due_date != case_deadlines(original)[0][1].due_date


def test_cli_writes_the_pack_and_rejects_bad_input(tmp_path):
    runner = CliRunner()
    out = tmp_path / "pack.pdf"
    ok = runner.invoke(cli, ["cases", "pack", "bnk-001", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert len(PdfReader(str(out)).pages) >= 5
    again = runner.invoke(cli, ["cases", "pack", "bnk-001", "--out", str(out)])
    assert again.exit_code != 0 and "--force" in again.output
    missing = runner.invoke(cli, ["cases", "pack", "bnk-999", "--out", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "bnk-999" in missing.output
    wrong = runner.invoke(cli, ["cases", "pack", "bnk-001", "--out", str(tmp_path / "x.txt")])
    assert wrong.exit_code != 0 and ".pdf" in wrong.output
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    unwritable = runner.invoke(cli, ["cases", "pack", "bnk-001", "--out", str(blocked / "x.pdf")])
    assert unwritable.exit_code != 0 and "无法写入" in unwritable.output and "Traceback" not in unwritable.output


def test_rule_placeholders_in_case_prose_are_filled(tmp_path):
    raw = api.get("lf-001")
    assert "{rule:" in raw.model_dump_json()           # the case text refers to the rules
    text = "".join(_pages(build_pack("lf-001", tmp_path / "lf.pdf")))
    assert "{rule:" not in text
    filled = fill_case(raw)
    assert filled.facts_known_to_all[:40] in text
