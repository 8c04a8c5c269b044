#!/usr/bin/env python3
"""Checks MOTE_LOG_* end to end: firmware under QEMU -> frames -> tools/mote-log -> text.

    check_log.py decode  --elf E --expected F --tick-hz N -- QEMU_COMMAND...
    check_log.py corrupt --elf E -- QEMU_COMMAND...
    check_log.py wrong-elf --elf E --other-elf O -- QEMU_COMMAND...

decode: runs the firmware, decodes its output and compares it line by line with F (frame lines
  without their timestamp; `~ ` starts a regex line; {tick} is one tick as a duration); the
  timestamps must never go back and the last frame must come 1.5 s after the others. Also: the
  format strings are not in the image's loaded sections nor on the wire, .mote_log is not
  loaded, and `mote-log run` shows the same text and passes the exit status through.
corrupt: damages the captured stream at every byte of every frame (deleted, or one bit flipped)
  and cuts it inside the last frame. Each time the damage must be reported, no frame line may
  appear that the clean stream does not have (never a wrong line), and every other frame must
  still be decoded (it resynchronises).
wrong-elf: decodes the stream with another firmware's ELF: mote-log must say so, decode no
  frame and exit with status 3.
bad-input: mote-log's own bad input (missing or non-ELF files, no command): each a clear
  message and a non-zero exit status; the text still passes through.
ring: tests/target/log_ring.cpp logs into a RAM ring; the ring is dumped through QEMU's monitor
  and decoded with `mote-log ring`: the newest frames in order, the overwritten ones reported.
irq: tests/target/log_irq.cpp logs from a timer interrupt while a task logs: both sequences
  complete and in order, no damaged frame, some interrupt frames between the task's.
"""

import argparse
import importlib.machinery
import importlib.util
import io
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "mote-log")
FRAME_LINE = re.compile(r"^\[ *(\d+)\.(\d{3}) s\] (TRACE|DEBUG|INFO |WARN |ERROR) ")


