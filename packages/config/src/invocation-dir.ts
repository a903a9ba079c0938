/** @module The directory the user ran a command in, which relative paths are taken from. */

/**
 * `pnpm --filter ./apps/mta start` runs the package's script in the package's folder and records
 * where the user was in INIT_CWD; for the scripts that start a CLI that is the directory that counts.
 * Otherwise (systemd, a shell, a test that set the cwd) it is the working directory.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  const startedByScript = env.npm_lifecycle_event === 'start' || env.npm_lifecycle_event === 'events';
  return startedByScript && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}
