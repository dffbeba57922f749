"""Benchmark: first useful paint of every app vs. a trivial Voilà page, in Debian Chromium.

One served suite (exactly `tiaojie serve`'s command line, local mode) serves the apps and a bare
page (one button). Rounds alternate bare page and each app; each load is a fresh browser
context; the time is the page's own ``performance.now()`` when the app's main widget first exists
(polled every animation frame). Prints per app ``RATIO first_paint_<app>_vs_bare <x>`` (median
over rounds; goal ≤ 1.5) and the medians in seconds.

    PYTHONPATH=. .venv/bin/python benchmarks/serving.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

import nbformat

from tiaojie.serving import process, server

# The widget whose appearance means the app is usable.
READY = {"bare": ".widget-button", "roleplay": ".tj-start", "casebank_explorer": ".tj-results select",
         "deadline_calculator": ".widget-tab", "staffing_planner": ".tj-erlang"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
# the time the app's widget exists, or -1 once the page shows the app failed (its Chinese error)
PAINTED = """sel => document.querySelector(sel) ? performance.now()
  : (document.body && document.body.innerText.includes('应用加载时出错') ? -1 : false)"""


def apps_with_bare(dest: Path) -> Path:
    prepared = server.prepare()
    for nb in prepared.apps_dir.glob("*.ipynb"):
        shutil.copy(nb, dest / nb.name)
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'import ipywidgets as W\nW.Button(description="开始")')])
    bare.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(bare, dest / "bare.ipynb")
    return dest


def first_paint(browser, url: str, selector: str) -> "float | None":
    """Seconds to the app's first useful paint; None if the app failed or did not paint in 2 min."""
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=120_000)
        try:
            value = page.wait_for_function(PAINTED, arg=selector, polling="raf", timeout=120_000).json_value()
        except Exception:  # noqa: BLE001 — a timeout is reported, not fatal to the other apps
            return None
        return value / 1000 if value >= 0 else None
    finally:
        page.close(run_before_unload=True)     # Voilà's page-close shutdown frees the kernel
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "apps").mkdir()
        apps = apps_with_bare(Path(tmp) / "apps")
        names = [n for n in READY if n != "bare" and (apps / f"{n}.ipynb").exists()]
        srv = process.ServerProcess(Path(tmp) / "data", server.ServeOptions(max_kernels_per_user=8),
                                    apps_dir=apps, extra_argv=["--TiaojieVoila.extra_apps=bare"]).start()
        times: dict[str, list[float]] = {n: [] for n in ["bare", *names]}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                first_paint(browser, srv.url + "voila/render/bare.ipynb", READY["bare"])   # warm-up
                for _ in range(args.rounds):
                    for name in names:
                        for n in ("bare", name):
                            times[n].append(first_paint(browser, f"{srv.url}voila/render/{n}.ipynb", READY[n]))
                browser.close()
        finally:
            srv.stop()
    bare = statistics.median(t for t in times["bare"] if t is not None)
    print(f"first paint median, bare Voilà page: {bare:.2f} s over {len(times['bare'])} loads")
    for name in names:
        painted = [t for t in times[name] if t is not None]
        if not painted:
            print(f"{name}: the app did not paint (it failed to load; see the server log) — no ratio")
            continue
        app = statistics.median(painted)
        print(f"first paint median, {name}: {app:.2f} s ({len(painted)} of {len(times[name])} loads painted)")
        print(f"RATIO first_paint_{name}_vs_bare {app / bare:.2f}")


if __name__ == "__main__":
    main()
