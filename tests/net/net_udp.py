#!/usr/bin/env python3
"""Checks tests/net/net_udp.cpp under QEMU with user-mode networking, with a real UDP client.

    net_udp.py [--timeout S] -- QEMU-COMMAND...   (@PORT@ is replaced by a free local UDP port)

The command's -nic forwards udp:127.0.0.1:PORT to the firmware's port 7. The client:
  1. sends datagrams of 0, 1, 100 and 512 bytes (the firmware's read buffer) and expects each
     back unchanged;
  2. sends 513 bytes: no reply, the firmware reports the datagram truncated and dropped; the next
     datagram is echoed unchanged (nothing of the dropped one leaks into it);
  3. "big": expects "big: message too large" (a 1473-byte send_to refused), then exactly 1472
     bytes of the firmware's pattern;
  4. "hold": while the firmware reads nothing, sends ten 400-byte datagrams; its 2 KiB buffer
     holds five (408 bytes each with their header), so it must report "held 5 dropped 5";
  5. "wrap": three 600-byte datagrams, one read back, two more: the fourth goes to the start of
     the ring (the end is skipped), the fifth has no room; the four come back intact, in order;
  6. "quit": expects "bye truncated=1 echoed=5" and QEMU's exit status 0.
"""

import argparse
import os
import socket
import subprocess
import sys
import traceback


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firmware_run import free_port  # noqa: E402
from net_session import Firmware  # noqa: E402


def free_udp_port():
    return free_port(socket.SOCK_DGRAM)


def pattern(n, a=1, b=0):
    return bytes((i * a + b) % 256 for i in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    port = free_udp_port()
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    fw = Firmware(cmd)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(a.timeout)
    fw_addr = ("127.0.0.1", port)

    def exchange(data):
        s.sendto(data, fw_addr)
        got, _ = s.recvfrom(4096)
        return got

    try:
        fw.expect(r"net_udp: listening on 7\n", a.timeout)
        for n in (0, 1, 100, 512):
            data = pattern(n, 13, n)
            got = exchange(data)
            if got != data:
                raise AssertionError(f"echo of {n} bytes came back as {len(got)} bytes {got[:16]!r}...")
        print("net_udp: echoes of 0, 1, 100 and 512 bytes matched")

        s.sendto(pattern(513, 5, 1), fw_addr)
        fw.expect(r"net_udp: truncated datagram dropped\n", a.timeout)
        after = b"after the truncated one"
        got = exchange(after)
        if got != after:
            raise AssertionError(f"the datagram after the truncated one came back as {got!r}")
        print("net_udp: 513 bytes into 512: Truncated, dropped; the next datagram intact")

        got = exchange(b"big")
        if got != b"big: message too large":
            raise AssertionError(f"big: got {got!r}")
        got, _ = s.recvfrom(4096)
        expected = bytes((i * 7 + 3) % 256 for i in range(1472))
        if got != expected:
            raise AssertionError(f"the 1472-byte datagram came back as {len(got)} bytes")
        print("net_udp: 1473-byte send refused (MessageTooLarge), 1472 bytes arrived")

        got = exchange(b"hold")
        if got != b"holding":
            raise AssertionError(f"hold: got {got!r}")
        for i in range(10):
            s.sendto(pattern(400, 3, i), fw_addr)
        got, _ = s.recvfrom(4096)
        if got != b"held 5 dropped 5":
            raise AssertionError(f"after a burst of ten 400-byte datagrams: {got!r}")
        print("net_udp: burst of 10 into a 2 KiB buffer: 5 held, 5 dropped and counted")

        got = exchange(b"wrap")
        if got != b"wrapping":
            raise AssertionError(f"wrap: got {got!r}")
        d = [pattern(600, 11, i) for i in range(5)]
        for x in d[:3]:  # three 608-byte entries: 1824 of 2048 bytes
            s.sendto(x, fw_addr)
        first, _ = s.recvfrom(4096)  # the firmware read one: 608..1824 in use
        for x in d[3:]:  # the 4th does not fit after 1824, goes to 0; the 5th finds no room
            s.sendto(x, fw_addr)
        rest = [s.recvfrom(4096)[0] for _ in range(3)]
        if [first] + rest != d[:4]:
            raise AssertionError("wrap: the datagrams came back altered or out of order")
        got, _ = s.recvfrom(4096)
        if got != b"wrapped 4 dropped 6":
            raise AssertionError(f"wrap: got {got!r}")
        print("net_udp: an entry wrapped to the ring's start intact; the one after it dropped")

        got = exchange(b"quit")
        if got != b"bye truncated=1 echoed=5":
            raise AssertionError(f"quit: got {got!r}")
        fw.expect(r"net_udp: ok", a.timeout)
        status = fw.finish(a.timeout)
        if status != 0:
            raise AssertionError(f"firmware exited {status}")
    except Exception as e:  # noqa: BLE001 - report anything with the output
        traceback.print_exc()
        try:  # the firmware's own failure line, if it is ending anyway
            rest, _ = fw.proc.communicate(timeout=2)
            fw.out.extend(rest or b"")
        except subprocess.TimeoutExpired:
            fw.proc.kill()
            rest, _ = fw.proc.communicate()
            fw.out.extend(rest or b"")
        sys.stdout.write(fw.out.decode(errors="replace"))
        print(f"net_udp: FAILED: {e}")
        return 1
    sys.stdout.write(fw.out.decode(errors="replace"))
    print("net_udp: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
