from tiaojie.core.text import unfold_cjk


def test_folding_spaces_next_to_chinese_are_removed():
    assert unfold_cjk("逾期本金约2.1万元， 银行按合约 收取违约金") == "逾期本金约2.1万元，银行按合约收取违约金"
    assert unfold_cjk("额度3万元。 2025年") == "额度3万元。2025年"


def test_newlines_and_spaces_between_latin_words_are_kept():
    assert unfold_cjk("一、减免\n二、分期") == "一、减免\n二、分期"
    assert unfold_cjk("see the rule") == "see the rule"
