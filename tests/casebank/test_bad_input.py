"""Bad input: each malformed file gives a problem naming the file and the field; the other
files still load; nothing is rewritten."""

from __future__ import annotations

import pytest

from tiaojie.roleplay.bank_checks import validate
from tiaojie.casebank.fiction import id_check_digit
from tiaojie.casebank.loader import load_bank

from casebank_helpers import snapshot, write_case


def run(root):
    before = snapshot(root)
    result = load_bank([root / "cases"])
    problems = validate(result)
    assert snapshot(root) == before, "a case file was modified"
    assert "bnk-901" in result.cases, "the valid file no longer loads"
    good = str(root / "cases" / "banking" / "bnk-901.yaml")
    assert result.files["bnk-901"] == root / "cases" / "banking" / "bnk-901.yaml"
    assert not [p for p in problems if p.file == good], "the valid file got problems"
    return result, problems


def expect(problems, path, field):
    hits = [p for p in problems if p.file == str(path) and p.field == field]
    assert hits, f"no problem for {path.name} at {field}; got {[str(p) for p in problems]}"
    assert all(p.message for p in hits)
    return hits


def bad_case(model_data, **changes):
    data = dict(model_data, id="bnk-902")
    data.update(changes)
    return data


def test_broken_yaml(tmp_bank):
    path = tmp_bank / "cases" / "banking" / "bnk-902.yaml"
    path.write_text("id: bnk-902\ntitle: [没有闭合\nsector: banking\n", encoding="utf-8")
    _, problems = run(tmp_bank)
    hits = [p for p in problems if p.file == str(path)]
    assert hits and hits[0].field.startswith("line ") and "YAML" in hits[0].message


def test_missing_field(tmp_bank, model_data):
    data = bad_case(model_data)
    del data["significance"]
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "significance")
    assert hit.case_id == "bnk-902" and "缺少" in hit.message


def test_wrong_type(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, amount_claimed="很多钱"))
    _, problems = run(tmp_bank)
    expect(problems, path, "amount_claimed")


def test_unknown_enum(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, sector="crypto"))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "sector")
    assert "crypto" in hit.message


def test_unknown_population_in_a_nested_field(tmp_bank, model_data):
    data = bad_case(model_data)
    data["parties"][0]["special_needs"] = ["students"]
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    expect(problems, path, "parties.0.special_needs.0")


def test_unknown_competency(tmp_bank, model_data):
    data = bad_case(model_data)
    data["learning_objectives"][0]["competency"] = "charisma"
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    expect(problems, path, "learning_objectives.0.competency")


def test_track_contradicting_the_rules_without_reason(tmp_bank, model_data):
    # 3,860 yuan, institution opted in, self-received: the rules say small claims
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, track="simple"))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "track")
    assert "小额快速" in hit.message and "track_override_reason" in hit.message


def test_track_override_with_a_reason_is_accepted(tmp_bank, model_data):
    data = bad_case(model_data, track="simple", track_override_reason="消费者书面表示不选择小额快速机制，但系统未勾选")
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    assert not [p for p in problems if p.file == str(path)]


def test_duplicate_id(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "other", dict(model_data, id="bnk-901"))
    result, problems = run(tmp_bank)
    [hit] = expect(problems, path, "id")
    assert "重复" in hit.message
    assert result.files["bnk-901"] != path   # the first file keeps the id


def test_broken_roleplay_reference(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, roleplay="bnk-999"))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "roleplay")
    assert "bnk-999" in hit.message


def test_roleplay_script_for_another_case(tmp_bank, model_data):
    (tmp_bank / "roleplays" / "bnk-902.yaml").write_text("id: bnk-902\ncase: bnk-777\n", encoding="utf-8")
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, roleplay="bnk-902"))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "roleplay")
    assert "bnk-777" in hit.message


def test_unmasked_phone(tmp_bank, model_data):
    data = bad_case(model_data)
    data["parties"][0]["phone"] = "13912345821"
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    expect(problems, path, "parties.0.phone")


