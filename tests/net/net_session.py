#!/usr/bin/env python3
"""Runs tests/net/net_echo.cpp under QEMU with user-mode networking and plays its three clients.

    net_session.py [--bytes N] [--timeout S] -- QEMU-COMMAND...

Every @PORT@ in the command is replaced by a free local TCP port (each run picks its own, so
ctest may run several network tests at once); the command's -nic forwards it to the
firmware's port 7. Real sockets, no mocks:
  1. echo: sends N bytes (default 300000, far more than the socket buffers and lwIP's window)
     from one thread while another reads the echo, compares it byte for byte, then
     shutdown(SHUT_WR) and expects EOF.
  2. reset: sends 1000 bytes and closes with SO_LINGER 0 (an RST).
  3. timeout: connects and stays silent; the firmware must abort within a few seconds.
  4. connect: listens on a free port, sends it and a port nobody listens on to the firmware,
     then accepts the firmware's connection (from 10.0.2.2 through slirp), checks its greeting,
     replies and closes.
Then QEMU must exit 0 and have printed the lines each step implies. Each step waits for the
firmware's "listening" line first.
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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Firmware:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = bytearray()
        self.matched = 0

    def expect(self, regex, timeout):
        deadline = time.monotonic() + timeout
        pat = re.compile(regex.encode())
        while True:
            m = pat.search(self.out, self.matched)
            if m:
                self.matched = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {regex!r}")
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError(f"firmware ended before {regex!r}")
                self.out.extend(chunk)

    def finish(self, timeout):
        try:
            rest, _ = self.proc.communicate(timeout=timeout)
            self.out.extend(rest or b"")
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rest, _ = self.proc.communicate()
            self.out.extend(rest or b"")
            raise AssertionError("firmware did not exit")
        return self.proc.returncode


def connect(port, timeout):
    # slirp accepts on the host side at once and then connects into the guest; a refused
    # guest connection shows up as an immediate EOF/reset, so retry briefly.
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def pattern(n):
    block = bytes((i * 7 + 3) % 251 for i in range(251))
    return (block * (n // len(block) + 1))[:n]


def echo(port, nbytes, timeout):
    data = pattern(nbytes)
    s = connect(port, timeout)
    errors = []

    def send():
        try:
            view = memoryview(data)
            while view:
                n = s.send(view[:4096])
                view = view[n:]
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            errors.append(e)

    t = threading.Thread(target=send)
    t.start()
    got = bytearray()
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        got.extend(chunk)
    t.join()
    s.close()
    if errors:
        raise AssertionError(f"send failed: {errors[0]}")
    if bytes(got) != data:
        first = next((i for i in range(min(len(got), len(data))) if got[i] != data[i]), min(len(got), len(data)))
        raise AssertionError(f"echo differs: sent {len(data)} bytes, got {len(got)}, first difference at {first}")
    print(f"net_session: echo of {len(data)} bytes matched")


def reset(port, timeout):
    s = connect(port, timeout)
    s.sendall(bytes(range(250)) * 4)
    time.sleep(0.5)  # let the bytes reach the firmware before the reset overtakes nothing
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("net_session: sent 1000 bytes and a reset")


def silent(port, timeout):
    s = connect(port, timeout)
    t0 = time.monotonic()
    try:
        data = s.recv(16)  # the firmware aborts: EOF or reset
    except ConnectionResetError:
        data = b""
    s.close()
    print(f"net_session: silent client dropped after {time.monotonic() - t0:.2f} s ({data!r})")


def client_side(port, timeout):
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    lst.settimeout(timeout)
    closed = free_port()  # nobody listens there
    c = connect(port, timeout)
    c.sendall(struct.pack(">HH", lst.getsockname()[1], closed))
    c.close()
    conn, _ = lst.accept()
    conn.settimeout(timeout)
    got = b""
    while not got.endswith(b"\n"):
        chunk = conn.recv(100)
        if not chunk:
            break
        got += chunk
    if got != b"hello from mote\n":
        raise AssertionError(f"greeting was {got!r}")
    conn.sendall(b"hello from the host")
    conn.shutdown(socket.SHUT_WR)
    rest = conn.recv(100)  # the firmware's FIN
    conn.close()
    lst.close()
    if rest:
        raise AssertionError(f"unexpected bytes after the greeting: {rest!r}")
    print("net_session: the firmware connected and greeted")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bytes", type=int, default=300000)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    port = free_port()
    cmd = [c.replace("@PORT@", str(port)) for c in cmd]
    fw = Firmware(cmd)
    try:
        fw.expect(r"net_echo: up 10\.0\.2\.15\n", a.timeout)
        fw.expect(r"phase echo listening\n", a.timeout)
        echo(port, a.bytes, a.timeout)
        fw.expect(rf"echoed {a.bytes} bytes\n", a.timeout)
        fw.expect(r"phase reset listening\n", a.timeout)
        reset(port, a.timeout)
        fw.expect(r"reset phase: 1000 bytes, then connection reset\n", a.timeout)
        fw.expect(r"phase timeout listening\n", a.timeout)
        silent(port, a.timeout)
        fw.expect(r"read timed out after >= 300 ms, aborted\n", a.timeout)
        fw.expect(r"phase connect listening\n", a.timeout)
        client_side(port, a.timeout)
        fw.expect(r"connect to a closed port: connection refused\n", a.timeout)
        fw.expect(r'connected as a client, reply "hello from the host"\n', a.timeout)
        fw.expect(r"net_echo: ok\n", a.timeout)
        status = fw.finish(a.timeout)
        if status != 0:
            raise AssertionError(f"firmware exited {status}")
    except Exception as e:  # noqa: BLE001 - report anything with the output
        if fw.proc.poll() is None:
            fw.proc.kill()
        sys.stdout.write(fw.out.decode(errors="replace"))
        print(f"net_session: FAILED: {e}")
        return 1
    sys.stdout.write(fw.out.decode(errors="replace"))
    print("net_session: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
