"""Writes docs/performance.md and its plots from the benchmarks' JSON (bench_report.py render).

Every figure on the page comes from the JSON files of this run; the only constants here are the
goals and the FreeRTOS and Embassy columns, quoted from issue 5 with the attribution it gives.
"""
import json
import os
import subprocess

GOALS = {
    # key: (label, FreeRTOS 11 measured (issue 5), Embassy (issue 5), goal, limit)
    "switch": ("task switch", "55", "79 cycles wake+poll (nRF52840)", "≤ 20", 20),
    "channel": ("one-way channel hand-off, per message window", "598 (equal priority), 410 (receiver higher)", "–",
                "≤ 40", 40),
    "channel_bulk": ("one-way channel hand-off, total / count (20,000 messages, `Channel<uint32_t, 1>`)",
                     "410 (as issue 10 quotes it)", "–", "≤ 40", 40),
    "irq_thread": ("interrupt → task, thread-mode executor", "171 (notify from ISR)",
                   "~673 cycles ISR latency (STM32F446, oscilloscope)", "≤ 35", 35),
    "irq_interrupt_executor": ("interrupt → task, interrupt executor", "–", "–", "≤ 40", 40),
    "alarm": ("timer alarm → woken task", "158 (tick → task after vTaskDelay)", "–", "≤ 60", 60),
}
BOARD_ORDER = ["mps2-an385", "mps2-an386", "netduinoplus2", "lm3s6965evb", "microbit"]
BOARD_CORE = {"mps2-an385": "Cortex-M3", "mps2-an386": "Cortex-M4F", "netduinoplus2": "Cortex-M4F",
              "lm3s6965evb": "Cortex-M3", "microbit": "Cortex-M0"}
PEERS = [("mote", "mote"), ("asio", "Boost.Asio (C++20 coroutines)"), ("fiber", "Boost.Fiber"),
         ("thread", "std::thread")]


def ref_static_ram(ref):
    """The reference app's RAM as Embassy's figure counts it: .data + .bss plus its task frames.
    The frame arena is no longer in .bss (it is the RAM the linker script leaves free), so the
    frames' bytes (the arena's used part) are added back; Embassy's frames are static data."""
    arena = ref.get("ref_arena") or {}
    return ref["elves"]["reference_app"]["ram"] + arena.get("used", 0)


def met(value, limit):
    return "**met**" if value <= limit else "not met"


def fmt(v, digits=1):
    if v is None:
        return "–"
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v)):,}"
    return f"{v:,.{digits}f}"


def cyc(c):
    """'135 (101–157)' for a cycles entry."""
    if c is None:
        return "–"
    if c["min"] == c["max"]:
        return fmt(c["mean"], 2)
    return f"{fmt(c['mean'], 2)} ({c['min']}–{c['max']})"


def plot(script, out_png):
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode != 0 or not os.path.exists(out_png):
        raise SystemExit(f"gnuplot failed for {out_png}: {r.stderr}")


def host_series(host, section, field):
    series = {}
    for row in host.get(section, []):
        stat = row[field]
        if stat["reps"] == 0:
            continue
        series.setdefault(row["peer"], []).append((row["n"], stat["median"], stat["min"], stat["max"]))
    return series


def make_plot(series, path, title, ylabel, xlabel="N (log scale)", logy=True):
    datadir = os.path.dirname(path)
    blocks = []
    plots = []
    for idx, (peer, label) in enumerate([p for p in PEERS if p[0] in series]):
        rows = "\n".join(f"{n} {m} {lo} {hi}" for n, m, lo, hi in series[peer])
        blocks.append(f"$d{idx} << EOD\n{rows}\nEOD\n")
        plots.append(f"$d{idx} using 1:2:3:4 with yerrorlines lw 2 pt 7 title '{label}'")
    script = "".join(blocks) + f"""
set terminal pngcairo size 900,540 font 'sans,11'
set output '{path}'
set title '{title}'
set xlabel '{xlabel}'
set ylabel '{ylabel}'
set logscale x 10
{"set logscale y 10" if logy else ""}
set grid
set key outside bottom center horizontal
plot {", ".join(plots)}
"""
    plot(script, path)
    return os.path.relpath(path, os.path.dirname(datadir))


