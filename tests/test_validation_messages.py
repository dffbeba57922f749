"""Schema errors say what was expected in Chinese (pydantic's English follows for developers)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from tiaojie.core.validation import describe_errors


class _Sample(BaseModel):
    a: int = Field(ge=0)
    b: Literal["x", "y"]
    c: dt.date
    d: list[int]
    e: bool


def test_common_errors_read_in_chinese_with_the_value_given():
    with pytest.raises(ValidationError) as exc:
        _Sample(a=-1, b="z", c="2026-02-30", d=3, e="maybe")
    got = dict(describe_errors(exc.value, "sample"))
    assert got["a"].startswith("应不小于 0") and "得到 -1" in got["a"]
    assert got["b"].startswith("应为以下之一：'x'、'y'")
    assert got["c"].startswith("应为日期（YYYY-MM-DD）") and "2026-02-30" in got["c"]
    assert got["d"].startswith("应为列表") and got["e"].startswith("应为 true 或 false")


def test_a_bad_configuration_value_names_file_field_and_expectation(tmp_path, config_data):
    import yaml

    from tiaojie.core.errors import ConfigError
    from tiaojie.rules import load_config

    config_data["tracks"]["simple"]["days"] = "abc"
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(config_data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    text = str(exc.value)
    assert str(path) in text and "tracks.simple.days" in text and "应为整数" in text and "'abc'" in text
