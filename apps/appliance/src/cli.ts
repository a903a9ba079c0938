#!/usr/bin/env node
/** @module `pnpm start`: the whole appliance (MTA, viewer, monitor) in the foreground. */
import { Command } from 'commander';
import { checkTimingOptionSpecs, formatListen, loadConfigOrExit, promptTargets, sharedOptionSpecs, type ConfigFlags, userArgv } from '@uptime/config';
import { partSpecs } from './parts.js';
import { prefixFor } from './prefixed-output.js';
import { Supervisor } from './supervisor.js';

interface ApplianceFlags extends ConfigFlags {
  simFail?: boolean;
}

const program = new Command('uptime-sensor')
  .description('Runs the uptime sensor appliance: the MTA, the inbox viewer and the monitor, until Ctrl-C or SIGTERM.')
  .option('--target <host>', 'a host or IP address to check (repeatable; replaces the configured targets)', (v: string, all: string[] = []) => [...all, v])
  .option('-s, --sim-fail', 'simulate outages to rehearse alerts: about 1 check in 10 starts one that fails it and its re-checks (reported DOWN, then UP), marked as simulated');
for (const [flags, description] of [...checkTimingOptionSpecs, ...sharedOptionSpecs]) program.option(flags, description);

program.action(async (flags: ApplianceFlags) => {
  const { config, configPath } = loadConfigOrExit(flags, 'uptime-sensor');
  if (config.monitor.targets.length === 0 && process.stdin.isTTY) {
    flags.target = await promptTargets().catch(() => process.exit(130));
  }
  const color = process.stdout.isTTY === true;
  const log = (line: string) => process.stdout.write(`${prefixFor('sensor', color)}${line}\n`);
  log(`config: ${configPath ?? 'built-in defaults (no uptime.config.yaml)'}; data: ${config.dataDir}`);
  log(`inbox: http://${formatListen(config.viewer.listen)}/  mta: smtp://${formatListen(config.mta.listen)}`);

  const sharedArgs = ['--data-dir', config.dataDir, ...(configPath ? ['--config', configPath] : [])];
  const monitorArgs = [
    ...(flags.interval ? ['--interval', flags.interval] : []),
    ...(flags.timeout ? ['--timeout', flags.timeout] : []),
    ...(flags.target ?? []).flatMap((t) => ['--target', t]),
    ...(flags.simFail ? ['--sim-fail'] : []),
  ];
  const supervisor = new Supervisor({ sharedArgs, extraArgs: { monitor: monitorArgs }, color, log });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping all parts`);
      void supervisor.stop();
    });
  }
  const code = await supervisor.run(partSpecs(config));
  log(code === 0 ? 'stopped' : 'stopped after a failure');
  process.exit(code);
});

await program.parseAsync(userArgv());
