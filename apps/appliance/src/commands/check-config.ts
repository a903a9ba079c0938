/** @module `uptime-sensor check-config`: validate the config as `start` does and print the effective config, secrets as `***`. */
import type { Command } from 'commander';
import { effectiveConfigYaml } from '@uptime/config';
import { loadOrExit, withExamples, withShared } from './command-kit.js';
import { withMonitorOptions } from './monitor-options.js';

/** Registers `check-config`: exit 0 and the YAML on stdout, or exit 2 with every bad key named on stderr. */
export function registerCheckConfig(program: Command): void {
  const command = program
    .command('check-config')
    .description('validate the configuration as the start does (every layer: file, .env, environment, flags) and print the effective config, secrets as ***; exit 0, or 2 naming each bad key');
  withExamples(withShared(withMonitorOptions(command)), [
    'check-config',
    'check-config --config /etc/uptime-sensor/uptime.config.yaml',
    'check-config --config new.yaml > /dev/null && systemctl reload uptime-sensor',
  ]).action((_o, cmd: Command) => {
    process.stdout.write(effectiveConfigYaml(loadOrExit(cmd)));
    process.stderr.write('uptime-sensor: configuration is valid\n');
  });
}
