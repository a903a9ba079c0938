/** @module `uptime-sensor silence add | list | delete`: silences, applied by the monitor (the one owner of the state) from a request this leaves. */
import type { Command } from 'commander';
import { loadConfigOrExit, type LoadedConfig } from '@uptime/config';
import { ControlInputError, isSilenceId, pendingControlRequests, readSilenceState, silenceActive, silenceFromInput, type Silence } from '@uptime/control';
import { flagsOf, loadOrExit, withExamples, withShared } from './command-kit.js';
import { osAuthor, submitRequest } from './control-kit.js';

interface AddFlags {
  target?: string[];
  for?: string;
  until?: string;
  comment?: string;
}

const fail = (message: string, code = 1) => {
  process.stderr.write(`uptime-sensor: ${message}\n`);
  process.exitCode = code;
};

/** The active silences (the monitor's) and those waiting for it to apply them. */
async function silences(loaded: LoadedConfig): Promise<Array<Silence & { waiting: boolean }>> {
  const { layout } = loaded;
  const now = Date.now();
  const state = await readSilenceState(layout.silenceStateFile);
  const pending = await pendingControlRequests(layout.controlRequests);
  const deleted = new Set(pending.flatMap((p) => (p.request?.kind === 'silence-delete' ? [p.request.id] : [])));
  const waiting = pending.flatMap((p) => (p.request?.kind === 'silence-add' ? [p.request.silence] : []));
  return [
    ...state.silences.filter((s) => silenceActive(s, now)).map((s) => ({ ...s, waiting: false })),
    ...waiting.filter((s) => silenceActive(s, now) && !state.silences.some((x) => x.id === s.id)).map((s) => ({ ...s, waiting: true })),
  ].filter((s) => !deleted.has(s.id));
}

function table(rows: Array<Silence & { waiting: boolean }>): string {
  if (rows.length === 0) return 'no silences\n';
  const cells = [
    ['ID', 'TARGETS', 'UNTIL', 'AUTHOR', 'COMMENT'],
    ...rows.map((s) => [s.id, s.targets.length ? s.targets.join(',') : '(all)', s.until, s.author, `${s.waiting ? '(waiting for the monitor) ' : ''}${s.comment}`]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** Registers `silence add`, `silence list` and `silence delete`. */
export function registerSilence(program: Command): void {
  const silence = withExamples(withShared(program.command('silence').description('hold back the alert emails of some targets for a while (events are still recorded)')), [
    'silence add --target web --target tag:core --for 2h --comment "patching"',
    'silence list',
    'silence delete s-mabc123-1f2e3d4c',
  ]);
  const add = silence
    .command('add')
    .description('add a silence; without --target it covers every target')
    .option('--target <name...>', 'a target name or tag:NAME (repeat, or give several)')
    .option('--for <duration>', 'how long, like 30m, 2h, 1d')
    .option('--until <time>', 'until when, ISO 8601 (2026-12-24T08:00:00+01:00)')
    .option('--comment <text>', 'why, for the others');
  withExamples(withShared(add), ['silence add --target web --for 2h', 'silence add --target tag:rack-b --until 2026-12-24T08:00:00+01:00 --comment "moving the rack"', 'silence add --for 30m'])
    .action(async (_o, cmd: Command) => {
      const flags = flagsOf<AddFlags>(cmd);
      // this --target names targets to silence; the config's own --target (hosts to check) does not apply here
      const loaded = loadConfigOrExit({ ...flags, target: undefined }, 'uptime-sensor');
      let made: Silence;
      try {
        const known = loaded.config.monitor.targets.map((t) => ({ name: t.name, tags: t.tags ?? [] }));
        const input = { targets: flags.target, ...(flags.for !== undefined ? { duration: flags.for } : {}), ...(flags.until !== undefined ? { until: flags.until } : {}), comment: flags.comment };
        made = silenceFromInput(input, { author: osAuthor(), now: Date.now(), known });
      } catch (err) {
        if (!(err instanceof ControlInputError)) throw err;
        const option = { duration: '--for', until: '--until', comment: '--comment', body: 'arguments' }[err.field] ?? `--target (${err.field})`;
        const problem = err.message.slice(err.field.length + 2).replace(/give until \(an ISO 8601 time\) or duration \(like "2h"\)|give until or duration, not both/, (m) => (m.endsWith('both') ? 'give --for or --until, not both' : 'give --for (like 2h) or --until TIME'));
        return fail(`${/give --for/.test(problem) ? '--for' : option}: ${problem}`, 2);
      }
      await submitRequest(loaded.layout, { kind: 'silence-add', silence: made }, `silence ${made.id} for ${made.targets.length ? made.targets.join(', ') : 'every target'} until ${made.until}`);
      process.stdout.write(`${made.id}\n`);
    });
  withExamples(withShared(silence.command('list').description('the silences in force (and those waiting for the monitor)').option('--json', 'print JSON as GET /api/silences answers it')), ['silence list', 'silence list --json'])
    .action(async (_o, cmd: Command) => {
      const rows = await silences(loadOrExit(cmd));
      if (flagsOf<{ json?: boolean }>(cmd).json) process.stdout.write(`${JSON.stringify({ silences: rows }, null, 2)}\n`);
      else process.stdout.write(table(rows));
    });
  withExamples(withShared(silence.command('delete').description('end a silence now').argument('<id>', 'its id (see silence list)')), ['silence delete s-mabc123-1f2e3d4c'])
    .action(async (id: string, _o, cmd: Command) => {
      const loaded = loadOrExit(cmd);
      if (!isSilenceId(id) || !(await silences(loaded)).some((s) => s.id === id)) return fail(`no silence ${JSON.stringify(id)} in force; \`uptime-sensor silence list\` shows them`);
      await submitRequest(loaded.layout, { kind: 'silence-delete', id, author: osAuthor() }, `silence ${id} deleted`);
    });
}
