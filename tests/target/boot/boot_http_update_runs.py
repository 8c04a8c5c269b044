#!/usr/bin/env python3
"""End to end on riscv32-virt over TCP: the bootloader firmware and the application behind it
(tests/target/boot/boot_http_app.cpp), updated with `curl -T image http://.../firmware` through
QEMU's user network (port forwarding to the app's port 80); each QEMU run a power cycle on one
pflash bank-0 file, the bootloader in its sector 0.

  boot_http_update_runs.py <work-dir> <bootloader.bin> <sign-image> <key.pem> <v1.img> <v2.img> <v3.img>
                           -- <qemu command (the bootloader, with @PORT@ in its hostfwd)...>

Run 1: the bootloader starts v1; curl PUTs v2: 200 "accepted: version 2.0.0"; v1 resets.
Run 2: the bootloader swaps, v2 confirms; GET /firmware says "running 2.0.0, idle"; bad images
are refused, each with its status and boot::Error (corrupt, wrong key, unsigned, wrong board,
truncated: 422; too large: 413; v1, older: 409; chunked: 501; no Content-Length (a raw socket):
411); then v3 is accepted. Run 3: v3 runs and never confirms. Run 4: the bootloader rolls back
to v2, which GET /firmware confirms.
"""
import os
import random
import re
import select
import socket
import subprocess
import sys
import time

from virt_flash import factory_flash, without_kernel



