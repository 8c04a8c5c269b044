#!/usr/bin/env bash
# Builds everything and runs every test, in every configuration that CI checks:
#   host        g++ -O2            host-debug  g++ -O0 (executor correct without tail calls)
#   host-asan   ASan + UBSan       host-tsan   ThreadSanitizer (threads as interrupts)
#   host-alloc  heap frames        host-clang  clang
#   lm3s6965evb mps2-an385 mps2-an386 mps2-an505 mps2-an521 netduinoplus2 microbit: the firmware tests under QEMU
#   riscv32-virt sifive-e: the same firmware tests on RISC-V under QEMU
#   mps2-an385-clang microbit-clang riscv32-virt-clang: the same firmware tests compiled by clang-16
#               (MOTE_TOOLCHAIN=clang; docs/toolchains.md); the other <board>-clang presets by name
#   wasm32      the firmware tests and the core unit tests under node; the web demo in Chromium
# Ends with one line "total: N passed, M failed, K skipped, D not run". Exit status 0 only if
# every test that ran passed.
# Pass preset names to run only those (e.g. tools/test.sh host host-asan).
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh || exit 1

presets=("$@")
if ((${#presets[@]} == 0)); then
  presets=(host host-debug host-asan host-tsan host-alloc host-clang lm3s6965evb mps2-an385 mps2-an386 mps2-an505 mps2-an521 netduinoplus2 microbit riscv32-virt sifive-e
           mps2-an385-clang microbit-clang riscv32-virt-clang wasm32)
fi

total_passed=0
total_failed=0
total_skipped=0
total_not_run=0
report=()
for preset in "${presets[@]}"; do
  echo "=== ${preset}: configure and build"
  if ! cmake --preset "${preset}" >/dev/null || ! cmake --build --preset "${preset}"; then
    echo "=== ${preset}: BUILD FAILED"
    total_failed=$((total_failed + 1))
    report+=("${preset}: build failed")
    continue
  fi
  echo "=== ${preset}: test"
  log="build/${preset}/ctest.log"
  ctest --preset "${preset}" 2>&1 | tee "${log}"
  summary=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "${log}" | tail -1)
  if [[ -z "${summary}" ]]; then
    total_failed=$((total_failed + 1))
    report+=("${preset}: no test summary")
    continue
  fi
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"${summary}")
  count=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"${summary}")
  # ctest counts a skipped test (GTEST_SKIP) among the passed ones: count it apart. A test the
  # board cannot run is registered disabled (ctest: "Not Run (Disabled)", not in its total).
  skipped=$(grep -cE "\(Skipped\)$" "${log}" || true)
  not_run=$(grep -cE "\*\*\*Not Run \(Disabled\)" "${log}" || true)
  total_not_run=$((total_not_run + not_run))
  total_passed=$((total_passed + count - failed - skipped))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  report+=("${preset}: $((count - failed - skipped)) passed, ${failed} failed, ${skipped} skipped, ${not_run} not run")
done

echo
echo "=== summary"
printf '  %s\n' "${report[@]}"
echo "total: ${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped, ${total_not_run} not run (tests a board cannot run)"
((total_failed == 0 && total_passed > 0))
