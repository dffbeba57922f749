"""The course file: valid, complete, cross-references resolve, and bad files are named clearly."""

from __future__ import annotations

import copy

import pytest
import yaml

from tiaojie.core.competencies import COMPETENCIES
from tiaojie.core.errors import ContentError
from tiaojie.course.loader import (check_course, course_file, load_course, module_notebook,
                                   parse_course)
from tiaojie.course.selfcheck import load_questions

RAW = yaml.safe_load(course_file().read_text(encoding="utf-8"))


def test_course_has_at_least_twelve_modules_each_with_notebook_and_selfcheck():
    course = load_course()
    assert len(course.modules) >= 12
    assert check_course(course) == []
    for m in course.modules:
        assert module_notebook(m).is_file()
        assert load_questions(m.id), m.id
        assert set(m.competencies) <= set(COMPETENCIES)


def test_the_four_paths_exist_with_hours_from_module_minutes():
    course = load_course()
    assert {p.title for p in course.paths} == {"新任调解员", "金融机构指定人员", "培训师", "规划人员"}
    for p in course.paths:
        minutes = sum(course.module(m).minutes for m in p.modules) + p.extra_minutes
        assert course.hours(p) == round(minutes / 60, 1)
    trainer = course.path("培训师")
    assert len(trainer.modules) == len(course.modules)   # the trainer path covers everything


def _broken(mutate):
    data = copy.deepcopy(RAW)
    mutate(data)
    with pytest.raises(ContentError) as err:
        parse_course(data, "curriculum/course.yaml")
    return err.value


def test_unknown_competency_names_module_field():
    err = _broken(lambda d: d["modules"][2]["objectives"][0].update(competency="charisma"))
    assert err.field == "modules.2.objectives.0.competency" and "charisma" in err.message
    assert "curriculum/course.yaml" in str(err)


def test_undeclared_assessment_and_unknown_path_module_are_named():
    err = _broken(lambda d: d["modules"][0].update(assessment="a99-missing"))
    assert err.field == "modules.0.assessment" and "a99-missing" in err.message
    err = _broken(lambda d: d["paths"][1]["modules"].append("99-nowhere"))
    assert "paths.1.modules" in err.field and "99-nowhere" in err.message


def test_article_out_of_range_and_too_few_modules_rejected():
    err = _broken(lambda d: d["modules"][0].update(articles=[24]))
    assert err.field == "modules.0.articles.0"
    err = _broken(lambda d: d.update(modules=d["modules"][:11]))
    assert err.field == "modules"


def test_missing_case_and_script_are_reported_by_check():
    data = copy.deepcopy(RAW)
    data["modules"][0]["cases"].append("bnk-999")
    data["modules"][1]["roleplays"].append("nope-001")
    problems = check_course(parse_course(data, "x"))
    assert {p.field for p in problems} == {"modules.0.cases.2", "modules.1.roleplays.1"}
