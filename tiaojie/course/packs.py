"""Classroom role-play packs as PDF (fpdf2), for trainers who run role-plays in a room.

A pack follows the Harvard PON layout: general instructions for everyone; one confidential
brief per role (the mediator's too), each on its own page; an observer's checklist by
competency; the trainer's debrief guide. With a seed the pack is built from the case bank's
Faker variant, whose deadlines the rules recompute. Every date and period printed comes from the
rules (:func:`tiaojie.casebank.deadlines.case_deadlines`, and the case text's ``{rule:…}``
placeholders filled by :func:`tiaojie.casebank.prose.fill_case`).

Fonts: Chinese text needs an embedded CJK font whose glyphs carry Unicode mappings a PDF
reader can extract. fpdf2 embeds TrueType-outline fonts cleanly; Debian's Noto Sans CJK is CFF
(its widths and text extraction come out wrong in fpdf2 2.8), so the pack prefers WenQuanYi
Micro Hei (Debian ``fonts-wqy-microhei``) and falls back to Noto Sans CJK SC.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..casebank import api
from ..casebank.checks import case_attributes
from ..casebank.deadlines import case_deadlines
from ..casebank.prose import fill_case
from ..casebank.schema import Case
from ..casebank.view import FICTION_NOTE, role_label
from ..core.competencies import COMPETENCIES
from ..core.errors import TiaojieError
from ..core.pdf import FAMILY, cjk_font
from ..rules import assess_recusal, assign_track, load_config

FONT = FAMILY
GENERAL = "一般说明（所有参与者）"
BRIEF = "保密指示"
OBSERVER = "观察员记录表"
DEBRIEF = "培训师复盘指南"


class PackError(TiaojieError):
    def __init__(self, message: str):
        self.field = "font"
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Section:
    kind: str            # general | brief | observer | debrief
    title: str
    role: str = ""


def pack_sections(case: Case) -> list[Section]:
    """The pages of a pack, in order: one brief per role in the case's confidential briefs."""
    out = [Section("general", GENERAL)]
    out += [Section("brief", f"{BRIEF}：{role_label(case, role)}", role) for role in case.confidential]
    return out + [Section("observer", OBSERVER), Section("debrief", DEBRIEF)]


