#!/usr/bin/env python3
"""Turns the benchmarks' raw output into figures, guards them, and writes docs/performance.md.

  bench_report.py guard --cycles-cmd CMD --seed-cmd CMD --baseline FILE --compiler ID
      Runs the firmware benchmark (bench/firmware/cycles.cpp under QEMU with bench_plugin.so) and
      the seed demo's memory report, and fails (exit 1) if a guarded figure grew by more than 10%
      over the baseline recorded for this compiler, printing old and new for each. Exit 77
      (skipped) if the baseline has no section for this compiler: figures are only comparable for
      one compiler version.
  bench_report.py firmware --cycles-out FILE --seed-out FILE --elf NAME=ELF... --nm TOOL --json OUT
      Collects one board's figures into JSON (used by tools/bench.sh).
  bench_report.py baseline --json FILE --compiler ID
      Prints a baseline section for bench/baseline/<board>.txt from a board's JSON.
  bench_report.py render --firmware JSON... --host JSON --out docs/performance.md --images DIR ...
      Writes the page (tables, goals, met/not met) and the plots (gnuplot).
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

TRAMPOLINE = 5      # counted instructions of bench_count_exception after its marker
TRIGGER_RETURN = 1  # the SysTick trigger's bx lr, inside the irq windows
BULK_MESSAGES = 20000  # messages in the channel_bulk window (bench/firmware/cycles.cpp, kBulkMessages)
GROWTH_LIMIT = 1.10

# ---- the firmware benchmark's output --------------------------------------------------------


def parse_cycles(text):
    """Pairs 'bench <k> <name>' with 'bench-plugin <k>: ...' and returns {name: {figure: stat}}."""
    names = {}
    stats = {}
    for line in text.splitlines():
        m = re.match(r"bench (\d+) (\S+)\s*$", line.strip())
        if m:
            names[int(m.group(1))] = m.group(2)
            continue
        m = re.match(r"bench-plugin (\d+): windows \d+(.*)$", line.strip())
        if m:
            figs = {}
            for part in m.group(2).split(";"):
                fields = part.split()
                if len(fields) == 7:
                    n, total, lo, hi, first, last = (int(x) for x in fields[1:])
                    figs[fields[0]] = dict(n=n, sum=total, min=lo, max=hi, first=first, last=last)
            stats[int(m.group(1))] = figs
    return {names[k]: v for k, v in stats.items() if k in names}


def steady_mean(s):
    """Mean without the first and last window (start-up and wind-down of the loop)."""
    if s["n"] > 2:
        return (s["sum"] - s["first"] - s["last"]) / (s["n"] - 2)
    return s["sum"] / s["n"] if s["n"] else None


def cycle_figures(groups):
    """The published figures (instructions), from parse_cycles' groups."""
    out = {}

    def put(key, group, figure, minus=0, steady=True):
        g = groups.get(group, {}).get(figure)
        if not g or g["n"] == 0:
            return
        mean = steady_mean(g) if steady else g["sum"] / g["n"]
        out[key] = dict(mean=round(mean - minus, 2), min=g["min"] - minus, max=g["max"] - minus, n=g["n"])

    put("loop", "loop", "total")
    put("switch", "switch", "total")
    put("channel", "channel", "total")
    bulk = groups.get("channel_bulk", {}).get("total")
    if bulk and bulk["n"]:
        out["channel_bulk"] = dict(mean=round(bulk["sum"] / BULK_MESSAGES, 2), min=None, max=None, n=BULK_MESSAGES)
    put("irq_thread", "irq_thread", "total", TRIGGER_RETURN, steady=False)
    put("irq_interrupt_executor", "irq_interrupt_executor", "total", TRIGGER_RETURN, steady=False)
    put("alarm", "alarm", "since_irq", TRAMPOLINE, steady=False)
    idle = groups.get("idle", {})
    if idle.get("total", {}).get("n"):
        out["idle_window"] = idle["total"]["sum"]
        out["idle_irqs"] = idle["irqs"]["sum"]
        out["idle_asleep"] = idle["asleep"]["sum"] if idle["asleep"]["n"] else None
        out["idle_wfis"] = idle["wfis"]["sum"]
    return out


