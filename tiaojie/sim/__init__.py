"""Caseload simulation and staffing planner (issue: caseload simulation).

Modules, one job each:

* ``scenario``    – the scenario schema (pydantic) and loader; errors name file and field
* ``streams``     – independent random streams (SeedSequence.spawn), chunked pre-drawn vectors
* ``due_dates``   – day tables (working days, due days of every configured period) and work clocks
* ``casemix``     – case attributes, track and period per case class from the rules
* ``casegen``     – the case stream of a replication, one calendar week at a time (cacheable)
* ``arrivals``    – daily arrival rates by channel: seasonality, Spring Festival, surges
* ``simpy_fast``  – the only module using SimPy internals (light events on SimPy's queue)
* ``engine``      – the mediator pool (heap queues, full-timers first, part-time caps, recusal,
  joint sessions held by two mediators, patience, temporary staff)
* ``model``       – the caseload model class (``CaseloadModel``; a case is a ``WorkItem``)
* ``result``      – the typed replication result and its event log
* ``events``      – the event log as ``cases.csv`` and ``work.csv``
* ``mmc``         – the model reduced to M/M/c and M/M/c+M (validation against Erlang C / A)
* ``erlang``      – Erlang C / Erlang A closed forms
* ``stats``       – confidence intervals, warm-up (MSER-5), replication count
* ``warmup``      – warm-up for seasonal arrivals (paired starts with common random numbers)
* ``runner``      – replications on worker processes (``workers``) or a Dask cluster
  (``dask_check`` refuses bad addresses in one line)
* ``targets``     – compliance targets per pool and segment, the CI rule, the binding constraint
* ``staffing``    – the staffing search (full-time, part-time or surge staff)
* ``planning``    – what a planner changes (demand, opt-in, absence, segment targets), the
  per-pool Erlang table and slider ranges for the app
* ``compare``     – saved scenarios side by side, CSV and PNG
* ``early_warning`` – EWMA / CUSUM detectors and their evaluation over surge sizes
* ``kpis``, ``plots`` – summaries over replications; charts with Chinese labels

The naive baseline of the benchmark lives in ``benchmarks/naive_search.py``.
"""
