#!/usr/bin/env bash
# Builds and runs the seed demo on the default board (for now: the host).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset host >/dev/null
cmake --build --preset host --target seed
cmake --build --preset host --target run-seed
