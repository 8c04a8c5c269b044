#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus (tests/fuzz/corpus/*.bin): well-formed exchanges with the
harness's netif (lwip_input_fuzz.cpp), one file each, in its record format
[flags: ms/64 to wait][length, big-endian 16 bits][Ethernet frame]. Run it again after changing
the format; the files are committed, so the fuzzer starts from deep paths, not from noise.

    tests/fuzz/make_corpus.py tests/fuzz/corpus
"""

import os
import struct
import sys

MAC = bytes.fromhex("525400123456")    # the netif (as under QEMU)
PEER = bytes.fromhex("525400123502")   # the gateway 10.0.2.2
ME = bytes([10, 0, 2, 15])
GW = bytes([10, 0, 2, 2])
ISN = 0x1000                           # lwipopts.h: LWIP_HOOK_TCP_ISN


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(payload, kind=0x0800, dst=MAC):
    return dst + PEER + struct.pack("!H", kind) + payload


def ip(proto, payload, src=GW, dst=ME, ident=1, frag=0, more=False):
    flags = (0x2000 if more else 0) | (frag // 8)
    head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags, 64, proto, 0, src, dst)
    head = head[:10] + struct.pack("!H", csum(head)) + head[12:]
    return head + payload


def l4sum(proto, seg, src=GW, dst=ME):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def udp(sport, dport, data):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return seg[:6] + struct.pack("!H", l4sum(17, seg)) + seg[8:]


def tcp(sport, dport, seq, ack, flags, data=b"", opts=b""):
    off = (20 + len(opts)) // 4
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 8192, 0, 0) + opts + data
    return seg[:16] + struct.pack("!H", l4sum(6, seg)) + seg[18:]


def record(frame, wait_ms=0):
    return bytes([min(wait_ms // 64, 127)]) + struct.pack("!H", len(frame)) + frame


def arp(op, target_ip, target_mac=b"\0" * 6):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + PEER + GW + target_mac + target_ip
    return eth(body, 0x0806, MAC if op == 2 else b"\xff" * 6)


SYN, ACK, PSH, FIN, RST = 0x02, 0x10, 0x08, 0x01, 0x04


def seeds():
    yield "arp_request", record(arp(1, ME))
    yield "arp_reply", record(arp(2, ME, MAC))
    icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"ping" * 8
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    yield "icmp_echo", record(arp(2, ME, MAC)) + record(eth(ip(1, icmp)))
    yield "udp_echo", record(arp(2, ME, MAC)) + record(eth(ip(17, udp(4000, 7, b"hello, udp"))))
    data = udp(4000, 7, b"x" * 100)
    yield "ip_fragments", (record(eth(ip(17, data[:48], ident=7, more=True)))
                           + record(eth(ip(17, data[48:], ident=7, frag=48)), wait_ms=64))
    mss = bytes([2, 4, 0x05, 0xB4])
    c = 5000
    yield "tcp_echo", b"".join([
        record(arp(2, ME, MAC)),
        record(eth(ip(6, tcp(40000, 7, c, 0, SYN, opts=mss)))),
        record(eth(ip(6, tcp(40000, 7, c + 1, ISN + 1, ACK)))),
        record(eth(ip(6, tcp(40000, 7, c + 1, ISN + 1, ACK | PSH, b"hello, tcp\n")))),
        record(eth(ip(6, tcp(40000, 7, c + 12, ISN + 12, ACK | FIN))), wait_ms=256),
    ])
    yield "tcp_out_of_order", b"".join([
        record(arp(2, ME, MAC)),
        record(eth(ip(6, tcp(40001, 7, c, 0, SYN, opts=mss)))),
        record(eth(ip(6, tcp(40001, 7, c + 1, ISN + 1, ACK)))),
        record(eth(ip(6, tcp(40001, 7, c + 101, ISN + 1, ACK, b"b" * 100)))),
        record(eth(ip(6, tcp(40001, 7, c + 1, ISN + 1, ACK, b"a" * 100)))),
        record(eth(ip(6, tcp(40001, 7, c + 201, ISN + 1, RST)))),
    ])
    yield "tcp_syn_closed_port", record(arp(2, ME, MAC)) + record(eth(ip(6, tcp(40002, 80, 1, 0, SYN))))
    dns = struct.pack("!HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0)
    dns += b"\x06broker\x07example\x00" + struct.pack("!HH", 1, 1)
    dns += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([10, 0, 2, 99])
    yield "dns_reply", record(arp(2, ME, MAC)) + record(eth(ip(17, udp(53, 49153, dns), src=bytes([10, 0, 2, 3]))))
    yield "broadcast_udp", record(eth(ip(17, udp(67, 68, b"\x02" + b"\0" * 239), dst=b"\xff" * 4), dst=b"\xff" * 6))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
