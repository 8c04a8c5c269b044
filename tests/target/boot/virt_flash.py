"""What the riscv32-virt boot tests' QEMU runs share: the factory's pflash bank-0 file and the
QEMU command without its -kernel (tests/target/boot/, docs/boot.md)."""
import struct

SECTOR = 256 * 1024
BANK = 32 * 1024 * 1024


def factory_flash(path, bootloader_bin, v1_img):
    """Writes a bank-0 file as a factory would program the chip: the bootloader's flat binary in
    sector 0 (it executes in place there: QEMU's virt machine starts at 0x20000000 when it has a
    bank-0 file), the signed v1 in ACTIVE (sector 1), the rest erased."""
    flash = bytearray(b"\xff" * BANK)
    boot = open(bootloader_bin, "rb").read()
    if len(boot) > SECTOR:
        raise SystemExit(f"{bootloader_bin}: {len(boot)} bytes do not fit sector 0")
    flash[0:len(boot)] = boot
    image = open(v1_img, "rb").read()
    flash[SECTOR:SECTOR + len(image)] = image
    open(path, "wb").write(flash)


def without_kernel(cmd):
    """The board's run command with its -kernel ELF dropped: the bootloader is in the flash file."""
    out, skip = [], False
    for a in cmd:
        if skip:
            skip = False
        elif a == "-kernel":
            skip = True
        else:
            out.append(a)
    return out
