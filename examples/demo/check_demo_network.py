#!/usr/bin/env python3
"""The networked demo with real clients: curl and Python sockets for HTTP, Debian's mosquitto
broker and mosquitto_sub for MQTT, QEMU's QMP for the TMP105's temperature.

    check_demo_network.py -- COMMAND...

COMMAND runs the demo under QEMU with its user network (@PORT@: a free host port forwarded to
the firmware's HTTP port 80; @QMP@: the QMP socket's path). The script starts mosquitto on
127.0.0.1 at a free port (QEMU's user network reaches the host as 10.0.2.2) and tells the
firmware that port (-append --mqtt-port N), then checks:
  - GET / is the page (200, text/html); GET /readings is JSON with the board, the ADC (within
    QEMU's model's range 512..519), the temperature (QEMU's model starts at 0 C) and the LED;
  - qom-set of the TMP105's temperature to 23.5 C shows in /readings and in the log;
  - POST /led off (curl) and on (a raw Python socket) switch the LED: /readings and the log
    show it; a bad word is 400;
  - bad requests get their status: no Host (400), POST without Content-Length (411), a head
    over 512 bytes (431), a body over the limit (413), an unknown path (404), a wrong method
    (405); the server still answers afterwards;
  - the OLED (QEMU's screendump): the ADC and temperature bars, the LED square, the MQTT square;
  - mosquitto_sub receives readings on sensors/lm3s6965evb/adc: JSON, sequence numbers rising,
    the ADC in range, and the new temperature;
  - `quit` on the console ends the firmware with status 0.
"""

import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "net"))
from firmware_run import Firmware, Qmp, command, free_port, run  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "target"))
from check_oled import read_ppm  # noqa: E402

TOPIC = "sensors/lm3s6965evb/adc"
ADC_RANGE = (512, 519)


