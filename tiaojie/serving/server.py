"""Build the Voilà apps from their text sources and serve them on 127.0.0.1.

``prepare()`` turns every jupytext notebook in ``voila_apps/`` into ``_build/apps/*.ipynb`` and
derives the offline template; ``voila_argv()`` is the command line; ``serve()`` runs it.
Tests use the same two functions, so what is tested is what users get.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ConfigError
from ..core.notebooks import build_notebook, text_notebooks
from ..core.processes import die_with_parent, stop_process
from ..core.settings import get_settings
from .catalog import entry
from .handlers import ROLE_HEADER, USER_HEADER
from .identity import is_loopback, read_users
from .lab import LAB_URL_ENV, lab_argv, start_companion_lab
from .template import TEMPLATE_NAME, build_template

DEFAULT_PORT = 8866

# Lab extensions that throw console errors inside Voilà pages (stack-notes).
DENYLIST = ["@jupyter/nbgrader", "jupyterlab-jupytext", "@jupyter-notebook/lab-extension",
            "@voila-dashboards/jupyterlab-preview"]


@dataclass
class Prepared:
    apps_dir: Path
    share_dir: Path
    apps: list[str]


def prepare() -> Prepared:
    """Build app notebooks and the offline template. Removes stale built apps."""
    settings = get_settings()
    apps_build, share_dir = apps_build_dir(), settings.build_dir / "share" / "jupyter"
    apps_build.mkdir(parents=True, exist_ok=True)
    sources = text_notebooks(settings.content_root, ("voila_apps",))
    names = []
    for src in sources:
        rel = src.relative_to(settings.apps_dir).with_suffix(".ipynb")
        set_title(build_notebook(src, apps_build / rel), rel.stem)
        names.append(str(rel.with_suffix("")))
    names += course_pages(apps_build)
    wanted = {apps_build / f"{n}.ipynb" for n in names}
    for old in apps_build.rglob("*.ipynb"):
        if old not in wanted:
            old.unlink()
    build_template(share_dir, names)
    return Prepared(apps_build, share_dir, sorted(names))


def course_pages(apps_build: Path) -> list[str]:
    """The course pages, built under ``<apps>/course/`` (course home: ``course/home``)."""
    from ..course.build import build_course

    return [str(p.relative_to(apps_build).with_suffix("")) for p in build_course(apps_build / "course")]


def apps_build_dir() -> Path:
    return get_settings().build_dir / "apps"


def set_title(path: Path, name: str) -> None:
    """Give the built notebook its Chinese page title (Voilà shows the file name otherwise)."""
    import nbformat

    app = entry(name)
    nb = nbformat.read(path, as_version=4)
    if app and nb.metadata.get("title") != app.title:
        nb.metadata["title"] = app.title
        nbformat.write(nb, path)


def voila_env(share_dir: "Path | None" = None) -> dict[str, str]:
    share_dir = share_dir or get_settings().build_dir / "share" / "jupyter"
    env = get_settings().child_env()
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share_dir), env.get("JUPYTER_PATH", "")]))
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


@dataclass
class ServeOptions:
    """How the suite is served; the defaults are the safe ones (loopback, one local trainee)."""

    port: int = DEFAULT_PORT
    ip: str = "127.0.0.1"
    users_file: "Path | None" = None
    trainer: bool = False                 # local mode: the single local user is a trainer
    hosts: tuple[str, ...] = ()           # extra Host names accepted (serving wider)
    max_kernels: int = 40
    max_kernels_per_user: int = 4
    cull_idle_seconds: int = 600
    secret_file: "Path | None" = None
    lab_port: "int | None" = None         # local mode: also start JupyterLab for the course here

    def check(self) -> None:
        if not is_loopback(self.ip) and self.users_file is None:
            raise ConfigError("--listen", "listen", "在 127.0.0.1 以外监听时必须用 --users 指定用户文件（每位用户登录）")
        if self.lab_port is not None and self.lab_port == self.port and self.users_file is None:
            raise ConfigError("--lab-port", "lab_port", f"JupyterLab 端口不能与应用端口 {self.port} 相同（需要另一个端口，或用 --no-lab）")
        if self.users_file is not None:
            read_users(self.users_file)   # a bad file fails here, naming the field


def voila_argv(options: "ServeOptions | int" = DEFAULT_PORT, apps_dir: "Path | None" = None) -> list[str]:
    o = options if isinstance(options, ServeOptions) else ServeOptions(port=options)
    apps_dir = apps_dir or apps_build_dir()
    argv = [
        sys.executable, "-m", "tiaojie.serving.app", str(apps_dir),
        f"--port={o.port}", f"--Voila.ip={o.ip}", "--no-browser", "--Voila.port_retries=0",
        f"--template={TEMPLATE_NAME}",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.multi_kernel_manager_class=tiaojie.serving.kernels.CappedKernelManager",
        f"--VoilaConfiguration.http_header_envs={USER_HEADER}",
        f"--VoilaConfiguration.http_header_envs={ROLE_HEADER}",
        f"--TiaojieVoila.kernel_cap={o.max_kernels}",
        f"--TiaojieVoila.kernel_cap_per_user={o.max_kernels_per_user}",
        # a page under load waits (spinner visible) instead of rendering blank after 4 s
        "--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.startup_timeout=120",
        "--VoilaExporter.language_code=zh",
        f"--MappingKernelManager.cull_idle_timeout={o.cull_idle_seconds}",
        "--MappingKernelManager.cull_interval=30",
        "--MappingKernelManager.cull_connected=False",
        # kernel channels as Unix sockets beside the connection file: with a class opening pages
        # at once, TCP ports picked free and released before the kernel binds them can collide
        "--KernelManager.transport=ipc",
        *(f"--VoilaConfiguration.extension_denylist={d}" for d in DENYLIST),
        f"--TiaojieIdentityProvider.local_role={'trainer' if o.trainer else 'trainee'}",
    ]
    if o.users_file is not None:
        argv.append(f"--TiaojieIdentityProvider.users_file={Path(o.users_file).resolve()}")
    argv.append(f"--TiaojieVoila.secret_file={o.secret_file or get_settings().ensure_data_dir() / 'serving' / 'cookie_secret'}")
    argv += [f"--TiaojieVoila.allowed_hosts={h}" for h in o.hosts]
    return argv


def serve(options: "ServeOptions | None" = None) -> int:
    o = options or ServeOptions()
    o.check()
    prepared = prepare()
    host = o.hosts[0] if o.hosts else ("127.0.0.1" if is_loopback(o.ip) else o.ip)
    url = f"http://{host}:{o.port}/"
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = {sig: signal.getsignal(sig) for sig in signals}
    for sig in signals[1:]:   # a service manager's stop or a closed terminal cleans up too
        signal.signal(sig, lambda *_: sys.exit(0))
    voila = lab_proc = None
    try:
        if o.lab_port and o.users_file is None:
            lab_proc, lab_url = start_companion_lab(o.lab_port, o.trainer, lab_settings(o.port))
        else:
            lab_url = ""
        voila = _start_voila(o, prepared, url, lab_url)
        return voila.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for sig in signals:   # a second Ctrl+C cannot cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        for proc in (voila, lab_proc):   # both told to stop before waiting on either
            if proc is not None and proc.poll() is None:
                proc.terminate()
        stop_process(voila)
        stop_process(lab_proc)
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _start_voila(o: ServeOptions, prepared: Prepared, url: str, lab_url: str) -> subprocess.Popen:
    print(f"tiaojie 应用首页 / gallery: {url}")
    for name in prepared.apps:
        if not name.startswith("course/") or name == "course/home":   # one line for the course
            print(f"  {url}voila/render/{name}.ipynb")
    if lab_url:
        print(f"在 JupyterLab 中学习课程（首页有链接）/ the course in JupyterLab: {lab_url}")
    else:
        print("在 JupyterLab 中打开课程 / open the curriculum in JupyterLab:  ./run.sh lab")
    print("按 Ctrl+C 停止 / press Ctrl+C to stop")
    sys.stdout.flush()
    env = voila_env(prepared.share_dir)
    if lab_url:   # in the environment, not on the command line that other local users can read
        env[LAB_URL_ENV] = lab_url
    return subprocess.Popen(voila_argv(o, prepared.apps_dir), env=env, preexec_fn=die_with_parent)


def lab_settings(apps_port: int = DEFAULT_PORT):
    """The settings for JupyterLab's kernels: JupyterLab serves no built apps, so the course links
    to the suite's own Voilà server (``tiaojie serve`` on ``apps_port``) unless the settings
    already name another place (``TIAOJIE_APPS_URL``)."""
    from ..core.settings import SUITE_APPS_URL

    settings = get_settings()
    if settings.apps_url != SUITE_APPS_URL:
        return settings
    return settings.model_copy(update={"apps_url": f"http://127.0.0.1:{apps_port}{SUITE_APPS_URL}"})


def lab(port: int = 8888, trainer: bool = False) -> int:
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        print("jupyter not found in this environment", file=sys.stderr)
        return 2
    settings = lab_settings()
    print(f"JupyterLab 将在 http://127.0.0.1:{port}/lab/tree/curriculum/home.md 打开课程主页；"
          "请使用下方 Jupyter 打印的带 token 的地址。打开后点“运行 → 运行全部单元格”。\n"
          f"课程中的情景演练、案例库等应用链接指向套件的应用服务器 {settings.apps_url}，"
          "请另开终端运行 ./run.sh serve（它也会启动 JupyterLab，首页有链接）。")
    try:
        return subprocess.call(lab_argv(port, trainer), env=settings.child_env())
    except KeyboardInterrupt:
        return 0
