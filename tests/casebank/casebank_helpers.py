"""Helpers for the case-bank tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tiaojie.core.settings import CHECKOUT_ROOT as REPO_ROOT

MODEL_CASE = REPO_ROOT / "casebank" / "cases" / "banking" / "bnk-001.yaml"


def write_case(folder: Path, data: dict, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{data['id']}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
