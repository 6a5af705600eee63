"""Build one architecture in this (child) process and print its :class:`ArchInfo` as JSON.

``python -m engine.architectures.worker resnet50``: TensorFlow is imported here, the model
built with random weights (never downloaded), read into plain numbers, and the process
exits, giving the model's memory back to the system. The JSON also says how long the
build took and how much resident memory it added to this process.
"""

from __future__ import annotations

import json
import sys
import time

from engine.architectures.catalog import ARCHITECTURES, build
from engine.architectures.info import ArchInfo, extract


def rss_mb() -> float:
    """This process's resident memory (MB), from /proc (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def build_info(key: str) -> ArchInfo:
    """Build ``key`` in this process and read it (TensorFlow loads here)."""
    from engine.tf_runtime import get_tf

    get_tf()
    import keras

    before = rss_mb()
    start = time.perf_counter()
    model = build(key, keras)
    seconds = time.perf_counter() - start
    after = rss_mb()
    return extract(key, model, build_seconds=seconds, rss_before_mb=before, rss_after_mb=after)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ARCHITECTURES:
        print(f"usage: python -m engine.architectures.worker {{{','.join(ARCHITECTURES)}}}", file=sys.stderr)
        return 2
    json.dump(build_info(argv[0]).to_json(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