def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    sep = sys.argv.index("--")
    work, boot, sign, key, v1, v2, v3 = sys.argv[1:sep]
    port = free_port()
    cmd = without_kernel([a.replace("@PORT@", str(port)) for a in sys.argv[sep + 1:]])
    path = f"{work}/boot_http_bank0.bin"
    factory_flash(path, boot, v1)
    log = []

    def fail(what):
        print("".join(log))
        print(f"boot_http_update_runs: {what}")
        sys.exit(1)

    # The bad images: made here from the test key (and a second one), tools/sign-image.
    bad = f"{work}/boot_http_bad"
    os.makedirs(bad, exist_ok=True)
    rng = random.Random(13)
    for name, size in (("small", 4000), ("huge", 300 * 1024)):
        open(f"{bad}/{name}.bin", "wb").write(bytes(rng.getrandbits(8) for _ in range(size)))
    if not os.path.exists(f"{bad}/other.pem"):
        subprocess.run([sign, "keygen", f"{bad}/other.pem"], check=True, capture_output=True)

    def signed(out, *args, payload="small"):
        subprocess.run([sign, "sign", "--version", "4.0.0", *args, f"{bad}/{payload}.bin", f"{bad}/{out}.img"],
                       check=True, capture_output=True)
        return f"{bad}/{out}.img"

    v2_bytes = open(v2, "rb").read()
    corrupt = bytearray(v2_bytes)
    corrupt[5000] ^= 0x01
    open(f"{bad}/corrupt.img", "wb").write(corrupt)
    open(f"{bad}/truncated.img", "wb").write(v2_bytes[:len(v2_bytes) // 2])
    bad_images = [
        ("corrupt", f"{bad}/corrupt.img", 422, "Corrupt: boot: image corrupt"),
        ("wrong key", signed("other_key", "--key", f"{bad}/other.pem", "--board", "riscv32-virt"), 422,
         "WrongKey: boot: signature does not verify"),
        ("unsigned", signed("unsigned", "--unsigned", "--board", "riscv32-virt"), 422, "Unsigned: boot: image not signed"),
        ("wrong board", signed("wrong_board", "--key", key, "--board", "microbit"), 422,
         "WrongBoard: boot: image built for another board"),
        ("truncated", f"{bad}/truncated.img", 422, "Truncated: boot: image truncated"),
        ("too large", signed("too_large", "--key", key, "--board", "riscv32-virt", payload="huge"), 413,
         "TooLarge: boot: image too large"),
        ("older", v1, 409, "VersionRollback: boot: image older than the running one"),
    ]

    class Qemu:
        def __init__(self, run):
            self.run = run
            self.proc = subprocess.Popen(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={path}", "-monitor", "none"],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.out = bytearray()
            self.matched = 0

        def expect(self, regex, timeout=180):
            deadline = time.monotonic() + timeout
            pat = re.compile(regex.encode())
            while True:
                m = pat.search(self.out, self.matched)
                if m:
                    self.matched = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    fail(f"run {self.run}: timed out waiting for {regex!r}")
                r, _, _ = select.select([self.proc.stdout], [], [], left)
                if r:
                    chunk = os.read(self.proc.stdout.fileno(), 4096)
                    if not chunk:
                        self.stop()
                        fail(f"run {self.run}: QEMU ended before {regex!r}")
                    self.out.extend(chunk)

        def stop(self):
            if self.proc.poll() is None:
                self.proc.kill()
            rest, _ = self.proc.communicate()
            self.out.extend(rest or b"")
            log.append(f"--- QEMU run {self.run} (exit {self.proc.returncode})\n{self.out.decode('latin-1')}")

        def end(self):
            try:
                rest, _ = self.proc.communicate(timeout=120)
                self.out.extend(rest or b"")
            except subprocess.TimeoutExpired:
                self.stop()
                fail(f"run {self.run}: QEMU did not exit")
            log.append(f"--- QEMU run {self.run} (exit {self.proc.returncode})\n{self.out.decode('latin-1')}")
            if self.proc.returncode != 0:
                fail(f"run {self.run}: QEMU exited {self.proc.returncode}")

    url = f"http://127.0.0.1:{port}/firmware"

    def curl(what, status, body, *args):
        r = subprocess.run(["curl", "-sS", "--max-time", "300", "-w", "\\n%{http_code} in %{time_total} s\\n", *args, url],
                           capture_output=True, text=True, timeout=320)
        log.append(f"$ curl {' '.join(args)} {url}  ({what}; exit {r.returncode})\n{r.stdout}{r.stderr}")
        lines = r.stdout.rstrip("\n").split("\n")
        if r.returncode != 0 or lines[-1].split()[0] != str(status) or body not in r.stdout:
            fail(f"{what}: expected {status} and {body!r}")

    def raw(what, request, status):  # a client curl cannot be: a PUT without Content-Length
        with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
            s.sendall(request)
            answer = b""
            while chunk := s.recv(4096):
                answer += chunk
        log.append(f"$ raw {request!r}  ({what})\n{answer.decode('latin-1')}\n")
        if not answer.startswith(f"HTTP/1.1 {status} ".encode()):
            fail(f"{what}: expected {status}")

    ready = r"app v\d: waiting for PUT /firmware on port 80\n"
    # Run 1: v1 receives v2 over HTTP.
    q = Qemu(1)
    q.expect(r"bootloader: boot, v1; starting 0x20040100\napp v1: running at 0x2004[0-9a-f]{4}\n")
    q.expect(ready)
    curl("v2", 200, "accepted: version 2.0.0", "-T", v2)
    q.expect(r"app v1: received v2 over HTTP \(\d+ bytes, \d+ instructions busy\), reset to install\n")
    q.end()
    # Run 2: swapped; v2 confirms; every bad image refused with its status; v3 accepted.
    q = Qemu(2)
    q.expect(r"bootloader: swapped, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\napp v2: confirmed\n")
    q.expect(ready)
    curl("status", 200, "running 2.0.0, idle")
    for what, img, status, body in bad_images:
        curl(what, status, body, "-T", img)
        q.expect(rf"app v2: update refused: {re.escape(body)}")
    curl("chunked", 501, "Not Implemented", "-T", v3, "-H", "Transfer-Encoding: chunked")
    raw("no Content-Length", b"PUT /firmware HTTP/1.1\r\nHost: mote\r\n\r\n", 411)
    curl("status after the refusals", 200, "running 2.0.0, idle")
    curl("v3", 200, "accepted: version 3.0.0", "-T", v3)
    q.expect(r"app v2: received v3 over HTTP \(\d+ bytes, \d+ instructions busy\), reset to install\n")
    q.end()
    # Run 3: v3 runs and does not confirm.
    q = Qemu(3)
    q.expect(r"bootloader: swapped, v3; starting 0x20040100\napp v3: running at 0x2004[0-9a-f]{4}\napp v3: not confirming\n")
    q.end()
    # Run 4: rolled back to v2.
    q = Qemu(4)
    q.expect(r"bootloader: rolled back, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\n")
    q.expect(ready)
    curl("status after the rollback", 200, "running 2.0.0, idle")
    q.stop()
    print("".join(log))
    print("boot_http_update_runs: ok")


if __name__ == "__main__":
    main()
