#!/usr/bin/env python3
"""The SD card image of target.lm3s6965_sd: made before the run, checked after it.

    sd_image.py make IMAGE     1 MiB (2048 blocks): block 0 and block 100 hold known bytes,
                               every other block zeros
    sd_image.py check IMAGE    blocks 0 and 100 unchanged, blocks 5, 6 and 2047 hold what the
                               firmware wrote (the same formulas as lm3s6965_sd.cpp)
"""

import sys

BLOCK = 512
BLOCKS = 2048


def known(block):
    """What make() puts in blocks 0 and 100 (the firmware checks it)."""
    return bytes((i * 13 + 7 + block) % 256 for i in range(BLOCK))


def written(block):
    """What the firmware writes to block 5, 6 and 2047: a text header, then a pattern."""
    head = b"mote sd block %d" % block
    return head + bytes((i * 7 + block) % 256 for i in range(len(head), BLOCK))


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "make":
        image = bytearray(BLOCK * BLOCKS)
        for b in (0, 100):
            image[b * BLOCK:(b + 1) * BLOCK] = known(b)
        open(path, "wb").write(image)
        return 0
    image = open(path, "rb").read()
    if len(image) != BLOCK * BLOCKS:
        print(f"sd_image: {path} is {len(image)} bytes, expected {BLOCK * BLOCKS}")
        return 1
    wrong = []
    for b, want in ((0, known(0)), (100, known(100)), (5, written(5)), (6, written(6)), (2047, written(2047))):
        if image[b * BLOCK:(b + 1) * BLOCK] != want:
            wrong.append(str(b))
    if wrong:
        print("sd_image: blocks with the wrong contents: " + ", ".join(wrong))
        return 1
    print("sd_image: blocks 0 and 100 unchanged; 5, 6 and 2047 hold what the firmware wrote")
    return 0


if __name__ == "__main__":
    sys.exit(main())
