#!/usr/bin/env python3
"""Drives tests/target/boot/boot_swap.cpp: QEMU runs on one pflash file, each run a power cycle.

  boot_swap_runs.py <work-dir> <seed> -- <qemu command...>

1. The life of a device: factory v1 -> receives v2 -> reset: swap, v2 confirms -> receives v3 ->
   reset: swap, v3 never confirms -> reset: rolled back to v2.
2. Power cuts during the swap: from the state "v2 received, reset pending", a run is cut after k
   flash operations (k spread over the whole run, plus random ones from <seed>), then the power
   comes back: every following run must boot a verified v1 or v2, and the device must end on
   v2, confirmed.
3. QEMU killed from outside (SIGKILL) at random instants of the swap run (<seed>): whatever the
   file then holds, the next runs must boot v1 or v2 and end on v2, confirmed.
Exit status 1 with the failing run's output on any violation.
"""
import random
import re
import shutil
import struct
import subprocess
import sys
import time

SECTOR = 256 * 1024
SIZE = 32 * 1024 * 1024
CONTROL = 127 * SECTOR


def fresh(path):
    with open(path, "wb") as f:
        trampoline = struct.pack("<II", 0x800002B7, 0x00028067)  # lui t0, 0x80000; jr t0
        f.write(trampoline + b"\xff" * (SIZE - len(trampoline)))


def set_control(path, cut_after=0xFFFFFFFF, confirm=True):
    with open(path, "r+b") as f:
        f.seek(CONTROL)
        f.write(struct.pack("<II", cut_after, 1 if confirm else 0))


def run(cmd, path, expect_rc=0, pattern=None, label=""):
    r = subprocess.run(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={path}"],
                       capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    print(f"--- {label}\n{out}", end="")
    rc_ok = r.returncode != 0 if expect_rc is None else r.returncode == expect_rc
    if not rc_ok or (pattern and not re.search(pattern, out)):
        print(f"boot_swap_runs: {label}: exit {r.returncode} (expected {expect_rc if expect_rc is not None else 'non-zero'}), wanted {pattern!r}")
        sys.exit(1)
    return out


def main():
    sep = sys.argv.index("--")
    work, seed, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[sep + 1:]
    flash = f"{work}/boot_swap_bank0.bin"

    # 1. A device's life.
    fresh(flash)
    set_control(flash)
    run(cmd, flash, 0, r"factory: v1 programmed\nboot: boot, v1 .*\napp v1: received v2, 65792 bytes", "life 1")
    out = run(cmd, flash, 0, r"boot: swapped, v2 .*\napp v2: confirmed", "life 2")
    run(cmd, flash, 0, r"boot: boot, v2 .*\napp v2: received v3", "life 3")
    run(cmd, flash, 0, r"boot: swapped, v3 .*\napp v3: not confirming", "life 4")
    run(cmd, flash, 0, r"boot: rolled back, v2 .*\n", "life 5")

    # 2. Power cuts during the swap of v2 (and its confirmation).
    fresh(flash)
    set_control(flash)
    run(cmd, flash, 0, r"app v1: received v2", "prepare")
    pending = f"{work}/boot_swap_pending.bin"
    shutil.copyfile(flash, pending)
    started = time.monotonic()
    out = run(cmd, flash, 0, r"boot: swapped, v2", "clean swap")
    clean_seconds = time.monotonic() - started
    total = int(re.search(r"flash operations this run: (\d+)", out).group(1))
    rng = random.Random(seed)
    # Each run costs QEMU about 0.1-0.2 G instructions (three image checks): a bounded sample
    # that reaches every phase (the first steps, each quarter of the run, the journal's last
    # slots and the confirmation) plus random ones; the host tests cut at every operation.
    cuts = sorted(set([0, 1, total - 2, total - 1] + [total * i // 4 for i in range(1, 4)] +
                      [rng.randrange(total) for _ in range(2)]))
    print(f"boot_swap_runs: {total} flash operations in the swap run; cutting at {cuts}")
    outcomes = {"1": 0, "2": 0}
    def recover_and_converge(label):
        out = run(cmd, flash, 0, r"boot: (boot|swapped|rolled back|update rejected), v[12] ", f"after {label}")
        outcomes[re.search(r"boot: [a-z ]+, v([12])", out).group(1)] += 1
        for attempt in range(3):  # the device finishes the update on its own
            if re.search(r"app v2: confirmed|boot: boot, v2", out):
                return
            out = run(cmd, flash, 0, r"boot: (boot|swapped|rolled back), v[12] ", f"after {label}, run {attempt + 2}")
        print(f"boot_swap_runs: after {label} the device never reached v2 confirmed")
        sys.exit(1)

    for k in cuts:
        shutil.copyfile(pending, flash)
        set_control(flash, cut_after=k)
        run(cmd, flash, None, rf"power cut after {k} operations", f"cut at {k}")
        set_control(flash, confirm=True)
        recover_and_converge(f"the cut at {k}")

    # 3. Killed from outside: the instant is random, the checks are not.
    for i in range(3):
        shutil.copyfile(pending, flash)
        delay = rng.uniform(0.05, 0.95) * clean_seconds
        p = subprocess.Popen(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={flash}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.kill()
        p.wait()
        print(f"--- QEMU killed after {delay:.2f} s (a clean swap run takes {clean_seconds:.2f} s)")
        recover_and_converge(f"the kill after {delay:.2f} s")
    print(f"boot_swap_runs: first boot after the cut: v1 {outcomes['1']} times, v2 {outcomes['2']} times; ok")


if __name__ == "__main__":
    main()
