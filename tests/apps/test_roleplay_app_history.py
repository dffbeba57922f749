"""The 情景演练 app's history follows every step, not only finished attempts."""

from tiaojie.apps.roleplay_app import RoleplayApp
from tiaojie.roleplay.store import Store
from tiaojie.roleplay.widget import RoleplayWidget


def test_history_shows_steps_as_they_are_played(tmp_path):
    app = RoleplayApp(Store(tmp_path / "tj.sqlite"), case_ids=["bnk-001"])
    app.trainee.value = "测试学员某"
    app.start()
    widget = app.stage.children[0]
    assert isinstance(widget, RoleplayWidget)
    for _ in range(2):
        widget.pick(widget.practice.choices()[0].id)
    row = app.history.value
    assert "<td>2</td>" in row and "进行中" in row
