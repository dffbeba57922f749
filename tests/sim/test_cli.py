import json

import yaml
from click.testing import CliRunner

from tiaojie.cli.main import cli


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_mmc_json():
    r = CliRunner().invoke(cli, ["simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1",
                                 "--servers", "5", "--customers", "3000", "--replications", "4",
                                 "--seed", "2", "--wait-threshold", "0.3", "--json"])
    out = _json(r)
    for key in ("mean_wait", "mean_wait_ci", "p_wait_lt", "p_wait_lt_ci", "erlang_c", "warmup"):
        assert key in out
    assert len(out["mean_wait_ci"]) == 2


def test_run_and_staff_json(small_data, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(small_data, allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(cli, ["simulate", "run", str(f), "--replications", "2", "--json",
                                 "--out", str(tmp_path / "plots")])
    out = _json(r)
    assert "compliance" in out and out["conservation"]["holds"]
    assert all((tmp_path / "plots" / n).exists() for n in ("backlog.png", "utilisation.png"))
    r = CliRunner().invoke(cli, ["simulate", "staff", str(f), "--target", "0.9", "--replications", "3",
                                 "--json", "--out", str(tmp_path / "plots")])
    out = _json(r)
    assert out["answer"] and out["curve"]


def test_bad_scenario_is_one_line(small_data, tmp_path):
    small_data["case_mix"]["modes"]["phone"] = 0.7
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(small_data, allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(cli, ["simulate", "run", str(f), "--json"])
    assert r.exit_code != 0
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "case_mix.modes" in lines[0] and "bad.yaml" in lines[0]


def test_staff_part_time_and_warmup_json(small_data, tmp_path):
    for p in small_data["staff"]["pools"]:
        p["full_time"] += 2
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(small_data, allow_unicode=True), encoding="utf-8")
    out = _json(CliRunner().invoke(cli, ["simulate", "staff", str(f), "--vary", "part-time", "--target", "0.8",
                                         "--replications", "3", "--json", "--no-plots"]))
    assert out["vary"] == "part_time" and out["answer"]
    out = _json(CliRunner().invoke(cli, ["simulate", "warmup", str(f), "--replications", "3", "--json"]))
    assert out["warmup_days"] % 7 == 0 and out["method"]


def test_run_writes_the_event_log(small_data, tmp_path):
    import csv

    from tiaojie.sim.events import CASE_COLUMNS, WORK_COLUMNS

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(small_data, allow_unicode=True), encoding="utf-8")
    out = _json(CliRunner().invoke(cli, ["simulate", "run", str(f), "--replications", "2", "--json",
                                         "--no-plots", "--events", str(tmp_path / "ev")]))
    with open(tmp_path / "ev" / "cases.csv", encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh))
    with open(tmp_path / "ev" / "work.csv", encoding="utf-8") as fh:
        work = list(csv.DictReader(fh))
    assert tuple(cases[0]) == CASE_COLUMNS and tuple(work[0]) == WORK_COLUMNS
    assert {c["replication"] for c in cases} == {"0", "1"}
    assert sum(c["replication"] == "0" for c in cases) == out["conservation"]["arrivals"][0]
    assert {w["kind"] for w in work} >= {"intake", "session"}


def test_staff_json_reports_binding_and_segments(small_data, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(small_data, allow_unicode=True), encoding="utf-8")
    out = _json(CliRunner().invoke(cli, ["simulate", "staff", str(f), "--target", "0.9", "--replications", "3",
                                         "--segment-target", "track=simple:0.8", "--productive-share", "0.9",
                                         "--json", "--no-plots"]))
    assert out["productive_share"] == 0.9 and out["rule"]
    for name, b in out["binding"].items():
        assert b["pool"] == name and b["reason"] in ("fails_with_one_fewer", "erlang_lower_bound")
        assert len(b["ci"]) == 2 and b["target"] in (0.9, 0.8)
    assert all(a["segments"][0]["key"] == "track=simple" for a in out["answer"].values())
    text = CliRunner().invoke(cli, ["simulate", "staff", str(f), "--target", "0.9", "--replications", "3", "--no-plots"])
    assert text.exit_code == 0 and "约束 binding" in text.output and "置信区间下限须达到目标" in text.output
