#!/usr/bin/env bash
# Runs every benchmark and rewrites docs/performance.md and its plots (docs/images/perf-*.png).
#
#   tools/bench.sh            everything (about 6 minutes on 2 cores: 5 boards, mps2-an385 also with
#                             clang-16, host comparison)
#   tools/bench.sh --quick    host comparison up to N = 10^4, one repetition (to try the pipeline)
#
# Installs what it needs from Debian's archive if missing (tools/setup.sh's packages, plus Boost
# for the host peers and gnuplot for the plots), builds into build/bench/ (its own trees: it does
# not touch the presets' build directories), runs the firmware benchmarks under QEMU with the
# counting plugin on every Cortex-M board and the host comparison, then renders the page with
# bench/bench_report.py. Figures are measured, never copied: the page shows this run's.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

tools/setup.sh
extra=(libboost-fiber-dev libboost-context-dev libboost-dev libasio-dev gnuplot-nox)
missing=()
for p in "${extra[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "bench: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

out=build/bench
results=${out}/results
mkdir -p "${results}"
compiler_id() { # "GNU 12.2.1" as CMake names it, from a configured tree
  local id ver
  id=$(grep -m1 '^set(CMAKE_CXX_COMPILER_ID ' "$1"/CMakeFiles/*/CMakeCXXCompiler.cmake | sed -E 's/.*"(.*)".*/\1/')
  ver=$(grep -m1 '^set(CMAKE_CXX_COMPILER_VERSION ' "$1"/CMakeFiles/*/CMakeCXXCompiler.cmake | sed -E 's/.*"(.*)".*/\1/')
  echo "${id} ${ver}"
}

# Every board with GCC 12; mps2-an385 a second time with clang-16 (MOTE_TOOLCHAIN=clang: same
# flags, headers, libraries and GNU link), for the clang column of the goal table.
builds=(mps2-an385 mps2-an385:clang mps2-an386 netduinoplus2 lm3s6965evb microbit)
firmware_json=()
for build in "${builds[@]}"; do
  board=${build%%:*}
  toolchain=gcc
  [[ ${build} == *:clang ]] && toolchain=clang
  dir=${out}/${board}
  suffix=""
  if [[ ${toolchain} == clang ]]; then dir=${out}/${board}-clang; suffix=-clang; fi
  echo "=== bench: ${board} (${toolchain})"
  cmake -S . -B "${dir}" -G Ninja -DMOTE_BOARD="${board}" -DMOTE_TOOLCHAIN="${toolchain}" -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
  targets=(bench_cycles bench_plugin target_seed_memory_report)
  if [[ ${board} == mps2-* ]]; then targets+=(bench_blinky bench_reference_app bench_reference_app_report); fi
  nice cmake --build "${dir}" --target "${targets[@]}" >/dev/null
  qemu=(qemu-system-arm -M "${board}" -nographic -semihosting-config enable=on,target=native
        -icount shift=0,sleep=off)
  "${qemu[@]}" -kernel "${dir}/bench/bench_cycles" -plugin "${dir}/bench/libbench_plugin.so" \
    > "${results}/cycles-${board}${suffix}.txt"
  "${qemu[@]}" -kernel "${dir}/tests/target/target_seed_memory_report" > "${results}/seed-${board}${suffix}.txt"
  args=(--board "${board}" --compiler "$(compiler_id "${dir}")" --toolchain "${toolchain}"
        --cycles-out "${results}/cycles-${board}${suffix}.txt"
        --seed-out "${results}/seed-${board}${suffix}.txt" --elf "seed=${dir}/tests/target/target_seed_memory_report"
        --json "${results}/firmware-${board}${suffix}.json")
  if [[ ${board} == mps2-an385 && ${toolchain} == gcc ]]; then
    # Where the instructions go: the plugin traces one steady-state window of each figure.
    for name in switch channel irq_thread alarm; do
      group=$(sed -n "s/^bench \([0-9]*\) ${name}\$/\1/p" "${results}/cycles-${board}.txt")
      [[ -n ${group} ]] || continue
      "${qemu[@]}" -kernel "${dir}/bench/bench_cycles" -plugin "${dir}/bench/libbench_plugin.so,trace=${group}" \
        | grep '^bench-trace' > "${results}/trace-${name}-${board}.txt"
      args+=(--trace "${name}=${results}/trace-${name}-${board}.txt")
    done
    args+=(--cycles-elf "${dir}/bench/bench_cycles")
  fi
  if [[ ${board} == mps2-* ]]; then
    "${qemu[@]}" -kernel "${dir}/bench/reference_app/bench_reference_app_report" > "${results}/ref-${board}${suffix}.txt"
    args+=(--ref-out "${results}/ref-${board}${suffix}.txt" --elf "blinky=${dir}/bench/bench_blinky"
           --elf "reference_app=${dir}/bench/reference_app/bench_reference_app")
  fi
  python3 bench/bench_report.py firmware "${args[@]}"
  firmware_json+=("${results}/firmware-${board}${suffix}.json")
done

echo "=== bench: host comparison"
hdir=${out}/host
cmake -S . -B "${hdir}" -G Ninja -DMOTE_BOARD=host -DCMAKE_BUILD_TYPE=Release -DMOTE_ALLOC=ON \
  -DMOTE_BENCH_PEERS=ON >/dev/null
nice cmake --build "${hdir}" --target bench_host_compare >/dev/null
host_args=(--json "${results}/host.json")
if ((quick)); then host_args+=(--reps 1 --max-n 10000); fi
"${hdir}/bench/host_compare/bench_host_compare" "${host_args[@]}"

python3 - "${results}/meta.json" <<'PY'
import json, subprocess, sys, datetime, os
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
meta = dict(
    date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    arm_gcc=sh("arm-none-eabi-gcc", "--version").splitlines()[0],
    clang=sh("clang++-16", "--version").splitlines()[0],
    qemu=sh("qemu-system-arm", "--version").splitlines()[0],
    host_cxx=sh("g++", "--version").splitlines()[0],
    host_cpu=cpu, host_cores=os.cpu_count(),
    boost=sh("dpkg-query", "-W", "-f=${Version}", "libboost-dev"),
    commit=sh("git", "rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if sh("git", "status", "--porcelain", "--untracked-files=no") else ""),
)
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY

python3 bench/bench_report.py render --firmware "${firmware_json[@]}" --host "${results}/host.json" \
  --out docs/performance.md --images docs/images --command "tools/bench.sh"
echo "bench: wrote docs/performance.md and docs/images/perf-*.png"