def parse_memory_report(text):
    """mote::memory_report(): {task: {frame, reserved}}, and the arena line."""
    tasks = {}
    arena = None
    for line in text.splitlines():
        m = re.match(r"(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", line)
        if m and m.group(1) != "task":
            tasks[m.group(1)] = dict(frame=int(m.group(2)), pool=int(m.group(3)), async_bytes=int(m.group(4)),
                                     reserved=int(m.group(5)))
        m = re.match(r"arena: (\d+) bytes, (\d+) used", line)
        if m:
            arena = dict(total=int(m.group(1)), used=int(m.group(2)))
    return tasks, arena


def run(cmd, timeout=300):
    # errors="replace": MOTE_LOG frames (binary) may come with the text the reports are read from
    r = subprocess.run(shlex.split(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                       text=True, errors="replace")
    return r.returncode, r.stdout


# ---- regression guard -----------------------------------------------------------------------

GUARDED = ["switch", "channel", "channel_bulk", "irq_thread", "irq_interrupt_executor", "alarm"]


def read_baseline(path, compiler):
    section = None
    values = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"\[(.*)\]$", line)
            if m:
                section = m.group(1).strip()
                continue
            if section == compiler:
                key, value = line.split()
                values[key] = float(value)
    return values


def guard(args):
    baseline = read_baseline(args.baseline, args.compiler)
    if not baseline:
        print(f"bench.guard: {args.baseline} has no section [{args.compiler}]: figures of another compiler "
              "are not comparable; add one with bench_report.py baseline (skipped)")
        return 77
    rc, out = run(args.cycles_cmd)
    if rc != 0:
        print(out)
        print(f"bench.guard: the benchmark firmware failed (status {rc})")
        return 1
    figures = cycle_figures(parse_cycles(out))
    current = {k: figures[k]["mean"] for k in GUARDED if k in figures}
    rc, out = run(args.seed_cmd)
    if rc != 0:
        print(out)
        print(f"bench.guard: the seed demo failed (status {rc})")
        return 1
    tasks, _ = parse_memory_report(out)
    for name, t in tasks.items():
        current[f"frame_{name}"] = t["frame"]
    failed = False
    print(f"bench.guard: compiler {args.compiler}; limit: +{round((GROWTH_LIMIT - 1) * 100)}% over the baseline")
    print(f"{'figure':28} {'baseline':>10} {'now':>10}  verdict")
    for key, old in baseline.items():
        new = current.get(key)
        if new is None:
            print(f"{key:28} {old:10g} {'missing':>10}  FAILED (not measured)")
            failed = True
            continue
        verdict = "ok"
        if new > old * GROWTH_LIMIT:
            verdict = "FAILED (grew by more than 10%)"
            failed = True
        elif new < old:
            verdict = "ok (smaller: consider lowering the baseline)"
        print(f"{key:28} {old:10g} {new:10g}  {verdict}")
    for key in sorted(set(current) - set(baseline)):
        print(f"{key:28} {'-':>10} {current[key]:10g}  (no baseline)")
    print("bench.guard: " + ("FAILED" if failed else "ok"))
    return 1 if failed else 0


# ---- flash and RAM from the ELF -------------------------------------------------------------

