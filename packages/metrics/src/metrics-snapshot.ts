/** @module Each part writes its metrics to <dataDir>/run/metrics/<part>.prom; the viewer serves them all. */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { readParts, type DataLayout, type PartName } from '@uptime/config';

const dirOf = (layout: DataLayout) => join(layout.run, 'metrics');

/** Where `part` keeps its snapshot: <dataDir>/run/metrics/<part>.prom. */
export const snapshotPath = (layout: DataLayout, part: PartName): string => join(dirOf(layout), `${part}.prom`);

/** Writes `registry` as a snapshot every `everyMs` and on `flush()`; `stop()` removes the file. */
export class MetricsSnapshot {
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  /** A write asked for that has not begun; later asks join it. */
  private next?: Promise<void>;

  constructor(
    private readonly layout: DataLayout,
    private readonly part: PartName,
    private readonly registry: Registry,
    everyMs = 2000,
  ) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  /** Asks for a write within `withinMs`; many asks in that time make one write. */
  flushSoon(withinMs = 250): void {
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      void this.flush();
    }, withinMs);
  }

  /** Writes the current values (atomically: temp file, rename); asks made before it begins share it. */
  flush(): Promise<void> {
    if (this.next) return this.next;
    const next = this.writing.then(() => {
      this.next = undefined;
      return this.writeNow();
    });
    this.next = next;
    this.writing = next;
    return next;
  }

  private async writeNow(): Promise<void> {
    try {
      await mkdir(dirOf(this.layout), { recursive: true });
      const file = snapshotPath(this.layout, this.part);
      await writeFile(`${file}.tmp`, await this.registry.metrics());
      await rename(`${file}.tmp`, file);
    } catch {
      // metrics are best effort; the next interval tries again
    }
  }

  /** Stops the timer and removes the snapshot, so a stopped part shows no stale values. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.soon);
    await this.writing;
    await rm(snapshotPath(this.layout, this.part), { force: true });
  }
}

/** The snapshots of the parts that run now, concatenated in the Prometheus text format. */
export async function readMetricsSnapshots(layout: DataLayout): Promise<string> {
  const running = new Set(readParts(layout).filter((p) => p.up).map((p) => p.part));
  let names: string[];
  try {
    names = (await readdir(dirOf(layout))).filter((n) => n.endsWith('.prom')).sort();
  } catch {
    return '';
  }
  const texts = await Promise.all(
    names
      .filter((n) => running.has(n.slice(0, -'.prom'.length) as PartName))
      .map((n) => readFile(join(dirOf(layout), n), 'utf8').catch(() => '')),
  );
  return texts.filter(Boolean).map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('');
}
