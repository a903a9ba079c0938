#!/bin/sh
# install.sh of the uptime-sensor tarball: does what the .deb does, from the unpacked directory.
#   sudo ./install.sh                      install or upgrade: /opt/uptime-sensor, /usr/bin/uptime-sensor, the unit,
#                                          the user, /etc/uptime-sensor, /var/lib/uptime-sensor; enable and (re)start
#   sudo ./install.sh --uninstall          stop and remove (config and data are kept)
#   sudo ./install.sh --uninstall --purge  also remove the config and data
#   DESTDIR=/some/dir ./install.sh         write every file under DESTDIR; no user, no systemctl
set -eu
src=$(cd "$(dirname "$0")" && pwd)
US_ROOT=${DESTDIR:-}
. "$src/share/host-setup.sh"
app="$US_ROOT/opt/uptime-sensor"
unit="$US_ROOT/etc/systemd/system/$US_UNIT"

mode=install purge=0
for arg in "$@"; do
  case "$arg" in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
if us_live && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (or with DESTDIR=/some/dir to only write the files there)" >&2; exit 1
fi

if [ "$mode" = uninstall ]; then
  us_stop
  rm -f "$unit" "$US_ROOT/usr/bin/uptime-sensor"
  if us_live; then
    systemctl disable "$US_UNIT" >/dev/null 2>&1 || true
    if us_systemd_running; then systemctl daemon-reload || true; fi
  fi
  rm -rf "$app"
  if [ "$purge" = 1 ]; then us_purge_state; else echo "kept $US_CONFIG_DIR and $US_DATA_DIR (--uninstall --purge removes them)"; fi
  echo "uptime-sensor removed"
  exit 0
fi

upgrade=0
[ -d "$app" ] && upgrade=1
us_create_user
# The new tree goes in beside the old one and replaces it in one rename each.
install -d -m 0755 "$US_ROOT/opt" "$US_ROOT/usr/bin" "$(dirname "$unit")" "$US_ROOT$US_CONFIG_DIR"
rm -rf "$app.new" "$app.old"
install -d -m 0755 "$app.new"
cp -a "$src/bin" "$src/app" "$src/share" "$app.new/"
[ "$upgrade" = 0 ] || mv "$app" "$app.old"
mv "$app.new" "$app"
rm -rf "$app.old"
ln -sfn /opt/uptime-sensor/bin/uptime-sensor "$US_ROOT/usr/bin/uptime-sensor"
install -m 0644 "$src/share/$US_UNIT" "$unit"
config="$US_ROOT$US_CONFIG_DIR/uptime.config.yaml"
[ -e "$config" ] || install -m 0644 "$src/share/uptime.config.yaml" "$config"
us_make_state
# not a dpkg package: enabled with systemctl itself (which works also where systemd is not running)
if us_live && command -v systemctl >/dev/null 2>&1; then systemctl enable "$US_UNIT" >/dev/null 2>&1 || true; fi
if [ "$upgrade" = 1 ]; then us_start restart; else us_start start; fi
echo "uptime-sensor $( [ "$upgrade" = 1 ] && echo upgraded || echo installed ) under ${US_ROOT:-/}: config $US_CONFIG_DIR, data $US_DATA_DIR"
us_systemd_running || echo "systemd is not running here: start it with $US_ROOT/usr/bin/uptime-sensor (as $US_USER) or from your init"
