#!/usr/bin/env python3
"""target.gdb_tasks: mote's GDB extension (tools/gdb/mote.py) lists what the firmware holds.

    gdb_tasks.py --mote-debug tools/mote-debug --elf target_gdb_tasks --tick-hz N -- <QEMU command>

Runs tests/target/gdb_tasks.cpp under QEMU through tools/mote-debug with gdb-multiarch in batch
mode: a breakpoint at mote_gdb_checkpoint (every task in a known state), then `mote tasks`,
`mote timers` and `mote arena`, then detach (the firmware runs on and prints its memory
report). Checks the listings against the states the firmware set up and against that report,
and that the commands refuse a program that is not running and one that is not mote's.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# What the firmware set up (tests/target/gdb_tasks.cpp): name -> (state, awaits regex), in
# first-spawn order; "main" has finished (its slot is free: not listed).
EXPECTED = [
    ("sleeper", "waiting", r"timer, deadline (\d+) ticks"),
    ("sleeper", "waiting", r"timer, deadline (\d+) ticks"),
    ("beat", "waiting", r"ticker, deadline (\d+) ticks"),
    ("consumer", "waiting", r"channel orders \(receive\)"),
    ("listener", "waiting", r"signal alarm"),
    ("checker", "running", r""),
    ("late", "queued", r""),
    ("deferred", "created", r""),
]
TASK_ROW = re.compile(r"^(\w+)\s+(created|queued|running|waiting|finished)\s+(0x[0-9a-f]+)\s+(\d+)(?:  (.*))?$")
REPORT_ROW = re.compile(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+(\d+))?$")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def section(text, first_line, last_regex):
    """The lines from the one starting with `first_line` to the first matching `last_regex`."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(first_line)]
    check(starts, f"no listing starting with {first_line!r}")
    out = []
    for line in lines[starts[0]:]:
        out.append(line)
        if re.match(last_regex, line):
            return out
    raise Failure(f"the listing after {first_line!r} does not end with {last_regex!r}")


def report_rows(lines):
    return {m.group(1): m.groups()[1:] for m in map(REPORT_ROW.match, lines) if m}


def verify(gdb_out, firmware_out, tick_hz):
    check("ok" in firmware_out.splitlines(), "the firmware did not end with ok after the debugger detached")
    # The firmware's own memory report, printed after the checkpoint: the frame sizes to match.
    firmware_report = report_rows(section(firmware_out, "task ", r"arena: "))
    frame_of = {name: int(columns[0]) for name, columns in firmware_report.items()}

    tasks = section(gdb_out, "task ", r"\d+ task instances$")
    rows = [m.groups() for m in map(TASK_ROW.match, tasks) if m]
    check(len(rows) == len(EXPECTED), f"{len(rows)} task rows, expected {len(EXPECTED)}")
    deadlines, frames = [], []
    for (name, state, frame, size, awaits), (want_name, want_state, want_awaits) in zip(rows, EXPECTED):
        check((name, state) == (want_name, want_state), f"row {name} {state}, expected {want_name} {want_state}")
        match = re.fullmatch(want_awaits, awaits or "")
        check(match, f"{name} awaits {awaits!r}, expected {want_awaits!r}")
        if match.groups():
            deadlines.append(int(match.group(1)))
        check(int(size) == frame_of[name], f"{name}: frame size {size}, the memory report says {frame_of[name]}")
        frames.append(int(frame, 16))
    check(len(set(frames)) == len(frames), "two tasks listed with the same frame")
    # The sleepers wait for the start + 1 s and + 2 s; the ticker's beat is due about half a
    # second after the start (its period from when the task made it).
    check(deadlines[1] - deadlines[0] == tick_hz, f"sleeper deadlines {deadlines}: not 1 s ({tick_hz} ticks) apart")
    check(0 < deadlines[2] - (deadlines[0] - tick_hz) - tick_hz // 2 < tick_hz // 100,
          f"ticker deadline {deadlines[2]}: not about 0.5 s after the start ({deadlines[0] - tick_hz})")
    check(any(re.search(r"run queue: late$", line) for line in tasks), "the run queue is not just `late`")
    check(any(re.search(r": 7 live tasks,", line) for line in tasks), "not 7 live tasks (the created one is not live)")

    timers = section(gdb_out, "    deadline (ticks)", r"\d+ pending")
    queued = [(int(d), name) for d, name in (line.split()[:2] for line in timers[1:-1])]
    check(queued == [(deadlines[2], "beat"), (deadlines[0], "sleeper"), (deadlines[1], "sleeper")], f"timer queue {queued}")
    check(timers[-1].startswith("3 pending"), f"timer queue summary {timers[-1]!r}")

    arena = section(gdb_out, "task              frame", r"arena: ")
    gdb_report = report_rows(arena)
    for name, columns in firmware_report.items():
        # frame, pool, async, reserved as the firmware prints them. Peak: the report comes later,
        # when no more tasks start (every pool peaked before the checkpoint).
        check(gdb_report.get(name, ())[:5] == columns[:5], f"mote arena says {name} {gdb_report.get(name)}, the firmware {columns}")
    check(gdb_report["main"][5] == "0" and gdb_report["sleeper"][5] == "2", "alive counts (main 0, sleeper 2)")
    gdb_arena = re.match(r"arena: (\d+) bytes, (\d+) used, (\d+) free", arena[-1]).groups()
    firmware_arena = re.search(r"^arena: (\d+) bytes, (\d+) used, (\d+) free", firmware_out, re.M).groups()
    check(gdb_arena == firmware_arena, f"arena {gdb_arena}, the firmware says {firmware_arena}")
    bounds = re.search(r"\((0x[0-9a-f]+)\.\.(0x[0-9a-f]+)\)", arena[-1])
    low, high = int(bounds.group(1), 16), int(bounds.group(2), 16)
    check(all(low <= f < high for f in frames), "a frame lies outside the arena")


