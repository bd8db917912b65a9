"""CPU time and peak memory of a benchmark worker (standard library; both venvs import it).

On a shared machine wall time depends on the neighbours; CPU seconds (user + system, this
process and its children) are what a run costs a core, so workers report both.
"""

from __future__ import annotations

import resource
from pathlib import Path

_WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    usages = [resource.getrusage(who) for who in _WHO]
    return sum(u.ru_utime + u.ru_stime for u in usages)


def peak_rss_mb() -> float:
    """The largest resident set of this process (or of a waited-for child), in MB.

    Read from ``/proc/self/status`` (``VmHWM``), which starts afresh at ``exec``: Linux carries
    ``getrusage``'s ``ru_maxrss`` across ``execve``, so a worker started by a large parent
    (``make bench`` holds the 100k-ticket extraction's memory) would report the parent's peak.
    """
    hwm = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    except OSError:  # not Linux: fall back to getrusage
        hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(max(hwm, children), 1)
