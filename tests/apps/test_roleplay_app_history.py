"""The 情景演练 app: history follows every step; the trainee is the viewer the server names; a
trainee sees only their own attempts; a trainer reads anyone's; 放弃并重新开始 asks first."""

from tiaojie.apps.roleplay_app import RoleplayApp, TrainerPanel, beijing_time
from tiaojie.core.identity import Viewer, current_viewer
from tiaojie.roleplay.store import Store
from tiaojie.roleplay.widget import RoleplayWidget


def _play(app, steps):
    app.start()
    widget = app.stage.children[0]
    assert isinstance(widget, RoleplayWidget)
    for _ in range(steps):
        widget.pick(widget.practice.choices()[0].id)
    return widget


def test_history_shows_steps_as_they_are_played(tmp_path):
    app = RoleplayApp(Store(tmp_path / "tj.sqlite"), case_ids=["bnk-001"], viewer=Viewer("测试学员某"))
    _play(app, 2)
    row = app.history.value
    assert "<td>2</td>" in row and "进行中" in row


def test_a_trainee_sees_only_their_own_attempts_and_a_trainer_sees_all(tmp_path):
    store = Store(tmp_path / "tj.sqlite")
    _play(RoleplayApp(store, case_ids=["bnk-001"], viewer=Viewer("甲某")), 1)
    other = RoleplayApp(store, case_ids=["bnk-001"], viewer=Viewer("乙某"))
    assert "暂无演练记录" in other.history.value
    assert not any(isinstance(c, TrainerPanel) for c in other.children)
    other.start()                                   # 乙某 does not resume 甲某's attempt
    assert "已恢复" not in other.message.value
    trainer = RoleplayApp(store, case_ids=["bnk-001"], viewer=Viewer("丙某", "trainer"))
    panel = next(c for c in trainer.children if isinstance(c, TrainerPanel))
    panel.who.value = "甲某"
    assert "甲某 的演练记录" in panel.table.value
    panel.attempt.value = panel.attempt.options[0][1]
    assert "学员：甲某" in panel.transcript.value


def test_restart_asks_before_abandoning(tmp_path):
    store = Store(tmp_path / "tj.sqlite")
    app = RoleplayApp(store, case_ids=["bnk-001"], viewer=Viewer("丁某"))
    _play(app, 1)
    first = store.unfinished("丁某", "bnk-001").id
    app.ask_restart()
    no = app.confirm.children[2]
    no.click()
    assert app.confirm.children == () and store.unfinished("丁某", "bnk-001").id == first
    app.ask_restart()
    app.confirm.children[1].click()
    assert store.attempt(first).ending_type == "abandoned"
    assert store.unfinished("丁某", "bnk-001").id != first


def test_viewer_comes_from_the_server_env_then_the_hub_then_local():
    assert current_viewer({"HTTP_X_TIAOJIE_USER": "%E5%BC%A0%E6%9F%90", "HTTP_X_TIAOJIE_ROLE": "trainer"}) == \
        Viewer("张某", "trainer", "server")
    assert current_viewer({"JUPYTERHUB_USER": "zhang", "TIAOJIE_ROLE": "bogus"}) == Viewer("zhang", "trainee", "hub")
    assert current_viewer({}).role == "trainee"


def test_times_are_shown_in_beijing_time():
    assert beijing_time("2026-12-06T05:30:00+00:00") == "2026-12-06 13:30"


def test_trainer_only_pages_refuse_others():
    from tiaojie.apps.access import trainer_only

    assert trainer_only(lambda: "dashboard", {"JUPYTERHUB_USER": "wang", "TIAOJIE_ROLE": "trainer"}) == "dashboard"
    refusal = trainer_only(lambda: "dashboard", {"JUPYTERHUB_USER": "zhang", "TIAOJIE_ROLE": "trainee"})
    assert "仅供培训师使用" in refusal.value
