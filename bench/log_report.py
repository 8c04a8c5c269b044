#!/usr/bin/env python3
"""MOTE_LOG_* against printf: instructions and bytes per call, flash (bench/firmware/log.cpp).

    log_report.py --run="QEMU COMMAND of bench_log_0" --run="... bench_log_1" --run="... bench_log_2"

Each command runs one build under QEMU with bench_plugin.c; the plugin prints the instruction
counts per group ("bench-plugin N: windows W; total n sum ..."), the firmware writes
"case <name>" before each group, and the bytes between two such lines are what that group's
calls sent. Flash is what the ELF loads (allocated sections with contents).
"""
import argparse
import importlib.machinery
import importlib.util
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = [("adc", 20, 'adc {} = {} mV on {}: two ints, a string'), ("text", 20, "a line without arguments"),
         ("ten-sites", 20, "ten call sites, 1-3 arguments each")]
MODES = ["none", "printf", "MOTE_LOG"]


def load_tool():
    loader = importlib.machinery.SourceFileLoader("mote_log", os.path.join(ROOT, "tools", "mote-log"))
    spec = importlib.util.spec_from_loader("mote_log", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def flash_bytes(tool, elf_path):
    elf = tool.Elf(elf_path)
    return sum(s["size"] for s in elf.sections if s["flags"] & 0x2 and s["type"] != 8)


def measure(command):
    run = subprocess.run(shlex.split(command), stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    if run.returncode != 0:
        sys.exit(f"log_report: {command} exited with {run.returncode}")
    out = run.stdout
    instructions = {}
    for m in re.finditer(rb"bench-plugin (\d+): windows (\d+); total \d+ (\d+)", out):
        group, windows, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
        instructions[group] = (windows, total)
    parts = re.split(rb"case ([a-z-]+)\n", re.sub(rb"bench-plugin[^\n]*\n", b"", out))
    sent = {parts[i].decode(): len(parts[i + 1]) for i in range(1, len(parts) - 1, 2)}
    elf = shlex.split(command)[shlex.split(command).index("-kernel") + 1]
    return instructions, sent, elf


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", action="append", required=True)
    parser.add_argument("--seed-elf")
    parser.add_argument("--seed-log-elf")
    parser.add_argument("--seed-log-run", help="runs the seed with MOTE_LOG: its decoded output is shown")
    args = parser.parse_args()
    if len(args.run) != 3:
        sys.exit("log_report: three --run commands: no output, printf, MOTE_LOG")
    tool = load_tool()
    results = [measure(c) for c in args.run]
    print("MOTE_LOG_INFO against printf, per call (QEMU -icount, instructions counted by bench_plugin.c;")
    print("both include writing the bytes to the UART; printf prints the decoder's line, uptime included)")
    print()
    print(f"| case | printf: instructions | MOTE_LOG: instructions | printf: bytes | MOTE_LOG: bytes |")
    print("|---|---|---|---|---|")
    for number, (name, calls, what) in enumerate(CASES, start=1):
        row = [f"{name} ({what})"]
        cells = []
        for mode in (1, 2):
            windows, total = results[mode][0].get(number, (0, 0))
            per_window_calls = calls // windows if windows else 1
            cells.append(f"{total / windows / per_window_calls:.0f}" if windows else "-")
        sizes = [f"{results[mode][1].get(name, 0) / calls:.1f}" for mode in (1, 2)]
        print(f"| {row[0]} | {cells[0]} | {cells[1]} | {sizes[0]} | {sizes[1]} |")
    print()
    flash = [flash_bytes(tool, r[2]) for r in results]
    print(f"flash: no output {flash[0]} B; printf {flash[1]} B (+{flash[1] - flash[0]}); "
          f"MOTE_LOG {flash[2]} B (+{flash[2] - flash[0]})")
    log_table = tool.Table(tool.Elf(results[2][2]))
    strings = sum(len(text) + len(kinds) + 3 for _, kinds, text in log_table.records.values())
    print(f"MOTE_LOG format strings kept in the ELF (.mote_log, not loaded): {strings} B in {len(log_table.records)} records")
    if args.seed_elf and args.seed_log_elf:
        seed, seed_log = flash_bytes(tool, args.seed_elf), flash_bytes(tool, args.seed_log_elf)
        print(f"seed demo: printf {seed} B of flash, MOTE_LOG {seed_log} B ({seed - seed_log} B saved)")
    if args.seed_log_run:
        run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "mote-log"), "run", "--elf",
                              args.seed_log_elf, "--"] + shlex.split(args.seed_log_run),
                             stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        print(f"seed demo with MOTE_LOG, decoded (exit status {run.returncode}):")
        print(run.stdout.decode("utf-8", "replace"), end="")


if __name__ == "__main__":
    main()
