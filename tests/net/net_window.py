#!/usr/bin/env python3
"""Drives tests/net/net_window.cpp (@PORT@ forwarded to its port 7): sends 100,000 bytes of the
pattern (i * 7 + 3) mod 251 while the firmware reads nothing for 2 s, then closes its side and
expects "ok 100000" (every byte arrived, in order) and QEMU's exit status 0. It connects while
the firmware is between a cancelled accept and the next one (the socket keeps listening)."""

import os
import socket
import sys
import threading

N = 100000


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firmware_run import Firmware, run  # noqa: E402


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    fw = Firmware(cmd)
    proc, out = fw.proc, fw.out
    wait_for = fw.wait_for_text

    def steps():
        wait_for("net_window: listening (accept cancelled)\n")
        data = bytes((i * 7 + 3) % 251 for i in range(N))
        c = socket.create_connection(("127.0.0.1", port), timeout=30)
        sent = threading.Event()

        def send():
            c.sendall(data)
            c.shutdown(socket.SHUT_WR)
            sent.set()

        t = threading.Thread(target=send, daemon=True)
        t.start()
        reply = b""
        while True:
            chunk = c.recv(100)
            if not chunk:
                break
            reply += chunk
        t.join(30)
        c.close()
        if reply != b"ok %d" % N:
            raise AssertionError(f"reply {reply!r}")
        wait_for("the connection made between two accepts was kept\n")
        wait_for("read 100000 bytes intact\n")

    return run("net_window", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
