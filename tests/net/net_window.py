#!/usr/bin/env python3
"""Drives tests/net/net_window.cpp (@PORT@ forwarded to its port 7): sends 100,000 bytes of the
pattern (i * 7 + 3) mod 251 while the firmware reads nothing for 2 s, then closes its side and
expects "ok 100000" (every byte arrived, in order) and QEMU's exit status 0. It connects while
the firmware is between a cancelled accept and the next one (the socket keeps listening)."""

import os
import re
import select
import socket
import subprocess
import sys
import threading
import time

N = 100000


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()

    def wait_for(text, timeout=30.0):
        deadline = time.monotonic() + timeout
        while text.encode() not in out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}")
            if select.select([proc.stdout], [], [], left)[0]:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError(f"firmware ended before {text!r}")
                out.extend(chunk)

    try:
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
        print(f"net_window: FAILED: {e}")
        return 1
    sys.stdout.write(out.decode(errors="replace"))
    print("net_window: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
