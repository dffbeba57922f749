"""The debrief PDF: Chinese text extracts back (embedded CJK font), scores and steps are in it."""

import datetime as dt
import io

from pypdf import PdfReader

from tiaojie.apps.roleplay_app import RoleplayApp
from tiaojie.core.identity import Viewer
from tiaojie.roleplay.store import Store


def test_finished_attempt_gives_a_pdf_link_with_the_debrief(tmp_path):
    app = RoleplayApp(Store(tmp_path / "tj.sqlite"), case_ids=["bnk-001"], viewer=Viewer("复盘学员某"))
    app.start()
    widget = app.stage.children[0]
    while not widget.practice.over:
        widget.pick(widget.practice.choices()[0].id)
    button, link = app.pdf_box.children
    button.click()
    assert 'download="复盘-bnk-001-' in link.value and "data:application/pdf;base64," in link.value

    from tiaojie.apps.debrief_pdf import debrief_pdf
    d = widget.practice.debrief()
    data = debrief_pdf(d, "复盘学员某", "演练", now=dt.datetime(2026, 12, 6, 5, 0, tzinfo=dt.timezone.utc))
    pages = PdfReader(io.BytesIO(data)).pages     # pypdf may separate CJK glyphs with NULs or spaces
    text = "".join(p.extract_text() for p in pages).replace("\x00", "").replace(" ", "")
    assert "复盘学员某" in text and "13:00（北京时间）" in text
    assert d["ending"]["title"].replace(" ", "") in text
    assert all(s["label"] in text for s in d["scores"].values())
