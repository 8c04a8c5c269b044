#!/usr/bin/env python3
"""Drives tests/net/net_link.cpp: switches the NIC's link off and on with QEMU's QMP set_link
and checks that the firmware's wait_link_down / wait_link_up futures see it, then that a UDP
datagram is echoed once the link is back.

    net_link.py -- QEMU-COMMAND...
      (@PORT@: a free UDP port forwarded to the firmware's 7; @QMP@: the QMP socket's path;
       the -nic must have id=n0)
"""

import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Qmp:
    def __init__(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())  # the greeting
        self.execute("qmp_capabilities")

    def execute(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise AssertionError(f"QMP {command}: {reply['error']}")


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    port = free_udp_port()
    tmp = tempfile.mkdtemp(prefix="net_link_")
    qmp_path = os.path.join(tmp, "qmp.sock")
    cmd = [c.replace("@PORT@", str(port)).replace("@QMP@", qmp_path) for c in cmd]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()

    def wait_for(text, timeout=20.0):
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
        qmp = Qmp(qmp_path)
        wait_for("net_link: link up\n")
        t0 = time.monotonic()
        qmp.execute("set_link", name="n0", up=False)
        wait_for("net_link: link down\n")
        print(f"net_link: the firmware saw the link go down after {time.monotonic() - t0:.2f} s")
        t0 = time.monotonic()
        qmp.execute("set_link", name="n0", up=True)
        wait_for("net_link: link up again\n")
        print(f"net_link: and come back after {time.monotonic() - t0:.2f} s")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(10)
            s.sendto(b"back again", ("127.0.0.1", port))
            got, _ = s.recvfrom(100)
            if got != b"back again":
                raise AssertionError(f"echo: {got!r}")
            s.sendto(b"quit", ("127.0.0.1", port))
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
        print(f"net_link: FAILED: {e}")
        return 1
    sys.stdout.write(out.decode(errors="replace"))
    print("net_link: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
