#!/usr/bin/env bash
# Builds OUT (uptime-sensor-<version>-linux-<arch>.tar.gz) from a staged tree (stage-app.sh): the tree,
# install.sh, the unit, the default config and the host set-up that the .deb's maintainer scripts carry.
#   make-tarball.sh STAGE VERSION OUT
set -euo pipefail
stage=${1:?usage: make-tarball.sh STAGE VERSION OUT} version=${2:?version} out=${3:?output file}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=$(basename "$out" .tar.gz)
work=$(mktemp -d "${TMPDIR:-/tmp}/uptime-tar.XXXXXX")
trap 'rm -rf "$work"' EXIT

install -d -m 0755 "$work/$name/share"
cp -a "$stage/bin" "$stage/app" "$work/$name/"
install -m 0755 "$here/install.sh" "$work/$name/install.sh"
install -m 0644 "$here/host-setup.sh" "$here/uptime.config.yaml" "$root/README.md" "$work/$name/share/"
"$root/scripts/systemd/render-unit.sh" NODE=/opt/uptime-sensor/bin/node CLI=/opt/uptime-sensor/app/dist/cli.js \
  DOC=file:///opt/uptime-sensor/share/README.md > "$work/$name/share/uptime-sensor.service"
printf '%s\n' "$version" > "$work/$name/share/VERSION"
tar -C "$work" --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -6n > "$out"
