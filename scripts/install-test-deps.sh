#!/usr/bin/env bash
# Installs what the test suite needs on Debian: pnpm, and the real peers the tests talk to
# (swaks, Postfix's smtp-source/smtp-sink, dnsmasq, fping, iproute2, chromium).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=PATH "$0" "$@"
fi

packages=(iproute2 iputils-ping util-linux swaks postfix dnsmasq-base fping chromium curl systemd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != 10 ]; then
  npm install -g pnpm@10 --no-fund --no-audit --loglevel=error
fi
echo "test dependencies ready: pnpm $(pnpm --version), ${packages[*]}"
