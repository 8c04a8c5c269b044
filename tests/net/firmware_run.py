"""What every network test script does around its own steps: start the firmware under QEMU with
its output captured, wait for lines it prints, and end with its exit status checked and the
whole output shown (on success and failure alike), then "<name>: passed" or "<name>: FAILED: why".
"""

import json
import os
import re
import select
import socket
import subprocess
import sys
import time


def free_port(kind=socket.SOCK_STREAM):
    """A local port nobody uses now (each run picks its own, so ctest may run tests at once)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(argv, **substitutions):
    """The QEMU command after `--` in argv, with every @KEY@ replaced by substitutions[key]."""
    cmd = argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    for key, value in substitutions.items():
        cmd = [c.replace(f"@{key}@", str(value)) for c in cmd]
    return cmd


class Qmp:
    """QEMU's machine protocol on a Unix socket (-qmp unix:PATH,server=on,wait=off)."""

    def __init__(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())  # the greeting
        self.execute("qmp_capabilities")

    def execute(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise AssertionError(f"QMP {command}: {reply['error']}")


class Firmware:
    """The running firmware: its process and everything it has printed so far (`out`).
    stdin=subprocess.PIPE lets a test type into the console (proc.stdin)."""

    def __init__(self, cmd, stdin=subprocess.DEVNULL):
        self.proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = bytearray()

    def read_available(self, timeout=0.0):
        """Appends what the firmware printed within `timeout` seconds; False once it has ended."""
        if select.select([self.proc.stdout], [], [], timeout)[0]:
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                return False
            self.out.extend(chunk)
        return True

    def wait_for(self, regex, timeout=20.0):
        """Waits until the output (all of it) matches `regex`; returns the match."""
        deadline = time.monotonic() + timeout
        pattern = re.compile(regex.encode())
        while not pattern.search(self.out):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {regex!r}")
            if not self.read_available(left):
                raise AssertionError(f"firmware ended before {regex!r}")
        return pattern.search(self.out)

    def wait_for_text(self, text, timeout=20.0):
        return self.wait_for(re.escape(text), timeout)


def run(name, firmware, steps, exit_timeout=20):
    """Runs steps(), then expects the firmware to exit with status 0. Returns the script's status."""
    try:
        steps()
        firmware.proc.wait(exit_timeout)
        firmware.out.extend(firmware.proc.stdout.read() or b"")
        if firmware.proc.returncode != 0:
            raise AssertionError(f"firmware exited {firmware.proc.returncode}")
    except Exception as e:  # noqa: BLE001 - report anything, with the output
        if firmware.proc.poll() is None:
            firmware.proc.kill()
        rest, _ = firmware.proc.communicate()
        firmware.out.extend(rest or b"")
        sys.stdout.write(firmware.out.decode(errors="replace"))
        print(f"{name}: FAILED: {e}")
        return 1
    sys.stdout.write(firmware.out.decode(errors="replace"))
    print(f"{name}: passed")
    return 0
