#!/bin/sh
# The monitor's benchmarks (issue 3): probe cost beside fping and spawning ping, detection latency, storm.
# Needs root (network namespaces, raw ICMP sockets) and fping. About 5 minutes. Each also runs alone:
#   node scripts/bench/monitor/probe-cost.mjs (or detection.mjs, storm.mjs); their flags are in each file's header
# Usage: sh scripts/bench/monitor/run.sh [--no-build]
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
if [ "$(id -u)" != 0 ]; then echo "run.sh: needs root (ip netns, raw ICMP sockets)" >&2; exit 2; fi
if [ "${1:-}" != --no-build ]; then pnpm exec turbo run build --filter=@uptime/monitor --filter=@uptime/mta >/dev/null; fi
status=0
for bench in probe-cost detection storm; do
  echo "=== $bench"
  node "scripts/bench/monitor/$bench.mjs" || status=1
done
exit $status
