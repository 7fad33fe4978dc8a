"""Time huggingface_hub.ModelCard(content), parse only, in-process.

Usage: hf_parse.py FILE_LIST   (one path per line)

Reads every file first (not timed), then times only the parse loop, twice (the first pass
warms up imports and caches) and prints the best pass as
`cards wall_seconds cpu_seconds rejected`. Cards the client
rejects (invalid YAML, non-mapping metadata) are counted as parsed: the time to reject them is
part of the loop, as it is for cardgen.
"""

import sys
import time

from huggingface_hub import ModelCard
from huggingface_hub.utils import logging as hf_logging


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    contents = []
    for p in paths:
        with open(p, "rb") as f:
            contents.append(f.read().decode("utf-8", errors="replace"))
    hf_logging.set_verbosity_error()  # "metadata block was not found" is not an error
    best = None
    best_cpu = None
    rejected = 0
    for _ in range(2):
        rejected = 0
        start = time.perf_counter()
        start_cpu = time.process_time()
        for c in contents:
            try:
                ModelCard(c, ignore_metadata_errors=False)
            except Exception:  # noqa: BLE001 - rejection is a parse result too
                rejected += 1
        took = time.perf_counter() - start
        took_cpu = time.process_time() - start_cpu
        best = took if best is None else min(best, took)
        best_cpu = took_cpu if best_cpu is None else min(best_cpu, took_cpu)
    print(f"{len(contents)} {best:.6f} {best_cpu:.6f} {rejected}")


if __name__ == "__main__":
    main()
