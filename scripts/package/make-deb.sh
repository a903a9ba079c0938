#!/usr/bin/env bash
# Builds OUT (uptime-sensor_<version>_<arch>.deb) from a staged tree (stage-app.sh) with dpkg-deb.
#   make-deb.sh STAGE VERSION OUT
set -euo pipefail
stage=${1:?usage: make-deb.sh STAGE VERSION OUT} version=${2:?version} out=${3:?output file}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pkg=$(mktemp -d "${TMPDIR:-/tmp}/uptime-deb.XXXXXX")
trap 'rm -rf "$pkg"' EXIT

install -d -m 0755 "$pkg/opt" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/uptime-sensor" \
  "$pkg/usr/share/doc/uptime-sensor" "$pkg/usr/share/lintian/overrides" "$pkg/DEBIAN"
cp -a "$stage" "$pkg/opt/uptime-sensor"
ln -s /opt/uptime-sensor/bin/uptime-sensor "$pkg/usr/bin/uptime-sensor"
"$root/scripts/systemd/render-unit.sh" NODE=/opt/uptime-sensor/bin/node CLI=/opt/uptime-sensor/app/dist/cli.js \
  DOC=file:///usr/share/doc/uptime-sensor/README.md.gz > "$pkg/lib/systemd/system/uptime-sensor.service"
install -m 0644 "$here/uptime.config.yaml" "$pkg/etc/uptime-sensor/uptime.config.yaml"
install -m 0644 "$here/debian/copyright" "$pkg/usr/share/doc/uptime-sensor/copyright"
install -m 0644 "$here/debian/lintian-overrides" "$pkg/usr/share/lintian/overrides/uptime-sensor"
gzip -9n < "$root/README.md" > "$pkg/usr/share/doc/uptime-sensor/README.md.gz"
printf 'uptime-sensor (%s) unstable; urgency=medium\n\n  * Built by pnpm package from the repository; see its git log.\n\n -- Uptime sensor maintainers <uptime-sensor@lab.example>  %s\n' \
  "$version" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct)}")" |
  gzip -9n > "$pkg/usr/share/doc/uptime-sensor/changelog.gz"
chmod 0644 "$pkg"/usr/share/doc/uptime-sensor/*

# Maintainer scripts: each carries the shared host set-up functions in place of #HOST_SETUP#.
for script in postinst prerm postrm; do
  awk -v lib="$here/host-setup.sh" '$0 == "#HOST_SETUP#" { while ((getline line < lib) > 0) print line; next } { print }' \
    "$here/debian/$script" > "$pkg/DEBIAN/$script"
  chmod 0755 "$pkg/DEBIAN/$script"
done
install -m 0644 "$here/debian/conffiles" "$pkg/DEBIAN/conffiles"

# Shared-library dependencies of the runtime and the native modules, as Debian's own tool finds them.
shlib=$(mktemp -d "${TMPDIR:-/tmp}/uptime-shlibs.XXXXXX")
mkdir -p "$shlib/debian"
printf 'Source: uptime-sensor\n\nPackage: uptime-sensor\nArchitecture: any\n' > "$shlib/debian/control"
mapfile -t elves < <(find "$pkg/opt" -type f \( -name node -o -name '*.node' \))
depends=$(cd "$shlib" && dpkg-shlibdeps -O "${elves[@]/#/-e}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlib"
[ -n "$depends" ] || { echo "make-deb.sh: dpkg-shlibdeps found no dependencies (is dpkg-dev installed?)" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$(dpkg --print-architecture)|" -e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" \
  "$here/debian/control.in" > "$pkg/DEBIAN/control"
# gzip: a twentieth of the time of xz (minutes on a busy machine) for a 50% larger file; Debian 12's lintian refuses zstd
dpkg-deb --root-owner-group -Zgzip -z9 --build "$pkg" "$out" >/dev/null