def test_unmasked_mobile_in_free_text(tmp_bank, model_data):
    data = bad_case(model_data)
    data["facts_known_to_all"] += "联系电话 15800001234。"
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "facts_known_to_all")
    assert "15800001234" in hit.message


def test_id_number_with_a_valid_check_digit(tmp_bank, model_data):
    first17 = "11010519491231002"
    number = first17 + id_check_digit(first17)
    data = bad_case(model_data)
    data["parties"][0]["id_number"] = number
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "parties.0.id_number")
    assert number in hit.message


def test_id_number_with_an_invalid_check_digit_is_fine(tmp_bank, model_data):
    first17 = "11010519491231002"
    wrong = "0" if id_check_digit(first17) != "0" else "1"
    data = bad_case(model_data)
    data["parties"][0]["id_number"] = first17 + wrong
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    assert not [p for p in problems if p.file == str(path)]


@pytest.mark.parametrize("real", ["招商银行", "中国平安"])
def test_real_institution_name(tmp_bank, model_data, real):
    data = bad_case(model_data)
    data["parties"][1]["name"] = f"{real}（虚构）信用卡中心"
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "parties.1.name")
    assert real in hit.message


def test_person_name_without_mou(tmp_bank, model_data):
    data = bad_case(model_data)
    data["parties"][0]["name"] = "刘小琴"
    path = write_case(tmp_bank / "cases" / "banking", data)
    _, problems = run(tmp_bank)
    expect(problems, path, "parties.0.name")


def test_file_name_must_match_id(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data), name="misnamed.yaml")
    _, problems = run(tmp_bank)
    expect(problems, path, "id")


def test_not_a_mapping(tmp_bank):
    path = tmp_bank / "cases" / "banking" / "bnk-903.yaml"
    path.write_text("- 只是一个列表\n", encoding="utf-8")
    _, problems = run(tmp_bank)
    expect(problems, path, "(root)")


@pytest.mark.parametrize("articles", [[0], [24], [3, 3]])
def test_articles_outside_the_policy(tmp_bank, model_data, articles):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, articles=articles))
    _, problems = run(tmp_bank)
    assert [p for p in problems if p.file == str(path) and p.field.startswith("articles")]


def test_unknown_situation(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "banking", bad_case(model_data, situations=["alien_party"]))
    _, problems = run(tmp_bank)
    [hit] = [p for p in problems if p.file == str(path)]
    assert hit.field.startswith("situations") and "alien_party" in hit.message


def test_new_fields_accepted(tmp_bank, model_data):
    data = bad_case(model_data, articles=[3, 18, 23], situations=["safety_risk", "interpreter"])
    data["outcome"] = dict(data["outcome"], type="referred")
    path = write_case(tmp_bank / "cases" / "banking", data)
    result, problems = run(tmp_bank)
    assert not [p for p in problems if p.file == str(path)]
    case = result.cases["bnk-902"]
    assert case.articles == [3, 18, 23] and [s.label for s in case.situations] == ["自伤等安全风险", "少数民族语言或外语翻译"]
    assert not case.outcome.type.is_settlement


def test_id_prefix_must_match_the_sector(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "leasing", bad_case(model_data, id="bnk-903", sector="leasing"))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "id")
    assert "lea-" in hit.message


def test_case_in_another_sectors_folder(tmp_bank, model_data):
    path = write_case(tmp_bank / "cases" / "insurance", bad_case(model_data))
    _, problems = run(tmp_bank)
    [hit] = expect(problems, path, "sector")
    assert "cases/banking/" in hit.message


def test_new_sector_case_loads(tmp_bank, model_data):
    data = bad_case(model_data, id="auf-901", sector="auto_finance", dispute_type="vehicle_repossession")
    path = write_case(tmp_bank / "cases" / "auto_finance", data)
    result, problems = run(tmp_bank)
    assert not [p for p in problems if p.file == str(path)], [str(p) for p in problems]
    assert result.cases["auf-901"].sector.label == "汽车金融"
