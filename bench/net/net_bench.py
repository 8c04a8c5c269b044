#!/usr/bin/env python3
"""Network figures on lm3s6965evb (docs/net.md, "Measurements"): drives bench/net/net_bench.cpp under
QEMU with the instruction-counting plugin, once per scenario, with Python sockets as the clients.

    net_bench.py -- QEMU-COMMAND...      (@PORT@: a free host port forwarded to the firmware's 7)

Each run counts the instructions the CPU executes from the address being configured to "quit"
(a sleeping CPU executes none). Two idle runs (1 s and 3 s) give the fixed cost (the quit
connection, startup after the window opens) and lwIP's timers per second; a scenario's figure is
its count minus that baseline for its duration. Scenarios:
  echo         one connection echoes 200,000 bytes (sent and read at once), then closes
  connections  50 connections one after another: connect, 1 byte echoed, close
  concurrent   connections opened and kept open, each answering a ping, until one is refused
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "net"))
from firmware_run import Firmware, command, free_port  # noqa: E402

PLUGIN = re.compile(rb"bench-plugin 1: windows \d+; total \d+ (\d+)")
ECHO_BYTES = 200_000
CONNECTIONS = 50


def run(argv, scenario):
    port = free_port()
    fw = Firmware(command(argv, PORT=port))
    try:
        fw.wait_for("net_bench: ready", timeout=60)
        t0 = time.monotonic()
        result = scenario(port)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"quit")
            fw.wait_for("bench done", timeout=30)
        elapsed = time.monotonic() - t0
        fw.proc.wait(20)
        fw.out.extend(fw.proc.stdout.read() or b"")
        m = PLUGIN.search(fw.out)
        if not m:
            raise RuntimeError(f"no plugin report:\n{fw.out.decode(errors='replace')}")
        note = re.search(rb"bench-note (.*)", fw.out)
        return int(m.group(1)), elapsed, result, note.group(1).decode() if note else ""
    finally:
        if fw.proc.poll() is None:
            fw.proc.kill()


def idle(seconds):
    return lambda port: time.sleep(seconds)


def echo(port):
    data = bytes(i % 251 for i in range(ECHO_BYTES))
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        got = bytearray()

        def reader():
            while len(got) < len(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                got.extend(chunk)

        t = threading.Thread(target=reader)
        t.start()
        s.sendall(data)
        t.join(60)
        assert bytes(got) == data, f"echo: {len(got)} of {len(data)} bytes back"
    time.sleep(0.5)  # let the close finish inside the window


def connections(port):
    for i in range(CONNECTIONS):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"x")
            assert s.recv(1) == b"x", f"connection {i}: no echo"
    time.sleep(0.5)


def concurrent(port):
    held = []
    try:
        for i in range(64):
            time.sleep(0.05)  # one connection at a time reaches the firmware
            s = socket.create_connection(("127.0.0.1", port), timeout=3)
            try:
                s.sendall(b"ping")
                reply = s.recv(4)
                if reply != b"ping":
                    print(f"net_bench: connection {i + 1}: {reply!r} instead of the echo", file=sys.stderr)
                    s.close()
                    break
            except OSError as e:
                print(f"net_bench: connection {i + 1}: {e}", file=sys.stderr)
                s.close()
                break
            held.append(s)
        # The ones held are all still served.
        for s in held:
            s.sendall(b"again")
            assert s.recv(5) == b"again"
        return len(held)
    finally:
        for s in held:
            s.close()
        time.sleep(1.5)  # their closes finish, so the quit connection finds a socket


def main():
    argv = sys.argv
    i1, t1, _, note = run(argv, idle(1.0))
    i3, t3, _, _ = run(argv, idle(3.0))
    per_s = (i3 - i1) / (t3 - t1)
    fixed = i1 - per_s * t1

    def net(count, elapsed):
        return count - fixed - per_s * elapsed

    ie, te, _, _ = run(argv, echo)
    ic, tc, _, _ = run(argv, connections)
    _, _, held, _ = run(argv, concurrent)
    echo_instr = net(ie, te)
    print(f"net_bench: idle: {fixed:,.0f} instructions fixed, {per_s:,.0f} per second (lwIP's timers)")
    print(f"net_bench: echo of {ECHO_BYTES:,} bytes: {echo_instr:,.0f} instructions, "
          f"{ECHO_BYTES / (echo_instr / 1000):.1f} bytes per 1,000 instructions "
          f"({echo_instr / ECHO_BYTES:.1f} instructions per byte echoed)")
    print(f"net_bench: connection (connect, 1 byte echoed, close): {net(ic, tc) / CONNECTIONS:,.0f} instructions each "
          f"({CONNECTIONS} in a row)")
    print(f"net_bench: concurrent connections held open and served: {held}")
    print(f"net_bench: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