def ratio_table(series, peers_base="mote", better="lower"):
    """Rows: N, then per peer value and ratio to mote."""
    base = {n: m for n, m, _, _ in series.get(peers_base, [])}
    ns = sorted({n for s in series.values() for n, *_ in s})
    lines = ["| N | " + " | ".join(label for p, label in PEERS if p in series) + " |",
             "|---:|" + "---:|" * len([p for p, _ in PEERS if p in series])]
    for n in ns:
        cells = []
        for p, _ in PEERS:
            if p not in series:
                continue
            row = [r for r in series[p] if r[0] == n]
            if not row:
                cells.append("–")
                continue
            _, m, lo, hi = row[0]
            cell = f"{fmt(m)} [{fmt(lo)}–{fmt(hi)}]"
            if p != peers_base and n in base and base[n] > 0:
                cell += f" (×{m / base[n]:.1f})"
            cells.append(cell)
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


BUCKETS = [
    ("measurement (trigger, trampoline)", r"^bench_"),
    ("task code (coroutine bodies, awaiters)", r"^task body|FutureAwaiter|YieldNow|poll_thunk"),
    ("sync (Signal, Channel, WaitQueue)", r"Signal|Channel|WaitQueue|WaitNode|FifoQueue|CriticalSection"),
    ("time (timer queue, time driver, Timer::poll)", r"on_alarm|schedule_wake|remove|merge_siblings|meld|rearm|"
                                                     r"time_|clock_now|Instant|Timer|Ticker|_dualtimer_irq"),
    ("executor (wake, run queue, run loop, poll, run_task)", r"Executor|RunQueue|wake_task|Waker|sleep|"
                                                             r"InterruptExecutor"),
    ("interrupt handlers", r"_irq$"),
    ("other", r"."),
]


def trace_section(traces, cycles):
    import re
    lines = []
    labels = {"switch": "task switch", "channel": "channel hand-off (per message)",
              "irq_thread": "interrupt → task (thread mode)", "alarm": "alarm → task"}
    for key, label in labels.items():
        runs = traces.get(key)
        if not runs:
            continue
        total = sum(n for _, n in runs)
        buckets = {}
        for f, n in runs:
            for b, rx in BUCKETS:
                if re.search(rx, f):
                    buckets[b] = buckets.get(b, 0) + n
                    break
        seq = " → ".join(f"{f.replace('mote::', '').replace('detail::', '')} {n}" for f, n in runs)
        lines.append(f"**{label}** ({total} instructions in the traced window): "
                     + "; ".join(f"{b} {n}" for b, n in buckets.items()) + ".\n")
        lines.append(f"<details><summary>instruction by instruction, per function</summary>\n\n{seq}\n\n</details>\n")
    return lines


