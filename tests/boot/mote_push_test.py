#!/usr/bin/env python3
"""tools/mote-push against the real device code (mote::boot::UartUpdate in uart_update_device,
over the host's simulated flash): bad input is refused with exit status 2 and a message; a push
stopped halfway resumes where the device stands; damaged frames are NAKed and sent again; a
bad image's boot::Error is reported with exit status 1; an accepted image is installed by the
bootloader; unix sockets, TCP and a serial port (a pty) all reach the device.

  mote_push_test.py <mote-push> <uart_update_device> <images-dir> <scratch-dir>
"""
import os
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import tty

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"FAILED: {what}")


def relay(fd, device_sock, stop):
    """Copies bytes both ways between `fd` and a new connection to the device until `fd` ends
    (or `stop()` says so), then closes the device's connection (the device sees a lost line)."""
    d = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    d.connect(device_sock)
    while not stop():
        ready, _, _ = select.select([fd, d], [], [], 0.1)
        try:
            if fd in ready:
                data = os.read(fd, 4096)
                if not data:
                    break
                d.sendall(data)
            if d in ready:
                data = d.recv(4096)
                if not data:
                    break
                while data:
                    data = data[os.write(fd, data):]
        except OSError:
            break
    d.close()


def main():
    tool, device, images, d = sys.argv[1:5]
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    sock = os.path.join(d, "device.sock")

    def push(*args):
        r = subprocess.run([sys.executable, tool, "--connect", f"unix:{sock}", "--timeout", "5", "--linger", "0",
                            *args], capture_output=True, text=True, timeout=120)
        out = r.stdout + r.stderr
        print(f"$ mote-push {' '.join(args)}  (exit {r.returncode})\n{out}", end="")
        return r.returncode, out

    def expect(want_status, wanted, *args):
        rc, out = push(*args)
        check(rc == want_status, f"mote-push {' '.join(args)}: exit {rc}, wanted {want_status}")
        for w in wanted:
            check(w in out, f"mote-push {' '.join(args)}: output lacks {w!r}")

    def start_device():
        if os.path.exists(sock):
            os.unlink(sock)
        p = subprocess.Popen([device, sock], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while not os.path.exists(sock) and time.monotonic() < deadline:
            time.sleep(0.02)
        return p

    def end_device(p, wanted):
        out, _ = p.communicate(timeout=30)
        print(out, end="")
        check(wanted in out, f"the device's output lacks {wanted!r}")

    img = lambda name: os.path.join(images, f"{name}.img")
    junk = os.path.join(d, "junk.img")
    with open(junk, "wb") as f:
        f.write(b"not an image" * 100)

    # Bad input: refused before anything is sent.
    expect(2, ["No such file"], os.path.join(d, "missing.img"))
    expect(2, ["is not a signed mote image"], junk)
    expect(2, ["--chunk must be a multiple of 4"], img("v2"), "--chunk", "6")
    expect(2, ["cannot connect to unix:"], img("v2"), "--wait", "0.2")

    # v2, stopped after 2 KiB, resumed, every 3rd frame damaged: accepted and installed.
    p = start_device()
    expect(3, ["device runs 1.0.0, idle, frames up to 512 bytes", "stopped at 2048 of 5256 bytes"], img("v2"),
           "--stop-after", "2048")
    expect(0, ["receiving, 2048 of 5256 bytes received"], "--quiet")  # status only: nothing changes
    expect(0, ["resuming at 2048 of 5256 bytes", "NAKs, 0 timeouts", "accepted: version 2.0.0, 5256 bytes"],
           img("v2"), "--corrupt-every", "3")
    end_device(p, "device: accepted v2; after reset: swapped, ACTIVE holds v2")

    # A different image after an interrupted one starts again (its digest differs): no resume.
    p = start_device()
    expect(3, ["stopped at 1024"], img("v2"), "--stop-after", "1024")
    expect(1, ["refused by the device at FINISH: WrongBoard (boot: image built for another board)"],
           img("wrong_board"))
    end_device(p, "device: update refused: boot: image built for another board")

    # Each kind of refusal reaches the tool with its name.
    for name, error, when in (("v0", "VersionRollback", "FINISH"), ("other_key", "WrongKey", "FINISH"),
                              ("unsigned", "Unsigned", "FINISH"), ("too_large", "TooLarge", "BEGIN")):
        p = start_device()
        expect(1, [f"refused by the device at {when}: {error} ("], img(name))
        end_device(p, "device: update refused")

    # The other two ways to the device: TCP (QEMU's -serial tcp:) and a serial port (a pty here),
    # each relayed to the device's socket. A push stopped over TCP resumes over the pty.
    p = start_device()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def tcp_session():
        c, _ = server.accept()
        relay(c.fileno(), sock, lambda: None)
        c.close()

    t = threading.Thread(target=tcp_session, daemon=True)
    t.start()
    r = subprocess.run([sys.executable, tool, "--connect", f"tcp:127.0.0.1:{server.getsockname()[1]}", "--timeout", "5",
                        "--stop-after", "3072", img("v2")], capture_output=True, text=True, timeout=120)
    print(r.stdout + r.stderr, end="")
    check(r.returncode == 3 and "stopped at 3072 of 5256" in r.stdout, "a push over TCP, stopped")
    t.join(timeout=30)
    server.close()
    master, slave = os.openpty()
    tty.setraw(slave)
    done = threading.Event()
    t = threading.Thread(target=relay, args=(master, sock, done.is_set), daemon=True)
    t.start()
    r = subprocess.run([sys.executable, tool, "--connect", os.ttyname(slave), "--timeout", "5", "--linger", "0",
                        img("v2")], capture_output=True, text=True, timeout=120)
    print(r.stdout + r.stderr, end="")
    check(r.returncode == 0 and "resuming at 3072 of 5256" in r.stdout and "accepted: version 2.0.0" in r.stdout,
          "the push resumed over a pty")
    done.set()
    t.join(timeout=30)
    os.close(slave)
    os.close(master)
    end_device(p, "device: accepted v2; after reset: swapped, ACTIVE holds v2")

    # A device that never answers: the tool gives up with a message.
    silent = os.path.join(d, "silent.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(silent)
    s.listen(1)
    r = subprocess.run([sys.executable, tool, "--connect", f"unix:{silent}", "--timeout", "0.2", "--retries", "1",
                        img("v2")], capture_output=True, text=True, timeout=60)
    print(r.stdout + r.stderr, end="")
    check(r.returncode == 2 and "no answer from the device after 2 tries" in r.stdout, "a silent device")
    s.close()

    print("mote_push_test: ok" if failures == 0 else f"mote_push_test: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
