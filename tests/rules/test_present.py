"""The one presenter: every face shows a decision with the same words."""

import datetime as dt

from tiaojie.rules import (ASSUMPTION, Basis, compute_deadline, date_text, deadline_html,
                           deadline_line, deadline_text, period_text, proposal_deadline, unit)


def test_units_and_dates_are_written_one_way():
    assert unit(Basis.working) == "个工作日" and unit(Basis.calendar) == "日"
    assert unit(Basis.calendar, explicit=True) == "日（自然日）"
    assert period_text(15, Basis.working) == "15个工作日"
    assert date_text(dt.date(2026, 5, 25)) == "2026年5月25日"


def test_assumed_period_carries_the_one_marker_in_text_html_and_line():
    d = compute_deadline("自收", "2026-03-02", track="普通")
    assert d.assumption
    for rendered in (deadline_text(d), deadline_html(d), deadline_line("调解期限", d)):
        assert ASSUMPTION in rendered
    assert "30日（自然日）" in deadline_text(d) and "2026-04-01" in deadline_html(d)


def test_statutory_period_has_no_marker_and_working_days_show_their_unit():
    d = compute_deadline("委托", "2026-09-28", court_procedure="简易")
    assert not d.assumption
    assert ASSUMPTION not in deadline_text(d) and "tj-assumption" not in deadline_html(d)
    p = proposal_deadline("2026-09-28")
    assert "7个工作日" in deadline_text(p) and "7个工作日" in deadline_line("书面意见", p)


def test_html_escapes_and_shows_warnings():
    d = compute_deadline("自收", "2026-12-20", track="疑难复杂")
    html = deadline_html(d)
    assert d.warnings and all(w.split("（")[0] in html for w in d.warnings)
    assert "tj-warning" in html and "<ol>" in html


def test_no_other_module_spells_the_marker_or_the_unit_again():
    """The marker and the unit text are written in rules/present.py only (a second spelling drifts)."""
    import re

    from tiaojie.core.settings import PACKAGE_DIR

    spelled = re.compile(r"假设值[（，,】]|【假设值|\"个工作日\" if|\"日（自然日）\"")
    offenders = [str(p.relative_to(PACKAGE_DIR)) for p in PACKAGE_DIR.rglob("*.py")
                 if "_content" not in p.parts and p.name != "present.py"
                 and spelled.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_track_and_recusal_decisions_are_presented_with_the_same_marker():
    from tiaojie.rules import (CaseAttributes, as_html, as_text, assess_recusal, assign_track,
                               present_recusal, present_track)

    track = assign_track(CaseAttributes.create(amount=3000, sector="银行", origin="自收",
                                               institution_opted_in=True))
    text, page = as_text(present_track(track)), as_html(present_track(track))
    assert "调解程序 track: 小额快速" in text and ASSUMPTION in text
    assert 'class="tj-track"' in page and "tj-assumption" in page and track.reasons[0] in page
    recusal = assess_recusal(["任职"], both_parties_consent=True)
    text, page = as_text(present_recusal(recusal)), as_html(present_recusal(recusal))
    assert "应当回避 recusal required: 是" in text and "双方同意可豁免 waivable by both parties: 否" in text
    assert '<span class="tj-recusal">是</span>' in page and recusal.sources[0] in page
