#!/usr/bin/env bash
# Prints the uptime-sensor unit from uptime-sensor.service.in, shared by scripts/deploy.sh and scripts/package/.
#   render-unit.sh NODE=/path/node CLI=/path/cli.js DOC=URL [USER=..] [CONFIG_DIR=..] [DATA_DIR=..] [CAPS=..]
set -euo pipefail
declare -A vars=([USER]=uptime-sensor [CONFIG_DIR]=/etc/uptime-sensor [DATA_DIR]=/var/lib/uptime-sensor
  [CAPS]=CAP_NET_RAW)
for pair in "$@"; do
  key=${pair%%=*}
  [ "$key" != "$pair" ] && [[ "$key" =~ ^[A-Z_]+$ ]] || { echo "render-unit.sh: expected KEY=VALUE, got '$pair'" >&2; exit 2; }
  vars[$key]=${pair#*=}
done
for key in NODE CLI DOC; do
  [ -n "${vars[$key]:-}" ] || { echo "render-unit.sh: $key=... is required" >&2; exit 2; }
done
unit=$(grep -v '^# Template shared by\|^# scripts/systemd/render-unit.sh' "$(dirname "$0")/uptime-sensor.service.in")
for key in "${!vars[@]}"; do
  unit=${unit//@$key@/${vars[$key]}}
done
if [[ "$unit" =~ @[A-Z_]+@ ]]; then
  echo "render-unit.sh: no value for ${BASH_REMATCH[0]}" >&2; exit 2
fi
printf '%s\n' "$unit"
