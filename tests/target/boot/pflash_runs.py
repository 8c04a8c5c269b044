#!/usr/bin/env python3
"""Runs a firmware several times on the same pflash bank-0 file (QEMU virt), as power cycles.

  pflash_runs.py <flash-file> <runs> <regex-per-run>... -- <qemu command...>

Creates <flash-file> (32 MiB) erased except for its first 8 bytes, then runs the command <runs>
times with `-drive if=pflash,format=raw,unit=0,file=<flash-file>` added; run i must exit 0 and
print a line matching regex i (the last regex is reused for later runs). Exit status 1 with the
output of the failing run otherwise.

Why bank 0 and the 8 bytes: QEMU 7.2's virt machine, given a bank-0 file with -bios none, starts
at the bank's base (0x20000000) instead of the ELF's entry (it still loads the ELF into RAM);
given a bank-1 file it expects S-mode firmware there and loads no ELF at all. So sector 0 of
bank 0 plays the boot ROM: `lui t0, 0x80000; jr t0` jumps to the firmware's _start in RAM.
"""
import re
import subprocess
import sys


def main():
    sep = sys.argv.index("--")
    path, runs, patterns, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:sep], sys.argv[sep + 1:]
    with open(path, "wb") as f:
        trampoline = (0x800002B7).to_bytes(4, "little") + (0x00028067).to_bytes(4, "little")
        f.write(trampoline + b"\xff" * (32 * 1024 * 1024 - len(trampoline)))
    for i in range(runs):
        r = subprocess.run(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={path}"],
                           capture_output=True, text=True, timeout=60)
        out = r.stdout + r.stderr
        print(f"--- run {i + 1}\n{out}", end="")
        pattern = patterns[min(i, len(patterns) - 1)]
        if r.returncode != 0 or not re.search(pattern, out):
            print(f"pflash_runs: run {i + 1} exited {r.returncode} or lacks {pattern!r}")
            sys.exit(1)


if __name__ == "__main__":
    main()
