/** @module First run on a terminal: offer to save the targets just asked for, and the alert recipient, to the config file. */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { confirm, input } from '@inquirer/prompts';
import { Document, isMap, parseDocument } from 'yaml';
import { loadConfigOrExit } from './cli-options.js';
import { invocationDir } from './invocation-dir.js';
import type { ConfigFlags, LoadedConfig } from './load-config.js';
import { promptTargets } from './prompt-targets.js';

/** The recipient offered when none is typed. */
export const DEFAULT_ALERT_RECIPIENT = 'admin@localhost';
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** Asks whether to save the targets to `path`; resolves with the alert recipient to save, or undefined when the answer is no. */
export async function askToSaveFirstRun(path: string): Promise<string | undefined> {
  const save = await confirm({ message: `Save these targets to ${path}, so that the next start does not ask again?`, default: true });
  if (!save) return undefined;
  const answer = await input({
    message: 'Email address that gets the alerts:',
    default: DEFAULT_ALERT_RECIPIENT,
    validate: (value) => EMAIL.test(value.trim()) || `"${value.trim()}" is not an email address (name@domain); try again.`,
  });
  return answer.trim();
}

/** Sets monitor.targets and alerts.to in the YAML file at `path` (made if missing), keeping its other keys and comments; replaced atomically. */
export function saveFirstRun(path: string, hosts: string[], alertTo: string): void {
  const exists = existsSync(path);
  const doc = exists ? parseDocument(readFileSync(path, 'utf8')) : new Document({});
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  for (const section of ['monitor', 'alerts']) {
    if (!isMap(doc.get(section))) doc.set(section, doc.createNode({}));
  }
  doc.setIn(['monitor', 'targets'], doc.createNode(hosts.map((host) => ({ name: host, host }))));
  doc.setIn(['alerts', 'to'], doc.createNode([alertTo]));
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, String(doc), { mode: exists ? statSync(path).mode & 0o777 : 0o644 });
  renameSync(temp, path);
}

const cancelled = () => process.exit(130); // Ctrl-C at a prompt

/**
 * A start on a terminal with no targets: asks for them, offers to save them with the alert recipient,
 * and answers the config to start with: the saved file, or (not saved) the targets as --target for this run.
 */
export async function firstRunOnTerminal(flags: ConfigFlags, loaded: LoadedConfig, part: string): Promise<LoadedConfig> {
  const hosts = await promptTargets().catch(cancelled);
  const path = loaded.configPath ?? resolve(invocationDir(), 'uptime.config.yaml');
  const alertTo = await askToSaveFirstRun(path).catch(cancelled);
  if (alertTo !== undefined) {
    try {
      saveFirstRun(path, hosts, alertTo);
      process.stdout.write(`saved ${hosts.length} target(s) and alerts.to ${alertTo} to ${path}\n`);
      flags.config ??= path; // a reload reads the same file
      return loadConfigOrExit(flags, part);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      process.stderr.write(`${part}: cannot save to ${path} (${code}); checking these targets for this run only\n`);
    }
  }
  flags.target = hosts;
  return loadConfigOrExit(flags, part);
}
