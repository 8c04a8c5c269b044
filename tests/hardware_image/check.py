#!/usr/bin/env python3
"""Builds tests/hardware_image with -DMOTE_SEMIHOSTING=OFF for one board and checks the images.

  check.py --mote-root DIR --build-dir DIR --board BOARD --control-elf ELF [--no-run]

For every firmware: the disassembly holds no semihosting instruction sequence (Cortex-M: BKPT
0xAB; RISC-V: the SLLI/EBREAK/SRAI marker), while --control-elf, the same panic test built with
semihosting by the board's preset, does (so the search can find one). Unless --no-run: each runs
under QEMU with semihosting disabled and -no-reboot, and must print what it should:
  hw_seed   its output, status 0
  hw_panic  "panicked: deliberate failure 42", then the stop (Cortex-M: a reset, status 0, and
            without -no-reboot the program starts again; riscv32-virt: the test device, status 1)
  hw_fault  one line "fault: <kind> pc=0x........" (RISC-V: "fault: mcause=0x2 pc=0x..."),
            no full report, and the PC inside the code that faulted
Exit status 0 when every check passed.
"""
import argparse
import os
import re
import subprocess
import sys

SEMIHOSTING = {
    "arm": re.compile(r"\bbkpt\s+0x00ab\b"),
    # The marker pair around the EBREAK, by encoding (objdump prints slli/srai as sll/sra here).
    "riscv": re.compile(r"\b(01f01013|40705013)\b"),
}
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)
    return ok


def run_qemu(cmd, timeout=60):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, text=True,
                           errors="replace", stdin=subprocess.DEVNULL)
        return r.returncode, r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mote-root", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--control-elf", required=True)
    p.add_argument("--no-run", action="store_true", help="build and inspect only (QEMU cannot stop this board)")
    a = p.parse_args()

    src = os.path.join(a.mote_root, "tests", "hardware_image")
    configure = ["cmake", "-S", src, "-B", a.build_dir, "-G", "Ninja", f"-DMOTE_BOARD={a.board}",
                 f"-DMOTE_PATH={a.mote_root}", "-DMOTE_SEMIHOSTING=OFF", "-DCMAKE_BUILD_TYPE=MinSizeRel"]
    for cmd in (configure, ["cmake", "--build", a.build_dir, "-j2"]):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            print(r.stdout)
            print("FAIL  " + " ".join(cmd))
            return 1
        print("\n".join(l for l in r.stdout.splitlines() if l.startswith("mote: ")))

    runs = {}
    for f in sorted(os.listdir(a.build_dir)):
        m = re.match(r"run-(\w+)\.txt$", f)
        if m:
            with open(os.path.join(a.build_dir, f)) as fh:
                runs[m.group(1)] = fh.read().split(";")
    arch = "arm" if runs["hw_panic"][0] == "qemu-system-arm" else "riscv"
    objdump = "arm-none-eabi-objdump" if arch == "arm" else "riscv64-unknown-elf-objdump"
    addr2line = objdump.replace("objdump", "addr2line")

    def disassembly(elf):
        return subprocess.run([objdump, "-d", elf], stdout=subprocess.PIPE, text=True, check=True).stdout

    check(SEMIHOSTING[arch].search(disassembly(a.control_elf)) is not None,
          f"control: {os.path.basename(a.control_elf)} (semihosting ON) contains the semihosting sequence")
    for name, cmd in runs.items():
        elf = cmd[cmd.index("-kernel") + 1]
        hits = [l.strip() for l in disassembly(elf).splitlines() if SEMIHOSTING[arch].search(l)]
        check(not hits, f"{name}: no semihosting instruction" + (f" (found: {hits[:3]})" if hits else ""))
        check("-no-reboot" in cmd and not any(c.startswith("-semihosting") for c in cmd),
              f"{name}: runs with semihosting disabled and -no-reboot")
    if a.no_run:
        print("not run: QEMU cannot stop this board without semihosting (" + a.board + ")")
        return 1 if failures else 0

    # The seed logs with MOTE_LOG_INFO: its lines are read as tools/mote-log decodes them.
    decoder = [sys.executable, os.path.join(a.mote_root, "tools", "mote-log"), "run", "--elf",
               os.path.join(a.build_dir, "hw_seed"), "--"]
    rc, out = run_qemu(decoder + runs["hw_seed"])
    print(out)
    check(rc == 0 and "total 600, timed out yes\n" in out and "led on\n" in out,
          f"hw_seed: prints its results and stops with status 0 (status {rc})")

    rc, out = run_qemu(runs["hw_panic"])
    print(out)
    check(out.count("panicked: deliberate failure 42\n") == 1, "hw_panic: the message, once")
    if arch == "arm":
        check(rc == 0, f"hw_panic: the reset ends QEMU under -no-reboot (status {rc})")
        # Without -no-reboot the reset restarts the program: it panics again, and again.
        again = [c for c in runs["hw_panic"] if c != "-no-reboot"]
        rc2, out2 = run_qemu(again, timeout=3)
        check(rc2 is None and out2.count("panicked: deliberate failure 42\n") >= 2,
              f"hw_panic: without -no-reboot the reset restarts it ({out2.count('panicked')} panics in 3 s)")
    else:
        check(rc == 1, f"hw_panic: the test device stops QEMU with status 1 (status {rc})")

    rc, out = run_qemu(runs["hw_fault"])
    print(out)
    elf = runs["hw_fault"][runs["hw_fault"].index("-kernel") + 1]
    check("HardFault:" not in out and "CFSR" not in out and "trap: mcause" not in out,
          "hw_fault: no full report")
    if arch == "arm":
        m = re.search(r"\nfault: (hard|usage|bus|mem) pc=0x([0-9a-f]{8})\n", out)
        cpu_v6m = "microbit" in a.board
        check(m is not None and m.group(1) == ("hard" if cpu_v6m else "usage"),
              "hw_fault: one line 'fault: " + ("hard" if cpu_v6m else "usage") + " pc=0x........'")
        if m:
            func = subprocess.run([addr2line, "-f", "-C", "-e", elf, "0x" + m.group(2)], stdout=subprocess.PIPE,
                                  text=True).stdout.splitlines()[0]
            # Armv7-M: the division in the task body; Armv6-M: libgcc's divide, which calls
            # __aeabi_idiv0 (the UDF that faults).
            check("mote_task_body_faulty" in func or "__aeabi_idiv0" in func,
                  f"hw_fault: the PC is in the faulting code ({func[:60]})")
        check(rc == 0, f"hw_fault: the reset ends QEMU under -no-reboot (status {rc})")
    else:
        where = re.search(r"illegal instruction at 0x([0-9a-f]+)\n", out)
        m = re.search(r"\nfault: mcause=0x2 pc=0x([0-9a-f]+)\n", out)
        check(m is not None and where is not None and int(m.group(1), 16) == int(where.group(1), 16),
              "hw_fault: one line 'fault: mcause=0x2 pc=<the illegal instruction>'")
        check(rc == 1, f"hw_fault: the test device stops QEMU with status 1 (status {rc})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
