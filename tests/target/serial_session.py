#!/usr/bin/env python3
"""Runs a firmware under its emulator and talks to it over the console, step by step.

    serial_session.py [--timeout S] STEP... -- PROGRAM ARGS...

Steps run in order:
    --expect REGEX   wait until the output after the previous match matches REGEX (Python re)
    --send TEXT      write TEXT to the program's standard input (backslash escapes such as \\n and
                     \\x01 are decoded; with QEMU's -nographic, "\\x01b" sends a break)
    --send-seq N     write N bytes of the test pattern: byte i is chr(33 + i % 90) ('!'..'z')
    --qmp JSON       send JSON (one QMP command) to QEMU's monitor socket (--qmp-socket, which the
                     program's command line must open: -qmp unix:PATH,server=on,wait=off) and
                     fail unless QEMU answers with "return" (e.g. qom-set of a device property)
    --run COMMAND    run COMMAND (a shell command line) while the program keeps running, and fail
                     unless it exits with status 0 (e.g. a check of a QMP screendump)

Nothing is written before the firmware has printed what the preceding --expect waits for, so
no byte reaches a UART before its receiver is set up. The program must then exit with status 0
(or --exit-status). The whole output is printed at the end, and on any failure.
"""

import argparse
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time


def pattern(n):
    return bytes(33 + i % 90 for i in range(n))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for each step and for the exit")
    parser.add_argument("--exit-status", type=int, default=0)
    steps = []
    parser.add_argument("--expect", action="append", type=lambda v: steps.append(("expect", v)))
    parser.add_argument("--send", action="append", type=lambda v: steps.append(("send", v)))
    parser.add_argument("--send-seq", action="append", type=lambda v: steps.append(("seq", int(v))))
    parser.add_argument("--qmp", action="append", type=lambda v: steps.append(("qmp", v)))
    parser.add_argument("--run", action="append", type=lambda v: steps.append(("run", v)))
    parser.add_argument("--qmp-socket", help="QEMU's QMP socket (a path) for --qmp steps")
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    program = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not program:
        parser.error("no program given (after --)")

    # The emulator's own messages (stderr) go to a file, shown after the output: merged into the
    # pipe they could land inside a line of the firmware's (QEMU writes a warning in pieces, and
    # under tools/mote-log the console text arrives through the decoder while stderr does not).
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(program, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)

    def stderr_text():
        errors.seek(0)
        return errors.read().decode("latin-1")
    output = bytearray()
    matched_to = 0

    def read_some(deadline):
        """Reads what the program printed, waiting at most until deadline; False at end of output."""
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            return True
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            return False
        output.extend(chunk)
        return True

    def fail(message):
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        sys.stdout.write(output.decode("latin-1") + stderr_text())
        sys.stdout.write(f"\nserial_session: FAILED: {message}\n")
        sys.exit(1)

    qmp = None

    def qmp_reply(deadline):
        """The next QMP message that is not an asynchronous event."""
        buf = b""
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                message = json.loads(line)
                if "event" not in message:
                    return message
            qmp.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = qmp.recv(4096)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                # A command that lets the firmware finish (a key press it waits for) may make
                # QEMU exit before its answer is read: then the steps after it check the output.
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    fail("QEMU closed the QMP socket")
                return {"return": "exited"}
            buf += chunk

    for kind, value in steps:
        if kind == "run":
            done = subprocess.run(value, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            output.extend(done.stdout)
            if done.returncode != 0:
                fail(f"{value!r} exited with status {done.returncode}")
            continue
        if kind == "qmp":
            deadline = time.monotonic() + args.timeout
            if qmp is None:
                if not args.qmp_socket:
                    fail("--qmp needs --qmp-socket")
                qmp = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                while True:  # QEMU creates the socket as it starts
                    try:
                        qmp.connect(args.qmp_socket)
                        break
                    except (FileNotFoundError, ConnectionRefusedError):
                        if time.monotonic() >= deadline:
                            fail(f"no QMP socket at {args.qmp_socket}")
                        time.sleep(0.05)
                qmp_reply(deadline)  # the greeting
                qmp.sendall(b'{"execute": "qmp_capabilities"}\n')
                if "return" not in qmp_reply(deadline):
                    fail("QMP refused qmp_capabilities")
            qmp.sendall(value.encode() + b"\n")
            reply = qmp_reply(deadline)
            if "return" not in reply:
                fail(f"QMP answered {reply!r} to {value}")
            continue
        if kind == "expect":
            regex = re.compile(value.encode("latin-1"))
            deadline = time.monotonic() + args.timeout
            while True:
                m = regex.search(bytes(output), matched_to)
                if m:
                    matched_to = m.end()
                    break
                if time.monotonic() >= deadline:
                    fail(f"timed out after {args.timeout} s waiting for {value!r}")
                if not read_some(deadline):
                    fail(f"the program ended (status {proc.wait()}) before printing {value!r}")
        else:
            data = pattern(value) if kind == "seq" else value.encode("latin-1").decode("unicode_escape").encode("latin-1")
            try:
                proc.stdin.write(data)
                proc.stdin.flush()
            except BrokenPipeError:
                fail(f"the program ended before {data!r} could be sent")

    deadline = time.monotonic() + args.timeout
    while read_some(deadline):
        if time.monotonic() >= deadline:
            fail(f"the program did not exit within {args.timeout} s")
    try:
        status = proc.wait(timeout=max(0.0, deadline - time.monotonic()) + 1)
    except subprocess.TimeoutExpired:
        fail(f"the program did not exit within {args.timeout} s")
    sys.stdout.write(output.decode("latin-1") + stderr_text())
    if status != args.exit_status:
        print(f"\nserial_session: FAILED: exit status {status}, expected {args.exit_status}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
