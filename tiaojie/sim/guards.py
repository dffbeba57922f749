"""Work guards: refuse a simulation that would exhaust memory or run for hours, before it starts.

The estimate comes from the size of the job (customers × replications, servers) and this
machine's measured cost per simulated customer; beyond :data:`MAX_SECONDS` or :data:`MAX_BYTES`
the run is refused with the estimate, unless the user passes ``--allow-large``. Inputs that
cannot describe a queue (non-finite rates, zero servers, a negative threshold) are refused with
the field named.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import RulesInputError
from ..core.numeric import finite_number, positive_number, whole_number

SECONDS_PER_CUSTOMER = 4e-6      # M/M/c engine on this kind of machine (benchmarks/simulation.py)
BYTES_PER_CUSTOMER = 48          # kept waits (float) + bookkeeping, per customer and replication
BYTES_PER_SERVER = 200           # per server state and the Erlang sums
MAX_SECONDS = 600.0
MAX_BYTES = 4 * 1024**3
MAX_SERVERS = 100_000


@dataclass(frozen=True)
class WorkEstimate:
    seconds: float
    bytes: int

    def describe(self) -> str:
        return f"预计约 {self.seconds:,.0f} 秒、{self.bytes / 1024**2:,.0f} MiB 内存"


def mmc_inputs(arrival_rate, service_rate, servers, customers, replications,
               wait_threshold=None, patience_rate=None) -> tuple:
    """The M/M/c inputs, checked: finite positive rates, whole positive counts, T ≥ 0."""
    lam = positive_number(arrival_rate, "arrival-rate")
    mu = positive_number(service_rate, "service-rate")
    c = whole_number(servers, "servers", minimum=1, maximum=MAX_SERVERS)
    n = whole_number(customers, "customers", minimum=1, maximum=10**12)
    r = whole_number(replications, "replications", minimum=1, maximum=100_000)
    t = None if wait_threshold is None else finite_number(wait_threshold, "wait-threshold", minimum=0)
    theta = None if patience_rate is None else positive_number(patience_rate, "patience-rate")
    return lam, mu, c, n, r, t, theta


def estimate_mmc(servers: int, customers: int, replications: int, workers: int = 2) -> WorkEstimate:
    per_rep = customers * SECONDS_PER_CUSTOMER
    seconds = per_rep * replications / max(1, min(workers, replications))
    memory = customers * BYTES_PER_CUSTOMER * max(1, min(workers, replications)) + servers * BYTES_PER_SERVER
    return WorkEstimate(seconds, int(memory))


def check_work(estimate: WorkEstimate, allow_large: bool = False, field: str = "customers") -> None:
    """Refuse work beyond the limits unless explicitly allowed (memory is never overridden past 4×)."""
    too_slow = estimate.seconds > MAX_SECONDS
    too_big = estimate.bytes > MAX_BYTES
    if (too_slow or too_big) and not allow_large:
        raise RulesInputError(field, f"任务过大：{estimate.describe()}（上限 {MAX_SECONDS:.0f} 秒、"
                                     f"{MAX_BYTES / 1024**3:.0f} GiB）；确需运行请加 --allow-large")
    if estimate.bytes > 4 * MAX_BYTES:
        raise RulesInputError(field, f"任务过大：{estimate.describe()}，超出本机内存，即使 --allow-large 也不运行")


SECONDS_PER_CASE = 60e-6          # full caseload model, per case and replication (benchmarks/simulation.py)
MAX_CASES_PER_REPLICATION = 20_000_000
WORKER_BYTES = 200 * 1024**2      # a replication worker's resident size, seen on the presets


def expected_cases(sc) -> float:
    """Cases a replication of scenario ``sc`` will generate, from its arrival rates and surges."""
    weekly = sum(ch.per_week for ch in sc.arrivals.channels.values())
    return weekly * sc.horizon_days / 7.0 + sum(s.cases for s in sc.arrivals.surges)


def estimate_scenario(sc, replications: int, workers: int = 2, candidates: int = 1) -> WorkEstimate:
    cases = expected_cases(sc)
    if cases > MAX_CASES_PER_REPLICATION:
        raise RulesInputError("arrivals", f"每次重复约 {cases:,.0f} 件案件，超过上限 "
                                          f"{MAX_CASES_PER_REPLICATION:,} 件 (too many cases per replication)")
    parallel = max(1, min(workers, replications))
    seconds = cases * SECONDS_PER_CASE * replications * candidates / parallel
    # memory is bounded by the open cases and the day tables (model.memory_guard checks the latter)
    return WorkEstimate(seconds, WORKER_BYTES * parallel)


def check_scenario(sc, replications: int, workers: int = 2, allow_large: bool = False,
                   candidates: int = 1) -> None:
    """Refuse a scenario run that would take too long or hold too much, with the estimate."""
    check_work(estimate_scenario(sc, replications, workers, candidates), allow_large, field="arrivals")
