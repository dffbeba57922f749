"""`tiaojie course …` on the command line: paths, JSON, one-line errors naming the field."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tiaojie.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, ["course", *args], catch_exceptions=False)


def test_path_prints_the_course_directory_under_the_data_directory(settings_in_force):
    result = run("path")
    assert result.exit_code == 0
    assert result.output.strip() == str(settings_in_force / "course")


def test_grading_an_unknown_assignment_fails_with_one_line(course):
    result = run("grade", "a77-nothing")
    assert result.exit_code == 2
    assert "assignment" in result.output and "尚未生成" in result.output and "Traceback" not in result.output


def test_collect_errors_name_the_path_and_the_field(course, tmp_path):
    assert "路径不存在" in run("collect", str(tmp_path / "missing")).output
    bad_zip = tmp_path / "x.zip"
    bad_zip.write_bytes(b"not a zip")
    result = run("collect", str(bad_zip))
    assert result.exit_code == 2 and "不是有效的 zip 文件" in result.output
    result = run("collect", str(tmp_path), "--assignment", "a77-nothing")
    assert result.exit_code == 2 and "尚未发布" in result.output


def test_collect_skips_unsafe_names_and_unknown_assignments(course, tmp_path):
    (tmp_path / "in" / "../evil" ).mkdir(parents=True, exist_ok=True)
    (tmp_path / "in" / "学员甲" / "a99-none").mkdir(parents=True)
    (tmp_path / "in" / "学员甲" / "a99-none" / "a99-none.ipynb").write_text("{}", encoding="utf-8")
    result = run("collect", str(tmp_path / "in"), "--json")
    out = json.loads(result.output)
    assert out["imported"] == {} and any("不是已发布的作业" in s for s in out["skipped"])


def test_certificate_for_unknown_trainee(course):
    result = run("certificate", "无此人")
    assert result.exit_code == 2 and "trainee" in result.output


def test_help_lists_every_stage():
    result = run("--help")
    for name in ("path", "build", "collect", "grade", "feedback", "report", "certificate"):
        assert name in result.output


def test_collect_reads_chinese_names_from_zips_without_the_utf8_flag(course, tmp_path):
    """Windows Explorer on a Chinese system writes GBK names and no UTF-8 flag."""
    import zipfile

    archive = tmp_path / "gbk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("XXXXXX/a02-ethics/a02-ethics.ipynb",
                    (course.release / "a02-ethics" / "a02-ethics.ipynb").read_bytes())
    archive.write_bytes(archive.read_bytes().replace(b"XXXXXX", "学员甲".encode("gbk")))
    out = json.loads(run("collect", str(archive), "--json").output)
    assert out["imported"] == {"a02-ethics": ["学员甲"]}
    assert (course.submitted / "学员甲" / "a02-ethics" / "a02-ethics.ipynb").is_file()
