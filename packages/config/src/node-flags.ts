/**
 * @module The Node.js flags a part runs with: the monitor's heap sized from its target count. Unbounded,
 * V8 lets the old heap grow to about four times what is live before a full collection (600-850 MB at
 * 20,000 targets); a ceiling near the need makes it collect at about 1.3 times. The ceiling leaves room
 * for a storm (every target changing at once) above the steady state, so that it never runs out.
 */

/** Old-space ceiling: a base for the process and the alert path, and room per target (measured live: 4 KB). */
const BASE_OLD_SPACE_MB = 96;
const OLD_SPACE_KB_PER_TARGET = 10;

/** The monitor's V8 flags for `targets` targets (the appliance spawns it with them; so do the benchmarks). */
export function monitorNodeFlags(targets: number): string[] {
  const oldSpaceMb = BASE_OLD_SPACE_MB + Math.ceil((targets * OLD_SPACE_KB_PER_TARGET) / 1024);
  return [`--max-old-space-size=${oldSpaceMb}`];
}
