#!/usr/bin/env python3
"""Drives tests/net/net_link.cpp: switches the NIC's link off and on with QEMU's QMP set_link
and checks that the firmware's wait_link_down / wait_link_up futures see it, then that a UDP
datagram is echoed once the link is back.

    net_link.py -- QEMU-COMMAND...
      (@PORT@: a free UDP port forwarded to the firmware's 7; @QMP@: the QMP socket's path;
       the -nic must have id=n0)
"""

import os
import socket
import sys
import tempfile
import time


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firmware_run import Firmware, Qmp, run  # noqa: E402


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    port = free_udp_port()
    tmp = tempfile.mkdtemp(prefix="net_link_")
    qmp_path = os.path.join(tmp, "qmp.sock")
    cmd = [c.replace("@PORT@", str(port)).replace("@QMP@", qmp_path) for c in cmd]
    fw = Firmware(cmd)
    proc, out = fw.proc, fw.out
    wait_for = fw.wait_for_text

    def steps():
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

    return run("net_link", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