COMPONENTS = [
    # (component, regex over the demangled symbol name); first match wins.
    ("sync", r"mote::detail::(WaitQueue|WaitNode|BasicChannel|FifoQueue|HeapQueue)|mote::(Channel|Signal|Mutex|"
             r"Semaphore|RwLock|Watch|Pipe|OnceLock|LazyLock|PubSub|PriorityChannel|ZeroCopyChannel)"),
    ("time", r"mote::(on_alarm|schedule_wake|Timer|Ticker|Instant|Duration)|mote::detail::timer_|"
             r"mote::\(anonymous namespace\)::expire\(|"
             r"mote::detail::\(anonymous namespace\)::(meld|merge_siblings|insert|remove|rearm)|"
             r"mote::platform::time_|mote::\w+::(time_init|clock_now)|_dualtimer_irq|systick_clock|"
             r"mote::cortex_m::systick"),
    ("executor", r"mote::(Executor|Spawner|InterruptExecutor|SpawnToken|error_message\(mote::SpawnError|arena_stats|"
                 r"memory_report)|mote::detail::(RunQueue|wake_task|TaskPool|TaskPromise|last_spawn_failure|"
                 r"start_main|current_task|arena|task_pool|\(anonymous namespace\)::(finished_marker|arena_bytes))|mote::\(anonymous namespace\)::sleep_until_pended"),
    # Stopping and reporting: panic and its formatters, mote::exit, the fault handler, the
    # default handler, semihosting exit or reset/halt (platform/*/src/exit.cpp, startup.cpp).
    ("panic, faults, exit", r"^mote::(panic|exit)\(|mote::detail::format_message|"
                            r"^mote::detail::\(anonymous namespace\)::(Sink|put_field|put_number|divide)|"
                            r"^mote::platform::(panic_stop|exit_program)|"
                            r"^mote::(cortex_m|riscv)::(stop|halt|system_reset|chip_stop|semihosting::)|"
                            r"^mote_hardfault_|^mote_default_handler|^mote_riscv_default_handler|"
                            r"^\(anonymous namespace\)::(print|print_hex|trap_report)\((char const|unsigned long, unsigned)|"
                            r"^abort$|^atexit$|^__aeabi_[il]div0$"),
    ("application", r"mote_task_body_|^\(anonymous namespace\)::|^_GLOBAL__sub_I_"),
    ("startup, console", r"^mote|^_?mote_|^main$|^cmsdk_|^lm3s|^stm32|^nrf51|_vector_table|^_set_tls"),
    ("C library", r"."),
]


