#!/usr/bin/env bash
# Installs what the test suite needs on Debian: pnpm, and the real peers the tests talk to
# (swaks with the Perl modules for its TLS and AUTH, Postfix's smtp-source/smtp-sink, dnsmasq, fping,
# nftables, iproute2, chromium, libfaketime; dpkg-dev, binutils and lintian for pnpm package), then checks
# that each one works and names what does not.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=PATH "$0" "$@"
fi

# swaks only recommends the Perl modules its STARTTLS and AUTH need; without them it prints
# "TLS not available: requires Net::SSLeay" and every TLS test fails.
packages=(iproute2 iputils-ping util-linux swaks libnet-ssleay-perl libio-socket-ssl-perl
  libauthen-sasl-perl libdigest-hmac-perl postfix dnsmasq-base fping nftables chromium curl systemd openssl
  faketime python3-dkim dpkg-dev binutils lintian adduser)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != 10 ]; then
  npm install -g pnpm@10 --no-fund --no-audit --loglevel=error
fi

# Check that what was installed works, so that a missing piece fails here with its name.
broken=()
check() { # check NAME COMMAND...
  local name=$1; shift
  "$@" >/dev/null 2>&1 || broken+=("$name")
}
swaks_support=$(swaks --support 2>&1 || true)
check "swaks TLS (libnet-ssleay-perl, libio-socket-ssl-perl)" grep -q '^=== TLS supported' <<<"$swaks_support"
check "swaks AUTH (libauthen-sasl-perl)" grep -q '^=== Basic AUTH supported' <<<"$swaks_support"
check "swaks AUTH CRAM-MD5 (libdigest-hmac-perl)" grep -q '^=== AUTH CRAM-MD5 supported' <<<"$swaks_support"
check "smtp-source (postfix)" test -x /usr/sbin/smtp-source
check "smtp-sink (postfix)" test -x /usr/sbin/smtp-sink
check "postfix" test -x /usr/sbin/postfix
check "dnsmasq (dnsmasq-base)" dnsmasq --version
check "fping" fping --version
check "nft (nftables)" nft --version
check "ip netns (iproute2)" ip netns list
check "ping (iputils-ping)" ping -V
check "chromium" test -x /usr/bin/chromium
check "dkimpy (python3-dkim), the DKIM verifier of the MTA tests" /usr/bin/python3 -c 'import dkim'
# the clock-step test preloads libfaketime into the monitor (its path has the arch in it)
libfaketime=$(dpkg -L libfaketime 2>/dev/null | grep '/faketime/libfaketime\.so\.1$' | head -n 1 || true)
check "libfaketime (faketime)" sh -c '[ "$(LD_PRELOAD="$1" FAKETIME="@2000-01-01 00:00:00" date +%Y)" = 2000 ]' sh "$libfaketime"
check "dpkg-shlibdeps (dpkg-dev), for pnpm package" dpkg-shlibdeps --version
check "strip (binutils), for pnpm package" strip --version
check "lintian, the check of the .deb" lintian --version
check "setpriv, unshare, nsenter (util-linux), for the package tests" sh -c 'setpriv --version && unshare --version && nsenter --version'
check "pnpm 10" sh -c '[ "$(pnpm --version | cut -d. -f1)" = 10 ]'
if [ "${#broken[@]}" -gt 0 ]; then
  echo "install-test-deps: these do not work after the install:" >&2
  printf '  - %s\n' "${broken[@]}" >&2
  exit 1
fi
echo "test dependencies ready and checked: pnpm $(pnpm --version), ${packages[*]}"
