"""A module's role-play link opens the role-play app with that module's case already chosen, on the
server where the apps are: the suite's, a hub user's own server, or what TIAOJIE_APPS_URL says
(JupyterLab points it at the suite's server)."""

from __future__ import annotations

from tiaojie.core.settings import Settings, use_settings
from tiaojie.course.loader import load_course
from tiaojie.course.render import practice_html


def test_roleplay_links_preselect_the_case():
    course = load_course()
    module = next(m for m in course.modules if m.roleplays)
    page = practice_html(module)
    for sid in module.roleplays:
        assert f"roleplay.ipynb?case={sid}" in page


def _module_with_roleplay():
    return next(m for m in load_course().modules if m.roleplays)


def _links(settings: Settings) -> str:
    with use_settings(settings):
        return practice_html(_module_with_roleplay())


def test_links_follow_where_the_apps_are_served():
    m = _module_with_roleplay()
    case = m.roleplays[0]
    suite = _links(Settings.load(environ={}))
    assert f'href="/voila/render/roleplay.ipynb?case={case}"' in suite
    hub = _links(Settings.load(environ={"JUPYTERHUB_SERVICE_PREFIX": "/user/zhang/"}))
    assert f'href="/user/zhang/voila/render/apps/roleplay.ipynb?case={case}"' in hub
    told = _links(Settings.load(environ={"TIAOJIE_APPS_URL": "http://127.0.0.1:8866/voila/render/",
                                         "JUPYTERHUB_SERVICE_PREFIX": "/user/zhang/"}))
    assert f'href="http://127.0.0.1:8866/voila/render/roleplay.ipynb?case={case}"' in told


def test_settings_carry_the_apps_url_to_child_processes():
    s = Settings.load(environ={"JUPYTERHUB_SERVICE_PREFIX": "/user/li/"})
    assert Settings.load(environ=s.child_env({})).apps_url == "/user/li/voila/render/apps"


def test_jupyterlab_links_to_the_suite_server_unless_told_otherwise():
    from tiaojie.serving.server import DEFAULT_PORT, lab_settings

    with use_settings(Settings.load(environ={})):
        assert lab_settings().apps_url == f"http://127.0.0.1:{DEFAULT_PORT}/voila/render"
    with use_settings(Settings.load(environ={"TIAOJIE_APPS_URL": "https://class.example/voila/render"})):
        assert lab_settings().apps_url == "https://class.example/voila/render"
