"""CPU time and peak memory of a benchmark worker (standard library; both venvs import it).

On a shared machine wall time depends on the neighbours; CPU seconds (user + system, this
process and its children) are what a run costs a core, so workers report both.
"""

from __future__ import annotations

import resource

_WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    usages = [resource.getrusage(who) for who in _WHO]
    return sum(u.ru_utime + u.ru_stime for u in usages)


def peak_rss_mb() -> float:
    """The largest resident set of this process or any of its children, in MB."""
    return round(max(resource.getrusage(who).ru_maxrss for who in _WHO) / 1024, 1)
