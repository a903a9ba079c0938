/** @module SIGHUP to the supervisor: re-read the config; refuse a bad one (keys named), else restart only the parts whose config changed. */
import { ConfigError, formatListen, invocationDir, loadConfig, type LoadedConfig } from '@uptime/config';
import { cannotListen } from './listen-check.js';
import { partSpecs, type PartSpec } from './parts.js';
import { partsToRestart } from './reload-plan.js';
import type { Supervisor, SupervisorOptions } from './supervisor.js';
import type { MonitorFlags } from './commands/monitor-options.js';

export interface ReloadDeps {
  flags: MonitorFlags;
  /** The config the parts run with now. */
  loaded: LoadedConfig;
  supervisor: Supervisor;
  /** The parts' arguments for a config. */
  argsFor: (loaded: LoadedConfig) => Pick<SupervisorOptions, 'sharedArgs' | 'extraArgs' | 'nodeArgs'>;
  log: (line: string) => void;
  /** Reloads wait for this (every part started). */
  ready: Promise<void>;
}

/** Why the new listen address of a part to restart cannot be used, naming the key; undefined when all can. */
async function unusableListen(before: LoadedConfig, after: LoadedConfig, parts: PartSpec['name'][]): Promise<string | undefined> {
  for (const part of ['mta', 'viewer'] as const) {
    const [old, next] = [before.config[part].listen, after.config[part].listen];
    if (!parts.includes(part) || formatListen(old) === formatListen(next)) continue;
    const problem = await cannotListen(next);
    if (problem) return `${part}.listen: ${problem}`;
  }
  return undefined;
}

/** Reloads on every SIGHUP, one reload at a time, once every part has started. */
export function reloadOnHangup(deps: ReloadDeps): void {
  let current = deps.loaded;
  const { log } = deps;
  const reload = async () => {
    log('SIGHUP: reading the configuration again');
    let next: LoadedConfig;
    try {
      next = loadConfig({ flags: deps.flags, cwd: invocationDir() });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const line of err.report('reload refused')) log(line);
      log('every part keeps running with the configuration it has');
      return;
    }
    const parts = partsToRestart(current.config, next.config);
    if (parts.length === 0) {
      log('reload: nothing that a part reads has changed; every part keeps running');
      current = next;
      return;
    }
    const problem = await unusableListen(current, next, parts);
    if (problem) {
      log(`reload refused: ${problem}; every part keeps running with the configuration it has`);
      return;
    }
    log(`reload: restarting ${parts.join(', ')} (their configuration changed); the other parts keep running`);
    await deps.supervisor.restart(partSpecs(next.config).filter((spec) => parts.includes(spec.name)), deps.argsFor(next));
    current = next;
    log('reload: done');
  };
  let chain = deps.ready;
  process.on('SIGHUP', () => {
    chain = chain.then(reload).catch((err: Error) => log(`reload failed: ${err.message}`));
  });
}
