#!/usr/bin/env bash
# Stages the appliance for the packages in DIR: bin/node (the runtime running this build),
# bin/uptime-sensor, and app/ (apps/appliance with its production dependencies, native modules compiled).
#   stage-app.sh DIR      (after pnpm build; uses only the lockfile and pnpm's store: no network)
set -euo pipefail
dir=${1:?usage: stage-app.sh DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/apps/appliance/dist/cli.js" ] || { echo "stage-app.sh: build first: pnpm build" >&2; exit 1; }
mkdir -p "$dir/bin"

# Injected workspace packages make pnpm deploy install from the shared lockfile; copies, not hard links
# into the store, so that pruning below cannot touch the store.
(cd "$root" && pnpm --config.inject-workspace-packages=true --config.package-import-method=copy \
  --filter @uptime/appliance deploy --prod --offline "$dir/app" >/dev/null) ||
  { echo "stage-app.sh: pnpm deploy failed; run pnpm install --frozen-lockfile once so that its store holds every package" >&2; exit 1; }

# Sources, tests and build leftovers of our packages and of the native modules are not needed to run.
find "$dir/app" "$dir/app/node_modules/.pnpm"/@uptime+*/node_modules/@uptime/* -maxdepth 1 \
  \( -name src -o -name test -o -name 'tsconfig*.json' -o -name .turbo -o -name pnpm-lock.yaml \) -exec rm -rf {} +
# Dotfiles of the npm packages' own development (lint, ignore, VCS) and their .bin links are not needed;
# nothing under app/ is executed directly (node runs every script), so nothing there is executable.
find "$dir/app" \( -name '.eslintrc*' -o -name '.npmignore' -o -name '.gitignore' -o -name '.gitattributes' -o -name '.travis.yml' \) -type f -delete
find "$dir/app" -name .bin -type d -prune -exec rm -rf {} +
chmod -R u+rwX,go+rX,go-w "$dir"
find "$dir/app" -type f -perm /111 -exec chmod a-x {} +

# The runtime and the native modules without their debugging symbols (the dynamic symbols that addons link against stay).
install -m 0755 "$(node -p process.execPath)" "$dir/bin/node"
strip --strip-unneeded "$dir/bin/node"
cat > "$dir/bin/uptime-sensor" <<'WRAPPER'
#!/bin/sh
# uptime-sensor: the appliance's command, run by the Node.js runtime that was packaged beside it.
here=$(dirname "$(readlink -f "$0")")
# Installed (the .deb or install.sh): the service's config and data unless told otherwise, as its unit has them.
if [ -z "${UPTIME_CONFIG:-}" ] && [ -f /etc/uptime-sensor/uptime.config.yaml ]; then
  export UPTIME_CONFIG=/etc/uptime-sensor/uptime.config.yaml
fi
if [ -z "${UPTIME_DATA_DIR:-}" ] && [ -d /var/lib/uptime-sensor ]; then export UPTIME_DATA_DIR=/var/lib/uptime-sensor; fi
# Run by root, it runs as the service user (with the unit's capabilities), so that what it writes in
# the data directory (silences, accounts, logs) stays the service's to read. UPTIME_SENSOR_RUN_AS=root keeps root.
run_as=${UPTIME_SENSOR_RUN_AS:-uptime-sensor}
if [ "$(id -u)" = 0 ] && [ "$run_as" != root ] && id -u "$run_as" >/dev/null 2>&1; then
  exec setpriv --reuid="$run_as" --regid="$run_as" --init-groups \
    --inh-caps=+net_raw,+net_bind_service --ambient-caps=+net_raw,+net_bind_service \
    "$here/node" "$here/../app/dist/cli.js" "$@"
fi
exec "$here/node" "$here/../app/dist/cli.js" "$@"
WRAPPER
chmod 0755 "$dir/bin/uptime-sensor"

# Of a native module only its compiled .node files are needed (not its C sources or build tree), and the
# packaged runtime must load it without any other Node.js.
for module in raw-socket better-sqlite3 fs-ext; do
  path=$(find "$dir/app/node_modules/.pnpm" -mindepth 3 -maxdepth 3 -path "*/node_modules/$module" | head -n 1)
  [ -n "$path" ] || { echo "stage-app.sh: $module is missing from the staged dependencies" >&2; exit 1; }
  find "$path/build" -mindepth 1 -not -path "$path/build/Release" -not -path "$path/build/Release/*.node" -prune -exec rm -rf {} +
  rm -rf "$path/build/Release/test_extension.node" "$path/deps" "$path/src"
  strip --strip-unneeded "$path"/build/Release/*.node
  env -i "$dir/bin/node" -e 'require(process.argv[1])' "$path" ||
    { echo "stage-app.sh: the packaged Node.js cannot load $module ($path)" >&2; exit 1; }
done
env -i "$dir/bin/uptime-sensor" --help >/dev/null || { echo "stage-app.sh: bin/uptime-sensor --help failed" >&2; exit 1; }
