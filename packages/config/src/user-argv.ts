/** @module The command line as the user meant it, whichever way the CLI was started. */

/**
 * process.argv without the `--` that pnpm 10 passes through (`pnpm start -- --target X` runs
 * `node cli.js -- --target X`), so that commander sees the flags as flags.
 */
export function userArgv(argv: readonly string[] = process.argv): string[] {
  return argv[2] === '--' ? [...argv.slice(0, 2), ...argv.slice(3)] : [...argv];
}
