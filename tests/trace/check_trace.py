#!/usr/bin/env python3
"""Builds the seed demo with MOTE_TRACE=ON for one board, runs it, converts its trace with
tools/mote-trace and checks the Chrome trace JSON against what the seed does:

  - four tasks spawned, each on its own lane with its name from the ELF (main, blink_led,
    read_sensor, handle_network);
  - the raw events in time order; every slice has a duration >= 0, task runs shorter than 1 ms;
  - read_sensor runs every 5 ms (its timer), blink_led's second run 20 ms after its first,
    each to within 50 us; each alarm that fires wakes a task from the interrupt;
  - main and read_sensor finish; the executor is idle between the runs;
  - bad input: a capture without a trace is refused with exit status 2 and a reason.

    check_trace.py --mote-root R --build-dir B --board BOARD [--toolchain gcc|clang]
"""
import argparse
import json
import os
import subprocess
import sys


def fail(message, output=None):
    if output:
        sys.stdout.write(output)
    print(f"check_trace: FAILED: {message}")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mote-root", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--toolchain", default="gcc", help="MOTE_TOOLCHAIN of the build under test")
    a = parser.parse_args()
    tool = os.path.join(a.mote_root, "tools", "mote-trace")
    configure = ["cmake", "-S", os.path.join(a.mote_root, "tests", "trace"), "-B", a.build_dir, "-G", "Ninja",
                 f"-DMOTE_BOARD={a.board}", f"-DMOTE_PATH={a.mote_root}", "-DMOTE_TRACE=ON",
                 # 128 entries (2 KiB): the seed records about 50, and the 16 KiB boards have room
                 "-DMOTE_TRACE_EVENTS=128", f"-DMOTE_TOOLCHAIN={a.toolchain}",
                 "-DCMAKE_BUILD_TYPE=MinSizeRel"]
    for cmd in (configure, ["cmake", "--build", a.build_dir, "-j2"]):
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            fail(f"{' '.join(cmd)} exited with {run.returncode}", run.stdout + run.stderr)
    with open(os.path.join(a.build_dir, "run-trace_seed.txt")) as f:
        command = f.read().split(";")
    run = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    output = run.stdout.decode("utf-8", "replace")
    if run.returncode != 0:
        fail(f"the seed exited with {run.returncode}", output)
    capture = os.path.join(a.build_dir, "capture.txt")
    with open(capture, "w") as f:
        f.write(output)
    trace_path = os.path.join(a.build_dir, "trace.json")
    conv = subprocess.run([sys.executable, tool, "--elf", os.path.join(a.build_dir, "trace_seed"), capture,
                           "-o", trace_path], capture_output=True, text=True)
    print(conv.stdout, end="")
    if conv.returncode != 0:
        fail(f"mote-trace exited with {conv.returncode}: {conv.stderr}")
    trace = json.load(open(trace_path))["traceEvents"]

    lanes = {e["tid"]: e["args"]["name"] for e in trace if e["ph"] == "M" and e["name"] == "thread_name"}
    tid = {name: t for t, name in lanes.items()}
    for name in ("main", "blink_led", "read_sensor", "handle_network"):
        if name not in tid:
            fail(f"no lane for task {name}: lanes {sorted(lanes.values())}")
        spawned = [e for e in trace if e["name"] == "spawned" and e["tid"] == tid[name]]
        if len(spawned) != 1:
            fail(f"{name}: {len(spawned)} spawn events")

    def runs(name):
        return [e for e in trace if e["ph"] == "X" and e["tid"] == tid[name]]

    for e in trace:
        if e["ph"] == "X" and e["dur"] < 0:
            fail(f"negative duration: {e}")
        if e["ph"] == "X" and e["tid"] >= 3 and e["dur"] >= 1000:
            fail(f"a task ran 1 ms or more at once: {e}")
    sensor = [e["ts"] for e in runs("read_sensor")]
    if len(sensor) < 3:
        fail(f"read_sensor ran {len(sensor)} times")
    for before, after in zip(sensor, sensor[1:]):
        if abs(after - before - 5000) > 50:
            fail(f"read_sensor runs {after - before:.2f} us apart, its timer is 5 ms: {sensor}")
    blink = [e["ts"] for e in runs("blink_led")]
    if len(blink) < 2 or abs(blink[1] - blink[0] - 20000) > 50:
        fail(f"blink_led's runs at {blink} us: the second should come 20 ms after the first")
    if not runs("handle_network"):
        fail("handle_network never ran")
    for name in ("main", "read_sensor"):
        if not any(e["name"] == "finished" and e["tid"] == tid[name] for e in trace):
            fail(f"{name} did not finish")
    fired = [e["ts"] for e in trace if e["name"] == "alarm fired"]
    by_irq = [e["ts"] for e in trace if e["name"] == "woken" and e["args"]["by"] == "interrupt"]
    if len(fired) < 4:
        fail(f"{len(fired)} alarms fired")
    for t in fired:
        if not any(t <= w <= t + 5 for w in by_irq):
            fail(f"the alarm at {t} us woke no task from the interrupt")
    idle = [e for e in trace if e["ph"] == "X" and e["tid"] == 1]
    if len(idle) < 3:
        fail(f"{len(idle)} idle periods")

    # Raw events in time order (the ring's order is time order).
    sys.path.insert(0, os.path.dirname(tool))
    times = [int(line.split()[2], 16) for line in output.splitlines()
             if line.startswith("mote-trace: ") and line.split()[1] not in ("begin", "end")]
    if times != sorted(times):
        fail("the ring's events are not in time order")

    # Bad input: no trace in the capture.
    empty = os.path.join(a.build_dir, "no_trace.txt")
    with open(empty, "w") as f:
        f.write("led on\nled off\n")
    bad = subprocess.run([sys.executable, tool, empty, "-o", os.path.join(a.build_dir, "bad.json")],
                         capture_output=True, text=True)
    if bad.returncode != 2 or "no 'mote-trace: begin' line" not in bad.stderr:
        fail(f"a capture without a trace: exit {bad.returncode}, {bad.stderr!r}")
    print(f"check_trace: {len(trace)} trace events; read_sensor every 5 ms, blink_led after 20 ms, "
          f"{len(fired)} alarms each waking a task, {len(idle)} idle periods; ok")


if __name__ == "__main__":
    main()
