#!/usr/bin/env python3
"""Builds the signed images the host boot tests use, with tools/sign-image (and so openssl).

  make_test_images.py <sign-image> <out-dir> [<board> <payload-bytes>]

With a board: only v1, v2 and v3 for that board, each of <payload-bytes> (the firmware tests).

Writes key.pem and other.pem (the firmware key and a stranger's), test_key.hpp (the firmware
key's public half as a C++ constant) and the images listed in IMAGES below. Payloads are
deterministic pseudo-random bytes, so a mismatch is never hidden by a repeated pattern.
"""
import os
import random
import subprocess
import sys

# v3 is not a whole number of 4-byte write units (the updater pads the last one).
# name: (payload bytes, version, board, key: "key" | "other" | None = unsigned)
IMAGES = {
    "v1": (3000, "1.0.0", "host", "key"),
    "v2": (5000, "2.0.0", "host", "key"),
    "v3": (6501, "3.0.0", "host", "key"),
    "v0": (2500, "0.9.0", "host", "key"),
    "wrong_board": (3000, "2.0.0", "riscv32-virt", "key"),
    "other_key": (3000, "2.0.0", "host", "other"),
    "unsigned": (3000, "2.0.0", "host", None),
    "too_large": (8000, "2.0.0", "host", "key"),
}


def main():
    tool, out = sys.argv[1], sys.argv[2]
    images = IMAGES
    if len(sys.argv) > 3:
        board, size = sys.argv[3], int(sys.argv[4])
        images = {f"v{v}": (size, f"{v}.0.0", board, "key") for v in (1, 2, 3)}
    os.makedirs(out, exist_ok=True)
    for k in ("key", "other"):
        path = os.path.join(out, f"{k}.pem")
        if not os.path.exists(path):
            subprocess.run([tool, "keygen", path], check=True)
    subprocess.run([tool, "pubkey", os.path.join(out, "key.pem"), "--cpp", "test_public_key", "-o",
                    os.path.join(out, "test_key.hpp")], check=True)
    for name, (size, version, board, key) in images.items():
        rng = random.Random(name)
        payload = os.path.join(out, f"{name}.bin")
        with open(payload, "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(size)))
        cmd = [tool, "sign", "--version", version, "--board", board]
        cmd += ["--key", os.path.join(out, f"{key}.pem")] if key else ["--unsigned"]
        subprocess.run(cmd + [payload, os.path.join(out, f"{name}.img")], check=True)


if __name__ == "__main__":
    main()
