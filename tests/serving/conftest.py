"""Fixtures for server tests: the shared class server (users file: 张某, 李某 trainees; 王某 trainer)
and logged-in HTTP sessions. The same server process serves the browser tests."""

from __future__ import annotations

import pytest

from serving_helpers import Session
from tiaojie.serving import process


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    return process.class_server(tmp_path_factory.getbasetemp() / "class-server")


@pytest.fixture
def zhang(served):
    return Session(served.url).login("张某", process.CLASS["张某"][1])


@pytest.fixture
def li(served):
    return Session(served.url).login("李某", process.CLASS["李某"][1])


@pytest.fixture
def wang(served):
    return Session(served.url).login("王某", process.CLASS["王某"][1])


@pytest.fixture
def zhao(served):
    return Session(served.url).login("赵某", process.CLASS["赵某"][1])
