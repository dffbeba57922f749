"""Helpers for the role-play tests: script discovery and a small valid script built as data."""

from __future__ import annotations

from pathlib import Path

from tiaojie.core.settings import CHECKOUT_ROOT as REPO_ROOT

ROLEPLAYS = REPO_ROOT / "casebank" / "roleplays"


def script_files() -> list[Path]:
    """Every script in the bank, discovered at collection time (later scripts are covered)."""
    return sorted(ROLEPLAYS.glob("*.yaml"))


def tiny_script() -> dict:
    """A valid script on case bnk-001: 8 decisions in a chain, 3 ending types."""
    nodes = {}
    for i in range(1, 9):
        nxt = f"d{i + 1}" if i < 8 else None
        good = {"id": "good", "label": f"好的做法{i}", "feedback": "倾听并归纳。",
                "effects": {"consumer": {"emotion": -5, "trust": 10}},
                "competencies": ["+listening*2"], "next": nxt}
        bad = {"id": "bad", "label": f"差的做法{i}", "feedback": "打断当事人。",
               "effects": {"consumer": {"emotion": 15}}, "competencies": ["-listening"], "next": nxt}
        if i == 3:
            good["reveal"] = ["hospital_record"]
            good["set"] = ["asked"]
        if i == 8:
            good["next"] = [{"when": {"max": {"consumer.emotion": 50}}, "goto": "settle"}, {"goto": "stuck"}]
            bad["next"] = "complain"
        nodes[f"d{i}"] = {"stage": "exploring" if i > 1 else "opening",
                          "lines": [{"speaker": "consumer", "text": f"{{consumer}}说第{i}句话。"}],
                          "choices": [good, bad]}
    nodes["d5"]["stage"] = "caucus"
    nodes["d5"]["caucus_with"] = "institution"
    nodes["settle"] = {"stage": "closing", "ending": {"type": "settlement", "title": "和解", "summary": "双方和解。",
                                                      "soundness": "confirmable", "soundness_note": "条款具体，本人签署。"}}
    nodes["stuck"] = {"stage": "closing", "ending": {"type": "impasse", "title": "僵局", "summary": "未能和解。"}}
    nodes["complain"] = {"stage": "closing",
                         "ending": {"type": "escalation_complaint", "title": "投诉", "summary": "{consumer}去投诉了。"}}
    return {"id": "bnk-001", "case": "bnk-001", "title": "测试脚本", "start": "d1",
            "initial": {"consumer": {"emotion": 50, "trust": 50}},
            "interrupts": [{"when": {"min": {"consumer.emotion": 100}}, "goto": "complain"}],
            "nodes": nodes}
