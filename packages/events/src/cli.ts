#!/usr/bin/env node
/** @module The events CLI: `uptime-events list` and `uptime-events export --csv`. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { stringify } from 'csv-stringify';
import { CSV_COLUMNS, csvRow, formatLine } from './cli-format.js';
import { SAFE_CSV_CAST } from './csv-cell.js';
import { collectCodes, eventsDirOf, parseLimit, parseSince } from './cli-options.js';
import type { EventCode } from './event-codes.js';
import { toFilter } from './event-query.js';
import { readEvents } from './read-events.js';
import { scanEvents } from './scan-events.js';
import { warnOnce } from './warn-once.js';

interface FilterOptions {
  code?: EventCode[];
  host?: string;
  since?: Date;
  limit?: number;
  dataDir?: string;
}

const withFilters = (command: Command, limitHelp: string) =>
  command
    .option('--code <code>', 'only this event code (repeat or comma-separate for several)', collectCodes)
    .option('--host <ip>', 'only events involving this IP address')
    .option('--since <time>', 'only events at or after this ISO 8601 time, or within an age (30m, 12h, 7d)', (v: string) => parseSince(v))
    .option('--limit <n>', limitHelp, parseLimit)
    .option('--data-dir <dir>', 'data directory (default: $UPTIME_DATA_DIR, else ./data); events are in <dir>/events');

const program = new Command('uptime-events')
  .description('Read the event log of the uptime sensor (<dataDir>/events).')
  .showHelpAfterError();

withFilters(program.command('list').description('print events, newest first, one line each'), 'at most this many events (default 100, max 10000)')
  .option('--json', 'print a JSON array instead of lines')
  .action(async (opts: FilterOptions & { json?: boolean }) => {
    const events = await readEvents(eventsDirOf(opts.dataDir), opts);
    const text = opts.json ? `${JSON.stringify(events, null, 2)}\n` : events.map((e) => `${formatLine(e)}\n`).join('');
    if (events.length === 0 && !opts.json) process.stderr.write('no events\n');
    process.stdout.write(text);
  });

withFilters(program.command('export').description('write events oldest first, as CSV (default) or JSON lines'), 'only the newest n events (default: all)')
  .addOption(new Option('--csv', `CSV with a header: ${CSV_COLUMNS.join(',')}`).conflicts('json'))
  .option('--json', 'one JSON object per line')
  .action(async (opts: FilterOptions & { json?: boolean }) => {
    const filter = toFilter({ ...opts, limit: opts.limit ?? Number.MAX_SAFE_INTEGER }, Number.MAX_SAFE_INTEGER);
    const events = (await scanEvents(eventsDirOf(opts.dataDir), filter, warnOnce)).reverse();
    if (opts.json) {
      await pipeline(Readable.from(events.map((e) => `${JSON.stringify(e)}\n`)), process.stdout);
    } else {
      await pipeline(Readable.from(events.map(csvRow)), stringify({ header: true, columns: [...CSV_COLUMNS], cast: SAFE_CSV_CAST }), process.stdout);
    }
  });

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0); // reader went away (| head)
  throw err;
});

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`uptime-events: ${err.message}\n`);
  process.exitCode = 1;
});