def load_tool():
    loader = importlib.machinery.SourceFileLoader("mote_log", TOOL)
    spec = importlib.util.spec_from_loader("mote_log", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fail(message, output=None):
    if output is not None:
        sys.stdout.write(output if isinstance(output, str) else output.decode("utf-8", "replace"))
    print(f"check_log: FAILED: {message}")
    sys.exit(1)


def run_firmware(command):
    run = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    if run.returncode != 0:
        fail(f"firmware exited with {run.returncode}: {run.stderr.decode('utf-8', 'replace')}", run.stdout)
    return run.stdout


def decode(tool, table, raw, elf="app.elf"):
    out = io.BytesIO()
    decoder = tool.Decoder(table, out, elf)
    decoder.feed(raw)
    decoder.finish()
    return out.getvalue().decode("utf-8", "replace"), decoder


def format_tick(tick_hz):
    ns = 10**9 // tick_hz
    return f"{ns} ns" if ns % 1000 else f"{ns // 1000} us"


def check_decode(args, command, tool):
    raw = run_firmware(command)
    table = tool.Table(tool.Elf(args.elf))
    text, decoder = decode(tool, table, raw, args.elf)
    print(text, end="")
    if decoder.damaged or decoder.wrong_elf or decoder.undecoded:
        fail("the clean stream was reported as damaged or from another ELF")
    expected = [line.replace("{tick}", format_tick(args.tick_hz))
                for line in open(args.expected, encoding="utf-8").read().splitlines()]
    lines = text.splitlines()
    stamps = []
    got = []
    for line in lines:
        m = FRAME_LINE.match(line)
        if m:
            stamps.append(int(m.group(1)) * 1000 + int(m.group(2)))
            line = line[m.end() - 6:]
        got.append(line)
    if len(got) != len(expected):
        fail(f"{len(got)} lines, expected {len(expected)}")
    for i, (g, e) in enumerate(zip(got, expected)):
        ok = re.fullmatch(e[2:], g) if e.startswith("~ ") else g == e
        if not ok:
            fail(f"line {i + 1}: got {g!r}, expected {e!r}")
    if stamps != sorted(stamps):
        fail(f"timestamps go back: {stamps}")
    if stamps[-1] - stamps[-2] < 1500 or stamps[-1] - stamps[-2] > 1510:
        fail(f"the line after the 1500 ms timer is stamped {stamps[-1] - stamps[-2]} ms after the one before")

    # The format strings stay on the host: not in any loaded section, not on the wire.
    elf = tool.Elf(args.elf)
    section = elf.section(".mote_log")
    if section["flags"] & 0x2:  # SHF_ALLOC
        fail(".mote_log is loaded into the image (SHF_ALLOC)")
    for s in elf.sections:
        if s["flags"] & 0x2 and s["type"] != 8 and b"adc {} = {} mV on {}" in elf.contents(s):
            fail(f"a format string is in the loaded section {s['name']}")
    if b"mV on" in raw or b"template<" in raw:
        fail("a format string was sent on the wire")
    frames = re.findall(rb"\xff[^\x00]*\x00", raw)
    print(f"check_log: {decoder.decoded} frames decoded ({len(frames) - 1} frames + the build id, "
          f"{len(raw)} bytes on the wire with the printf text)")

    # A console that hides its prompt ("\r" ESC [K) before a log line: the line goes where the
    # prompt was, with no empty line before it, also when the sequence arrives split.
    for cut in (None, 3, 5):
        out = io.BytesIO()
        decoder = tool.Decoder(table, out, args.elf)
        stream = frames[0] + b"> ab\r\x1b[K" + frames[1] + b"> ab"
        at = stream.index(b"\r") + cut if cut else len(stream)
        decoder.feed(stream[:at])
        decoder.feed(stream[at:])
        decoder.finish()
        shown = out.getvalue().decode("utf-8", "replace")
        if not re.fullmatch(r"> ab\r\x1b\[K\[ *\d+\.\d{3} s\] INFO  adc 0 = 1509 mV on AIN0\n> ab", shown):
            fail(f"a log line under a hidden prompt (cut at {cut}) shows as {shown!r}")

    # run-<app>'s way: mote-log runs QEMU itself; same text, exit status passed through.
    live = subprocess.run([sys.executable, TOOL, "run", "--elf", args.elf, "--"] + command,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    if live.returncode != 0:
        fail(f"mote-log run exited with {live.returncode}", live.stdout)
    if live.stdout.decode("utf-8", "replace") != text:
        fail("mote-log run shows other text than mote-log decode", live.stdout)
    print("check_log: ok")


def check_corrupt(args, command, tool):
    raw = run_firmware(command)
    table = tool.Table(tool.Elf(args.elf))
    clean_text, clean = decode(tool, table, raw)
    clean_frames = [line for line in clean_text.splitlines() if FRAME_LINE.match(line)]
    clean_set = set(clean_frames)
    spans = [(m.start(), m.end()) for m in re.finditer(rb"\xff[^\x00]*\x00", raw)]
    if clean.damaged or len(spans) < 10:
        fail(f"the clean stream: {clean.damaged} damaged, {len(spans)} frames")

    cases = 0

    def check(mutated, what, lost_allowed):
        nonlocal cases
        cases += 1
        text, decoder = decode(tool, table, bytes(mutated))
        lines = text.splitlines()
        frames = [line for line in lines if FRAME_LINE.match(line)]
        wrong = [line for line in frames if line not in clean_set]
        if wrong:
            fail(f"{what}: misdecoded {wrong[0]!r}", text)
        if not any(line.startswith("mote-log: ") for line in lines):
            fail(f"{what}: the damage was not reported", text)
        missing = len(clean_frames) - len(frames)
        if missing > lost_allowed:
            fail(f"{what}: {missing} frames lost (at most {lost_allowed} may be)", text)

    for number, (start, end) in enumerate(spans):
        for pos in range(start, end):
            # A deleted or flipped byte damages its frame; a lost end (or start) marker can take
            # the next frame with it; nothing else may be lost.
            deleted = raw[:pos] + raw[pos + 1:]
            check(deleted, f"frame {number}: byte {pos - start} deleted", 2)
            flipped = bytearray(raw)
            flipped[pos] ^= 1 << (pos % 8)
            check(flipped, f"frame {number}: bit {pos % 8} of byte {pos - start} flipped", 2)
    last_start, last_end = spans[-1]
    for cut in range(last_start + 1, last_end):
        text, decoder = decode(tool, table, raw[:cut])
        cases += 1
        if "input ended inside a frame" not in text:
            fail(f"cut at byte {cut - last_start} of the last frame: not reported", text)
        frames = [line for line in text.splitlines() if FRAME_LINE.match(line)]
        if frames != clean_frames[:-1]:
            fail(f"cut at byte {cut - last_start} of the last frame: the frames before it differ", text)
    print(f"check_log: {cases} damaged streams ({len(spans)} frames): every damage reported, "
          "no wrong line, resynchronised each time; ok")


def check_wrong_elf(args, command, tool):
    # The other firmware runs at the default level (info): its debug call compiled to nothing.
    other = tool.Elf(args.other_elf)
    # (Its records also hold mote's own MOTE_PANIC messages and fault report lines: not log calls.)
    texts = [text for level, _, text in tool.Table(other).records.values() if level < tool.PANIC]
    if texts != ["another firmware: {} {}"]:
        fail(f"the other firmware's records are {texts}: the debug call was not filtered out")
    other_run = [arg if arg != args.elf else args.other_elf for arg in command]
    run_firmware(other_run)  # exit status 0: the filtered call's argument was not evaluated
    raw_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"check_log_{os.getpid()}.bin")
    with open(raw_path, "wb") as f:
        f.write(run_firmware(command))
    try:
        run = subprocess.run([sys.executable, TOOL, "decode", "--elf", args.other_elf, raw_path],
                             capture_output=True, timeout=60)
    finally:
        os.unlink(raw_path)
    text = run.stdout.decode("utf-8", "replace")
    print(text, end="")
    if "wrong ELF: the device runs build" not in text:
        fail("decoding with another firmware's ELF was not reported")
    if any(FRAME_LINE.match(line) for line in text.splitlines()):
        fail("frames were decoded with the wrong ELF")
    if run.returncode != 3:
        fail(f"mote-log exited with {run.returncode}, expected 3")
    # And the right ELF still decodes it (the check is not simply failing).
    if "log_args: done" not in text:
        fail("the printf text did not pass through")
    print("check_log: ok")


def check_irq(args, command, tool):
    raw = run_firmware(command)
    table = tool.Table(tool.Elf(args.elf))
    text, decoder = decode(tool, table, raw, args.elf)
    if decoder.damaged or any(line.startswith("mote-log: ") for line in text.splitlines()):
        fail("damaged frames: a frame was split by another", text)
    messages = [line[FRAME_LINE.match(line).end():] for line in text.splitlines() if FRAME_LINE.match(line)]
    task = [m for m in messages if m.startswith("task ")]
    irq = [m for m in messages if m.startswith("irq ")]
    if task != [f"task {i} of 300" for i in range(300)]:
        fail(f"the task's frames are incomplete or out of order ({len(task)} of 300)", text)
    if irq != [f"irq {i}" for i in range(100)]:
        fail(f"the interrupt's frames are incomplete or out of order ({len(irq)} of 100)", text)
    first_task, last_task = messages.index("task 0 of 300"), messages.index("task 299 of 300")
    between = sum(1 for m in messages[first_task:last_task] if m.startswith("irq "))
    if between == 0:
        fail("no interrupt frame came between the task's frames: the test did not test anything", text)
    print(f"check_log: 300 task frames and 100 interrupt frames ({between} of them between task frames), "
          "none damaged; ok")


def check_bad_input(args, command, tool):
    """mote-log's own bad input: each case a clear message and a non-zero status, nothing lost."""
    raw_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"check_log_bad_{os.getpid()}.bin")
    raw = run_firmware(command)
    with open(raw_path, "wb") as f:
        f.write(raw)
    not_elf = raw_path + ".txt"
    with open(not_elf, "w") as f:
        f.write("not an ELF\n")

    def mote_log(*argv):
        run = subprocess.run([sys.executable, TOOL] + list(argv), capture_output=True, timeout=60)
        return run.returncode, run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")

    try:
        cases = [
            (("decode", "--elf", "/nonexistent/app.elf", raw_path), 2, "no such ELF file: /nonexistent/app.elf"),
            (("decode", "--elf", args.elf, "/nonexistent/capture"), 2, "no such input file"),
            (("stamp", not_elf), 2, "is not an ELF file"),
            (("run", "--elf", args.elf, "--"), 2, "no command given"),
            (("run", "--elf", args.elf, "--", "/nonexistent/qemu"), 2, "cannot start /nonexistent/qemu"),
        ]
        for argv, status, message in cases:
            code, out, err = mote_log(*argv)
            if code != status or message not in err:
                fail(f"mote-log {' '.join(argv)}: exit {code}, stderr {err!r}; expected {status} and {message!r}")
        # Not an ELF, or one without log records: the text still passes through, frames are
        # reported as not decoded.
        for elf, message in ((not_elf, "is not an ELF file"), (args.other_elf, None)):
            code, out, err = mote_log("decode", "--elf", elf, raw_path)
            if message and message not in err:
                fail(f"decode with {elf}: stderr {err!r} lacks {message!r}")
            if "log_args: done" not in out or code == 0:
                fail(f"decode with {elf}: exit {code}; the text must pass through and the status say frames were lost",
                     out)
    finally:
        os.unlink(raw_path)
        os.unlink(not_elf)
    print("check_log: bad input to mote-log: each case a clear message and a non-zero status; ok")