def render(args):
    boards = {}
    clang_boards = {}  # the same firmware compiled by clang-16 (tools/bench.sh: mps2-an385)
    for path in args.firmware:
        with open(path) as f:
            r = json.load(f)
        (clang_boards if r.get("toolchain") == "clang" else boards)[r["board"]] = r
    host = None
    if args.host and os.path.exists(args.host):
        with open(args.host) as f:
            host = json.load(f)
    meta = {}
    meta_path = os.path.join(os.path.dirname(args.firmware[0]), "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
    os.makedirs(args.images, exist_ok=True)

    ref = boards.get("mps2-an385")
    out = []
    w = out.append
    w("# Performance and footprint\n")
    w("Generated by `" + args.command + "` — do not edit by hand; rerun the command. "
      "Every figure below was measured by that run.\n")
    w(f"- date: {meta.get('date', '?')}")
    w(f"- firmware compiler: {meta.get('arm_gcc', '?')}, `-Os` (CMake MinSizeRel of the board presets); "
      f"mps2-an385 also with {meta.get('clang', 'clang-16')} (`MOTE_TOOLCHAIN=clang`: same flags, headers, "
      "libraries and GNU link, docs/toolchains.md)")
    w(f"- emulator: {meta.get('qemu', '?')}, `-icount shift=0,sleep=off` (1 instruction = 1 ns of virtual "
      "time; idle time is skipped)")
    w(f"- host: {meta.get('host_cpu', '?')}, {meta.get('host_cores', '?')} cores shared with other jobs; "
      f"{meta.get('host_cxx', '?')}; Boost {meta.get('boost', '?')}")
    w(f"- mote commit: {meta.get('commit', '?')}\n")

    w("## How the firmware figures are counted\n")
    w("`bench/firmware/cycles.cpp` runs under QEMU with the TCG plugin `bench/plugin/bench_plugin.c`, which "
      "counts every executed guest instruction (one inline increment per instruction) between marker "
      "instructions placed in the firmware (`mov r10, r10` … `mov r11, r11`; markers themselves are not "
      "counted). The figures are therefore exact instruction counts, identical on every run; the guest's "
      "25 MHz timers (40 instructions per count) are not used for measuring. What each window covers:\n")
    w("1. **task switch**: two tasks `co_await mote::yield_now()` to each other; one switch is from one task's "
      "marker to the other's, so it includes both tasks' loop code (mean over 4,000 switches without the "
      "first and last; min–max in brackets: the switch within one run-queue batch and the one across "
      "batches differ);")
    w("2. **channel hand-off**: a sender and a receiver on a `Channel<uint32_t, 1>`, so every message is a "
      "hand-off between the tasks (the sender blocks on the full channel until the receiver ran); per "
      "message, from one receive to the next;")
    w("3. **interrupt → task**: SysTick fires while the executor sleeps; its handler opens the window and "
      "pends a software interrupt through the NVIC (`STIR`; `ISPR` on Armv6-M); that interrupt's handler "
      "calls `Signal::signal` as a driver would; the window closes at the task's first instruction after its "
      "`co_await signal.wait()`. The trigger's own return (1 instruction) is subtracted. Boards whose time "
      "driver uses SysTick (lm3s6965evb) or that have none in QEMU (microbit) have no row;")
    w("4. **alarm → task**: a task awaits `Timer::after(100 us)`; from the alarm interrupt's first "
      "instruction (an entry trampoline marks it; its 5 instructions are subtracted) to the task's first "
      "instruction after the await;")
    w("5. **idle**: a task awaits a timer 1 s away; the plugin counts what runs between the first `WFI` and "
      "the alarm's entry and the exceptions taken (every vector is routed through a counting trampoline).\n")

    if ref:
        c = ref["cycles"]
        w("## mps2-an385 (Cortex-M3): the goals\n")
        w("FreeRTOS figures are the issue's own measurement of FreeRTOS 11 on the same QEMU board with the "
          "same method, -Os, GCC 12; Embassy's are its maintainers' cycle counts on real hardware (both as "
          "quoted in issue 5, not measured here).\n")
        cl = clang_boards.get("mps2-an385")
        cc = cl["cycles"] if cl else {}
        w("| figure (instructions) | FreeRTOS 11, measured | Embassy (real hardware) | mote goal | **mote** (GCC 12) "
          "| | mote, clang-16 | |")
        w("|---|---|---|---|---|---|---|---|")

        def clang_cells(value_txt, ok):
            return f"{value_txt} | {'**met**' if ok else 'not met'}" if cl else "– | "

        for key, (label, frt, emb, goal, limit) in GOALS.items():
            v = c.get(key)
            vc = cc.get(key)
            w(f"| {label} | {frt} | {emb} | {goal} | {cyc(v)} | {met(v['mean'], limit) if v else '–'} | "
              f"{clang_cells(cyc(vc), vc is not None and vc['mean'] <= limit) if vc else '– |'} |")

        def idle_cells(cy):
            ok = cy.get("idle_irqs") == 1 and (cy.get("idle_asleep") or 0) <= 100
            return (f"{cy.get('idle_irqs')} interrupt (the alarm), {cy.get('idle_asleep')} instructions while the "
                    f"timer is pending; {fmt(cy.get('idle_window'))} for the whole await (arming + sleep + alarm → "
                    f"task) | {'**met**' if ok else 'not met'}")
        w(f"| idle second, one timer pending | 1,000 tick interrupts, ~44,000 instructions | tickless | 0 "
          f"interrupts besides the alarm, ≤ 100 instructions | {idle_cells(c)} | {idle_cells(cc) if cl else '– |'} |")

        def blink_cells(r):
            blink = r.get("seed_tasks", {}).get("blink_led") if r else None
            if not blink:
                return "– | "
            per_task = blink["reserved"]
            return (f"{per_task} B (the frame, incl. the 24 B task header; no pool prefix, no pool pointer) | "
                    f"{met(per_task, 64)}")
        if ref.get("seed_tasks", {}).get("blink_led"):
            w(f"| RAM per task (seed demo's blink task) | 76 B TCB + 512 B minimum stack | header + future | ≤ 64 B, "
              f"header included | {blink_cells(ref)} | {blink_cells(cl)} |")

        def elf_cells(r, name, field, limit, suffix=""):
            e = r["elves"].get(name) if r else None
            return f"{e[field]:,} B{suffix} | {met(e[field], limit)}" if e else "– | "
        if ref["elves"].get("reference_app"):
            def ram_cells(r):
                if not r or not r["elves"].get("reference_app"):
                    return "– | "
                ram = ref_static_ram(r)
                return f"{ram:,} B + main stack | {met(ram, 700)}"
            w(f"| reference app static RAM | 2,700 B + main stack | – | ≤ 700 B + main stack | "
              f"{ram_cells(ref)} | {ram_cells(cl)} |")
            w(f"| reference app flash | 4,584 B (static) / 5,012 B (heap_4) | – | ≤ 2,500 B | "
              f"{elf_cells(ref, 'reference_app', 'flash', 2500)} | {elf_cells(cl, 'reference_app', 'flash', 2500)} |")
        if ref["elves"].get("blinky"):
            w(f"| blink-only app flash | 2,724 B (static) / 3,168 B | 2,840 B (best, Cortex-M0) | ≤ 1,200 B | "
              f"{elf_cells(ref, 'blinky', 'flash', 1200)} | {elf_cells(cl, 'blinky', 'flash', 1200)} |")
        if cl:
            def frames(r):
                return ", ".join(f"{n} {t['frame']} B" for n, t in sorted(r.get("seed_tasks", {}).items()))
            w("")
            w(f"Seed demo task frames (bytes, the 24 B task header included): GCC 12 {frames(ref)}; clang-16 {frames(cl)}. "
              "Both builds use the same flags, headers, C library and GNU link; only the compiler differs.")
        w("")
        w(f"The measuring loop itself (a lap marker in a `for` loop over a frame variable, no await) costs "
          f"{fmt(c['loop']['mean'])} instructions per lap; it is included in the switch and channel figures, "
          "as it is in the issue's reference figures (\"including the loop\").\n")

    if ref and ref.get("traces"):
        w("## Where the instructions go (mps2-an385)\n")
        w("The plugin's trace of one steady-state window (`trace=<group>`, the second window), mapped to "
          "functions with `arm-none-eabi-addr2line`. For the switch, the traced window is one of the two "
          "alternating kinds (see the min–max above); for the alarm, from the exception entry on (the "
          "trampoline's 5 are subtracted in the table above); for the interrupt, from the SysTick trigger's "
          "pend (its return is subtracted above).\n")
        for line in trace_section(ref["traces"], ref["cycles"]):
            w(line)

    w("## Every board\n")
    w("Same firmware, same method; rows per board (instructions; mean, min–max where they differ).\n")
    w("| board | core | switch | channel | IRQ → task (thread) | IRQ → task (interrupt executor) | alarm → task "
      "| idle: interrupts / instructions while pending / whole await |")
    w("|---|---|---|---|---|---|---|---|")
    for b in BOARD_ORDER:
        if b not in boards:
            continue
        c = boards[b]["cycles"]
        w(f"| {b} | {BOARD_CORE.get(b, '')} | {cyc(c.get('switch'))} | {cyc(c.get('channel'))} | "
          f"{cyc(c.get('irq_thread'))} | {cyc(c.get('irq_interrupt_executor'))} | {cyc(c.get('alarm'))} | "
          f"{c.get('idle_irqs')} / {c.get('idle_asleep')} / {fmt(c.get('idle_window'))} |")
    w("\nlm3s6965evb: its clock is SysTick extended by its wrap interrupt, and its alarm never sleeps past the "
      "next wrap (chips/lm3s6965/src/time_driver.cpp says why), hence the extra interrupts in its idle "
      "second. microbit (Cortex-M0, Armv6-M): Thumb-1 only (mostly 16-bit instructions with fewer "
      "addressing modes and registers), so the same paths take more instructions.\n")

    if ref:
        w("## RAM (item 6)\n")
        w("Per task: the coroutine frame, which holds the promise: the 32-byte task header on firmware "
          "(64-bit deadline and timer-list link, run-queue link, executor, the awaited future's poll "
          "function and object) and the pool pointer. Nothing precedes a frame in its slot (no-alloc "
          "mode); a task with an async budget has its nested-frame region after the frame. Frame sizes "
          "are what the compiler passes to the promise's `operator new`.\n")
        w("| program | task | frame (B) | reserved per instance (B) |")
        w("|---|---|---:|---:|")
        for prog, key in (("seed demo", "seed_tasks"), ("reference app", "ref_tasks")):
            for name, t in ref.get(key, {}).items():
                w(f"| {prog} | {name} | {t['frame']} | {t['reserved']} |")
        w("")
        for prog, elf_key, arena_key in (("seed demo", "seed", "seed_arena"),
                                         ("reference app", "reference_app", "ref_arena")):
            e = ref["elves"].get(elf_key)
            a = ref.get(arena_key)
            if e:
                arena_txt = f"; frame arena {a['total']:,} B of which {a['used']:,} B used" if a else ""
                w(f"- {prog}: static RAM {e['ram']:,} B (.data {e['data']:,} + .bss {e['bss']:,}){arena_txt}; "
                  "the main stack (4 KiB reserved by the linker script) comes on top.")
        w("")

        w("## Flash (item 7)\n")
        w("By symbol (arm-none-eabi-nm sizes, grouped by name: `bench/bench_report.py`, COMPONENTS). "
          "Channel and timer code that the compiler inlined into a task's coroutine body counts as "
          "application code.\n")
        comps = ["executor", "time", "sync", "application", "startup, console", "panic, faults, exit", "C library",
                 "unattributed"]
        w("| program | flash (B) | " + " | ".join(comps) + " |")
        w("|---|---:|" + "---:|" * len(comps))
        for name, label in (("blinky", "minimal blinky (bench/firmware/blinky.cpp)"),
                            ("reference_app", "reference app (bench/reference_app)"),
                            ("seed", "seed demo (examples/seed)")):
            e = ref["elves"].get(name)
            if e:
                w(f"| {label} | {e['flash']:,} | " + " | ".join(f"{e['components'].get(k, 0):,}" for k in comps) + " |")
        w("")

    if host:
        w("## On the host: mote against Boost.Asio, Boost.Fiber and std::thread\n")
        w("`bench/host_compare/host_compare.cpp`, one run, every measurement in a fresh child process; "
          "median of the repetitions with [min–max] and, in brackets, the ratio to mote at the same N "
          "(above 1: mote is better). Tasks wait on a timer 1 h away. mote runs its host executor in "
          "`MOTE_ALLOC` mode (frames from malloc, so malloc's chunk overhead is included; a static arena "
          "would need sizing for 10^6 frames up front). Caps: Boost.Fiber 10^5 fibers (16 KiB stacks, "
          "`fixedsize_stack`), std::thread 10^4 threads (default stacks) — beyond that the machine, shared "
          "with other jobs, would run out of memory or thread limits. Timing on a shared 2-core machine is "
          "noisy: see the spread.\n")
        mem = host_series(host, "spawn", "bytes_per_task")
        spawn = host_series(host, "spawn", "spawn_ns_per_task")
        hop = host_series(host, "pingpong", "ns_per_hop")
        timers = host_series(host, "timers", "ns_per_timer")
        reps = {s: max((r[f]["reps"] for r in host.get(s, []) for f in r if isinstance(r[f], dict)), default=0)
                for s in ("spawn", "pingpong", "timers")}
        img_mem = make_plot(mem, os.path.join(args.images, "perf-memory-per-task.png"),
                            "Memory per waiting task (RSS growth / N)", "bytes per task")
        img_hop = make_plot(hop, os.path.join(args.images, "perf-wake-latency.png"),
                            "Wake -> resume between two tasks while N others wait", "ns per hop")
        img_timer = make_plot(timers, os.path.join(args.images, "perf-timer-cost.png"),
                              "Timers with random deadlines: insert + expire", "ns per timer",
                              xlabel="timers (log scale)", logy=False)
        w(f"### Memory per task (bytes, RSS growth / N; {reps['spawn']} repetitions)\n")
        w("RSS grows in pages and the allocators map their first arenas up front, so at small N the figure "
          "is mostly that fixed cost spread over few tasks; the cost per task is the plateau at large N.\n")
        w(ratio_table(mem))
        w(f"\n![memory per task]({img_mem})\n")
        w(f"### Spawn time per task (ns: create + start until every task waits; {reps['spawn']} repetitions)\n")
        w(ratio_table(spawn))
        w(f"\n### Wake → resume, ping-pong (ns per hop, while N tasks wait; {reps['pingpong']} repetitions)\n")
        w("mote: two tasks signal each other through `mote::Signal`; Asio: the cancel-a-timer idiom (Boost 1.74 "
          "has no coroutine channel); Fiber: `buffered_channel`; threads: `std::atomic::wait`/`notify_one` "
          "(futex).\n")
        w(ratio_table(hop))
        w(f"\n![wake latency]({img_hop})\n")
        w(f"### Timers: insert + expire (ns per timer, random deadlines; {reps['timers']} repetitions)\n")
        w("mote: the pairing-heap timer queue (`schedule_wake` per task header, then one alarm expires "
          "all); Asio: `steady_timer::async_wait` each (its timer heap), then `run()`. Fiber and thread "
          "timers are one per fiber/thread: their cost is in the spawn figures.\n")
        w(ratio_table(timers))
        w(f"\n![timer cost]({img_timer})\n")

    notes_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance_notes.md")
    if os.path.exists(notes_path):
        with open(notes_path) as f:
            w(f.read())
    if ref:
        c = ref["cycles"]
        met_list, unmet = [], []

        def judge(label, value_txt, ok):
            (met_list if ok else unmet).append(f"{label} {value_txt}")

        for key, (label, _, _, goal, limit) in GOALS.items():
            v = c.get(key)
            if v:
                judge(label, f"{fmt(v['mean'], 2)} (goal {goal})", v["mean"] <= limit)
        judge("idle second", f"{c.get('idle_irqs')} interrupt, {c.get('idle_asleep')} instructions while pending "
              "(goal: 0 interrupts besides the alarm, ≤ 100 instructions)",
              c.get("idle_irqs") == 1 and (c.get("idle_asleep") or 0) <= 100)
        blink = ref.get("seed_tasks", {}).get("blink_led")
        if blink:
            judge("RAM per blink task", f"{blink['reserved']} B (goal ≤ 64 B)", blink["reserved"] <= 64)
        e = ref["elves"].get("reference_app")
        if e:
            ref_ram = ref_static_ram(ref)
            judge("reference app static RAM", f"{ref_ram:,} B + main stack (goal ≤ 700 B)", ref_ram <= 700)
            judge("reference app flash", f"{e['flash']:,} B (goal ≤ 2,500 B)", e["flash"] <= 2500)
        e = ref["elves"].get("blinky")
        if e:
            judge("blinky flash", f"{e['flash']:,} B (goal ≤ 1,200 B)", e["flash"] <= 1200)
        w("## Closing note\n")
        w("On mps2-an385 with GCC 12 -Os, measured by this run:\n")
        w("- goals met: " + ("; ".join(met_list) if met_list else "none") + ".")
        w("- goals not yet met: " + ("; ".join(unmet) if unmet else "none") + ".")
        freertos = {"switch": (55, "task switch"), "channel": (598, "channel hand-off (598 at equal priority)"),
                    "irq_thread": (171, "interrupt → task"), "alarm": (158, "alarm → task")}
        ahead = [f"{label}: {fmt(c[k]['mean'], 2)} vs {frt}" for k, (frt, label) in freertos.items()
                 if k in c and c[k]["mean"] < frt]
        behind = [f"{label}: {fmt(c[k]['mean'], 2)} vs {frt}" for k, (frt, label) in freertos.items()
                  if k in c and c[k]["mean"] >= frt]
        w("\nWhat limits them is in the section above. Against FreeRTOS 11 on the same board (issue 5's "
          "figures, instructions): mote needs fewer for " + ("; ".join(ahead) if ahead else "none of the paths")
          + ", and more for " + ("; ".join(behind) if behind else "none") + ". It is ahead on the idle second "
          "(tickless: one alarm instead of 1,000 tick interrupts) and on RAM per task (a frame instead of a TCB "
          "plus a stack), and behind on flash.\n")
    with open(args.out, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return 0
