#!/usr/bin/env bash
# pnpm package: writes release/uptime-sensor_<version>_<debian-arch>.deb and
# release/uptime-sensor-<version>-linux-<arch>.tar.gz, each with the Node.js runtime running this build
# and every dependency (native modules compiled), from the lockfile and pnpm's store: no network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "pnpm package: $tool is missing (apt-get install dpkg-dev)" >&2; exit 1; }
done
version=$(node -p "require(process.argv[1]).version" "$root/apps/appliance/package.json")
deb="$root/release/uptime-sensor_${version}_$(dpkg --print-architecture).deb"
tarball="$root/release/uptime-sensor-$version-linux-$(node -p process.arch).tar.gz"
stage=$(mktemp -d "${TMPDIR:-/tmp}/uptime-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

"$here/stage-app.sh" "$stage/uptime-sensor"
mkdir -p "$root/release"
rm -f "$deb" "$tarball"
"$here/make-deb.sh" "$stage/uptime-sensor" "$version" "$deb"
"$here/make-tarball.sh" "$stage/uptime-sensor" "$version" "$tarball"
ls -l "$deb" "$tarball" | awk '{ printf "%s  %.1f MB\n", $NF, $5 / 1e6 }'
