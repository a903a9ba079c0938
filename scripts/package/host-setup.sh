# Host set-up shared by the .deb's maintainer scripts (pasted in at build time) and the tarball's
# install.sh (sourced): the system user, the config and data directories, the service's state.
# POSIX sh. US_ROOT is a DESTDIR-style prefix: when set, only files are written under it.
US_USER=uptime-sensor
US_CONFIG_DIR=/etc/uptime-sensor
US_DATA_DIR=/var/lib/uptime-sensor
US_UNIT=uptime-sensor.service

# True when files are written for the running system (not under a DESTDIR-style root).
us_live() { [ -z "${US_ROOT:-}" ]; }

# True when systemd is the running init (not in a chroot, container or build root).
us_systemd_running() { us_live && [ -d /run/systemd/system ]; }

# Creates the system user and group uptime-sensor (home: the data directory, no login shell).
us_create_user() {
  us_live || return 0
  getent passwd "$US_USER" >/dev/null && return 0
  if command -v adduser >/dev/null 2>&1; then
    adduser --system --group --quiet --home "$US_DATA_DIR" --no-create-home "$US_USER"
  else
    useradd --system --user-group --home-dir "$US_DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$US_USER"
  fi
}

# Makes the data directory (the service user's, 0750) and secrets.env (root's, 0600) if they are missing.
us_make_state() {
  install -d -m 0755 "${US_ROOT:-}$US_CONFIG_DIR"
  if [ ! -d "${US_ROOT:-}$US_DATA_DIR" ]; then
    install -d -m 0750 "${US_ROOT:-}$US_DATA_DIR"
    if us_live; then chown "$US_USER:$US_USER" "$US_DATA_DIR"; fi
  fi
  secrets="${US_ROOT:-}$US_CONFIG_DIR/secrets.env"
  if [ ! -e "$secrets" ]; then
    (umask 077 && cat > "$secrets" <<'SECRETS'
# Read by systemd as root (EnvironmentFile=), mode 0600: credentials stay out of the config file.
# For a smarthost that asks for them:
# SMTP_USERNAME=...
# SMTP_PASSWORD=...
SECRETS
    )
  fi
}

# Enables the unit for the .deb, through deb-systemd-helper, so that dpkg remembers an admin's disable.
us_enable() {
  us_live || return 0
  deb-systemd-helper unmask "$US_UNIT" >/dev/null || true
  if deb-systemd-helper --quiet was-enabled "$US_UNIT"; then
    deb-systemd-helper enable "$US_UNIT" >/dev/null || true
  else
    deb-systemd-helper update-state "$US_UNIT" >/dev/null || true
  fi
}

# Starts the service, or restarts it after an upgrade ($1 = restart); nothing where systemd is not running.
us_start() {
  us_systemd_running || return 0
  systemctl --system daemon-reload >/dev/null || true
  if command -v deb-systemd-invoke >/dev/null 2>&1; then
    deb-systemd-invoke "$1" "$US_UNIT" >/dev/null || true
  else
    systemctl "$1" "$US_UNIT" >/dev/null || true
  fi
}

# Stops the service before its files go away.
us_stop() {
  us_systemd_running || return 0
  if command -v deb-systemd-invoke >/dev/null 2>&1; then
    deb-systemd-invoke stop "$US_UNIT" >/dev/null || true
  else
    systemctl stop "$US_UNIT" >/dev/null || true
  fi
}

# Forgets the unit's enablement (the .deb) after its file was removed; $1 = remove or purge.
us_forget_unit() {
  us_live || return 0
  if us_systemd_running; then systemctl --system daemon-reload >/dev/null || true; fi
  if [ "$1" = purge ]; then
    deb-systemd-helper purge "$US_UNIT" >/dev/null || true
    deb-systemd-helper unmask "$US_UNIT" >/dev/null || true
  else
    deb-systemd-helper mask "$US_UNIT" >/dev/null || true
  fi
}

# Removes the config and data (purge). The system user stays, as Debian keeps system users: files
# it owned elsewhere (backups) would otherwise belong to whoever gets its uid next.
us_purge_state() {
  rm -rf "${US_ROOT:-}$US_DATA_DIR"
  rm -f "${US_ROOT:-}$US_CONFIG_DIR/secrets.env" "${US_ROOT:-}$US_CONFIG_DIR/uptime.config.yaml"
  rmdir "${US_ROOT:-}$US_CONFIG_DIR" 2>/dev/null || true
}
