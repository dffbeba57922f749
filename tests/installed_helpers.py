"""The package installed non-editable into a fresh virtual environment, as in an image.

``install(root)`` makes ``root/venv`` with ``pip install --no-deps`` of this checkout (a real wheel
build: the content folders are copied into ``tiaojie/_content`` by ``setup.py``). Third-party
dependencies are not installed again (that would only re-download the same pinned wheels): a
``.pth`` line puts the test environment's site-packages behind the venv's own, and the Jupyter
data and configuration folders of that environment (kernel specs, lab extensions, Voilà and
nbconvert templates, server-extension switches) are linked into the venv's prefix and their
console scripts are written into its ``bin`` (run by the venv's python), where an image's
``pip install`` would have put them. Nothing is downloaded (``--no-build-isolation``:
the build uses this environment's setuptools).

Used by ``tests/packaging/test_installed.py`` and the JupyterHub test (``tests/serving/test_hub.py``).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tiaojie.core.settings import CHECKOUT_ROOT

NOT_SOURCE = (".git", ".venv", "var", "_build", "build", "*.egg-info", "__pycache__", ".pytest_cache",
              ".hypothesis", "simulation-output", "node_modules")


@dataclass(frozen=True)
class Installed:
    venv: Path
    purelib: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def package_dir(self) -> Path:
        return self.purelib / "tiaojie"

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment (:func:`clean_env`) with the venv's ``bin`` first on ``PATH``, as in an image."""
        env = clean_env()
        return env | {"PATH": os.pathsep.join([str(self.venv / "bin"), env.get("PATH", "")]), **extra}

    def run(self, cwd: Path, *args: str, env: "dict[str, str] | None" = None, timeout: float = 300) -> str:
        """Run the ``tiaojie`` command of the installed copy; return its output (fails on an error)."""
        out = subprocess.run([str(self.venv / "bin" / "tiaojie"), *args], cwd=cwd, env=env or self.env(),
                             capture_output=True, text=True, timeout=timeout)
        assert out.returncode == 0, out.stderr
        return out.stdout


def clean_env() -> dict[str, str]:
    """This process's environment without ``TIAOJIE_*`` and ``PYTHONPATH`` (nothing points at the checkout)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TIAOJIE_") and k != "PYTHONPATH"}


def install(root: Path) -> Installed:
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(subprocess.check_output(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    deps = site.getsitepackages()
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    for folder in ("share/jupyter", "etc/jupyter"):     # where pip puts Jupyter data and config
        target = Path(sys.prefix) / folder
        if target.is_dir():
            (venv / folder).parent.mkdir(parents=True, exist_ok=True)
            (venv / folder).symlink_to(target, target_is_directory=True)
    # build from a copy: setuptools builds in the source tree (build/, *.egg-info), which parallel
    # test workers would share and where stale files from an earlier build would be installed too
    source = root / "source"
    shutil.copytree(CHECKOUT_ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                          "--target", str(purelib), "--no-warn-script-location", str(source)],
                         cwd=root, env=clean_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    _console_scripts(venv, [str(purelib), *deps])
    return Installed(venv, purelib)


SCRIPT = """#!{python}
import sys
from {module} import {head}
if __name__ == "__main__":
    sys.exit({call}())
"""


def _console_scripts(venv: Path, paths: list[str]) -> None:
    """Console scripts in ``venv/bin`` for every distribution on ``paths``, run by the venv's python
    (what pip writes when it installs them there: ``alembic``, ``jupyter``, ``tiaojie``, ...)."""
    from importlib import metadata

    bindir = venv / "bin"
    for dist in metadata.distributions(path=paths):
        for ep in dist.entry_points.select(group="console_scripts"):
            target = bindir / ep.name
            if target.exists() or "/" in ep.name or not ep.attr:
                continue
            head = ep.attr.split(".")[0]
            target.write_text(SCRIPT.format(python=venv / "bin" / "python", module=ep.module, head=head, call=ep.attr))
            target.chmod(0o755)
