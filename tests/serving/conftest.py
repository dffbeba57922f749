"""Fixtures for server tests: the shared class server (users file: 张某, 李某 trainees; 王某 trainer)
and logged-in HTTP sessions. The same server process serves the browser tests."""

from __future__ import annotations

import pytest

from serving_helpers import Session
from tiaojie.serving import process


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    return process.class_server(tmp_path_factory.mktemp("tiaojie-data"))


def _login(served, name):
    return Session(served.url).login(name, process.CLASS[name][1])


@pytest.fixture
def zhang(served):
    return _login(served, "张某")


@pytest.fixture
def li(served):
    return _login(served, "李某")


@pytest.fixture
def wang(served):
    return _login(served, "王某")


@pytest.fixture
def zhao(served):
    return _login(served, "赵某")
