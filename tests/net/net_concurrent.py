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
import socket
import sys
import time


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firmware_run import Firmware, free_port, run  # noqa: E402


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    port = free_port()
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    fw = Firmware(cmd)
    proc, out = fw.proc, fw.out
    wait_for = fw.wait_for

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

    def steps():
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

    return run("net_concurrent", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
