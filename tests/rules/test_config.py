import pytest

from tiaojie.rules import ConfigError, load_config, parse_config
from tiaojie.core.settings import DEFAULT_CONFIG


def test_default_configuration_loads_and_every_value_has_a_source():
    cfg = load_config(DEFAULT_CONFIG)
    data = cfg.model_dump(mode="json")

    def walk(node, path=""):
        if isinstance(node, dict):
            if any(k in node for k in ("days", "amount", "count")):
                assert node.get("source"), f"{path} has no source"
                assert "assumption" in node
            for k, v in node.items():
                walk(v, f"{path}.{k}")

    walk(data)
    assert cfg.court.court_assigned.days == 30 and not cfg.court.court_assigned.assumption


def test_missing_field_is_named(config_data, tmp_path):
    del config_data["court"]["court_entrusted"]["simple"]["days"]
    with pytest.raises(ConfigError) as exc:
        parse_config(config_data, "my.yaml")
    assert exc.value.field == "court.court_entrusted.simple.days"
    assert exc.value.path == "my.yaml"


def test_mistyped_field_is_named(config_data):
    config_data["tracks"]["ordinary"]["days"] = "thirty"
    with pytest.raises(ConfigError) as exc:
        parse_config(config_data)
    assert exc.value.field == "tracks.ordinary.days"


def test_misspelled_key_is_named(config_data):
    config_data["tracks"]["ordinary"]["dayz"] = 30
    with pytest.raises(ConfigError) as exc:
        parse_config(config_data)
    assert "dayz" in exc.value.field


def test_unknown_sector_and_negative_threshold(config_data):
    config_data["small_claims"]["thresholds"]["realestate"] = {"amount": 1, "source": "x"}
    with pytest.raises(ConfigError) as exc:
        parse_config(config_data)
    assert "realestate" in str(exc.value)


def test_broken_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("court: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    assert "line" in exc.value.field and str(bad) in str(exc.value)
    with pytest.raises(ConfigError):
        load_config(tmp_path / "nope.yaml")


def test_environment_variable_points_at_another_configuration(config_data, make_config, monkeypatch):
    config_data["name"] = "江城调解中心配置"
    path, _ = make_config(config_data)
    monkeypatch.setenv("TIAOJIE_CONFIG", str(path))
    assert load_config().name == "江城调解中心配置"
