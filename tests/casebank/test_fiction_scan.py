"""The fiction cross-check's fast path gives exactly the problems of a field-by-field scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tiaojie.casebank.checks import _REAL_NAME, _fiction, check_fiction
from tiaojie.casebank.prose import text_leaves as _text_leaves
from tiaojie.roleplay.bank_checks import validate
from tiaojie.casebank.fiction import REAL_INSTITUTIONS, fiction_problems, id_check_digit, party_name_problem
from tiaojie.casebank.loader import Problem, load_bank

from casebank_helpers import write_case

# Pieces that make (or almost make) every kind of fiction problem, and text around them.
PIECES = st.sampled_from(list(REAL_INSTITUTIONS) + ["银行", "中国", "招商", "平安", "某", "（虚构）", "\n", " ", "X",
                                                   "x", "*", "138", "0000", "1234", "９", "１３８", "13912345821",
                                                   "11010519491231002" + id_check_digit("11010519491231002")])
TEXT = st.lists(PIECES | st.text(alphabet="0123456789刘某琴调解员，。", max_size=6), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_fast_scan_equals_the_full_scan(text):
    assert _fiction(text) == fiction_problems(text)


def test_the_name_pattern_finds_exactly_the_real_institutions():
    for name in REAL_INSTITUTIONS:
        assert _REAL_NAME.search(f"（前文）{name}（后文）"), name
        cut = name[:-1]                                  # a prefix is found only if it is a name too
        assert bool(_REAL_NAME.search(cut)) == any(other in cut for other in REAL_INSTITUTIONS), name


def field_by_field(case, file, text):
    """check_fiction as it was: every field scanned on its own, then the raw text, then parties."""
    problems, seen = [], set()
    for path, value in _text_leaves(case.model_dump(mode="json")):
        for msg in fiction_problems(value):
            problems.append(Problem(file, case.id, path, msg))
            seen.add(msg)
    problems.extend(Problem(file, case.id, "(text)", msg) for msg in fiction_problems(text) if msg not in seen)
    for i, party in enumerate(case.parties):
        msg = party_name_problem(party.kind.value, party.name)
        if msg:
            problems.append(Problem(file, case.id, f"parties.{i}.name", msg))
        if party.phone and "*" not in party.phone:
            problems.append(Problem(file, case.id, f"parties.{i}.phone", "电话号码须打码（如 138****0000）"))
    return problems


def test_bank_cases_give_what_the_field_by_field_scan_gives():
    result = load_bank()
    for cid, case in result.cases.items():
        f = str(result.files[cid])
        assert check_fiction(case, f, result.texts[cid]) == field_by_field(case, f, result.texts[cid])


@settings(max_examples=60, deadline=None)
@given(where=st.integers(0, 10**6), piece=PIECES)
def test_a_problem_in_any_field_is_named_as_the_field_by_field_scan_names_it(where, piece):
    result = load_bank()
    case = result.cases["bnk-001"]
    data = case.model_dump(mode="json")
    paths = [path for path, _ in _text_leaves(data)]
    parts = paths[where % len(paths)].split(".")
    target = data
    for key in parts[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = int(parts[-1]) if isinstance(target, list) else parts[-1]
    target[last] = f"{target[last]}{piece}"
    try:
        changed = type(case).model_validate(data)
    except ValueError:
        return                       # the schema rejects this field's new value: nothing to compare
    text = result.texts["bnk-001"]
    assert check_fiction(changed, "f", text) == field_by_field(changed, "f", text)


def test_a_name_that_only_folding_makes_is_found_in_its_field(tmp_bank, model_data):
    """YAML folds lines with a space and the schema removes it next to Chinese text, so the field
    holds 工商银行 though the file never does: the field scan, not the raw text, must find it."""
    path = write_case(tmp_bank / "cases" / "banking", dict(model_data, id="bnk-902", facts_known_to_all="PLACEHOLDER"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("facts_known_to_all: PLACEHOLDER",
                                 "facts_known_to_all: >-\n  他在工商\n  银行办过业务。"), encoding="utf-8")
    result = load_bank([tmp_bank / "cases"])
    assert "工商银行" not in result.texts["bnk-902"]
    assert "工商银行" in result.cases["bnk-902"].facts_known_to_all
    problems = validate(result)
    assert any(p.file == str(path) and p.field == "facts_known_to_all" and "工商银行" in p.message
               for p in problems), problems
