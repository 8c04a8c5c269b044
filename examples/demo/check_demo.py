#!/usr/bin/env python3
"""Runs the demo firmware with --seconds N under QEMU and checks what it shows.

    check_demo.py --seconds N -- COMMAND...

COMMAND runs QEMU under tools/mote-log (`mote-log run --elf demo.elf -- qemu-system-arm ...`):
the demo logs through MOTE_LOG_INFO, and its lines are checked as the decoder shows them.

Adds `-append "--seconds N"` (the firmware's command line, read with semihosting) and
`-trace pl061_set_output` (QEMU's GPIO model reports every change of an output pin on stderr) to
the command, then checks:
  - exit status 0, within the time limit; nothing panicked;
  - the banner: board, CPU clock, tick rate, the memory report with the four tasks and lwIP's
    runner, the arena and the main stack's high-water mark;
  - every line fits 80 columns; every line after the banner is "[  s.mmm s] INFO  <task> <message>",
    times never going back; the decoder reported nothing damaged;
  - the LED: blink_led's reports alternate on/off, each with the level it read back from PF0, and
    toggle about every 500 ms; QEMU saw exactly the same levels on PF0, in that order (the OLED's
    and the SD card's select lines change too and are left out);
  - the ADC: a report once a second, every reading (min, max, mean) within QEMU's model's range
    0x200..0x207 (512..519, mid-scale of the 10-bit converter) and the mean's voltage right for a
    3.0 V full scale; 10 triggers a second (QEMU 7.2 converts twice per trigger: 20 samples); no
    overrun;
  - the TMP105 (QEMU's model, 0 C unless set): one "temperature 0.000 C" line; the network (no
    NIC backend in this run): only "waiting for DHCP";
  - the last line: "N s are up" at N.000 s, with the toggle count matching the LED reports.
The whole output is printed at the end, and on failure.
"""

import argparse
import re
import subprocess
import sys

