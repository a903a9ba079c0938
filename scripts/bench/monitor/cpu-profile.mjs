/** @module Reads a V8 CPU profile (node --cpu-prof) and sums self time by function, for the benchmarks' "where the CPU goes". */
import { relative } from 'node:path';
import { ROOT } from './lab.mjs';

/** The `top` functions by self time: [{ percent, name, where }], where = file:line relative to the repo, or the runtime's name. */
export function summarizeProfile(profile, top = 15) {
  const totals = new Map();
  let all = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    all += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith('file://') ? relative(ROOT, new URL(url).pathname) : url;
    const where = file ? `${file.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')}:${lineNumber + 1}` : '(native)';
    const key = `${functionName || '(anonymous)'}\t${where}`;
    totals.set(key, (totals.get(key) ?? 0) + hits);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => {
      const [name, where] = key.split('\t');
      return { percent: (100 * hits) / all, name, where };
    });
}
