#!/usr/bin/env python3
"""Runs tap_echo (mote::net on the host's TAP NIC) inside the private network namespace this
script was started in (`unshare -n`: nothing outside the namespace needs privileges or sees the
device): creates the TAP device mote0 as 10.0.3.1/24, starts the program, then a ping and three
TCP clients (the last one 200,000 bytes, sent and read at once) check the echo.

    unshare -n tap_test.py -- PROGRAM
"""

import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "net"))
from firmware_run import Firmware, run  # noqa: E402


def sh(*cmd):
    subprocess.run(cmd, check=True)


def checksum(data):
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2))
    if len(data) % 2:
        s += data[-1] << 8
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ping(address):
    """One ICMP echo over a raw socket (the namespace has no ping program; the script is root in it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as s:
        s.settimeout(5)
        body = b"mote tap ping"
        head = bytes([8, 0, 0, 0, 0x12, 0x34, 0, 1])
        c = checksum(head + body)
        s.sendto(head[:2] + c.to_bytes(2, "big") + head[4:] + body, (address, 0))
        t0 = time.monotonic()
        while True:
            packet, _ = s.recvfrom(2048)
            icmp = packet[(packet[0] & 0x0F) * 4:]
            if icmp[0] == 0 and icmp[4:6] == b"\x12\x34" and icmp[8:] == body:
                return time.monotonic() - t0


def echo(data):
    with socket.create_connection(("10.0.3.2", 7), timeout=20) as s:
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
        s.shutdown(socket.SHUT_WR)
        assert s.recv(1) == b"", "no close after the echo"
    assert bytes(got) == data, f"echo: {len(got)} of {len(data)} bytes back"


def main():
    program = sys.argv[1:]
    if program[:1] == ["--"]:
        program = program[1:]
    sh("ip", "link", "set", "lo", "up")
    sh("ip", "tuntap", "add", "dev", "mote0", "mode", "tap")
    sh("ip", "addr", "add", "10.0.3.1/24", "dev", "mote0")
    sh("ip", "link", "set", "mote0", "up")
    fw = Firmware(program)

    def steps():
        fw.wait_for("tap_echo: ready on 10.0.3.2", timeout=20)
        print(f"tap_test: ping answered in {ping('10.0.3.2') * 1000:.1f} ms")
        echo(b"hello over a TAP device\n")
        echo(bytes(range(256)) * 4)
        t0 = time.monotonic()
        echo(bytes(i % 251 for i in range(200_000)))
        print(f"tap_test: 200,000 bytes echoed in {time.monotonic() - t0:.2f} s")
        fw.wait_for(r"tap_echo: bye, 201048 bytes echoed", timeout=20)

    return run("tap_test", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
