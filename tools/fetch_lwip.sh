#!/usr/bin/env bash
# Fetches lwIP's source from Debian's source package into a cache directory, without touching
# /etc or the system's package lists (docs/net.md; never committed to this repository).
#
#   tools/fetch_lwip.sh <cache-dir> [<version>]     (version default 2.1.3)
#
# Leaves the upstream tree in <cache-dir>/lwip-<version> (with src/core, src/include ...) and
# prints that path. Does nothing if it is already there. The apt state (a deb-src copy of the
# system's sources, package lists, the downloaded files) lives in <cache-dir>/apt, so a second
# build tree sharing the cache downloads nothing. The work is tools/fetch_debian_source.sh's.
set -euo pipefail
cache=${1:?usage: fetch_lwip.sh <cache-dir> [version]}
version=${2:-2.1.3}
exec "$(dirname "$0")/fetch_debian_source.sh" "$cache" lwip "$version" src/core/tcp.c
