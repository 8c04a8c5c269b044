#!/usr/bin/env python3
"""The whole network of tests/net/net_dhcp_fallback.cpp (QEMU's socket backend, as in
net_malformed.py, whose Peer it uses): a network whose DHCP server never answers. Counts the
firmware's DHCP requests, waits for it to fall back to its static configuration, then checks a
UDP echo and "quit" (QEMU exit status 0).

    net_dhcp_fallback.py -- QEMU-COMMAND...   (@PORT@: QEMU's UDP port, @PEERPORT@: this script's)
"""

import os
import re
import select
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from net_malformed import Peer, eth, free_udp_port, ipv4, udp  # noqa: E402


from firmware_run import Firmware, run  # noqa: E402


def main():
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    peer = Peer(5.0)
    qemu_port = free_udp_port()
    peer.qemu = ("127.0.0.1", qemu_port)
    cmd = [c.replace("@PORT@", str(qemu_port)).replace("@PEERPORT@", str(peer.port)) for c in cmd]
    fw = Firmware(cmd)
    proc, out = fw.proc, fw.out

    def steps():
        discovers = 0
        deadline = time.monotonic() + 30
        while b"net_dhcp: fallback" not in out and b"FAILED" not in out:
            if time.monotonic() > deadline:
                raise AssertionError("no fallback within 30 s")
            for frame in peer.frames(time.monotonic() + 0.1):
                ihl = (frame[14] & 0xF) * 4
                if frame[12:14] == b"\x08\x00" and frame[23] == 17 and frame[14 + ihl + 2 : 14 + ihl + 4] == b"\x00\x43":
                    discovers += 1  # to port 67: DHCP (discover, then retries)
            while select.select([proc.stdout], [], [], 0)[0]:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError("firmware ended early")
                out.extend(chunk)
        m = re.search(rb"fallback 10\.0\.2\.15 after (\d+) ms", out)
        if not m:
            raise AssertionError("the firmware did not fall back")
        if discovers < 1:
            raise AssertionError("the firmware never asked for a lease")
        print(f"net_dhcp_fallback: {discovers} DHCP requests unanswered, fallback after {int(m.group(1))} ms")
        got = peer.udp_request(b"configured by the fallback")
        if got != b"configured by the fallback":
            raise AssertionError(f"echo: {got!r}")
        peer.ident += 1
        peer.send(eth(ipv4(udp(b"quit"), 17, ident=peer.ident)))

    return run("net_dhcp_fallback", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
