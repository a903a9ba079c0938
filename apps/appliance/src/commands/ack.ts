/** @module `uptime-sensor ack TARGET [--comment C]`: acknowledge a target that is down (its reminders stop until it is up), applied by the monitor. */
import type { Command } from 'commander';
import { commentFrom, ControlInputError } from '@uptime/control';
import { isoLocal } from '@uptime/events';
import { flagsOf, loadOrExit, withExamples, withShared } from './command-kit.js';
import { monitorRunning, osAuthor, submitRequest } from './control-kit.js';
import { readStatusRows } from './status.js';

/** Registers `ack`. */
export function registerAck(program: Command): void {
  const command = program
    .command('ack')
    .description('acknowledge a target that is down: its emails (reminders, escalations) stop until it is up')
    .argument('<target>', 'the target name')
    .option('--comment <text>', 'what is being done, for the others');
  withExamples(withShared(command), ['ack core-switch --comment "power supply replaced, rebooting"'])
    .action(async (target: string, _o, cmd: Command) => {
      const { config, layout } = loadOrExit(cmd);
      const fail = (message: string, code = 1) => {
        process.stderr.write(`uptime-sensor: ${message}\n`);
        process.exitCode = code;
      };
      if (!config.monitor.targets.some((t) => t.name === target)) return fail(`no target is named ${JSON.stringify(target)}; \`uptime-sensor status\` lists them`);
      let comment: string;
      try {
        comment = commentFrom(flagsOf<{ comment?: string }>(cmd).comment);
      } catch (err) {
        if (err instanceof ControlInputError) return fail(`--comment: ${err.message.slice('comment: '.length)}`, 2);
        throw err;
      }
      const rows = readStatusRows(layout.statusFile);
      const status = typeof rows === 'string' ? undefined : rows.find((r) => r.name === target)?.status;
      // what a stopped monitor last wrote may be old: it checks again when it applies the request
      if (monitorRunning(layout) && status !== undefined && status !== 'down') return fail(`${target} is ${status}, not down: only a target that is down can be acknowledged`);
      await submitRequest(layout, { kind: 'ack', target, author: osAuthor(), comment, time: isoLocal() }, `${target} acknowledged`);
    });
}