def check_ring(args, command, tool):
    """Runs the ring firmware with QEMU's monitor on a socket, dumps the ring when the firmware says
    it is ready, and decodes the dump with `mote-log ring`."""
    import socket
    import tempfile
    import time
    where = subprocess.run([sys.executable, TOOL, "ring", "--elf", args.elf], capture_output=True, text=True)
    m = re.search(r'memsave (0x[0-9a-f]+) (\d+) "ring.bin"', where.stdout)
    if where.returncode != 0 or not m:
        fail(f"mote-log ring without a dump did not say where the ring is: {where.stdout}{where.stderr}")
    address, size = m.group(1), m.group(2)
    with tempfile.TemporaryDirectory() as tmp:
        monitor = os.path.join(tmp, "monitor.sock")
        dump = os.path.join(tmp, "ring.bin")
        qemu = subprocess.Popen(command + ["-monitor", f"unix:{monitor},server,nowait"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE)
        try:
            seen = b""
            deadline = time.time() + 30
            while b"ring ready" not in seen:
                chunk = os.read(qemu.stdout.fileno(), 4096)
                if not chunk or time.time() > deadline:
                    fail("the firmware never said 'ring ready'", seen)
                seen += chunk
            if re.search(rb"\xff", seen):
                fail("frames reached the console although the ring was selected", seen)
            sock = socket.socket(socket.AF_UNIX)
            sock.connect(monitor)
            sock.settimeout(10)

            def prompt():  # HMP echoes what it gets; wait for "(qemu) " before each command
                got = b""
                while not got.endswith(b"(qemu) "):
                    part = sock.recv(4096)
                    if not part:
                        fail(f"QEMU's monitor closed: {got!r}")
                    got += part
                return got

            prompt()
            sock.sendall(f'memsave {address} {size} "{dump}"\n'.encode())
            reply = prompt()
            if not os.path.exists(dump):
                fail(f"memsave wrote no dump: {reply[-200:]!r}")
            sock.sendall(b"quit\n")
            try:
                while sock.recv(4096):
                    pass
            except OSError:
                pass
            sock.close()
            qemu.wait(timeout=30)
        finally:
            if qemu.poll() is None:
                qemu.kill()
        run = subprocess.run([sys.executable, TOOL, "ring", "--elf", args.elf, dump], capture_output=True, timeout=60)
        text = run.stdout.decode("utf-8", "replace")
        print(text, end="")
        if run.returncode != 0:
            fail(f"mote-log ring exited with {run.returncode}: {run.stderr.decode()}")
        lines = text.splitlines()
        if not lines or not lines[0].startswith("mote-log: the ring wrapped:"):
            fail("the overwritten frames were not reported")
        messages = [line[FRAME_LINE.match(line).end():] for line in lines if FRAME_LINE.match(line)]
        if len(lines) != len(messages) + 1:
            fail("other lines than the wrap report and frames")
        first = int(messages[0].split()[-1]) if messages else -1
        if messages != [f"ring frame {i}" for i in range(first, 40)] or len(messages) < 5:
            fail(f"expected the newest frames up to 'ring frame 39' in order, got {messages}")
    print(f"check_log: the ring held frames {first}..39 of 0..39, the older reported as overwritten; ok")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["decode", "corrupt", "wrong-elf", "irq", "bad-input", "ring"])
    parser.add_argument("--elf", required=True)
    parser.add_argument("--other-elf")
    parser.add_argument("--expected")
    parser.add_argument("--tick-hz", type=int)
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]
    if not command:
        parser.error("the firmware's command goes after --")
    tool = load_tool()
    {"decode": check_decode, "corrupt": check_corrupt, "wrong-elf": check_wrong_elf,
     "irq": check_irq, "bad-input": check_bad_input,
     "ring": check_ring}[args.mode](args, command, tool)


if __name__ == "__main__":
    main()