def size_breakdown(elf, nm):
    """Flash bytes (text + rodata + data initial values) per component, by symbol name."""
    out = subprocess.run([nm, "--print-size", "--size-sort", "-C", "--radix=d", elf], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    parts = {c: 0 for c, _ in COMPONENTS}
    seen = set()
    for line in out.splitlines():
        m = re.match(r"(\d+) (\d+) ([A-Za-z]) (.*)$", line)
        if not m:
            continue
        address, size, kind, name = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        if kind in "bB":  # RAM only
            continue
        # Aliases (a chip's weak interrupt handlers, a constructor's C1/C2 symbols) name the same
        # bytes: count them once, under the first name nm lists.
        if (address, size) in seen:
            continue
        seen.add((address, size))
        for comp, rx in COMPONENTS:
            if re.search(rx, name):
                parts[comp] += size
                break
    return parts


def elf_sizes(elf, size_tool):
    out = subprocess.run([size_tool, "-B", "-d", elf], stdout=subprocess.PIPE, text=True, check=True).stdout
    text, data, bss = (int(x) for x in out.splitlines()[1].split()[:3])
    return dict(flash=text + data, ram=data + bss, text=text, data=data, bss=bss)


def trace_breakdown(trace_text, elf, addr2line):
    """Instructions per function in the second traced window (steady state), in execution order
    (consecutive runs of one function merged). Where the window contains an exception entry
    (bench_count_exception), only what follows the last one is kept (the alarm figure)."""
    windows, cur = [], []
    for line in trace_text.splitlines():
        if not line.startswith("bench-trace "):
            continue
        if "end of window" in line:
            windows.append(cur)
            cur = []
        else:
            cur.append(line.split()[1])
    if not windows:
        return None
    addrs = windows[1] if len(windows) > 1 else windows[0]
    out = subprocess.run([addr2line, "-f", "-C", "-e", elf], input="\n".join(addrs) + "\n", text=True,
                         stdout=subprocess.PIPE, check=True).stdout.splitlines()
    funcs = [re.sub(r"\(.*", "", out[i].replace("(anonymous namespace)::", "")).strip()
             for i in range(0, len(out), 2)]
    if "bench_count_exception" in funcs:
        last = len(funcs) - 1 - funcs[::-1].index("bench_count_exception")
        while last > 0 and funcs[last - 1] == "bench_count_exception":
            last -= 1
        funcs = funcs[last:]
    runs = []
    for f in funcs:
        f = re.sub(r"^mote_task_body_(\w+).*", r"task body \1", f)
        if runs and runs[-1][0] == f:
            runs[-1][1] += 1
        else:
            runs.append([f, 1])
    return runs


def firmware(args):
    result = dict(board=args.board, compiler=args.compiler, toolchain=args.toolchain)
    result["traces"] = {}
    for spec in args.trace or []:
        name, path = spec.split("=", 1)
        with open(path) as f:
            result["traces"][name] = trace_breakdown(f.read(), args.cycles_elf, args.addr2line)
    with open(args.cycles_out) as f:
        cycles_text = f.read()
    result["cycles"] = cycle_figures(parse_cycles(cycles_text))
    # errors="replace": the seed logs with MOTE_LOG_INFO, whose binary frames come with the report
    if args.seed_out:
        with open(args.seed_out, errors="replace") as f:
            tasks, arena = parse_memory_report(f.read())
        result["seed_tasks"] = tasks
        result["seed_arena"] = arena
    if args.ref_out:
        with open(args.ref_out, errors="replace") as f:
            tasks, arena = parse_memory_report(f.read())
        result["ref_tasks"] = tasks
        result["ref_arena"] = arena
    result["elves"] = {}
    for spec in args.elf or []:
        name, path = spec.split("=", 1)
        entry = elf_sizes(path, args.size)
        entry["components"] = size_breakdown(path, args.nm)
        # Alignment padding, literal pools and symbols without a size.
        entry["components"]["unattributed"] = entry["flash"] - sum(entry["components"].values())
        result["elves"][name] = entry
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    return 0


def baseline(args):
    with open(args.json) as f:
        r = json.load(f)
    print(f"[{args.compiler}]")
    for k in GUARDED:
        if k in r["cycles"]:
            print(f"{k} {r['cycles'][k]['mean']:g}")
    for name, t in r.get("seed_tasks", {}).items():
        print(f"frame_{name} {t['frame']}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("guard")
    g.add_argument("--cycles-cmd", required=True)
    g.add_argument("--seed-cmd", required=True)
    g.add_argument("--baseline", required=True)
    g.add_argument("--compiler", required=True)
    fw = sub.add_parser("firmware")
    fw.add_argument("--board", required=True)
    fw.add_argument("--compiler", required=True)
    fw.add_argument("--toolchain", default="gcc", help="MOTE_TOOLCHAIN of the build (gcc or clang)")
    fw.add_argument("--cycles-out", required=True)
    fw.add_argument("--seed-out")
    fw.add_argument("--ref-out")
    fw.add_argument("--elf", action="append")
    fw.add_argument("--nm", default="arm-none-eabi-nm")
    fw.add_argument("--size", default="arm-none-eabi-size")
    fw.add_argument("--json", required=True)
    fw.add_argument("--trace", action="append", help="NAME=FILE: plugin trace of one group")
    fw.add_argument("--cycles-elf")
    fw.add_argument("--addr2line", default="arm-none-eabi-addr2line")
    b = sub.add_parser("baseline")
    b.add_argument("--json", required=True)
    b.add_argument("--compiler", required=True)
    r = sub.add_parser("render")
    r.add_argument("--firmware", nargs="+", required=True)
    r.add_argument("--host")
    r.add_argument("--out", required=True)
    r.add_argument("--images", required=True)
    r.add_argument("--command", required=True)
    a = p.parse_args()
    if a.cmd == "guard":
        return guard(a)
    if a.cmd == "firmware":
        return firmware(a)
    if a.cmd == "baseline":
        return baseline(a)
    if a.cmd == "render":
        import render_doc  # bench/render_doc.py
        return render_doc.render(a)
    return 2


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