LINE = re.compile(r"^\[ *(\d+)\.(\d{3}) s\] INFO  (blink_led|read_sensor|handle_network|console) +(.*)$")
WIDTH = 80
LED = re.compile(r"^led (on|off) +\(PF0 reads ([01])\)$")
ADC = re.compile(r"^(\d+) samples, mean (\d+)\.(\d) = (\d)\.(\d{3}) V, (\d+)\.\.(\d+)$")
TRACE = re.compile(r"pl061_set_output (\S+) setting output (\d) to (\d)")
QEMU_ADC_RANGE = range(0x200, 0x208)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    program = args.program[1:] if args.program[:1] == ["--"] else args.program
    n = args.seconds
    command = program + ["-append", f"--seconds {n}", "-trace", "pl061_set_output"]
    try:
        run = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"check_demo: FAILED: no exit within {args.timeout} s")
        return 1
    out = run.stdout.decode("latin-1")
    err = run.stderr.decode("latin-1")
    problems = []

    def check(ok, message):
        if not ok:
            problems.append(message)
        return ok

    check(run.returncode == 0, f"exit status {run.returncode}, expected 0")
    check("panicked" not in out, "the firmware panicked")
    check("mote-log:" not in out, "the log decoder reported damaged frames or a wrong ELF")
    for raw in out.splitlines():
        check(len(raw) <= WIDTH, f"line wider than {WIDTH} columns: {raw!r}")
    for needle in ("board    lm3s6965evb", "CPU 50 MHz, tick rate 50000000 Hz", f"ends     after {n} s"):
        check(needle in out, f"banner lacks {needle!r}")
    for row in ("task +frame +pool", "blink_led +[1-9]\\d* +1 ", "read_sensor +[1-9]\\d* +1 ",
                "handle_network +[1-9]\\d* +2 ", "console +[1-9]\\d* +1 ", "mote_net_runner +[1-9]\\d* +1 ",
                "arena: \\d+ bytes, \\d+ used, \\d+ free",
                "main stack: \\d+ bytes, at most \\d+ used so far"):
        check(re.search(row, out), f"memory report lacks /{row}/")

    # The timeline: every line after the banner's memory report.
    body = out.split("main stack:", 1)[-1].split("\n", 1)[-1]
    events = []
    last_ms = 0
    for raw in body.splitlines():
        if not raw.strip():
            continue
        m = LINE.match(raw)
        if not check(m, f"not a timestamped task line: {raw!r}"):
            continue
        ms = int(m.group(1)) * 1000 + int(m.group(2))
        check(ms >= last_ms, f"time went back: {raw!r}")
        last_ms = ms
        events.append((ms, m.group(3), m.group(4)))

    # The LED, as the firmware read it back.
    leds = []
    for ms, task, text in events:
        if task != "blink_led":
            continue
        m = LED.match(text)
        if check(m, f"unexpected blink_led line: {text!r}"):
            state, level = m.group(1), int(m.group(2))
            check((state == "on") == (level == 1), f"LED reported {state} but PF0 reads {level}")
            leds.append((ms, level))
    toggles = len(leds) - 1
    check(2 * n - 1 <= toggles <= 2 * n, f"{toggles} LED toggles in {n} s, expected {2 * n - 1} or {2 * n}")
    for (t0, l0), (t1, l1) in zip(leds, leds[1:]):
        check(l1 != l0, f"LED did not change at {t1} ms")
        check(t1 - t0 == 500, f"LED toggled {t1 - t0} ms after the previous toggle, expected 500")
    # ... and as QEMU's GPIO model saw the pin.
    # The OLED's select and data/command pins (PA3, PC7) and the SD card's select (PD0, held high)
    # change too: PF0 is the line 0 of the port whose line 0 changes most (QEMU names ports by
    # device number, not by letter).
    traced = [(m.group(1), int(m.group(2)), int(m.group(3))) for m in TRACE.finditer(err)]
    line0 = [dev for dev, line, _ in traced if line == 0]
    led_port = max(set(line0), key=line0.count) if line0 else None
    seen = [(dev, line, lvl) for dev, line, lvl in traced if dev == led_port and line == 0]
    check(seen, "QEMU traced no GPIO output change on a line 0 (pl061_set_output)")
    check([lvl for _, _, lvl in seen] == [lvl for _, lvl in leds],
          f"QEMU saw PF0 levels {[lvl for _, _, lvl in seen]}, the firmware reported {[lvl for _, lvl in leds]}")

    # The ADC.
    reports = [text for _, task, text in events if task == "read_sensor" and ADC.match(text)]
    check(len(reports) >= n - 1, f"{len(reports)} ADC reports in {n} s, expected at least {n - 1}")
    for text in reports:
        m = ADC.match(text)
        count, lo, hi = int(m.group(1)), int(m.group(6)), int(m.group(7))
        mean = int(m.group(2)) + int(m.group(3)) / 10
        volts = int(m.group(4)) + int(m.group(5)) / 1000
        check(count in (10, 20), f"{count} samples in a second, expected 10 triggers (20 under QEMU 7.2)")
        for what, v in (("min", lo), ("max", hi), ("mean", int(mean))):
            check(v in QEMU_ADC_RANGE, f"ADC {what} {v} outside QEMU's range 512..519: {text!r}")
        check(lo <= mean <= hi, f"mean outside min..max: {text!r}")
        check(abs(volts - mean * 3.0 / 1024) < 0.0011, f"a mean of {mean} is not {volts} V of 3.0 V full scale")
    others = [text for _, task, text in events if task == "read_sensor" and not ADC.match(text)]
    # QEMU's TMP105 model starts at 0 C (example.demo_network sets it over QMP); logged when it changes.
    check(others == ["sampling AIN0, 10/s, triggered by Timer1", "temperature 0.000 C"],
          f"unexpected read_sensor lines {others}")
    # No NIC backend here (-nic none): the network waits for DHCP and says so, nothing else.
    net = [text for _, task, text in events if task == "handle_network"]
    check(net == ["network: waiting for DHCP"], f"unexpected handle_network lines {net}")
    check(not any("overrun" in text for _, _, text in events), "the ADC reported an overrun")

    # The end.
    if check(events, "no timestamped lines at all"):
        ms, task, text = events[-1]
        m = re.match(rf"^{n} s are up: (\d+) LED toggles, (\d+) samples; bye$", text)
        if check(task == "console" and m, f"last line is not the end of the run: {text!r}"):
            check(ms == n * 1000, f"ended at {ms} ms, expected {n * 1000}")
            check(int(m.group(1)) == toggles, f"goodbye counts {m.group(1)} toggles, the LED reports {toggles}")
            check(int(m.group(2)) >= 10 * (n - 1), f"only {m.group(2)} samples reached handle_network")

    sys.stdout.write(out)
    if problems:
        print("\ncheck_demo: FAILED:\n  " + "\n  ".join(problems))
        return 1
    print(f"\ncheck_demo: ok ({toggles} LED toggles seen by the firmware and by QEMU, {len(reports)} ADC reports)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
