#!/usr/bin/env python3
"""End to end on riscv32-virt: the bootloader firmware and the application behind it
(tests/target/boot/), updated over the UART by tools/mote-push; each QEMU run a power cycle on
one pflash bank-0 file, the UART on a unix socket.

  boot_uart_update_runs.py <work-dir> <bootloader.bin> <mote-push> <app_v1.img> <app_v2.img> <app_v3.img> <old.img>
                           -- <qemu command (the bootloader)...>

The file gets the bootloader's flat binary in sector 0 (it executes in place there; the QEMU
command's -kernel is dropped) and the signed v1 in ACTIVE (the factory).
Run 1: the bootloader starts v1; mote-push sends v2 and is stopped at 8 KiB (a lost connection);
a second mote-push resumes from the offset v1 reports and is stopped at 16 KiB, and QEMU is
killed (a reset of the device mid-transfer). Run 1b: a third mote-push resumes from what the
pflash kept (BEGIN's CRC-32 checked), damaging every 7th frame on purpose (NAKed, sent again);
v1 accepts v2. Run 2: the bootloader swaps, v2 runs, confirms, and
receives v3. Run 3: the bootloader swaps, v3 runs and does not confirm. Run 4: the bootloader
rolls back to v2, which refuses <old.img> (version 1.0.0, a 64 KiB payload) with
VersionRollback, reported by mote-push.
"""
import os
import re
import socket
import subprocess
import sys
import time

from virt_flash import factory_flash, without_kernel



def main():
    sep = sys.argv.index("--")
    work, boot, push, v1, v2, v3, old = sys.argv[1:sep]
    cmd = without_kernel(sys.argv[sep + 1:])
    path = f"{work}/boot_uart_bank0.bin"
    factory_flash(path, boot, v1)
    sock = f"{work}/boot_uart.sock"
    log = []

    def check(what, ok, out):
        log.append(out)
        if not ok:
            print("".join(log))
            print(f"boot_uart_update_runs: {what}")
            sys.exit(1)

    def start_qemu():
        if os.path.exists(sock):
            os.unlink(sock)
        return subprocess.Popen(cmd + ["-drive", f"if=pflash,format=raw,unit=0,file={path}", "-monitor", "none",
                                       "-serial", f"unix:{sock},server=on,wait=on"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def mote_push(*args, status=0, expect=()):
        r = subprocess.run([sys.executable, push, "--connect", f"unix:{sock}", "--wait", "120", "--timeout", "30",
                            "--finish-timeout", "300", "--linger", "120", *args],
                           capture_output=True, text=True, timeout=600)
        out = f"$ mote-push {' '.join(args)}  (exit {r.returncode})\n{r.stdout}{r.stderr}"
        check(f"mote-push exited {r.returncode}, expected {status}", r.returncode == status, out)
        for pattern in expect:
            check(f"mote-push's output lacks {pattern!r}", re.search(pattern, r.stdout), "")
        return r.stdout

    def end_qemu(q, run):
        try:
            out, _ = q.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            q.kill()
            out, _ = q.communicate()
        check(f"run {run}: QEMU exited {q.returncode}", q.returncode == 0, f"--- QEMU run {run} exited {q.returncode}\n{out}")

    def console_until_end():  # a run with no push: just read the console until QEMU exits
        deadline = time.monotonic() + 120
        while not os.path.exists(sock):
            if time.monotonic() > deadline:
                return ""
            time.sleep(0.05)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(sock)
        s.settimeout(300)
        out = b""
        while chunk := s.recv(4096):
            out += chunk
        return out.decode("latin-1")

    ready = r"app v\d: waiting for an update"
    # Run 1: v1 receives v2, interrupted at 8 KiB (a lost connection), resumed and stopped again at
    # 16 KiB; then the device is reset (QEMU killed) in the middle of the push.
    q = start_qemu()
    mote_push(v2, "--wait-for", ready, "--stop-after", "8192", status=3,
              expect=[r"bootloader: boot, v1; starting 0x20040100\n", r"app v1: running at 0x2004[0-9a-f]{4}\n",
                      r"mote-push: device runs 1\.0\.0, idle", r"stopped at 8192 "])
    mote_push(v2, "--stop-after", "16384", status=3, expect=[r"resuming at 8192 of", r"stopped at 16384 "])
    q.kill()
    check("run 1: QEMU killed", q.wait() != 0, f"--- QEMU run 1 killed with SIGKILL at 16 KiB (a reset)\n{q.stdout.read()}")
    # Run 1b: after the reset v1 knows nothing of the push, but BEGIN resumes from what the pflash
    # kept (checked by its CRC-32), with damaged frames on the way.
    q = start_qemu()
    mote_push(v2, "--wait-for", ready, "--corrupt-every", "7",
              expect=[r"device runs 1\.0\.0, idle",
                      r"the device kept 1(5|6)\d\d\d bytes of this image across a reset \(CRC-32 checked\)",
                      r"sent \d+ bytes in [0-9.]+ s \([1-9]\d* NAKs",
                      r"accepted: version 2\.0\.0", r"app v1: received v2, reset to install"])
    end_qemu(q, 1)
    # Run 2: the bootloader swaps; v2 confirms itself and receives v3.
    q = start_qemu()
    mote_push(v3, "--wait-for", ready,
              expect=[r"bootloader: swapped, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\n"
                      r"app v2: confirmed\n", r"accepted: version 3\.0\.0", r"app v2: received v3, reset to install"])
    end_qemu(q, 2)
    # Run 3: v3 is installed and never confirms.
    q = start_qemu()
    out = console_until_end()
    check("run 3 lacks v3 not confirming",
          re.search(r"bootloader: swapped, v3; starting 0x20040100\napp v3: running at 0x2004[0-9a-f]{4}\n"
                    r"app v3: not confirming", out), f"--- run 3 console\n{out}")
    end_qemu(q, 3)
    # Run 4: rolled back to v2, which refuses an older image with its typed error.
    q = start_qemu()
    mote_push(old, "--wait-for", ready, status=1,
              expect=[r"bootloader: rolled back, v2; starting 0x20040100\napp v2: running at 0x2004[0-9a-f]{4}\n",
                      r"refused by the device at FINISH: VersionRollback \(boot: image older than the running one",
                      r"app v2: update session: \d+ frames, 0 NAKs, \d+ instructions busy\n"
                      r"app v2: update refused: boot: image older"])
    end_qemu(q, 4)
    print("".join(log))
    print("boot_uart_update_runs: ok")


if __name__ == "__main__":
    main()
