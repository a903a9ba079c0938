/** @module Rules for `parent` across monitor.targets: every parent is a configured target, and parents form no cycle. */
import type { z } from 'zod';

/** The parts of a target these rules read. */
interface ParentKeys {
  name: string;
  parent?: string[];
}

/** Finds a cycle of parents reachable from `start` (names in order, the first repeated at the end), if any. */
function cycleFrom(start: string, parentsOf: Map<string, string[]>, done: Set<string>): string[] | undefined {
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return undefined;
    path.push(name);
    onPath.add(name);
    for (const parent of parentsOf.get(name) ?? []) {
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return undefined;
  };
  return visit(start);
}

/** Checks that each `parent` names another configured target and that no target is its own ancestor. */
export function checkParents(targets: readonly ParentKeys[], ctx: z.RefinementCtx): void {
  const names = new Set(targets.map((t) => t.name));
  const parentsOf = new Map<string, string[]>();
  let unknown = false;
  targets.forEach((t, i) => {
    (t.parent ?? []).forEach((parent, j) => {
      if (names.has(parent) && parent !== t.name) return;
      unknown = true;
      const problem = parent === t.name ? 'is the target itself; a target cannot be its own parent' : 'is not the name of a target in monitor.targets';
      ctx.addIssue({ code: 'custom', path: ['targets', i, 'parent', j], message: `${JSON.stringify(parent)} ${problem}` });
    });
    parentsOf.set(t.name, t.parent ?? []);
  });
  if (unknown) return;
  const done = new Set<string>();
  for (const t of targets) {
    const cycle = cycleFrom(t.name, parentsOf, done);
    if (!cycle) continue;
    const at = targets.findIndex((x) => x.name === cycle[0]);
    ctx.addIssue({
      code: 'custom',
      path: ['targets', at, 'parent'],
      message: `parents form a cycle: ${cycle.map((n) => JSON.stringify(n)).join(' -> ')}; remove one of these parent links`,
    });
    return;
  }
}
