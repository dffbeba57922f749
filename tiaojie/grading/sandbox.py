"""Run a trainee's kernel apart from the grader: another uid, resource limits, a scratch cwd.

What a kernel started by :class:`SandboxKernelManager` gets:

* **its own uid** (when the grader runs as root): ``100000 + pid of the grading worker``, with
  group ``nogroup`` and no supplementary groups, so it cannot read the course directory (mode
  0700: source notebooks with solutions, the gradebook, other trainees' submissions) or write
  anything the grader owns. The launcher imports the kernel and the course helpers as root,
  then drops privileges before running any trainee code (the interpreter may live in a
  directory only root can read);
* **limits** (``resource.setrlimit``): address space, CPU seconds, processes/threads of that
  uid, size of a written file;
* **a scratch working directory** owned by that uid, removed afterwards; ``HOME`` points there
  and ``TIAOJIE_DATA`` is not passed on;
* **Unix sockets** in that directory for the kernel's channels, not TCP ports;
* afterwards every process of that uid is killed (children a trainee spawned included).

Without root the kernel runs as the grader with the same limits, in its own session, and the
session is killed afterwards; the course directory is then readable — documented in
``docs/grading.md``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer

from ..core.ipc import socket_folder

UID_BASE = 100_000
NOGROUP = 65534
SCRUBBED_ENV = ("TIAOJIE_DATA", "JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")


def sandbox_uid() -> int | None:
    """The uid kernels of this process run as, or None when we cannot switch users."""
    return UID_BASE + os.getpid() if os.geteuid() == 0 else None


def processes_of(uid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("Uid:"):
                    if int(line.split()[1]) == uid:
                        found.append(int(entry.name))
                    break
        except (OSError, ValueError):
            continue
    return found


def reap(uid: int | None, pgid: int | None = None, rounds: int = 20) -> int:
    """Kill every process of ``uid`` (or the process group); return how many were killed."""
    killed = 0
    for _ in range(rounds):
        pids = processes_of(uid) if uid is not None else []
        if pgid is not None:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pgid = None
        if not pids and pgid is None:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    return killed


class SandboxKernelManager(AsyncKernelManager):
    memory_mb = Integer(768, help="address space a kernel may add after start-up (MiB)").tag(config=True)
    cpu_seconds = Integer(90, help="CPU seconds for the kernel").tag(config=True)
    max_processes = Integer(64, help="processes and threads of the sandbox uid").tag(config=True)
    max_file_mb = Integer(16, help="largest file the kernel may write (MiB)").tag(config=True)
    use_zygote = Bool(True, help="fork kernels from a warm process (see zygote.py)").tag(config=True)
    preload_variants = Bool(False, help="load per-trainee variants before dropping privileges").tag(config=True)

    def _prepare_workdir(self) -> Path:
        if getattr(self, "_workdir", None) is None or not self._workdir.exists():
            self._uid = sandbox_uid()
            self._workdir = Path(socket_folder("tiaojie-kernel-", len(".kernel")))
            if self._uid is not None:
                os.chown(self._workdir, self._uid, NOGROUP)
        return self._workdir

    async def _async_pre_start_kernel(self, **kw):
        # Unix sockets in the scratch directory, not TCP: free TCP ports are picked and released
        # before the kernel binds them, so with kernels starting side by side another process
        # can take one first; and a sandboxed kernel needs no network port at all.
        self.transport, self.ip = "ipc", str(self._prepare_workdir() / ".kernel")
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)   # the workdir exists: made in pre-start
        launcher = [sys.executable, "-m", "tiaojie.grading.sandbox_launch",
                    "--workdir", str(self._workdir), "--mem", str(self.memory_mb),
                    "--cpu", str(self.cpu_seconds), "--nproc", str(self.max_processes),
                    "--fsize", str(self.max_file_mb)]
        if self.preload_variants:
            launcher.append("--preload-variants")
        if self._uid is not None:
            launcher += ["--uid", str(self._uid), "--gid", str(NOGROUP)]
        return launcher + ["--"] + cmd

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        from ..core.settings import get_settings

        env = get_settings().child_env(kw.get("env") or os.environ)
        for name in SCRUBBED_ENV:
            env.pop(name, None)
        env.update(HOME=str(self._workdir), IPYTHONDIR=str(self._workdir / ".ipython"),
                   MPLCONFIGDIR=str(self._workdir / ".mpl"), USER="trainee", LOGNAME="trainee")
        kw.update(env=env, cwd=str(self._workdir))
        if self.use_zygote:
            from .zygote import fork_kernel

            # kernel_cmd = [python, -m, tiaojie.grading.sandbox_launch, *launcher arguments]
            forked = fork_kernel(kernel_cmd[3:], env, str(self._workdir))
            if forked is not None:   # the provisioner manages the forked pid as its "process"
                prov = self.provisioner
                prov.process, prov.pid, prov.pgid, prov.cwd = forked, forked.pid, forked.pid, self._workdir
                self._reconcile_connection_info(prov.connection_info)
                return
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_shutdown_kernel(self, now=False, restart=False):
        pid = getattr(getattr(self, "provisioner", None), "pid", None)
        try:
            await super()._async_shutdown_kernel(now=now, restart=restart)
        finally:
            self.release()
            if pid:
                reap(None, pgid=pid)

    async def _async_cleanup_resources(self, restart=False):
        try:
            await super()._async_cleanup_resources(restart=restart)
        finally:
            if not restart:   # also when the kernel died and was never shut down
                self.release()

    # AsyncKernelManager binds these to the base class's coroutines: point them here
    shutdown_kernel = _async_shutdown_kernel
    cleanup_resources = _async_cleanup_resources

    def release(self) -> None:
        """Kill what the sandbox uid left running and remove the scratch directory."""
        uid = getattr(self, "_uid", None)
        if uid is not None:
            reap(uid)
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