def curl(port, path, *extra):
    """curl's status, headers and body (as text) for http://127.0.0.1:port/path."""
    r = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", *extra, f"http://127.0.0.1:{port}{path}"],
                       capture_output=True, timeout=20)
    if r.returncode != 0:
        raise AssertionError(f"curl {path}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    head, _, body = r.stdout.decode(errors="replace").partition("\r\n\r\n")
    status = int(head.split(" ", 2)[1])
    return status, head, body


def raw_request(port, data, timeout=10.0):
    """Sends `data` on a fresh connection, returns everything the server sends until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        reply = b""
        while True:
            try:
                chunk = s.recv(4096)
            except ConnectionResetError:
                break
            if not chunk:
                break
            reply += chunk
    return reply


def status_of(reply):
    line = reply.split(b"\r\n", 1)[0].decode(errors="replace")
    if not line.startswith("HTTP/1.1 "):
        raise AssertionError(f"not an HTTP response: {reply[:80]!r}")
    return int(line.split(" ", 2)[1])


def readings(port):
    status, head, body = curl(port, "/readings")
    if status != 200 or "application/json" not in head:
        raise AssertionError(f"/readings: {status} {head!r}")
    return json.loads(body)


def poll_readings(port, predicate, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        r = readings(port)
        if predicate(r):
            return r
        if time.monotonic() > deadline:
            raise AssertionError(f"/readings never showed {what}: last {r}")
        time.sleep(0.3)


def panel(qmp, tmp):
    """The OLED's 128 x 64 grey levels (0..15) from QEMU's screendump (4x magnified, 17 per level)."""
    path = os.path.join(tmp, "screen.ppm")
    qmp.execute("screendump", filename=path)
    width, height, pixels = read_ppm(path)
    assert (width, height) == (512, 256), f"screendump {width} x {height}: not the OLED"
    return [[pixels[((4 * y + 2) * width + 4 * x + 2) * 3] // 17 for x in range(128)] for y in range(64)]


def bar_width(screen, y):
    row = screen[y + 4]
    return sum(1 for x in range(2, 128) if row[x] == 15)


def wait_screen(qmp, tmp, predicate, what, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        screen = panel(qmp, tmp)
        if predicate(screen):
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"the OLED never showed {what}: ADC bar {bar_width(screen, 4)}, "
                                 f"temperature bar {bar_width(screen, 20)}, LED {screen[48][9]}, MQTT {screen[48][117]}")
        time.sleep(0.3)


def start_broker(tmp):
    port = free_port()
    conf = os.path.join(tmp, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    broker = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return broker, port
        except OSError:
            if broker.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("mosquitto did not start")
            time.sleep(0.05)


def main():
    for tool in ("mosquitto", "mosquitto_sub", "curl"):
        if not shutil.which(tool):
            print(f"check_demo_network: FAILED: {tool} is missing (tools/setup.sh installs it)")
            return 1
    tmp = tempfile.mkdtemp(prefix="mote-demo-net-")
    broker, mqtt_port = start_broker(tmp)
    sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(mqtt_port), "-t", "sensors/#", "-v"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    http_port = free_port()
    qmp_path = os.path.join(tmp, "qmp.sock")
    cmd = command(sys.argv, PORT=http_port, QMP=qmp_path) + ["-append", f"--mqtt-port {mqtt_port}"]
    firmware = Firmware(cmd, stdin=subprocess.PIPE)
    messages = []

    def steps():
        firmware.wait_for(r"handle_network network: 10\.0\.2\.15, HTTP on port 80", timeout=60)
        qmp = Qmp(qmp_path)

        status, head, body = curl(http_port, "/")
        assert status == 200 and "text/html" in head and "<h1>mote demo" in body, f"/: {status} {head!r}"
        r = poll_readings(http_port, lambda r: r["seq"] >= 1, "a first reading")
        assert r["board"] == "lm3s6965evb", r
        assert ADC_RANGE[0] <= r["adc"]["min"] <= r["adc"]["mean"] <= r["adc"]["max"] <= ADC_RANGE[1], r
        assert r["adc"]["samples"] in (10, 20), r
        assert r["temperature_c"] == 0.0, r
        assert r["led"]["mode"] == "blink", r

        # The sensor, changed from outside the guest: QEMU's model holds millidegrees.
        qmp.execute("qom-set", path="/machine/peripheral/tmp105", property="temperature", value=23500)
        poll_readings(http_port, lambda r: r["temperature_c"] == 23.5, "23.5 C")
        firmware.wait_for(r"read_sensor +temperature 23\.500 C")
        # The OLED: ADC bar 515 * 124 / 1024 = 62 (even), temperature bar 43.5 * 124 / 80 = 66,
        # MQTT connected by now (a reading went out).
        wait_screen(qmp, tmp, lambda s: bar_width(s, 4) == 62 and bar_width(s, 20) == 66 and s[48][117] == 15,
                    "the readings and MQTT")

        # The LED, by curl and by a raw socket.
        status, _, body = curl(http_port, "/led", "-d", "off")
        assert status == 200 and json.loads(body) == {"led": {"mode": "off"}}, (status, body)
        poll_readings(http_port, lambda r: r["led"] == {"on": False, "mode": "off", "toggles": r["led"]["toggles"]},
                      "the LED off")
        firmware.wait_for(r"blink_led +led off +\(PF0 reads 0\) \(console\)")
        wait_screen(qmp, tmp, lambda s: s[48][9] == 2, "the LED off")
        reply = raw_request(http_port, b"POST /led HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\non\n")
        assert status_of(reply) == 200, reply
        poll_readings(http_port, lambda r: r["led"]["on"] and r["led"]["mode"] == "on", "the LED on")
        wait_screen(qmp, tmp, lambda s: s[48][9] == 15, "the LED on")
        assert status_of(raw_request(http_port, b"POST /led HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\npurple")) == 400

        # Bad requests, each with its status; the server goes on serving.
        for data, expected in (
            (b"GET / HTTP/1.1\r\n\r\n", 400),                                            # no Host
            (b"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),                                  # no colon
            (b"POST /led HTTP/1.1\r\nHost: x\r\n\r\n", 411),                             # no length
            (b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * 600 + b"\r\n\r\n", 431),  # head > 512 B
            (b"POST /led HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 413),   # body > limit
            (b"POST /led HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
            (b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            (b"POST /readings HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
            (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ):
            got = status_of(raw_request(http_port, data))
            assert got == expected, f"{data[:50]!r}: {got}, expected {expected}"
        # A client that connects and says nothing is dropped after 5 s; then the next is served.
        with socket.create_connection(("127.0.0.1", http_port), timeout=20) as idle:
            t0 = time.monotonic()
            try:
                assert idle.recv(100) == b"", "an idle client got data"
            except ConnectionResetError:
                pass  # the timeout aborts the connection (RST)
            waited = time.monotonic() - t0
            assert waited > 3, f"idle client dropped after {waited:.1f} s, expected 5 s"
        assert readings(http_port)["led"]["mode"] == "on"

        # MQTT: what reached the broker.
        deadline = time.monotonic() + 30
        pending = b""
        while not any(m.get("temperature_c") == 23.5 for m in messages):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"mosquitto_sub got no reading with 23.5 C: {messages}")
            if not select.select([sub.stdout], [], [], left)[0]:
                continue
            chunk = os.read(sub.stdout.fileno(), 4096)
            if not chunk:
                raise AssertionError(f"mosquitto_sub ended: {pending!r}")
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                topic, _, payload = line.decode().strip().partition(" ")
                assert topic == TOPIC, f"unexpected topic {topic!r}"
                messages.append(json.loads(payload))
        seqs = [m["seq"] for m in messages]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), f"sequence numbers {seqs}"
        for m in messages:
            assert m["board"] == "lm3s6965evb" and ADC_RANGE[0] <= m["adc"]["mean"] <= ADC_RANGE[1], m
        print(f"check_demo_network: {len(messages)} MQTT messages on {TOPIC}, seq {seqs[0]}..{seqs[-1]}")

        firmware.proc.stdin.write(b"quit\n")
        firmware.proc.stdin.flush()
        firmware.wait_for(r"console +quit: \d+ LED toggles, \d+ samples; bye")

    try:
        return run("check_demo_network", firmware, steps)
    finally:
        for p in (sub, broker):
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