def check_refusals(gdb, elf):
    """The commands refuse, with mote's message, a program that is not running and one that is
    not a mote firmware, instead of listing nothing."""
    extension = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "gdb", "mote.py")
    for program, wanted in ((elf, "mote: no running target"), (shutil.which("true"), "mote: no type mote::detail::TaskHeader")):
        run = subprocess.run([gdb, "-q", "-batch", "-ex", f"source {extension}", "-ex", "mote tasks", program],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        out = run.stdout.decode(errors="replace")
        check(wanted in out, f"`mote tasks` on {os.path.basename(program)}: {out.strip()!r}, expected {wanted!r}")


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--mote-debug", required=True)
    parser.add_argument("--elf", required=True)
    parser.add_argument("--tick-hz", type=int, required=True)
    parser.add_argument("--gdb", default="gdb-multiarch")
    parser.add_argument("qemu", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    qemu = args.qemu[1:] if args.qemu[:1] == ["--"] else args.qemu
    gdb_commands = ["break mote_gdb_checkpoint", "continue", "mote tasks", "mote timers", "mote arena", "detach"]
    with tempfile.TemporaryDirectory(prefix="mote-gdb-") as tmp:
        firmware_file = os.path.join(tmp, "firmware.out")
        cmd = [sys.executable, args.mote_debug, "--gdb", args.gdb, "--elf", args.elf, "--socket", os.path.join(tmp, "gdb.sock"),
               "--qemu-output", firmware_file, "--gdb-arg=-batch"]
        for c in gdb_commands:
            cmd += ["--gdb-arg=-ex", f"--gdb-arg={c}"]
        run = subprocess.run(cmd + ["--"] + qemu, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        gdb_out = run.stdout.decode(errors="replace")
        with open(firmware_file, "rb") as f:
            firmware_out = f.read().decode(errors="replace")
    print(gdb_out)
    print("--- firmware ---")
    print(firmware_out)
    try:
        check(run.returncode == 0, f"mote-debug exited with {run.returncode}")
        verify(gdb_out, firmware_out, args.tick_hz)
        check_refusals(args.gdb, args.elf)
    except Failure as e:
        print(f"gdb_tasks: FAILED: {e}")
        return 1
    print("gdb_tasks: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
