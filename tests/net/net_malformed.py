#!/usr/bin/env python3
"""The whole network of tests/net/net_malformed.cpp: QEMU's socket backend carries each Ethernet
frame as one UDP datagram between QEMU and this script, which plays the host 10.0.2.2
(answering the firmware's ARP requests) and injects malformed frames.

    net_malformed.py [--timeout S] [--nic MODEL] -- QEMU-COMMAND...
      (@PORT@: QEMU's local UDP port, @PEERPORT@: this script's)

For each bad frame it asks the firmware for its counters before and after ("stats" over valid
UDP) and checks that exactly the expected counters moved (every other one unchanged), i.e. the
frame was dropped at the layer that should drop it and counted there, and that the firmware
still answers. Then a valid UDP echo and a valid ping must work, and "quit" must end QEMU with
status 0.
"""

import argparse
import os
import select
import socket
import struct
import subprocess
import sys
import time

FW_MAC = bytes.fromhex("525400123456")  # QEMU's default -nic address
MY_MAC = bytes.fromhex("020000000001")
FW_IP = socket.inet_aton("10.0.2.15")
MY_IP = socket.inet_aton("10.0.2.2")
BROADCAST = b"\xff" * 6


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def eth(payload, ethertype=0x0800, dst=FW_MAC):
    return dst + MY_MAC + struct.pack("!H", ethertype) + payload


def ipv4(payload, proto, version=4, ihl=5, total=None, bad_checksum=False, ident=1, more=False, offset=0):
    total = 20 + len(payload) if total is None else total
    frag = (0x2000 if more else 0) | (offset // 8)
    hdr = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, total, ident, frag, 64, proto, 0, MY_IP, FW_IP)
    c = checksum(hdr)
    if bad_checksum:
        c ^= 0x5555
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def pseudo(proto, length):
    return MY_IP + FW_IP + struct.pack("!BBH", 0, proto, length)


def udp(payload, sport=40000, dport=7, bad_checksum=False):
    length = 8 + len(payload)
    seg = struct.pack("!HHHH", sport, dport, length, 0) + payload
    c = checksum(pseudo(17, length) + seg) or 0xFFFF
    if bad_checksum:
        c ^= 0x5555
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def tcp_syn(dport=7, data_offset=5, bad_checksum=False):
    seg = struct.pack("!HHIIBBHHH", 40001, dport, 1000, 0, data_offset << 4, 0x02, 8192, 0, 0)
    c = checksum(pseudo(6, len(seg)) + seg)
    if bad_checksum:
        c ^= 0x5555
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def icmp_echo(payload=b"ping!", bad_checksum=False, ident=0x1234, seq=1):
    msg = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
    c = checksum(msg)
    if bad_checksum:
        c ^= 0x5555
    return msg[:2] + struct.pack("!H", c) + msg[4:]


