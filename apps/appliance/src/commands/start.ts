/** @module `uptime-sensor start` (the default): the whole appliance (MTA, viewer, monitor) in the foreground. */
import type { Command } from 'commander';
import { firstRunOnTerminal, formatListen, loadConfigOrExit, monitorNodeFlags, type LoadedConfig } from '@uptime/config';
import { partClis } from '../part-clis.js';
import { partSpecs } from '../parts.js';
import { prefixFor } from '../prefixed-output.js';
import { reloadOnHangup } from '../reload.js';
import { Supervisor } from '../supervisor.js';
import { flagsOf, withExamples, withShared } from './command-kit.js';
import { monitorArgs, withMonitorOptions, type MonitorFlags } from './monitor-options.js';

async function start(flags: MonitorFlags): Promise<void> {
  let loaded = loadConfigOrExit(flags, 'uptime-sensor');
  if (loaded.config.monitor.targets.length === 0 && process.stdin.isTTY) loaded = await firstRunOnTerminal(flags, loaded, 'uptime-sensor');
  const { config, configPath } = loaded;
  const color = process.stdout.isTTY === true;
  const log = (line: string) => process.stdout.write(`${prefixFor('sensor', color)}${line}\n`);
  log(`config: ${configPath ?? 'built-in defaults (no uptime.config.yaml)'}; data: ${config.dataDir}`);
  log(`inbox: http://${formatListen(config.viewer.listen)}/  mta: smtp://${formatListen(config.mta.listen)}`);

  const argsFor = (at: LoadedConfig) => ({
    sharedArgs: ['--data-dir', at.config.dataDir, ...(at.configPath ? ['--config', at.configPath] : [])],
    extraArgs: { monitor: monitorArgs(flags), viewer: ['--monitor-cli', partClis.monitor] },
    nodeArgs: { monitor: monitorNodeFlags(at.config.monitor.targets.length) },
  });
  const supervisor = new Supervisor({ ...argsFor(loaded), color, log });
  reloadOnHangup({ flags, loaded, supervisor, argsFor, log, ready: supervisor.started });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping all parts`);
      void supervisor.stop();
    });
  }
  const code = await supervisor.run(partSpecs(config));
  log(code === 0 ? 'stopped' : 'stopped after a failure');
  process.exit(code);
}

/** Registers `start` as the default command: `uptime-sensor` alone, or with only options, starts the appliance. */
export function registerStart(program: Command): void {
  const command = program
    .command('start', { isDefault: true })
    .description('run the whole appliance in the foreground (MTA, inbox viewer, monitor) until Ctrl-C or SIGTERM (the default command)');
  withExamples(withShared(withMonitorOptions(command)), [
    '                                 # the config in ./uptime.config.yaml, or ask for targets',
    'start --config /etc/uptime-sensor/uptime.config.yaml',
    '--target 192.0.2.1 --target 192.0.2.9 --interval 5',
    'start --sim-fail                 # rehearse alerts with simulated outages',
  ]).action((_o, cmd: Command) => start(flagsOf<MonitorFlags>(cmd)));
}
