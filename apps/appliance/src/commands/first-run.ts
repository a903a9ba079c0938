/** @module `start` on a terminal with no targets: ask for them, offer to save them (and the alert recipient) to the config file. */
import { resolve } from 'node:path';
import { askToSaveFirstRun, invocationDir, loadConfigOrExit, promptTargets, saveFirstRun, type LoadedConfig } from '@uptime/config';
import type { MonitorFlags } from './monitor-options.js';

const cancelled = () => process.exit(130); // Ctrl-C at a prompt

/** The config to start with: the saved file when the answers were saved, else the targets as --target for this run only. */
export async function firstRun(flags: MonitorFlags, loaded: LoadedConfig): Promise<LoadedConfig> {
  const hosts = await promptTargets().catch(cancelled);
  const path = loaded.configPath ?? resolve(invocationDir(), 'uptime.config.yaml');
  const alertTo = await askToSaveFirstRun(path).catch(cancelled);
  if (alertTo !== undefined) {
    try {
      saveFirstRun(path, hosts, alertTo);
      process.stdout.write(`saved ${hosts.length} target(s) and alerts.to ${alertTo} to ${path}\n`);
      flags.config ??= path; // a reload reads the same file
      return loadConfigOrExit(flags, 'uptime-sensor');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      process.stderr.write(`uptime-sensor: cannot save to ${path} (${code}); checking these targets for this run only\n`);
    }
  }
  flags.target = hosts;
  return loadConfigOrExit(flags, 'uptime-sensor');
}
