"""Benchmark: loading + validating the whole case bank vs. starting a Jupyter kernel.

Prints ``RATIO casebank_load_vs_kernel_start <x>`` (goal: a small fraction — at most 1/3), plus the
parts: parsing, the rule/fiction cross-checks, and role-play script linting (which
``validate`` runs for every case that names a script).

Measured 0.23–0.35 with 53 cases and 12 scripts. With 78 cases and 25 scripts (December 2026) it
was 0.78–1.06 (0.67 s, 0.52 s of it linting). Two pre-filters brought the bank to 0.47–0.49 s
(0.75–0.78 of a 0.62–0.65 s kernel start, load average ≈ 2): one search in front of the twelve
typed-number patterns (``rules.placeholders``), and a nesting estimate in ``core.safe_yaml`` that
no longer sends every script through the YAML event walk because its ``{consumer}`` placeholders
add up to many brackets. The goal is **not met** with 25 scripts: what remains is mostly PyYAML
building the scripts' Python objects (its C parser, Python constructor: ≈ 0.10 s), the number
checks (≈ 0.04 s) and the path search (≈ 0.05 s).
Loading alone, what the apps do at start, is ``casebank_load_without_roleplay_lint`` ≈ 0.2.

    .venv/bin/python benchmarks/casebank_load.py
"""

from __future__ import annotations

import time


def time_bank() -> dict[str, float]:
    from tiaojie.roleplay.bank_checks import validate
    from tiaojie.casebank.loader import load_bank
    from tiaojie.rules import load_config

    load_config()  # configuration parsing is shared with every other command; not counted
    t0 = time.perf_counter()
    result = load_bank()
    t1 = time.perf_counter()
    problems = validate(result)
    t2 = time.perf_counter()
    return {"parse": t1 - t0, "validate": t2 - t1, "total": t2 - t0, "cases": len(result.cases),
            "problems": len(problems)}


def time_checks_without_roleplay_lint() -> float:
    """The cross-checks of every case minus the role-play linter, for the breakdown line."""
    from tiaojie.casebank.checks import (check_deadlines, check_fiction, check_recusal, check_track)
    from tiaojie.casebank.loader import load_bank
    from tiaojie.rules import load_config

    cfg = load_config()
    result = load_bank()
    t0 = time.perf_counter()
    for cid, case in result.cases.items():
        f = str(result.files[cid])
        check_track(case, f, cfg), check_recusal(case, f, cfg), check_deadlines(case, f, cfg)
        check_fiction(case, f, result.texts[cid])
    return time.perf_counter() - t0


def time_kernel_start() -> float:
    from jupyter_client import KernelManager

    t0 = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return time.perf_counter() - t0


def main() -> None:
    bank = time_bank()
    checks = time_checks_without_roleplay_lint()
    kernel = time_kernel_start()
    print(f"cases {bank['cases']} problems {bank['problems']}")
    print(f"casebank parse {bank['parse']:.3f}s validate {bank['validate']:.3f}s total {bank['total']:.3f}s")
    print(f"  of which cross-checks without role-play linting {checks:.3f}s; "
          f"role-play linting ≈ {max(0.0, bank['validate'] - checks):.3f}s")
    print(f"kernel start+ready+shutdown {kernel:.3f}s")
    print(f"RATIO casebank_load_vs_kernel_start {bank['total'] / kernel:.3f}")
    print(f"RATIO casebank_load_without_roleplay_lint_vs_kernel_start {(bank['parse'] + checks) / kernel:.3f}")


if __name__ == "__main__":
    main()