class Peer:
    def __init__(self, timeout):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.qemu = None
        self.timeout = timeout
        self.ident = 100

    def send(self, frame):
        self.sock.sendto(frame, self.qemu)

    def frames(self, deadline):
        """Frames from the firmware until the deadline, answering ARP requests for 10.0.2.2."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return
            frame, _ = self.sock.recvfrom(4096)
            etype = struct.unpack("!H", frame[12:14])[0]
            if etype == 0x0806 and frame[20:22] == b"\x00\x01" and frame[38:42] == MY_IP:
                arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + MY_MAC + MY_IP + frame[22:28] + frame[28:32]
                self.send(eth(arp, 0x0806, dst=frame[6:12]))
                continue
            yield frame

    def udp_request(self, payload):
        self.ident += 1
        self.send(eth(ipv4(udp(payload), 17, ident=self.ident)))
        for frame in self.frames(time.monotonic() + self.timeout):
            if frame[12:14] == b"\x08\x00" and frame[23] == 17 and frame[26:30] == FW_IP:
                ihl = (frame[14] & 0xF) * 4
                u = frame[14 + ihl :]
                if struct.unpack("!H", u[0:2])[0] == 7:
                    return u[8 : struct.unpack("!H", u[4:6])[0]]
        raise AssertionError(f"no UDP reply to {payload[:20]!r}")

    def ping(self):
        self.ident += 1
        self.send(eth(ipv4(icmp_echo(b"still alive"), 1, ident=self.ident)))
        for frame in self.frames(time.monotonic() + self.timeout):
            if frame[12:14] == b"\x08\x00" and frame[23] == 1:
                ihl = (frame[14] & 0xF) * 4
                icmp = frame[14 + ihl :]
                if icmp[0] == 0 and icmp[8:] .startswith(b"still alive"):
                    return
        raise AssertionError("no ping reply")

    def stats(self):
        reply = self.udp_request(b"stats").decode()
        return {k: int(v) for k, v in (item.split("=") for item in reply.split())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--nic", default="", help="QEMU's NIC model (what it filters differs)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    peer = Peer(5.0)
    qemu_port = free_udp_port()
    peer.qemu = ("127.0.0.1", qemu_port)
    cmd = [c.replace("@PORT@", str(qemu_port)).replace("@PEERPORT@", str(peer.port)) for c in cmd]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()

    def read_until(text, timeout):
        deadline = time.monotonic() + timeout
        while text.encode() not in out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}")
            r, _, _ = select.select([proc.stdout], [], [], left)
            if r:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError(f"firmware ended before {text!r}")
                out.extend(chunk)

    # QEMU's lan9118 model discards frames under 14 bytes or of 2048 and more before its FIFO (as
    # the chip discards runts), so the driver never sees them: nothing to count. The Stellaris
    # model hands a runt to the driver, and flags an overrun (RIS.FOV) for a frame too big.
    # virtio-net (QEMU's model, promiscuous without VIRTIO_NET_F_CTRL_RX) hands a runt to the
    # driver, but gives a frame too big for the driver's 2 KiB receive buffer back unused and
    # drops it itself (no merged buffers): the 1600-byte frame arrives and is counted, the
    # 2100-byte one never arrives.
    runt = {"nic"} if a.nic != "lan9118" else set()
    giant = {"nic"} if a.nic not in ("lan9118", "virtio-net-device") else set()
    # (what, frame, the counters it must move by one)
    cases = [
        ("a 10-byte runt frame", FW_MAC + MY_MAC[:4], runt),
        ("a 14-byte frame (a header and nothing else)", eth(b""), {"link"}),
        ("a frame of 1600 bytes (above the 1514 maximum)", eth(b"\0" * 1586), {"nic"}),
        ("a frame of 2100 bytes (beyond the NIC's FIFO or buffer)", eth(b"\0" * 2086), giant),
        ("an unknown EtherType", eth(b"\0" * 46, 0x88B5), {"link"}),
        ("a truncated ARP packet", eth(b"\x00\x01\x08\x00\x06\x04", 0x0806), {"link", "len"}),
        ("IP version 6 in an IPv4 frame", eth(ipv4(udp(b"x"), 17, version=6)), {"ip"}),
        ("an IPv4 header length of 16 bytes", eth(ipv4(udp(b"x"), 17, ihl=4)), {"ip", "len"}),
        ("an IPv4 total length beyond the frame", eth(ipv4(udp(b"x"), 17, total=600)), {"ip", "len"}),
        ("a bad IPv4 header checksum", eth(ipv4(udp(b"x"), 17, bad_checksum=True)), {"ip", "chk"}),
        ("an unknown IP protocol", eth(ipv4(b"\0" * 8, 253)), {"ip"}),
        ("a bad UDP checksum", eth(ipv4(udp(b"hello", bad_checksum=True), 17)), {"udp", "chk"}),
        ("a 4-byte UDP header", eth(ipv4(b"\x9c\x40\x00\x07", 17)), {"udp", "len"}),
        ("UDP to a port with no socket", eth(ipv4(udp(b"x", dport=9), 17)), {"udp"}),
        ("a bad TCP checksum", eth(ipv4(tcp_syn(bad_checksum=True), 6)), {"tcp", "chk"}),
        ("a 10-byte TCP header", eth(ipv4(tcp_syn()[:10], 6)), {"tcp", "len"}),
        ("a TCP data offset beyond the segment", eth(ipv4(tcp_syn(data_offset=15), 6)), {"tcp", "len"}),
        ("a bad ICMP echo checksum", eth(ipv4(icmp_echo(bad_checksum=True), 1)), {"chk"}),
    ]
    def fragments():
        """A 1400-byte UDP datagram in two IP fragments, the second sent first."""
        data = bytes((i * 11 + 5) % 256 for i in range(1400))
        whole = udp(data)
        peer.ident += 1
        first = eth(ipv4(whole[:800], 17, ident=peer.ident, more=True))
        second = eth(ipv4(whole[800:], 17, ident=peer.ident, offset=800))
        return data, [second, first]

    try:
        read_until("net_malformed: listening on 7\n", a.timeout)
        before = peer.stats()
        for what, frame, moved in cases:
            peer.send(frame)
            after = peer.stats()
            delta = {k: after[k] - before[k] for k in after}
            expected = {k: (1 if k in moved else 0) for k in after}
            if delta != expected:
                raise AssertionError(f"{what}: counters moved by {delta}, expected {expected}")
            where = ", ".join(sorted(moved)) if moved else "nothing (the NIC model discards it unseen)"
            print(f"net_malformed: {what}: dropped, counted in {where}")
            before = after
        # Fragments: a valid datagram in two (out of order) is reassembled and echoed.
        data, frames = fragments()
        for f in frames:
            peer.send(f)
        for frame in peer.frames(time.monotonic() + 5.0):
            if frame[12:14] == b"\x08\x00" and frame[23] == 17 and frame[14 + 20 : 16 + 20] == b"\x00\x07":
                if frame[14 + 28 : 14 + 28 + 1400] != data:
                    raise AssertionError("the reassembled datagram came back altered")
                break
        else:
            raise AssertionError("no echo of the fragmented datagram")
        after = peer.stats()
        if after != before:
            raise AssertionError(f"a valid fragmented datagram moved the counters: {before} -> {after}")
        print("net_malformed: a datagram in two fragments, out of order: reassembled and echoed")
        # A fragment reaching beyond 65,535 bytes (offset 65,528 + 16 bytes): dropped, counted.
        peer.ident += 1
        peer.send(eth(ipv4(b"\0" * 16, 17, ident=peer.ident, offset=65528)))
        after = peer.stats()
        delta = {k: after[k] - before[k] for k in after}
        if delta != {k: (1 if k == "ip" else 0) for k in after}:
            raise AssertionError(f"a fragment beyond 65,535 bytes: counters moved by {delta}")
        print("net_malformed: a fragment beyond 65,535 bytes: dropped, counted in ip")
        before = after
        # Five datagrams whose last fragment never comes (two fragments each, ten frame buffers
        # in all: more than lm3s6965evb's pool of eight): reassembly may hold only half the
        # frame buffers (IP_REASS_MAX_PBUFS), so valid traffic still gets through at once.
        for i in range(5):
            peer.ident += 1
            peer.send(eth(ipv4(b"\0" * 1000, 17, ident=peer.ident, more=True)))
            peer.send(eth(ipv4(b"\0" * 200, 17, ident=peer.ident, more=True, offset=1000)))
        t0 = time.monotonic()
        after = peer.stats()  # within Peer's 5 s (reassembly would hold buffers for 15 s)
        print(f"net_malformed: five datagrams that never complete: the next request answered after "
              f"{time.monotonic() - t0:.2f} s; reassembly gave up on {after['ip'] - before['ip']} of them")
        before = after

        got = peer.udp_request(b"a valid datagram after all that")
        if got != b"a valid datagram after all that":
            raise AssertionError(f"echo after the bad frames: {got!r}")
        peer.ping()
        print("net_malformed: a valid UDP echo and a ping still work")
        if peer.udp_request(b"quit") != b"bye":
            raise AssertionError("no bye")
        read_until("net_malformed: ok\n", a.timeout)
        proc.wait(a.timeout)
        out.extend(proc.stdout.read() or b"")
        if proc.returncode != 0:
            raise AssertionError(f"firmware exited {proc.returncode}")
    except Exception as e:  # noqa: BLE001 - report anything with the output
        try:
            rest, _ = proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest, _ = proc.communicate()
        out.extend(rest or b"")
        sys.stdout.write(out.decode(errors="replace"))
        print(f"net_malformed: FAILED: {e}")
        return 1
    sys.stdout.write(out.decode(errors="replace"))
    print("net_malformed: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
