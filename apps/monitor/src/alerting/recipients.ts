/**
 * @module Who gets a target's alerts: `alerts.to`, plus the recipients of every `alerts.routes` entry that
 * names the target or one of its tags (`tag:NAME`). Pure.
 */

/** A route of `alerts.routes`. */
export interface Route {
  targets: readonly string[];
  to: readonly string[];
}

/** A target as routes match it: its name and tags. */
export interface RoutedTarget {
  name: string;
  tags?: readonly string[];
}

/** Whether `route` names `target` (by name or `tag:NAME`). */
export function routeCovers(route: Route, target: RoutedTarget): boolean {
  return route.targets.some((t) => (t.startsWith('tag:') ? (target.tags ?? []).includes(t.slice(4)) : t === target.name));
}

/** The recipients of `target`'s alerts, in order, each address once (compared without case). */
export function recipientsFor(target: RoutedTarget, to: readonly string[], routes: readonly Route[]): string[] {
  const all = [...to, ...routes.filter((r) => routeCovers(r, target)).flatMap((r) => r.to)];
  const seen = new Set<string>();
  return all.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Splits changes by recipient: each recipient gets only the changes of its targets. Recipients whose
 * changes are the same share one group (one email to all of them). `recipientsOf` answers per change.
 */
export function groupByRecipient<T>(changes: readonly T[], recipientsOf: (change: T) => readonly string[]): Array<{ to: string[]; changes: T[] }> {
  const byRecipient = new Map<string, { address: string; indexes: number[] }>();
  changes.forEach((change, i) => {
    for (const address of recipientsOf(change)) {
      const key = address.toLowerCase();
      const entry = byRecipient.get(key) ?? { address, indexes: [] };
      entry.indexes.push(i);
      byRecipient.set(key, entry);
    }
  });
  const groups = new Map<string, { to: string[]; changes: T[] }>();
  for (const { address, indexes } of byRecipient.values()) {
    const key = indexes.join(',');
    const group = groups.get(key) ?? { to: [], changes: indexes.map((i) => changes[i] as T) };
    group.to.push(address);
    groups.set(key, group);
  }
  return [...groups.values()];
}
