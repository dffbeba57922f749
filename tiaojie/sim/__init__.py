"""Caseload simulation and staffing planner (issue: caseload simulation).

Modules, one job each:

* ``scenario``  – the scenario schema (pydantic) and loader; errors name file and field
* ``streams``   – independent random streams (SeedSequence.spawn), chunked pre-drawn vectors
* ``calendar``  – working-hour clocks and due-day tables built from the rules' PRC calendar
* ``casemix``   – case attributes, track and period per case class from the rules module
* ``casegen``   – the case stream of a replication, one calendar week at a time (cacheable)
* ``arrivals``  – daily arrival rates by channel: seasonality, Spring Festival, surges
* ``engine``    – the mediator pool (heap queues, full-timers first, part-time caps, SimPy timeouts)
* ``model``     – the full caseload model (effort vs elapsed time, outcomes)
* ``mmc``       – the model reduced to M/M/c (validation against Erlang C)
* ``erlang``    – Erlang C / Erlang A closed forms
* ``stats``     – confidence intervals, warm-up (MSER-5), replication count
* ``warmup``    – warm-up for seasonal arrivals (paired starts with common random numbers)
* ``runner``    – replications in parallel (process pool or Dask) and KPI summaries
* ``staffing``  – the staffing search
* ``naive``     – the naive baseline (process per case, simpy.PriorityResource) for benchmarks
* ``plots``     – charts with Chinese labels
"""
