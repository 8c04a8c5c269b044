#!/usr/bin/env python3
"""Drives tests/net/net_concurrent.cpp through QEMU's user network (@PORT@ forwarded to 7):
  1. three clients connect at once and each sends before any reads: all three are echoed
     (three sockets accepting on one port at the same time);
  2. a fourth client while the three are connected is refused (EOF or reset; slirp accepts on
     the host side first, then the firmware's RST closes it);
  3. the first client leaves; a new client is served (its socket accepts again);
  4. "quit": the firmware prints counters().tcp_dropped, which must count the refusal, and
     exits 0.
"""

import os
import re
import select
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    port = free_port()
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()

    def wait_for(regex, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not re.search(regex.encode(), out):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {regex!r}")
            if select.select([proc.stdout], [], [], left)[0]:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError(f"firmware ended before {regex!r}")
                out.extend(chunk)
        return re.search(regex.encode(), out)

    def echo(c, data):
        c.sendall(data)
        got = b""
        while len(got) < len(data):
            chunk = c.recv(100)
            if not chunk:
                raise AssertionError(f"connection closed after {got!r}")
            got += chunk
        if got != data:
            raise AssertionError(f"echo {got!r} for {data!r}")

    try:
        wait_for(r"3 sockets accepting on 7\n")
        clients = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        for i, c in enumerate(clients):
            c.sendall(b"client %d" % i)
        for i, c in enumerate(clients):
            got = c.recv(100)
            if got != b"client %d" % i:
                raise AssertionError(f"client {i} got {got!r}")
        wait_for(r"(socket \d took a connection\n[\s\S]*){3}")
        print("net_concurrent: three clients served at once on one port")

        extra = socket.create_connection(("127.0.0.1", port), timeout=10)
        try:
            extra.sendall(b"anyone?")
            got = extra.recv(100)
        except (ConnectionResetError, BrokenPipeError):
            got = b""
        extra.close()
        if got:
            raise AssertionError(f"a fourth client was served: {got!r}")
        print("net_concurrent: a fourth client was refused")

        clients[0].close()
        deadline = time.monotonic() + 10
        while True:  # the first socket accepts again once its connection is closed
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            try:
                echo(c, b"next client")
                break
            except (AssertionError, ConnectionResetError, BrokenPipeError):
                c.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        print("net_concurrent: a new client served after one left")
        clients[1].sendall(b"quit")
        m = wait_for(r"tcp_dropped=(\d+)\n")
        if int(m.group(1)) < 1:
            raise AssertionError("the refusal was not counted")
        proc.wait(20)
        out.extend(proc.stdout.read() or b"")
        if proc.returncode != 0:
            raise AssertionError(f"firmware exited {proc.returncode}")
    except Exception as e:  # noqa: BLE001 - report anything with the output
        if proc.poll() is None:
            proc.kill()
        rest, _ = proc.communicate()
        out.extend(rest or b"")
        sys.stdout.write(out.decode(errors="replace"))
        print(f"net_concurrent: FAILED: {e}")
        return 1
    sys.stdout.write(out.decode(errors="replace"))
    print("net_concurrent: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
