#!/usr/bin/env bash
# Fetches an upstream source tree from Debian's source package into a cache directory, without
# touching /etc or the system's package lists (never committed to this repository). Used for
# lwIP (tools/fetch_lwip.sh, docs/net.md) and mbedTLS (cmake/mbedtls.cmake, docs/boot.md).
#
#   tools/fetch_debian_source.sh <cache-dir> <package> <version-prefix> <marker>
#
# <version-prefix> picks the archive's version (e.g. 2.1.3 or 2.28; empty: the archive's
# first); <marker> is a file that the unpacked upstream tree must contain (e.g. src/core/tcp.c).
# Leaves the tree in <cache-dir>/<package>-<version-prefix> and prints that path. Does nothing if
# it is already there. The apt state (a deb-src copy of the system's sources, package lists, the
# downloaded files) lives in <cache-dir>/apt, so a second build tree sharing the cache
# downloads nothing.
set -euo pipefail
cache=${1:?usage: fetch_debian_source.sh <cache-dir> <package> <version-prefix> <marker>}
package=${2:?usage: fetch_debian_source.sh <cache-dir> <package> <version-prefix> <marker>}
version=${3-}
marker=${4:?usage: fetch_debian_source.sh <cache-dir> <package> <version-prefix> <marker>}
me="fetch_debian_source($package)"
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
tree="$cache/$package-${version:-latest}"
if [[ -f "$tree/$marker" ]]; then
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
  echo "$me: no Debian sources in /etc/apt to derive deb-src entries from" >&2
  exit 1
fi
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
          -o "APT::Sandbox::User=root")
echo "$me: downloading Debian's $package ${version:-(latest)} source package into $apt_dir" >&2
apt-get "${apt_opts[@]}" update -qq >&2
# apt-get source pins exact versions only: pick the archive's version of this upstream release.
full=$(apt-cache "${apt_opts[@]}" showsrc "$package" | sed -n 's/^Version: //p' | grep -m1 "^$version" || true)
if [[ -z "$full" ]]; then
  echo "$me: Debian's archive has no $package source package of version $version" >&2
  exit 1
fi
(cd "$apt_dir/download" && apt-get "${apt_opts[@]}" source --download-only -qq "$package=$full" >&2)
upstream=${full#*:}
upstream=${upstream%-*}
orig=$(ls "$apt_dir/download"/"${package}_${upstream}"*.orig.tar.* 2>/dev/null | head -n1)
if [[ -z "$orig" ]]; then
  echo "$me: no ${package}_${upstream}*.orig.tar.* was downloaded" >&2
  exit 1
fi
# The upstream tarball as Debian ships it (Debian's patches are not applied: they touch packaging
# and Linux integration, not the sources mote compiles).
tmp="$cache/.extract.$$"
rm -rf "$tmp" && mkdir -p "$tmp"
tar -xf "$orig" -C "$tmp"
top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)
if [[ ! -f "$top/$marker" ]]; then
  echo "$me: $orig has no $marker" >&2
  exit 1
fi
rm -rf "$tree"
mv "$top" "$tree"
rm -rf "$tmp"
echo "$tree"
