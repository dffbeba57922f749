"""Erlang C (M/M/c) and Erlang A (M/M/c+M) in closed form.

Erlang C is computed with the numerically stable Erlang-B recursion
``B(0)=1, B(k)=a·B(k-1)/(k + a·B(k-1))``, then ``C = c·B / (c - a·(1-B))``.
Erlang A (Palm's model with exponential patience) is computed from its birth–death chain,
truncated where the tail is negligible.
"""

from __future__ import annotations

import math

from .stats import t_quantile  # noqa: F401  (re-exported for convenience)


def erlang_b(c: int, a: float) -> float:
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load ``a = λ/μ``."""
    if c <= 0:
        return 1.0
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def mmc_metrics(arrival_rate: float, service_rate: float, servers: int,
                wait_threshold: float | None = None) -> dict:
    """Closed-form M/M/c values: P(wait), mean wait, P(wait < t), utilisation."""
    lam, mu, c = float(arrival_rate), float(service_rate), int(servers)
    if lam <= 0 or mu <= 0 or c <= 0:
        raise ValueError("arrival_rate, service_rate and servers must be positive")
    a = lam / mu
    rho = a / c
    out = {"offered_load": a, "utilisation": rho, "stable": rho < 1}
    if rho >= 1:
        out.update({"p_wait": 1.0, "mean_wait": math.inf, "mean_queue": math.inf})
        if wait_threshold is not None:
            out["p_wait_lt"] = 0.0
        return out
    pw = erlang_c(c, a)
    mean_wait = pw / (c * mu - lam)
    out.update({"p_wait": pw, "mean_wait": mean_wait, "mean_queue": lam * mean_wait,
                "mean_sojourn": mean_wait + 1 / mu})
    if wait_threshold is not None:
        out["p_wait_lt"] = 1.0 - pw * math.exp(-(c * mu - lam) * float(wait_threshold))
    return out


def min_servers_stable(offered_load: float) -> int:
    """The smallest c with utilisation below 1: a hard lower bound for any staffing."""
    return int(math.floor(offered_load)) + 1


def min_servers_for(arrival_rate: float, service_rate: float, *, wait_threshold: float,
                    target: float, max_servers: int = 100000) -> int:
    """Smallest c with P(wait < threshold) >= target (Erlang C)."""
    c = min_servers_stable(arrival_rate / service_rate)
    while c <= max_servers:
        if mmc_metrics(arrival_rate, service_rate, c, wait_threshold)["p_wait_lt"] >= target:
            return c
        c += 1
    raise ValueError("no staffing up to max_servers meets the target")


def erlang_a(arrival_rate: float, service_rate: float, servers: int, patience_rate: float,
             wait_threshold: float | None = None, tol: float = 1e-12) -> dict:
    """M/M/c+M (Erlang A): P(wait), P(abandon), mean wait of all arrivals, mean queue."""
    lam, mu, c, th = float(arrival_rate), float(service_rate), int(servers), float(patience_rate)
    if th <= 0:
        raise ValueError("patience_rate must be positive (use Erlang C for no abandonment)")
    # unnormalised stationary probabilities in log space
    logp = [0.0]
    k = 0
    while True:
        k += 1
        death = min(k, c) * mu + max(k - c, 0) * th
        logp.append(logp[-1] + math.log(lam) - math.log(death))
        if k > c and logp[-1] < logp[c] + math.log(tol) and death > lam:
            break
        if k > 10 * (c + lam / min(mu, th)) + 1000:
            break
    m = max(logp)
    p = [math.exp(v - m) for v in logp]
    z = sum(p)
    p = [v / z for v in p]
    p_wait = sum(p[c:])
    mean_queue = sum((i - c) * p[i] for i in range(c + 1, len(p)))
    p_abandon = th * mean_queue / lam
    return {"p_wait": p_wait, "p_abandon": p_abandon, "mean_queue": mean_queue,
            "mean_wait": mean_queue / lam, "utilisation": (lam * (1 - p_abandon)) / (c * mu)}
