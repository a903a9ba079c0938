#!/usr/bin/env bash
# Installs the appliance as the systemd service uptime-sensor (see README "Running as a service").
#   scripts/deploy.sh              install (or update) and start
#   scripts/deploy.sh --uninstall  stop and remove the service (config and data are kept; --purge removes them)
#   scripts/deploy.sh --dry-run    print what would be done, change nothing
#   DESTDIR=/some/dir scripts/deploy.sh   write every file under DESTDIR; no user, no systemctl
set -euo pipefail

SERVICE=uptime-sensor
SERVICE_USER=${SERVICE_USER:-uptime-sensor}
APP_DIR=${APP_DIR:-/opt/uptime-sensor}
CONFIG_DIR=${CONFIG_DIR:-/etc/uptime-sensor}
DATA_DIR=${DATA_DIR:-/var/lib/uptime-sensor}
DESTDIR=${DESTDIR:-}
SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)

mode=install dry_run=0 purge=0
for arg in "$@"; do
  case "$arg" in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --dry-run) dry_run=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

system=1   # touch the running system (users, systemctl)?
[ -n "$DESTDIR" ] && system=0
[ "$dry_run" = 1 ] && system=0

run() {
  if [ "$dry_run" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi
}
on_system() {
  if [ "$system" = 1 ]; then "$@"; else printf '+ %s   (skipped: %s)\n' "$*" "$([ -n "$DESTDIR" ] && echo "DESTDIR set" || echo "dry run")"; fi
}
write_file() { # path mode content
  if [ "$dry_run" = 1 ]; then printf '+ write %s (mode %s)\n' "$1" "$2"; return; fi
  mkdir -p "$(dirname "$1")"
  printf '%s' "$3" > "$1.tmp" && chmod "$2" "$1.tmp" && mv "$1.tmp" "$1"
}

unit_path="$DESTDIR/etc/systemd/system/$SERVICE.service"

if [ "$mode" = uninstall ]; then
  on_system systemctl disable --now "$SERVICE" || true
  run rm -f "$unit_path"
  on_system systemctl daemon-reload
  run rm -rf "$DESTDIR$APP_DIR"
  if [ "$purge" = 1 ]; then
    run rm -rf "$DESTDIR$CONFIG_DIR" "$DESTDIR$DATA_DIR"
    on_system userdel "$SERVICE_USER" || true
  else
    echo "kept $CONFIG_DIR and $DATA_DIR (use --uninstall --purge to remove them)"
  fi
  echo "$SERVICE removed"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || [ "$system" = 0 ] || { echo "deploy.sh: run as root (or with DESTDIR=... / --dry-run)" >&2; exit 1; }
[ -f "$SRC_DIR/apps/appliance/dist/cli.js" ] || { echo "deploy.sh: build first: pnpm install --frozen-lockfile && pnpm build" >&2; exit 1; }
node_bin=$(command -v node) || { echo "deploy.sh: node (>= 20) is not on PATH" >&2; exit 1; }

# The MTA needs CAP_NET_BIND_SERVICE only if its configured port is below 1024 (e.g. 25).
config_file="$DESTDIR$CONFIG_DIR/uptime.config.yaml"
[ -f "$config_file" ] || config_file="$SRC_DIR/uptime.config.example.yaml"
mta_port=$(cd "$SRC_DIR/packages/config" && node --input-type=module -e "
  import { loadConfig } from '@uptime/config';
  console.log(loadConfig({ flags: { config: process.argv[1] }, env: {} }).config.mta.listen.port);" "$config_file")
caps=CAP_NET_RAW
[ "$mta_port" -lt 1024 ] && caps="CAP_NET_RAW CAP_NET_BIND_SERVICE"

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  on_system useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi

run install -d -m 0755 "$DESTDIR$APP_DIR"
run cp -a "$SRC_DIR/." "$DESTDIR$APP_DIR/"
run rm -rf "$DESTDIR$APP_DIR/.git" "$DESTDIR$APP_DIR/data"
run install -d -m 0750 "$DESTDIR$CONFIG_DIR" "$DESTDIR$DATA_DIR"
on_system chown "root:$SERVICE_USER" "$CONFIG_DIR"
on_system chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
if [ ! -f "$DESTDIR$CONFIG_DIR/uptime.config.yaml" ]; then
  write_file "$DESTDIR$CONFIG_DIR/uptime.config.yaml" 0640 "$(cat "$SRC_DIR/uptime.config.example.yaml")
"
  on_system chown "root:$SERVICE_USER" "$CONFIG_DIR/uptime.config.yaml"
fi
if [ ! -f "$DESTDIR$CONFIG_DIR/secrets.env" ]; then
  write_file "$DESTDIR$CONFIG_DIR/secrets.env" 0600 "# Read by systemd as root (EnvironmentFile), mode 0600. For a smarthost:
# SMTP_USERNAME=...
# SMTP_PASSWORD=...
"
fi

unit=$("$SRC_DIR/scripts/systemd/render-unit.sh" USER="$SERVICE_USER" CONFIG_DIR="$CONFIG_DIR" DATA_DIR="$DATA_DIR" \
  NODE="$node_bin" CLI="$APP_DIR/apps/appliance/dist/cli.js" CAPS="$caps" DOC="file://$APP_DIR/README.md")
write_file "$unit_path" 0644 "$unit
"
on_system systemctl daemon-reload
on_system systemctl enable --now "$SERVICE"
echo "$SERVICE installed: unit $unit_path, app $DESTDIR$APP_DIR, config $DESTDIR$CONFIG_DIR, data $DESTDIR$DATA_DIR"
[ "$system" = 1 ] && echo "logs: journalctl -u $SERVICE -f    status: systemctl status $SERVICE"
exit 0
