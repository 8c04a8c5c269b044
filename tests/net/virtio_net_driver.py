#!/usr/bin/env python3
"""The whole network of tests/net/virtio_net_driver.cpp (QEMU's socket backend: one UDP datagram
per Ethernet frame; net_malformed.py's Peer): checks that exactly the frames the firmware's
driver accepted arrive (0..7 and 9, not the refused 8th), sends a 1514-byte frame, then a
1515-byte frame and 40 numbered frames while the firmware sleeps.

    virtio_net_driver.py -- QEMU-COMMAND...   (@PORT@: QEMU's UDP port, @PEERPORT@: this script's)
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firmware_run import Firmware, command, run  # noqa: E402
from net_malformed import Peer, free_udp_port  # noqa: E402

FW_MAC = bytes.fromhex("525400abcdef")  # the -device's mac=
TEST_TYPE = b"\x88\xb5"


def frame(payload, dst=FW_MAC):
    return dst + bytes.fromhex("5254000000aa") + TEST_TYPE + payload


def main():
    peer = Peer(5.0)
    qemu_port = free_udp_port()
    peer.qemu = ("127.0.0.1", qemu_port)
    fw = Firmware(command(sys.argv, PORT=qemu_port, PEERPORT=peer.port))

    def steps():
        sent = []
        deadline = time.monotonic() + 20
        while b"virtio_net: tx ok\n" not in fw.out or len(sent) < 9:
            if time.monotonic() > deadline or b"FAILED" in fw.out:
                raise AssertionError(f"frames from the firmware: {sent}")
            for f in peer.frames(time.monotonic() + 0.05):
                if f[12:14] == TEST_TYPE:
                    if len(f) != 60 or f[6:12] != FW_MAC:
                        raise AssertionError(f"a frame of {len(f)} bytes from {f[6:12].hex()}")
                    sent.append(f[14])
            fw.read_available(0)
        if sent != [0, 1, 2, 3, 4, 5, 6, 7, 9]:
            raise AssertionError(f"frames from the firmware: {sent} (want 0..7 and 9)")
        print("virtio_net_driver: frames 0..7 and 9 arrived, the refused 8 did not")
        peer.send(frame(bytes((i * 7 + 3) % 256 for i in range(14, 1514))))
        fw.wait_for_text("virtio_net: 1514-byte frame intact\n")
        peer.send(frame(b"\0" * 1501))  # 1515 bytes
        for i in range(40):
            peer.send(frame(bytes([i]) + b"\0" * 45))
        fw.wait_for_text("virtio_net: ok\n")

    return run("virtio_net_driver", fw, steps)


if __name__ == "__main__":
    sys.exit(main())
