/** @module `uptime-sensor monitor | mta | viewer`: one part alone, through that part's own CLI. */
import type { Command } from 'commander';
import { loadConfigOrExit, monitorNodeFlags } from '@uptime/config';
import { partClis } from '../part-clis.js';
import { flagsOf, runPartCli, sharedArgs, withExamples, withShared } from './command-kit.js';
import { monitorArgs, withMonitorOptions, type MonitorFlags } from './monitor-options.js';

/** Registers the three parts as subcommands. */
export function registerParts(program: Command): void {
  const monitor = program.command('monitor').description('run only the monitor (it hands alerts to an MTA on mta.listen)');
  withExamples(withShared(withMonitorOptions(monitor)), ['monitor --target 127.0.0.1', 'monitor --config uptime.config.yaml --interval 10'])
    .action((_o, cmd: Command) => {
      const flags = flagsOf<MonitorFlags>(cmd);
      // the heap the appliance gives the monitor for its targets; a bad config is reported here, naming its key
      const { config } = loadConfigOrExit(flags, 'uptime-sensor');
      return runPartCli('monitor', [...sharedArgs(flags), ...monitorArgs(flags)], monitorNodeFlags(config.monitor.targets.length));
    });

  const mta = program.command('mta').description('run only the MTA (SMTP on mta.listen, Maildir delivery and relay)');
  withExamples(withShared(mta), ['mta', 'mta --data-dir /var/lib/uptime-sensor'])
    .action((_o, cmd: Command) => runPartCli('mta', ['start', ...sharedArgs(flagsOf(cmd))]));

  const viewer = program.command('viewer').description('run only the inbox viewer (pages and JSON API on viewer.listen)');
  withExamples(withShared(viewer), ['viewer', 'viewer --config uptime.config.yaml'])
    .action((_o, cmd: Command) => runPartCli('viewer', [...sharedArgs(flagsOf(cmd)), '--monitor-cli', partClis.monitor]));
}
