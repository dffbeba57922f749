"""The one competency framework shared by cases, role-plays, assessments and reports.

Drawn from policy art. 九 and CEDR / IMI / CIArb skills assessment (see docs/reference/glossary.md).
Identifiers are what data files use; labels are what users see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Competency:
    id: str
    label: str
    looks_like: str


COMPETENCIES: dict[str, Competency] = {c.id: c for c in [
    Competency("procedure", "程序规范", "核查受案范围，说明程序与保密规则，披露利益冲突并处理回避，遵守时限，规范记录"),
    Competency("neutrality", "中立公正", "平等对待双方，不代一方主张、不施压，抵御主管单位或机构的压力，对让步内容保密"),
    Competency("listening", "倾听与共情", "让当事人说完，回应情绪与事实，准确归纳"),
    Competency("reframing", "重构与提问", "把指责转化为利益诉求，提出开放式与澄清式问题"),
    Competency("interests", "利益挖掘", "从立场走向利益，善用背对背调解"),
    Competency("law", "释法明理", "向双方平实、准确地说明适用规则和可能结果，不为一方提供法律意见"),
    Competency("options", "现实检验与方案生成", "以证据和替代方案检验预期，提出并评估方案"),
    Competency("emotion", "情绪管理", "缓和愤怒与焦虑，管理自身反应"),
    Competency("accessibility", "适老助残与特殊群体", "为老年人、残疾人、新市民调整节奏、形式和支持"),
    Competency("risk", "风险识别", "识别代理维权乱象、欺诈与群体性纠纷信号，并按规定上报"),
    Competency("drafting", "文书写作", "起草可申请司法确认的调解协议、书面解决意见和改进建议"),
    Competency("institution", "机构协作", "与金融机构指定人员就调解权限、响应时限、履行协议和溯源整改协作"),
]}


def competency(cid: str) -> Competency:
    try:
        return COMPETENCIES[cid]
    except KeyError:
        raise KeyError(f"unknown competency '{cid}'; known: {', '.join(COMPETENCIES)}") from None
