"""The Python API: load (cached, fresh after edits), get, filter by identifiers or labels."""

from __future__ import annotations

import pytest

from tiaojie.casebank import api
from tiaojie.casebank.loader import load_bank
from tiaojie.rules import RulesInputError, TiaojieError

from casebank_helpers import write_case


@pytest.fixture
def small_bank(tmp_bank, model_data):
    """bnk-901 (banking, small claims, new resident) + ins-901 (insurance, elderly, ordinary)."""
    ins = dict(model_data, id="ins-901", sector="insurance", track="simple", amount_claimed=120_000)
    ins["parties"] = [dict(p) for p in model_data["parties"]]
    ins["parties"][0]["special_needs"] = ["elderly"]
    ins["track_inputs"] = {"institution_opted_in": False}
    ins["outcome"] = dict(model_data["outcome"], type="settled", written_proposal=None)
    ins["procedural_points"] = dict(model_data["procedural_points"], deadlines=[])
    ins["learning_objectives"] = [{"competency": "accessibility", "objective": "为老年人调整沟通节奏"}]
    ins["track"] = "ordinary"
    write_case(tmp_bank / "cases" / "insurance", ins)
    return tmp_bank


def ids(cases):
    return [c.id for c in cases]


def test_load_and_get(small_bank):
    bank = api.load()
    assert bank.problems == [], [str(p) for p in bank.problems]
    assert sorted(bank.cases) == ["bnk-901", "ins-901"]
    assert bank.get("ins-901").sector.value == "insurance"
    assert "bnk-901" in bank and len(bank) == 2


def test_get_unknown_id_names_it(small_bank):
    with pytest.raises(api.CaseNotFound) as err:
        api.load().get("xyz-000")
    assert isinstance(err.value, KeyError) and isinstance(err.value, TiaojieError)
    assert "xyz-000" in str(err.value) and "bnk-901" in str(err.value)


@pytest.mark.parametrize("filters,expected", [
    ({"sector": "insurance"}, ["ins-901"]),
    ({"sector": "保险"}, ["ins-901"]),
    ({"track": "小额快速"}, ["bnk-901"]),
    ({"track": "ordinary"}, ["ins-901"]),
    ({"origin": "自收"}, ["bnk-901", "ins-901"]),
    ({"population": "老年人"}, ["ins-901"]),
    ({"population": "new_resident"}, ["bnk-901"]),
    ({"dispute_type": "费用与罚息争议"}, ["bnk-901", "ins-901"]),
    ({"competency": "适老助残与特殊群体"}, ["ins-901"]),
    ({"competency": "drafting"}, ["bnk-901"]),
    ({"sector": "银行", "population": "老年人"}, []),
    ({"has_roleplay": True}, []),
    ({"has_roleplay": False}, ["bnk-901", "ins-901"]),
])
def test_filters(small_bank, filters, expected):
    assert ids(api.load().filter(**filters)) == expected


def test_has_roleplay_counts_scripts_that_exist(small_bank, model_data):
    (small_bank / "roleplays" / "bnk-902.yaml").write_text("id: bnk-902\ncase: bnk-902\n", encoding="utf-8")
    write_case(small_bank / "cases" / "banking", dict(model_data, id="bnk-902", roleplay="bnk-902"))
    assert ids(api.load(checks=False).filter(has_roleplay=True)) == ["bnk-902"]


def test_unknown_filter_value_names_the_field(small_bank):
    with pytest.raises(RulesInputError) as err:
        api.load().filter(track="超快")
    assert err.value.field == "track" and "超快" in err.value.message
    with pytest.raises(RulesInputError) as err:
        api.load().filter(competency="魅力")
    assert err.value.field == "competency"


def test_cache_is_reused_and_refreshed_after_an_edit(small_bank, model_data):
    first = api.load()
    assert api.load() is first
    write_case(small_bank / "cases" / "banking", dict(model_data, id="bnk-903"))
    second = api.load()
    assert second is not first and "bnk-903" in second


def test_a_bad_file_does_not_stop_the_bank(small_bank):
    (small_bank / "cases" / "banking" / "bnk-904.yaml").write_text("id: [", encoding="utf-8")
    bank = api.load()
    assert sorted(bank.cases) == ["bnk-901", "ins-901"]
    assert [p.file.endswith("bnk-904.yaml") for p in bank.problems] == [True]


def test_variant_through_the_api(small_bank):
    v = api.variant("bnk-901", seed=3)
    assert v.id == "bnk-901" and v.parties[0].name != api.get("bnk-901").parties[0].name
    assert v == api.variant(api.get("bnk-901"), 3)


def test_explicit_paths(small_bank):
    bank = api.load([small_bank / "cases" / "insurance"])
    assert sorted(bank.cases) == ["ins-901"]
    assert load_bank([small_bank / "cases" / "insurance"]).scanned == 1
