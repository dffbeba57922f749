"""Kernel launcher for the grading sandbox: ``python -m tiaojie.grading.sandbox_launch
[--uid U --gid G] --workdir D --mem MiB --cpu S --nproc N --fsize MiB -- python -m
ipykernel_launcher -f CONNECTION_FILE …``.

Imports the kernel and what graded notebooks use while still privileged, reads the connection
file, then: new session, chdir to the scratch directory, rlimits, drop to the sandbox uid, and
only then starts the kernel loop that runs trainee code.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

PRELOAD_VARIANT_TRAINEE = "预热"


def _args(argv: list[str]):
    split = argv.index("--")
    p = argparse.ArgumentParser(prog="sandbox_launch")
    p.add_argument("--uid", type=int)
    p.add_argument("--gid", type=int)
    p.add_argument("--workdir", required=True)
    p.add_argument("--mem", type=int, required=True)
    p.add_argument("--cpu", type=int, required=True)
    p.add_argument("--nproc", type=int, required=True)
    p.add_argument("--fsize", type=int, required=True)
    p.add_argument("--preload-variants", action="store_true")
    return p.parse_args(argv[:split]), argv[split + 1:]


def _preload(with_variants: bool) -> None:
    """Everything graded notebooks import, loaded before privileges are dropped.

    The variants (rules, Faker, the holiday calendar) cost ~1.5 s, so only notebooks that use
    them load them.
    """
    import subprocess  # noqa: F401  (ipykernel and trainee code)

    from tiaojie.grading import check

    check.规范("2026-01-01", "date")
    if with_variants:
        from tiaojie.grading import variants

        for name in variants.VARIANTS:
            variants.answer(name, PRELOAD_VARIANT_TRAINEE)


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _limit(opts) -> None:
    mib = 1024 * 1024
    address = _vm_size() + opts.mem * mib
    resource.setrlimit(resource.RLIMIT_AS, (address, address))
    resource.setrlimit(resource.RLIMIT_CPU, (opts.cpu, opts.cpu + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (opts.fsize * mib, opts.fsize * mib))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if opts.uid is not None:   # counts every process and thread of the sandbox uid
        resource.setrlimit(resource.RLIMIT_NPROC, (opts.nproc, opts.nproc))


def _drop(opts) -> None:
    if opts.uid is None:
        return
    for folder, dirs, files in os.walk(opts.workdir):   # IPython's profile, made as root
        for name in [folder] + [os.path.join(folder, n) for n in dirs + files]:
            os.chown(name, opts.uid, opts.gid)
    os.setgroups([])
    os.setgid(opts.gid)
    os.setuid(opts.uid)


def main(argv: list[str] | None = None) -> None:
    opts, kernel_cmd = _args(sys.argv[1:] if argv is None else argv)
    if "-m" in kernel_cmd:   # python -m ipykernel_launcher -f FILE … → -f FILE …
        kernel_args = kernel_cmd[kernel_cmd.index("-m") + 2:]
    else:
        kernel_args = kernel_cmd[1:]
    try:
        os.setsid()
    except PermissionError:   # jupyter_client already made it a session leader
        pass
    os.makedirs(os.environ.get("IPYTHONDIR", os.path.join(opts.workdir, ".ipython")), exist_ok=True)
    from ipykernel.kernelapp import IPKernelApp

    _preload(opts.preload_variants)
    app = IPKernelApp.instance()
    app.initialize(kernel_args)   # reads the connection file, binds the sockets
    os.chdir(opts.workdir)
    _limit(opts)
    _drop(opts)
    app.start()


if __name__ == "__main__":
    main()
