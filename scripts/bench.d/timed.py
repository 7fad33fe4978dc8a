"""Time a command's whole process, run after run, the way a user's shell would start it.

Usage: timed.py RUNS [--cpu N] CMD [ARG...]

Each run starts CMD (no shell; output thrown away), waits for it with wait4(2) and notes the
wall time between the two (time.perf_counter) and the process's own CPU time (getrusage, in
microseconds). One run first warms up. Prints one line:
`best_wall median_wall fast_half_wall best_cpu median_cpu` (seconds), where fast_half_wall is
the mean of the faster half of the runs, which a busy moment on a shared machine cannot move
much. (Peak RSS is left to /usr/bin/time: the child's ru_maxrss here would include the copy of
this Python process it was forked from.)

`--cpu N` runs CMD on CPU N alone: this process pins itself there before the first run, and
each child inherits the affinity. (`taskset -c N CMD` would do the same, but its own exec and
dynamic linking, about 1 ms here, would be timed as part of CMD.)

A bash loop with `date +%s%N` around the command measured the fork and exec of the second
`date` too (1-2 ms), and /usr/bin/time counts CPU time in 10 ms ticks.
"""

import os
import statistics
import subprocess
import sys
import time


def once(cmd: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4
    return wall, usage.ru_utime + usage.ru_stime


def fast_half(walls: list[float]) -> float:
    """The mean of the faster half of `walls`."""
    walls = sorted(walls)
    return statistics.mean(walls[: max(1, len(walls) // 2)])


def main() -> None:
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    if cmd[:1] == ["--cpu"]:
        os.sched_setaffinity(0, {int(cmd[1])})
        cmd = cmd[2:]
    once(cmd)
    results = [once(cmd) for _ in range(runs)]
    walls = sorted(r[0] for r in results)
    cpus = sorted(r[1] for r in results)
    print(
        f"{walls[0]:.4f} {statistics.median(walls):.4f} {fast_half(walls):.4f} "
        f"{cpus[0]:.4f} {statistics.median(cpus):.4f}"
    )


if __name__ == "__main__":
    main()
