#!/usr/bin/env python3
"""Checks QEMU's screendump of the lm3s6965evb OLED against the picture lm3s6965_oled.cpp draws.

    check_oled.py SCREENDUMP.ppm

QEMU's ssd0323 model shows the 128 x 64 panel magnified 4 times (512 x 256, binary PPM), grey
level L (0..15) as R = G = B = 17 L. Every panel pixel is checked at the centre of its 4 x 4 block.
"""

import sys


def expected(x, y):
    if 16 <= x < 48 and 8 <= y < 24:
        return 15  # the filled rectangle
    if 40 <= y < 48:
        return x // 8  # the ramp
    if (x, y) == (101, 30):
        return 9  # the low nibble of the single byte: the right pixel
    return 0


def read_ppm(path):
    data = open(path, "rb").read()
    fields = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval (comments are not expected from QEMU)
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pos += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit(f"check_oled: {path}: not an 8-bit binary PPM ({fields})")
    return int(fields[1]), int(fields[2]), data[pos:]


def main():
    width, height, pixels = read_ppm(sys.argv[1])
    if (width, height) != (512, 256):
        sys.exit(f"check_oled: screendump is {width} x {height}, expected 512 x 256")
    wrong = []
    for y in range(64):
        for x in range(128):
            at = ((4 * y + 2) * width + 4 * x + 2) * 3
            r, g, b = pixels[at:at + 3]
            want = 17 * expected(x, y)
            if (r, g, b) != (want, want, want):
                wrong.append(f"({x}, {y}): {r} {g} {b}, expected {want}")
    if wrong:
        print(f"check_oled: {len(wrong)} of 8192 pixels wrong, first: " + "; ".join(wrong[:5]))
        return 1
    print("check_oled: all 8192 pixels as drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
