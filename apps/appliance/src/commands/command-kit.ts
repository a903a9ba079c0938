/** @module What every subcommand of `uptime-sensor` shares: the config options, examples in --help, running a part's CLI. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from 'commander';
import { loadConfigOrExit, sharedOptionSpecs, type ConfigFlags, type LoadedConfig } from '@uptime/config';
import { partClis, type PartCli } from '../part-clis.js';

/** Adds --config and --data-dir, so that they work before or after the subcommand. */
export function withShared(command: Command): Command {
  for (const [flags, description] of sharedOptionSpecs) command.option(flags, description);
  return command;
}

/** Adds an "Examples:" section to the command's --help, one line per example (without the leading `uptime-sensor`). */
export function withExamples(command: Command, examples: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ uptime-sensor ${e}`).join('\n')}\n`);
}

/** The options of the command merged with those given before the subcommand. */
export const flagsOf = <T extends object = object>(command: Command) => command.optsWithGlobals<ConfigFlags & T>();

/** Loads the config as `start` would, or prints the bad keys and exits with code 2. */
export const loadOrExit = (command: Command): LoadedConfig => loadConfigOrExit(flagsOf(command), 'uptime-sensor');

/** --config and --data-dir as arguments for a part's CLI (only those the user gave). */
export function sharedArgs(flags: ConfigFlags): string[] {
  return [...(flags.config ? ['--config', flags.config] : []), ...(flags.dataDir ? ['--data-dir', flags.dataDir] : [])];
}

/**
 * Runs a part's own CLI with these arguments, in this terminal, and exits with its exit code. Signals
 * the router gets (SIGTERM from systemd, SIGHUP) are passed on; Ctrl-C reaches both from the terminal.
 */
export function runPartCli(part: PartCli, args: string[], nodeArgs: string[] = []): Promise<never> {
  const child = spawn(process.execPath, [...nodeArgs, partClis[part], ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  return new Promise<never>(() => {
    child.on('error', (err) => {
      process.stderr.write(`uptime-sensor: cannot run ${partClis[part]}: ${err.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
}
