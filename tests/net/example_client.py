#!/usr/bin/env python3
"""Checks examples/net_echo under QEMU: DHCP from QEMU's slirp, then three clients in turn on
one socket (each echoed byte for byte, closed, the port listened on again).

    example_client.py -- QEMU-COMMAND...   (@PORT@ is replaced by a free local port)

The example serves forever, so QEMU is stopped at the end; the test passes if every echo
matched and the firmware printed what it should.
"""

import os
import re
import select
import socket
import subprocess
import sys
import time


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

    def wait_for(regex, timeout=30.0, count=1):
        deadline = time.monotonic() + timeout
        while len(re.findall(regex.encode(), out)) < count:
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None and not select.select([proc.stdout], [], [], 0)[0]:
                raise AssertionError(f"no {regex!r}")
            if select.select([proc.stdout], [], [], max(left, 0))[0]:
                out.extend(os.read(proc.stdout.fileno(), 4096))

    ok = False
    try:
        wait_for(r"net_echo: 10\.0\.2\.15, echo on port 7\n")  # the address came from DHCP
        wait_for(r"net_echo: DNS server 10\.0\.2\.3\n")  # so did the DNS server (option 6)
        for i in range(3):
            if i:
                wait_for(r"client gone after \d+ bytes\n", count=i)
            time.sleep(0.2)  # the socket listens again once the previous client is done
            msg = (f"client {i}: " + "x" * (1000 * (i + 1)) + "\n").encode()
            with socket.create_connection(("127.0.0.1", port), timeout=20) as c:
                c.sendall(msg)
                got = bytearray()
                while len(got) < len(msg):
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    got.extend(chunk)
                if bytes(got) != msg:
                    raise AssertionError(f"client {i}: echo differs ({len(got)} of {len(msg)} bytes)")
            print(f"example_client: client {i} echoed {len(msg)} bytes")
        # echo() is written against mote::io: the count it returns is every byte each client sent
        for i in range(3):
            wait_for(rf"client gone after {len(f'client {i}: ') + 1000 * (i + 1) + 1} bytes\n")
        ok = True
    except Exception as e:  # noqa: BLE001
        print(f"example_client: FAILED: {e}")
    finally:
        proc.kill()
        rest, _ = proc.communicate()
        out.extend(rest or b"")
        sys.stdout.write(out.decode(errors="replace"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
