/** @module The status page's "Send test alert": runs the monitor's `test-alert` command (its path given by the supervisor) and keeps what it printed. */
import { execFile } from 'node:child_process';

/** What a test alert came to: the command's exit code (0 delivered, 1 failed, 75 deferred) and its report lines. */
export interface TestAlertResult {
  exitCode: number;
  lines: string[];
}

export type TestAlertRunner = () => Promise<TestAlertResult>;

/** A runner that starts `node <monitorCli> test-alert <args>` and waits for its report (at most a minute). */
export function spawnTestAlert(monitorCli: string, args: string[]): TestAlertRunner {
  return () =>
    new Promise((resolve) => {
      execFile(process.execPath, [monitorCli, 'test-alert', ...args], { timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        const lines = `${stdout}${stderr}`.split('\n').filter(Boolean);
        resolve({ exitCode: code, lines: lines.length ? lines : [`the test alert could not be run: ${err?.message ?? 'no output'}`] });
      });
    });
}
