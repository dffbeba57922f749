"""Traceability: all 23 articles served; every item exists; breaking either fails."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tiaojie.cli.main import cli
from tiaojie.course.loader import content_path, load_course
from tiaojie.course.traceability import trace_map, trace_problems


def test_every_article_has_items_and_every_item_exists():
    m = trace_map()
    assert list(m) == [str(a) for a in range(1, 24)]
    assert all(m[a] for a in m)
    assert trace_problems() == []
    kinds = {i["kind"] for items in m.values() for i in items}
    assert {"module", "case", "roleplay", "simulation", "assessment"} <= kinds


def test_missing_item_and_empty_article_fail(tmp_path):
    bad = tmp_path / "trace.yaml"
    bad.write_text("3:\n  - {kind: case, id: bnk-999}\n  - {kind: simulation, path: tiaojie/sim/nothing.py}\n",
                   encoding="utf-8")
    course = load_course()
    stripped = course.model_copy(update={"modules": [
        m.model_copy(update={"articles": [a for a in m.articles if a != 22] or [1]}) for m in course.modules]})
    problems = trace_problems(bad, stripped)
    assert any("bnk-999" in p for p in problems)
    assert any("nothing.py" in p for p in problems)
    assert any(p.startswith("第二十二条") and "没有" in p for p in problems)


def test_cli_trace_json_keys_and_item_shapes():
    result = CliRunner().invoke(cli, ["curriculum", "trace", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {str(a) for a in range(1, 24)}
    for items in data.values():
        for item in items:
            assert "kind" in item and (("path" in item) != ("id" in item))
            if "path" in item:
                assert content_path(item["path"]).exists()


def test_cli_trace_table_and_validate():
    table = CliRunner().invoke(cli, ["curriculum", "trace"])
    assert table.exit_code == 0 and "第二十三条" in table.output and "bnk-005" in table.output
    ok = CliRunner().invoke(cli, ["curriculum", "validate"])
    assert ok.exit_code == 0 and "问题 0 处" in ok.output
