#!/usr/bin/env python3
"""Drives the bootloader firmware and the application behind it (tests/target/boot/), each QEMU
run a power cycle on one pflash bank-0 file.

  boot_app_runs.py <work-dir> <app_v1.img> <app_v2.img> <app_v3.img> -- <qemu command (the bootloader)...>

The file gets the jump to the bootloader in sector 0, the signed v1 in ACTIVE (the factory) and
the signed v2 in the staging sector with its size in the control word (the transport's stand-in).
Run 1: the bootloader starts v1 in place, v1 receives v2. Run 2: the bootloader swaps, v2 runs
and confirms. Run 3: v2 again, nothing swapped. Then v3 goes to the staging sector. Run 4: v2
receives v3. Run 5: the bootloader swaps, v3 runs and does not confirm. Run 6: the bootloader
rolls back and v2 runs (it then takes the staged v3 again, as a device offered the same broken
release would; the test stops there).
"""
import re
import struct
import subprocess
import sys

SECTOR = 256 * 1024


def main():
    sep = sys.argv.index("--")
    work, cmd = sys.argv[1], sys.argv[sep + 1:]
    v1, v2, v3 = (open(p, "rb").read() for p in sys.argv[2:5])
    flash = bytearray(b"\xff" * (32 * 1024 * 1024))
    flash[0:8] = struct.pack("<II", 0x800002B7, 0x00028067)  # lui t0, 0x80000; jr t0
    flash[SECTOR:SECTOR + len(v1)] = v1
    flash[10 * SECTOR:10 * SECTOR + len(v2)] = v2
    flash[127 * SECTOR:127 * SECTOR + 4] = struct.pack("<I", len(v2))
    path = f"{work}/boot_app_bank0.bin"
    open(path, "wb").write(flash)
    expected = [
        r"bootloader: boot, v1; starting 0x20040100\napp v1: running at 0x2004[0-9a-f]{4}\napp v1: received v2",
        r"bootloader: swapped, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\napp v2: confirmed\n",
        r"bootloader: boot, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\n(?!app v2: received)",
        r"bootloader: boot, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\napp v2: received v3",
        r"bootloader: swapped, v3; starting 0x20040100\napp v3: running at 0x2004[0-9a-f]{4}\napp v3: not confirming",
        r"bootloader: rolled back, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\n",
    ]
    for i, pattern in enumerate(expected):
        if i == 3:  # the next release, v3, is offered
            with open(path, "r+b") as f:
                f.seek(10 * SECTOR)
                f.write(v3 + b"\xff" * (SECTOR - len(v3)))
                f.seek(127 * SECTOR)
                f.write(struct.pack("<I", len(v3)))
        r = subprocess.run(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={path}"],
                           capture_output=True, text=True, timeout=120)
        out = r.stdout + r.stderr
        print(f"--- run {i + 1}\n{out}", end="")
        if r.returncode != 0 or not re.search(pattern, out):
            print(f"boot_app_runs: run {i + 1} exited {r.returncode} or lacks {pattern!r}")
            sys.exit(1)
    print("boot_app_runs: ok")


if __name__ == "__main__":
    main()
