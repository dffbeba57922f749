"""One settings object: where data, configuration and content live, read in one place.

Sources, highest first: explicit arguments (CLI flags), then the environment
(``TIAOJIE_DATA``, ``TIAOJIE_CONFIG``, ``TIAOJIE_CASEBANK``, ``TIAOJIE_CONTENT``), then defaults.
Nothing else in the suite reads these variables or works paths out from ``__file__``.

Content (case bank, role-plays, scenarios, apps, curriculum, assessments) is found in one of
two places:

- **a checkout**: the repository that holds this package (``pyproject.toml`` beside a
  ``casebank/`` folder) — what developers and ``./run.sh`` use;
- **an installed package** (``pip install .``, a wheel in a JupyterHub image): the copy that the
  build puts inside the package as ``tiaojie/_content`` (see ``setup.py``).

The default data directory is ``<checkout>/var`` in a checkout and
``$XDG_DATA_HOME/tiaojie`` (``~/.local/share/tiaojie``) when installed.

Child processes (Voilà kernels, notebook execution) get the settings in force through
:meth:`Settings.child_env`, so a ``--config`` flag reaches them without writing ``os.environ``.

``apps_url`` is where pages link to the Voilà apps (``<apps_url>/roleplay.ipynb?case=…``):
``TIAOJIE_APPS_URL`` if set; under JupyterHub the user's own server (``JUPYTERHUB_SERVICE_PREFIX`` +
``voila/render/apps``, where the hub's content folder keeps the built apps); else the suite's own
Voilà server (``/voila/render``). ``tiaojie lab`` points it at the suite's server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .errors import SettingsError

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CHECKOUT_ROOT = PACKAGE_DIR.parent
DEFAULT_CONFIG = PACKAGE_DIR / "data" / "practice.yaml"
ENV = {"data_dir": "TIAOJIE_DATA", "config_file": "TIAOJIE_CONFIG",
       "casebank_root": "TIAOJIE_CASEBANK", "content_root": "TIAOJIE_CONTENT"}
CONTENT_DIRS = ("casebank", "simulations", "voila_apps", "curriculum", "grading")


APPS_URL_ENV = "TIAOJIE_APPS_URL"
SUITE_APPS_URL = "/voila/render"       # the apps of `tiaojie serve` (tiaojie.serving)


def default_apps_url(env: Mapping[str, str]) -> str:
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX")
    return prefix.rstrip("/") + "/voila/render/apps" if prefix else SUITE_APPS_URL


def is_checkout(root: Path = CHECKOUT_ROOT) -> bool:
    """True when the package runs from a source checkout rather than an installed copy."""
    return (root / "pyproject.toml").is_file() and (root / "casebank").is_dir()


def installed_content_root() -> Path:
    return PACKAGE_DIR / "_content"


def default_content_root() -> Path:
    return CHECKOUT_ROOT if is_checkout() else installed_content_root()


def default_data_dir() -> Path:
    if is_checkout():
        return CHECKOUT_ROOT / "var"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "tiaojie"


class Settings(BaseModel):
    """Where everything is. Immutable; make a new one with :meth:`load` or ``model_copy``."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path
    config_file: Path
    content_root: Path
    casebank_root: Path
    apps_url: str = SUITE_APPS_URL

    @classmethod
    def load(cls, *, data_dir: "str | Path | None" = None, config_file: "str | Path | None" = None,
             casebank_root: "str | Path | None" = None, content_root: "str | Path | None" = None,
             apps_url: "str | None" = None, environ: "Mapping[str, str] | None" = None) -> "Settings":
        """Flags first, then the environment, then defaults."""
        env = os.environ if environ is None else environ

        def pick(name: str, flag, default) -> Path:
            chosen = flag or env.get(ENV[name]) or default
            return Path(chosen).expanduser().absolute()

        content = pick("content_root", content_root, default_content_root())
        return cls(
            data_dir=pick("data_dir", data_dir, default_data_dir()),
            config_file=pick("config_file", config_file, DEFAULT_CONFIG),
            content_root=content,
            casebank_root=pick("casebank_root", casebank_root, content / "casebank"),
            apps_url=(apps_url or env.get(APPS_URL_ENV) or default_apps_url(env)).rstrip("/"),
        )

    # -- content -----------------------------------------------------------------------------
    @property
    def cases_dir(self) -> Path:
        return self.casebank_root / "cases"

    @property
    def roleplays_dir(self) -> Path:
        return self.casebank_root / "roleplays"

    @property
    def scenarios_dir(self) -> Path:
        return self.content_root / "simulations" / "scenarios"

    @property
    def simulations_dir(self) -> Path:
        return self.content_root / "simulations"

    @property
    def apps_dir(self) -> Path:
        return self.content_root / "voila_apps"

    @property
    def curriculum_dir(self) -> Path:
        return self.content_root / "curriculum"

    @property
    def grading_dir(self) -> Path:
        return self.content_root / "grading"

    # -- data (written) ------------------------------------------------------------------------
    @property
    def build_dir(self) -> Path:
        """Generated files (built notebooks, the derived Voilà template)."""
        return self.data_dir / "_build"

    def ensure_data_dir(self) -> Path:
        """Create the data directory if needed; a clear error if it is not a usable folder."""
        d = self.data_dir
        if d.exists() and not d.is_dir():
            raise SettingsError(str(d), "data_dir", "数据目录不是文件夹 (the data directory is not a folder)")
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingsError(str(d), "data_dir", f"无法创建数据目录 (cannot create: {exc.strerror})") from None
        return d

    def child_env(self, base: "Mapping[str, str] | None" = None) -> dict[str, str]:
        """An environment for a child process that carries these settings."""
        env = dict(os.environ if base is None else base)
        for name, var in ENV.items():
            env[var] = str(getattr(self, name))
        env[APPS_URL_ENV] = self.apps_url
        return env


_current: "Settings | None" = None


def get_settings() -> Settings:
    """The settings in force: those set by :func:`set_settings`, else loaded from the environment."""
    global _current
    if _current is None:
        _current = Settings.load()
    return _current


def set_settings(settings: "Settings | None") -> None:
    """Put ``settings`` in force (``None``: load again from the environment on next use)."""
    global _current
    _current = settings


@contextmanager
def use_settings(settings: Settings) -> Iterator[Settings]:
    """Use ``settings`` inside the block, then restore what was in force."""
    global _current
    before = _current
    _current = settings
    try:
        yield settings
    finally:
        _current = before