class _Doc:
    """A thin writer over fpdf2: headings, paragraphs, bullet lists, a table row, page footers."""

    def __init__(self, case: Case, subtitle: str):
        from fpdf import FPDF

        class _PDF(FPDF):
            def footer(pdf) -> None:   # fpdf2 calls this at every page end
                pdf.set_y(-12)
                pdf.set_font(FONT, size=8)
                mark = f"【{self.footer}】" if self.footer else ""
                pdf.cell(0, 5, f"{mark}{FICTION_NOTE}　第 {pdf.page_no()}/{{nb}} 页", align="C")

        path, index = cjk_font()
        self.pdf = _PDF(format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.add_font(FONT, "", path, collection_font_number=index)
        self.pdf.set_title(f"{case.id} {case.title}")
        self.pdf.set_creator("tiaojie")
        self.case, self.subtitle, self.footer = case, subtitle, ""

    def page(self, title: str, footer: str = "") -> None:
        self.pdf.add_page()   # draws the previous page's footer with the previous mark
        self.footer = footer
        self.text(f"{self.case.id}　{self.subtitle}", 9, gap=1)
        self.text(title, 17, gap=3)

    def text(self, body: str, size: float = 11, gap: float = 2) -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.multi_cell(0, size * 0.55, body, wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def heading(self, title: str) -> None:
        self.pdf.ln(1)
        self.text(f"■ {title}", 13, gap=1)

    def items(self, rows: list[str], numbered: bool = False) -> None:
        for i, row in enumerate(rows, 1):
            self.text(f"{i}. {row}" if numbered else f"· {row}", 11, gap=1)

    def finish(self, out: Path) -> Path:
        out.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(out))
        return out


def _general(doc: _Doc, case: Case) -> None:
    c = case
    doc.page(GENERAL)
    doc.text(f"{c.title}\n{c.sector.label} · {c.dispute_type.label} · {c.origin.label} · {c.track.label}调解"
             f" · 标的 {c.amount_claimed:,.0f} 元 · {c.mode.label}")
    doc.heading("基本案情")
    doc.text(c.facts_known_to_all)
    doc.heading("当事人")
    doc.items([f"{p.name}（{p.kind.label}）：{p.description}　立场：{p.position}" for p in c.parties])
    if c.evidence:
        doc.heading("证据材料")
        doc.items([f"{e.name}（{role_label(c, e.held_by)}持有）：{e.description}" for e in c.evidence])
    doc.heading("适用规则")
    doc.items([f"{r.law}{r.article}：{r.gist}" for r in c.applicable_rules])
    doc.heading("程序与期限（由规则计算）")
    rows = [f"受理（签收材料）日：{c.procedural_points.accepted_on.isoformat()}"]
    for label, d in case_deadlines(c, load_config()):
        rows.append(f"{label}：{d.due_date.isoformat()}（{d.rule}；依据：{d.source}"
                    + ("；假设值" if d.assumption else "") + "）")
    doc.items(rows)
    doc.heading("演练安排")
    doc.items(["阅读本页与你自己的保密指示，独立准备 20–40 分钟；不要阅读其他角色的保密指示。",
               "调解员主持，按开场—陈述—探询—单独会谈—方案—协议的顺序进行，时长约 40 分钟。",
               "观察员使用观察员记录表，按能力逐项记录可观察的行为与原话。",
               "演练结束后由培训师主持复盘。"], numbered=True)


def _brief(doc: _Doc, case: Case, role: str) -> None:
    brief = case.confidential[role]
    doc.page(f"{BRIEF}：{role_label(case, role)}", footer="保密")
    doc.text("仅供本角色阅读，演练结束前请勿出示给他人。", 10)
    doc.heading("你的指示")
    doc.text(brief.instructions)
    party = next((p for p in case.parties if p.role == role), None)
    if party:
        doc.heading("你的立场与真正在意的")
        doc.items([f"立场：{party.position}"] + [f"利益：{i}" for i in party.interests])
        if party.special_needs:
            doc.items([f"需要的支持：{'、'.join(n.label for n in party.special_needs)}"])
    if brief.facts:
        doc.heading("只有你知道的事实")
        doc.items([f.text for f in brief.facts])


def _observer(doc: _Doc, case: Case) -> None:
    doc.page(OBSERVER)
    doc.text("对每项能力，记录你看到或听到的具体行为与原话，观察到的在方框中打勾。本案重点能力在前。", 10)
    first = [c for c in COMPETENCIES if c in case.competencies]
    order = first + [c for c in COMPETENCIES if c not in first]
    for cid in order:
        comp = COMPETENCIES[cid]
        mark = "（本案重点）" if cid in first else ""
        doc.text(f"□ {comp.label}{mark}", 12, gap=0.5)
        doc.text(f"可观察行为：{comp.looks_like}", 9.5, gap=0.5)
        doc.text("记录：______________________________________________________________", 10, gap=2)


def _debrief(doc: _Doc, case: Case) -> None:
    cfg = load_config()
    doc.page(DEBRIEF, footer="培训师")
    doc.heading("学习目标")
    doc.items([f"{COMPETENCIES[lo.competency].label}：{lo.objective}" for lo in case.learning_objectives])
    doc.heading("程序分流（规则判定）")
    decision = assign_track(case_attributes(case), cfg)
    doc.text(f"{decision.track.label}：" + "；".join(decision.reasons))
    for h in case.procedural_points.recusal:
        d = assess_recusal(h.relations, years_since_left=h.years_since_left,
                           both_parties_consent=h.both_parties_consent, config=cfg)
        doc.text(f"回避：{h.mediator}——{'应当回避' if d.required else '无需回避'}；" + "；".join(d.reasons))
    doc.heading("示范调解思路")
    doc.items(list(case.mediation_plan), numbered=True)
    doc.heading("参考结果")
    o = case.outcome
    doc.text(f"{o.type.label}：{o.summary}")
    if o.terms:
        doc.items(list(o.terms))
    for label, text in (("书面纠纷解决意见", o.written_proposal), ("改进建议", o.improvement_suggestion)):
        if text:
            doc.heading(label)
            doc.text(text)
    doc.heading("复盘问题（描述—分析—应用）")
    doc.items(list(case.debrief_questions), numbered=True)
    doc.heading("典型意义")
    doc.text(case.significance)
    doc.heading("培训师备注")
    doc.text(case.trainer_notes)


def build_pack(case_id: str, out: "str | Path", seed: "int | None" = None) -> Path:
    """Write the pack for ``case_id`` (its Faker variant for ``seed``) to ``out``; return the path."""
    case = api.get(case_id) if seed is None else api.variant(case_id, seed)
    case = fill_case(case)      # {rule:…} placeholders filled for this case (or variant) by the rules
    subtitle = "课堂演练包" + ("" if seed is None else f"（变体 种子 {seed}）")
    doc = _Doc(case, subtitle)
    for section in pack_sections(case):
        if section.kind == "general":
            _general(doc, case)
        elif section.kind == "brief":
            _brief(doc, case, section.role)
        elif section.kind == "observer":
            _observer(doc, case)
        else:
            _debrief(doc, case)
    return doc.finish(Path(out))
