"""Writing a simulated tenant's ground truth: one JSON-lines file per kind, and a manifest.

``DIR/<name>.jsonl`` holds one object per line in the vendor's shapes; ``manifest.json`` says
how the tenant was made and how many objects each file has. Tests compare what ticketlake
extracted with these.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ticketlake.sim.responses import dumps


def write_truth(
    folder: Path,
    names: Iterable[str],
    objects: Callable[[str], Iterator[Any]],
    manifest: Mapping[str, Any],
) -> Path:
    """Write ``<name>.jsonl`` with ``objects(name)`` for every name, then ``manifest.json``
    (the given fields plus ``counts`` per file); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in names:
        n = 0
        with (folder / f"{name}.jsonl").open("wb") as out:
            for obj in objects(name):
                out.write(dumps(obj) + b"\n")
                n += 1
        counts[name] = n
    (folder / "manifest.json").write_text(json.dumps({**manifest, "counts": counts}, indent=2)
                                          + "\n")  # fmt: skip
    return folder
