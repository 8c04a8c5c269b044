#!/usr/bin/env python3
"""tools/sign-image: each bad input ends with exit status 1, a message naming the problem, and
nothing written or overwritten; good input round-trips through `info`.

  sign_image_test.py <sign-image> <scratch-dir>
"""
import os
import shutil
import subprocess
import sys

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"FAILED: {what}")


def run(tool, *args):
    r = subprocess.run([tool, *args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def refused(tool, message, *args):
    rc, out = run(tool, *args)
    check(rc == 1 and message in out, f"sign-image {' '.join(args)}: wanted exit 1 and {message!r}, got {rc}: {out!r}")


def main():
    tool, d = sys.argv[1], sys.argv[2]
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    key, other, rsa = (os.path.join(d, n) for n in ("key.pem", "other.pem", "rsa.pem"))
    app, img = os.path.join(d, "app.bin"), os.path.join(d, "app.img")
    with open(app, "wb") as f:
        f.write(os.urandom(1000))
    check(run(tool, "keygen", key)[0] == 0, "keygen")
    check(oct(os.stat(key).st_mode & 0o777) == "0o600", "the private key is created 0600")
    check(run(tool, "keygen", other)[0] == 0, "keygen (second key)")
    before = open(key, "rb").read()
    refused(tool, "refusing to overwrite", "keygen", key)
    check(open(key, "rb").read() == before, "keygen left the existing key alone")

    rc, out = run(tool, "pubkey", key)
    check(rc == 0 and len(out.strip()) == 130 and out.startswith("04"), "pubkey prints 65 bytes, 04 || X || Y")

    subprocess.run(["openssl", "genrsa", "-out", rsa, "2048"], capture_output=True, check=True)
    refused(tool, "is not an ECDSA P-256", "sign", "--key", rsa, "--version", "1.0.0", "--board", "host", app, img)
    refused(tool, "version must be major.minor.patch", "sign", "--key", key, "--version", "1.0", "--board", "host", app, img)
    refused(tool, "out of range", "sign", "--key", key, "--version", "1.256.0", "--board", "host", app, img)
    refused(tool, "board name must be", "sign", "--key", key, "--version", "1.0.0", "--board", "x" * 40, app, img)
    refused(tool, "--key is required", "sign", "--version", "1.0.0", "--board", "host", app, img)
    refused(tool, "cannot read", "sign", "--key", key, "--version", "1.0.0", "--board", "host", app + ".missing", img)
    check(not os.path.exists(img), "no image written by a refused sign")

    check(run(tool, "sign", "--key", key, "--version", "1.2.3", "--board", "host", app, img)[0] == 0, "sign")
    rc, out = run(tool, "info", img, "--key", key)
    check(rc == 0 and "version 1.2.3" in out and "board host" in out and "signature: ok" in out, f"info: {out!r}")
    rc, out = run(tool, "info", img, "--key", other)
    check(rc == 1 and "does NOT verify" in out, "info with another key")
    data = bytearray(open(img, "rb").read())
    data[300] ^= 1
    open(img, "wb").write(data)
    rc, out = run(tool, "info", img)
    check(rc == 1 and "MISMATCH" in out, "info on a corrupted image")
    open(img, "wb").write(data[:100])
    refused(tool, "truncated", "info", img)
    open(img, "wb").write(b"X" * 300)
    refused(tool, "not a mote image", "info", img)
    check(run(tool, "sign", "--unsigned", "--version", "1.0.0", "--board", "host", app, img)[0] == 0, "sign --unsigned")
    rc, out = run(tool, "info", img)
    check(rc == 1 and "unsigned" in out, "info on an unsigned image")
    print("ok" if failures == 0 else f"{failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
