#!/usr/bin/env python3
"""A tiny DNS server on a free local UDP port for tests/net/net_dns.cpp, which reaches it as
10.0.2.2 through QEMU's slirp (the port goes to the firmware on its command line).

    net_dns.py [--timeout S] -- QEMU-COMMAND...   (@DNSPORT@ is replaced by the server's port)

Answers A queries: sensor.mote.test 10.1.2.3, other.mote.test 10.1.2.4, slow.mote.test 10.1.2.5
after 1 s; silent.mote.test never; anything else NXDOMAIN. Checks the firmware's lines, that sensor.mote.test reached the
server once although the firmware resolved it twice (lwIP's cache), that nothing was queried for
the invalid names, that silent.mote.test was retried before DnsFailed, and QEMU's exit status 0.
"""

import argparse
import os
import re
import select
import socket
import struct
import subprocess
import sys
import threading
import time

RECORDS = {"sensor.mote.test": "10.1.2.3", "other.mote.test": "10.1.2.4", "slow.mote.test": "10.1.2.5"}


def parse_question(msg):
    labels, at = [], 12
    while msg[at] != 0:
        n = msg[at]
        labels.append(msg[at + 1 : at + 1 + n].decode())
        at += 1 + n
    qtype, qclass = struct.unpack(">HH", msg[at + 1 : at + 5])
    return ".".join(labels).lower(), qtype, qclass, at + 5


def answer(msg):
    txid, flags, qd, _, _, _ = struct.unpack(">HHHHHH", msg[:12])
    name, qtype, _, end = parse_question(msg)
    question = msg[12:end]
    rd = flags & 0x0100
    if name in RECORDS and qtype == 1:
        header = struct.pack(">HHHHHH", txid, 0x8080 | rd, 1, 1, 0, 0)
        rr = struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(RECORDS[name])
        return name, header + question + rr
    header = struct.pack(">HHHHHH", txid, 0x8083 | rd, 1, 0, 0, 0)  # NXDOMAIN
    return name, header + question


class Server(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.queries = []
        self.stop = False

    def run(self):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                msg, peer = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            try:
                name, reply = answer(msg)
            except (IndexError, struct.error, UnicodeDecodeError):
                continue
            self.queries.append(name)
            if name == "silent.mote.test":
                continue  # never answered: lwIP retries, then gives up
            if name == "slow.mote.test":
                threading.Timer(1.0, self.sock.sendto, (reply, peer)).start()
            else:
                self.sock.sendto(reply, peer)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    server = Server()
    server.start()
    cmd = [c.replace("@DNSPORT@", str(server.port)) for c in cmd]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=a.timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    server.stop = True
    text = out.decode(errors="replace")
    sys.stdout.write(text)
    expected = [
        r"net_dns: \(empty\) -> invalid host name",
        r"net_dns: \(300 characters\) -> invalid host name",
        r"net_dns: 10\.9\.8\.7 -> 10\.9\.8\.7",
        r"net_dns: sensor\.mote\.test -> 10\.1\.2\.3\nnet_dns: sensor\.mote\.test -> 10\.1\.2\.3",
        r"net_dns: missing\.mote\.test -> name not resolved",
        r"net_dns: slow\.mote\.test cancelled after 100 ms",
        r"net_dns: other\.mote\.test -> 10\.1\.2\.4",
        r"net_dns: silent\.mote\.test -> name not resolved after [0-9]+ ms",
        r"net_dns: ok",
    ]
    problems = [f"missing line {e!r}" for e in expected if not re.search(e, text)]
    if proc.returncode != 0:
        problems.append(f"firmware exited {proc.returncode}")
    counts = {n: server.queries.count(n) for n in set(server.queries)}
    print(f"net_dns: server saw {counts}")
    if counts.get("sensor.mote.test") != 1:
        problems.append("sensor.mote.test should reach the server once (the second from lwIP's cache)")
    if counts.get("silent.mote.test", 0) < 2:
        problems.append("silent.mote.test was not retried")
    if counts.get("missing.mote.test", 0) < 1 or counts.get("other.mote.test", 0) < 1:
        problems.append("missing/other.mote.test never reached the server")
    if any(len(n) > 255 or n == "" for n in counts):
        problems.append("an invalid name reached the server")
    if problems:
        print("net_dns: FAILED: " + "; ".join(problems))
        return 1
    print("net_dns: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
