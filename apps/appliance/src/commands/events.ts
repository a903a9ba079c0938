/** @module `uptime-sensor events list | export`: the event log, through the events CLI. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { flagsOf, loadOrExit, runPartCli, withExamples, withShared } from './command-kit.js';

interface EventFlags {
  code?: string[];
  host?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  csv?: boolean;
}

const withFilters = (command: Command, limitHelp: string) =>
  command
    .option('--code <code>', 'only this event code (repeat or comma-separate for several)', (v: string, all: string[] = []) => [...all, v])
    .option('--host <ip>', 'only events involving this IP address')
    .option('--since <time>', 'only events at or after this ISO 8601 time, or within an age (30m, 12h, 7d)')
    .option('--limit <n>', limitHelp);

/** The events CLI's arguments: the data directory from the config, then the filters as given. */
function eventArgs(sub: string, command: Command): string[] {
  const { config } = loadOrExit(command);
  const f = flagsOf<EventFlags>(command);
  return [
    sub,
    '--data-dir',
    config.dataDir,
    ...(f.code ?? []).flatMap((c) => ['--code', c]),
    ...(f.host ? ['--host', f.host] : []),
    ...(f.since ? ['--since', f.since] : []),
    ...(f.limit ? ['--limit', f.limit] : []),
    ...(f.json ? ['--json'] : []),
    ...(f.csv ? ['--csv'] : []),
  ];
}

/** Registers `events list` and `events export`. */
export function registerEvents(program: Command): void {
  const events = withExamples(withShared(program.command('events').description('read the event log (<dataDir>/events)')), ['events list --since 1h', 'events export > events.csv']);
  const list = withFilters(events.command('list').description('print events, newest first, one line each'), 'at most this many events (default 100, max 10000)')
    .option('--json', 'print a JSON array instead of lines');
  withExamples(withShared(list), ['events list', 'events list --code HOST_DOWN,HOST_UP --since 24h', 'events list --host 192.0.2.1 --json'])
    .action((_o, cmd: Command) => runPartCli('events', eventArgs('list', cmd)));
  const exportCmd = withFilters(events.command('export').description('write events oldest first, as CSV (default) or JSON lines'), 'only the newest n events (default: all)')
    .addOption(new Option('--csv', 'CSV with a header (the default)').conflicts('json'))
    .option('--json', 'one JSON object per line');
  withExamples(withShared(exportCmd), ['events export > events.csv', 'events export --json --since 7d'])
    .action((_o, cmd: Command) => runPartCli('events', eventArgs('export', cmd)));
}
