#!/usr/bin/env bash
# Installs what the build and tests need from Debian's archive, only if it is missing.
# Usage: tools/setup.sh            (everything the README's two commands use)
set -euo pipefail

packages=(
  cmake ninja-build g++ gcc clang      # build tools; clang is the second host compiler
  libgtest-dev googletest              # unit tests
  python3                              # test helpers
  apt xz-utils gpgv                    # tools/fetch_lwip.sh: lwIP from Debian's source package
  gcc-arm-none-eabi picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc  # Cortex-M
  qemu-system-arm                      # runs the Cortex-M boards
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf  # RISC-V (rv32 multilibs included)
  libstdc++-arm-none-eabi-dev          # RISC-V borrows these C++ headers (docs/boards/riscv.md)
  qemu-system-misc                     # runs the RISC-V boards (qemu-system-riscv32)
  libclang-rt-16-dev                   # the fuzzer (tests/fuzz): libFuzzer, ASan and UBSan runtimes for clang-16
  clang-16 lld-16 wasi-libc libc++-16-dev-wasm32 libc++abi-16-dev-wasm32 libclang-rt-16-dev-wasm32  # wasm32
  nodejs chromium                      # run wasm32 programs; the web demo's browser test
  gdb-multiarch                        # debug-<app> and the GDB extension's test (tools/gdb/mote.py)
  mosquitto mosquitto-clients curl     # the networked demo's test: a real MQTT broker and HTTP client
  iproute2                             # net.host_tap: the TAP device in its network namespace (ip tuntap)
  openssl                              # boot: signing images (tools/sign-image); curl for PUT /firmware too
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
