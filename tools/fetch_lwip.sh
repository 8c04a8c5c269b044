#!/usr/bin/env bash
# Fetches lwIP's source from Debian's source package into a cache directory, without touching
# /etc or the system's package lists (docs/net.md; never committed to this repository).
#
#   tools/fetch_lwip.sh <cache-dir> [<version>]     (version default 2.1.3)
#
# Leaves the upstream tree in <cache-dir>/lwip-<version> (with src/core, src/include ...) and
# prints that path. Does nothing if it is already there. The apt state (a deb-src copy of the
# system's sources, package lists, the downloaded files) lives in <cache-dir>/apt, so a second
# build tree sharing the cache downloads nothing.
set -euo pipefail
cache=${1:?usage: fetch_lwip.sh <cache-dir> [version]}
version=${2:-2.1.3}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
tree="$cache/lwip-$version"
if [[ -f "$tree/src/core/tcp.c" ]]; then
  echo "$tree"
  exit 0
fi
apt_dir="$cache/apt"
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
# The system's Debian sources with Types: deb-src (deb822) or deb-src lines (one-line format).
found=0
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] || continue
  sed -e 's/^Types:.*/Types: deb-src/' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
  found=1
done
: >"$apt_dir/sources.list"
if [[ -f /etc/apt/sources.list ]]; then
  sed -n -e 's/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list >"$apt_dir/sources.list"
  [[ -s "$apt_dir/sources.list" ]] && found=1
fi
if ((found == 0)); then
  echo "fetch_lwip: no Debian sources in /etc/apt to derive deb-src entries from" >&2
  exit 1
fi
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
          -o "APT::Sandbox::User=root")
echo "fetch_lwip: downloading Debian's lwip $version source package into $apt_dir" >&2
apt-get "${apt_opts[@]}" update -qq >&2
# apt-get source pins exact versions only: pick the archive's version of this upstream release.
full=$(apt-cache "${apt_opts[@]}" showsrc lwip | sed -n 's/^Version: //p' | grep -m1 "^$version" || true)
if [[ -z "$full" ]]; then
  echo "fetch_lwip: Debian's archive has no lwip source package of version $version" >&2
  exit 1
fi
(cd "$apt_dir/download" && apt-get "${apt_opts[@]}" source --download-only -qq "lwip=$full" >&2)
orig=$(ls "$apt_dir/download"/lwip_"$version"*.orig.tar.* 2>/dev/null | head -n1)
if [[ -z "$orig" ]]; then
  echo "fetch_lwip: no lwip_$version*.orig.tar.* was downloaded" >&2
  exit 1
fi
# The upstream tarball as Debian ships it (Debian's own patches touch only its Linux port).
tmp="$cache/.extract.$$"
rm -rf "$tmp" && mkdir -p "$tmp"
tar -xf "$orig" -C "$tmp"
top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)
if [[ ! -f "$top/src/core/tcp.c" ]]; then
  echo "fetch_lwip: $orig has no src/core/tcp.c" >&2
  exit 1
fi
rm -rf "$tree"
mv "$top" "$tree"
rm -rf "$tmp"
echo "$tree"
